/**
 * A small, forgiving DOT statement parser: just enough structure to find
 * attribute lists (and whether they belong to a node, an edge or the graph) so the styler
 * can rewrite `role=` attributes in place. Positions are kept so edits never move lines.
 * Real validation is left to Graphviz.
 */

import { DotParseError, tokenize, type Token } from './dot-lex.js';

export { DotParseError, tokenize, type Token } from './dot-lex.js';

/** One `key=value` entry of an attribute list. */
export interface AttrEntry {
  key: string;
  value: string;
  /** The value was an HTML-like label `<...>`. */
  html: boolean;
  /** Span of the value token(s) (for in-place rewriting). */
  valueStart: number;
  valueEnd: number;
  /** Span of the whole entry including a trailing `,` or `;`. */
  start: number;
  end: number;
  line: number;
}

/** A statement that carries attributes. */
export interface AttrStatement {
  kind: 'node' | 'edge' | 'graph' | 'node-default' | 'edge-default';
  /** 0 for the root graph body, deeper inside subgraphs. */
  depth: number;
  line: number;
  /** Position just after the first `[` (where role styling is inserted), or -1 when there is none. */
  insertAt: number;
  entries: AttrEntry[];
}

/** The parsed shape of one DOT graph. */
export interface ParsedDot {
  directed: boolean;
  /** Position just after the root `{`. */
  bodyStart: number;
  /** Position of the root closing `}`. */
  bodyEnd: number;
  statements: AttrStatement[];
  /** Every node id mentioned. */
  nodeIds: Set<string>;
}

const isKeyword = (t: Token | undefined, kw: string): boolean =>
  t?.type === 'id' && t.value.toLowerCase() === kw;
const isPunct = (t: Token | undefined, p: string): boolean => t?.type === 'punct' && t.value === p;
const isId = (t: Token | undefined): boolean => t?.type === 'id' || t?.type === 'str' || t?.type === 'html';

/** Parse the first graph in `src`. Throws {@link DotParseError} on structure it cannot follow. */
export function parseDot(src: string): ParsedDot {
  const toks = tokenize(src);
  let p = 0;
  const peek = (o = 0): Token | undefined => toks[p + o];
  const lastLine = (): number => toks[toks.length - 1]?.line ?? 1;
  const fail = (msg: string): never => {
    const t = peek();
    throw new DotParseError(
      t ? `${msg} near '${src.slice(t.start, t.end)}'` : `${msg} at end of input`,
      t?.line ?? lastLine(),
    );
  };
  const expectPunct = (v: string): Token => {
    const t = peek();
    if (!isPunct(t, v)) fail(`expected '${v}'`);
    p++;
    return t!;
  };
  /** An ID, possibly a `"a" + "b"` concatenation; returns value and span. */
  const readId = (): { value: string; html: boolean; start: number; end: number } => {
    const t = peek();
    if (!t || !isId(t)) return fail('expected an identifier');
    p++;
    let value = t.value;
    let end = t.end;
    while (t.type === 'str' && peek()?.type === 'plus' && peek(1)?.type === 'str') {
      value += peek(1)!.value;
      end = peek(1)!.end;
      p += 2;
    }
    return { value, html: t.type === 'html', start: t.start, end };
  };

  const statements: AttrStatement[] = [];
  const nodeIds = new Set<string>();

  const readAttrLists = (stmt: AttrStatement): void => {
    while (isPunct(peek(), '[')) {
      const open = expectPunct('[');
      if (stmt.insertAt < 0) stmt.insertAt = open.end;
      while (!isPunct(peek(), ']')) {
        const keyTok = peek();
        if (!keyTok) fail("expected ']'");
        const key = readId();
        let value = { value: 'true', html: false, start: key.end, end: key.end };
        if (isPunct(peek(), '=')) {
          p++;
          value = readId();
        }
        let end = value.end;
        if (isPunct(peek(), ',') || isPunct(peek(), ';')) end = toks[p++]!.end;
        stmt.entries.push(attrEntry(key, value, end, keyTok!.line));
      }
      p++;
    }
  };

  const readNodeId = (): void => {
    nodeIds.add(readId().value);
    if (isPunct(peek(), ':')) {
      p++;
      readId();
      if (isPunct(peek(), ':')) {
        p++;
        readId();
      }
    }
  };

  /** Subgraph or node id; returns whether it was a subgraph. */
  const readEndpoint = (depth: number): void => {
    const t = peek();
    if (isKeyword(t, 'subgraph') || isPunct(t, '{')) {
      if (isKeyword(t, 'subgraph')) {
        p++;
        if (isId(peek())) readId();
      }
      if (isPunct(peek(), '{')) {
        p++;
        readStmtList(depth + 1);
        expectPunct('}');
      }
      return;
    }
    readNodeId();
  };

  const readStmtList = (depth: number): void => {
    for (;;) {
      const t = peek();
      if (!t) fail("expected '}'");
      if (isPunct(t, '}')) return;
      if (isPunct(t, ';')) {
        p++;
        continue;
      }
      const line = t!.line;
      const kw = t!.type === 'id' ? t!.value.toLowerCase() : '';
      if ((kw === 'graph' || kw === 'node' || kw === 'edge') && isPunct(peek(1), '[')) {
        p++;
        const kind = kw === 'graph' ? 'graph' : kw === 'node' ? 'node-default' : 'edge-default';
        const stmt: AttrStatement = { kind, depth, line, insertAt: -1, entries: [] };
        readAttrLists(stmt);
        statements.push(stmt);
        continue;
      }
      if (isId(t) && isPunct(peek(1), '=')) {
        const key = readId();
        p++;
        const value = readId();
        statements.push({
          kind: 'graph',
          depth,
          line,
          insertAt: -1,
          entries: [attrEntry(key, value, value.end, line)],
        });
        continue;
      }
      readEndpoint(depth);
      let edge = false;
      while (peek()?.type === 'edgeop') {
        p++;
        edge = true;
        readEndpoint(depth);
      }
      const stmt: AttrStatement = { kind: edge ? 'edge' : 'node', depth, line, insertAt: -1, entries: [] };
      readAttrLists(stmt);
      statements.push(stmt);
    }
  };

  if (isKeyword(peek(), 'strict')) p++;
  const gt = peek();
  if (!isKeyword(gt, 'graph') && !isKeyword(gt, 'digraph')) fail("expected 'graph' or 'digraph'");
  p++;
  const directed = gt!.value.toLowerCase() === 'digraph';
  if (isId(peek())) readId();
  const open = expectPunct('{');
  readStmtList(0);
  const close = expectPunct('}');
  return { directed, bodyStart: open.end, bodyEnd: close.start, statements, nodeIds };
}

/** One `key=value` attribute with the source positions the styler rewrites. */
function attrEntry(
  key: { value: string; start: number },
  value: { value: string; html: boolean; start: number; end: number },
  end: number,
  line: number,
) {
  return {
    key: key.value,
    value: value.value,
    html: value.html,
    valueStart: value.start,
    valueEnd: value.end,
    start: key.start,
    end,
    line,
  };
}
