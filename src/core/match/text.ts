import { stemmer } from 'stemmer';
import { NAME_FILLER, NEGATIONS, STOPWORDS } from './stopwords.js';

/** Vendor model prefixes people write with a space before the number. */
const MODEL_WITH_SPACE =
  /\b(ht|spa|obi|gxw|ta|tg|tdm|aex|mp|pap|ata|sn|ucm|goip|dag|dwg|uc|tm|wp|vega|fritzbox)\s(\d{1,5}[a-z]{0,3})\b/g;

/**
 * Chat and regional spellings → the spelling the knowledge uses. Whole words only; typos the
 * matcher can correct by edit distance (most words of five letters or more) need no entry here.
 */
const SPELLINGS: Record<string, string> = {
  wat: 'what',
  wht: 'what',
  whta: 'what',
  waht: 'what',
  diffrence: 'difference',
  diference: 'difference',
  differnce: 'difference',
  differance: 'difference',
  recieve: 'receive',
  recieving: 'receiving',
  adaptor: 'adapter',
  adaptors: 'adapters',
  analogue: 'analog',
  analouge: 'analog',
  anolog: 'analog',
  fone: 'phone',
  fones: 'phones',
  telefone: 'telephone',
  telephon: 'telephone',
  dialtone: 'dial tone',
  callerid: 'caller id',
  cancelled: 'canceled',
  favour: 'favor',
  earthing: 'grounding',
  earth: 'ground',
  programme: 'program',
  centre: 'center',
  u: 'you',
  r: 'are',
  ur: 'your',
  pls: 'please',
  plz: 'please',
  thru: 'through',
  tho: 'though',
  b4: 'before',
  w: 'with',
};
const SPELLING_RE = new RegExp(`\\b(${Object.keys(SPELLINGS).join('|')})\\b`, 'g');

/**
 * Lowercases, strips accents and folds the spellings people use for the same thing
 * ("T.38" → "t38", "HT-813" → "ht813", "e-911" → "e911").
 */
export function normalise(text: string): string {
  // A sentence is read twice in a row (its words, then its synonym phrases): the last text's
  // result is kept for the second reading.
  if (text === lastText) return lastNormalised;
  const t = normaliseText(text);
  lastText = text;
  lastNormalised = t;
  return t;
}
let lastText = '';
let lastNormalised = '';

function normaliseText(text: string): string {
  // Each step runs only when its text can be there (most texts are plain ASCII with no model
  // number): the same result, a third of the time on every question and knowledge text.
  let t = NON_ASCII.test(text) ? text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : text;
  t = t.toLowerCase();
  if (/[’'`]/.test(t)) t = t.replace(/[’'`]/g, '');
  t = t.replace(SPELLING_RE, (w) => SPELLINGS[w] ?? w);
  if (t.includes('fritz')) t = t.replace(/\bfritz\s?!?\s?box\b/g, 'fritzbox');
  if (!DIGIT.test(t)) return t;
  return t
    .replace(/\b([a-z])\.(\d+)\b/g, '$1$2') // t.38, g.711
    .replace(/\b([a-z]{1,5})-(\d{2,5}[a-z]{0,3})\b/g, '$1$2') // ht-813, e-911, spa-112
    .replace(MODEL_WITH_SPACE, '$1$2') // spa 112, obi 110, ht 813
    .replace(/\b(\d+)\s?v\b/g, '$1v'); // 48 v → 48v
}
/** Any character outside ASCII: text without one needs no Unicode-aware step. */
export const NON_ASCII = /[\u0080-\uffff]/;
const DIGIT = /\d/;

/** Splits normalised text into raw tokens (letters and digits). */
export function tokenize(text: string): string[] {
  const t = normalise(text);
  // In ASCII text the letters and digits are [A-Za-z0-9]: the same tokens without Unicode tables.
  return (NON_ASCII.test(t) ? t.match(/[\p{L}\p{N}]+/gu) : t.match(/[A-Za-z0-9]+/g)) ?? [];
}

const stems = new Map<string, string>();

/**
 * Words Porter folds into a telephony word they do not mean: "business" and "busy" both stem to
 * "busi", so "ATA for a business with 8 lines" read as a busy signal; an e-mail's "attachment"
 * is not "attach" phones to a port ("how many phones can I attach" met the fax-to-email topic).
 */
const STEM_OVERRIDES: Readonly<Record<string, string>> = {
  business: 'business',
  businesses: 'business',
  attachment: 'attachment',
  attachments: 'attachment',
};

/** Porter stem for words; model numbers and short tokens are kept as they are. Memoised: vocabularies repeat. */
export function stem(token: string): string {
  if (/\d/.test(token) || token.length < 4) return token;
  let s = stems.get(token);
  if (s === undefined) {
    s = STEM_OVERRIDES[token] ?? stemmer(token);
    if (stems.size > 50_000) stems.clear();
    stems.set(token, s);
  }
  return s;
}

/** Text → the terms the index stores: tokenised, stopwords dropped, stemmed. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) if (!STOPWORDS.has(t)) out.push(stem(t));
  return out;
}

/**
 * Text → the words of a name, to spot it in a post: like `terms`, but only filler (`NAME_FILLER`)
 * is dropped, so "cannot call out" keeps what it says instead of becoming the bare word "call";
 * every negation is "not" (`NEGATIONS`).
 */
export function nameTerms(text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) {
    const w = nameWord(t);
    if (w !== undefined) out.push(w);
  }
  return out;
}

/**
 * One token as names read it (see `nameTerms`): undefined for filler, "not" for a negation, a
 * stopword as it is, any other word stemmed.
 */
export function nameWord(token: string): string | undefined {
  if (NAME_FILLER.has(token)) return undefined;
  return NEGATIONS.has(token) ? 'not' : STOPWORDS.has(token) ? token : stem(token);
}

/** `s` with every RegExp metacharacter escaped, to match it literally. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Lowercase words, digits and the marks model names use (". + - !"), everything else a space:
 * the advisor's reading of endpoint and device names.
 */
export function plainText(s: string): string {
  return s
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9.!+\-\s]/g, ' ')
    .replace(/\s+/g, ' ');
}
