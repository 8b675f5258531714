/**
 * DOT lexer: tokens with source spans and 1-based lines; comments and `#` lines skipped.
 */

/** A lexical token with its source span and 1-based line. */
export interface Token {
  type: 'id' | 'str' | 'html' | 'punct' | 'edgeop' | 'plus';
  /** Identifier text, unescaped string contents, HTML label body, or the punctuation itself. */
  value: string;
  start: number;
  end: number;
  line: number;
}

/** A DOT syntax problem found by the light parser. */
export class DotParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'DotParseError';
  }
}

const PUNCT = new Set(['{', '}', '[', ']', ';', ',', '=', ':']);
const ID_START = /[A-Za-z_\u0080-\uffff]/;
const ID_CHAR = /[A-Za-z_0-9\u0080-\uffff]/;

/** Split DOT source into tokens, skipping comments and `#` preprocessor lines. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = true;
  const push = (type: Token['type'], value: string, start: number, startLine: number): void => {
    out.push({ type, value, start, end: i, line: startLine });
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') {
      line++;
      i++;
      lineStart = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\ufeff') {
      i++;
      continue;
    }
    const atLineStart = lineStart;
    lineStart = false;
    const start = i;
    const startLine = line;
    if (c === '#' && atLineStart) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const close = src.indexOf('*/', i + 2);
      if (close < 0) throw new DotParseError('unterminated /* comment', startLine);
      for (let k = i; k < close; k++) if (src[k] === '\n') line++;
      i = close + 2;
      continue;
    }
    if (c === '"') {
      let value = '';
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\' && i + 1 < src.length) {
          if (src[i + 1] === '\n') {
            line++;
            i += 2; // line continuation
            continue;
          }
          value += src[i + 1] === '"' ? '"' : src.slice(i, i + 2);
          i += 2;
          continue;
        }
        if (src[i] === '\n') line++;
        value += src[i];
        i++;
      }
      if (i >= src.length) throw new DotParseError('unterminated string', startLine);
      i++;
      push('str', value, start, startLine);
      continue;
    }
    if (c === '<') {
      let depth = 0;
      while (i < src.length) {
        if (src[i] === '<') depth++;
        else if (src[i] === '>') depth--;
        else if (src[i] === '\n') line++;
        i++;
        if (depth === 0) break;
      }
      if (depth !== 0) throw new DotParseError('unterminated HTML label <...>', startLine);
      push('html', src.slice(start + 1, i - 1), start, startLine);
      continue;
    }
    if (c === '-' && (src[i + 1] === '>' || src[i + 1] === '-')) {
      i += 2;
      push('edgeop', src.slice(start, i), start, startLine);
      continue;
    }
    if (c === '+') {
      i++;
      push('plus', '+', start, startLine);
      continue;
    }
    if (PUNCT.has(c)) {
      i++;
      push('punct', c, start, startLine);
      continue;
    }
    if (ID_START.test(c)) {
      while (i < src.length && ID_CHAR.test(src[i]!)) i++;
      push('id', src.slice(start, i), start, startLine);
      continue;
    }
    const num = /^-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)/.exec(src.slice(i, i + 64));
    if (num) {
      i += num[0].length;
      push('id', num[0], start, startLine);
      continue;
    }
    throw new DotParseError(`unexpected character '${c}'`, startLine);
  }
  return out;
}
