import { stemmer } from 'stemmer';
import { STOPWORDS } from './stopwords.js';

/** Vendor model prefixes people write with a space before the number. */
const MODEL_WITH_SPACE = /\b(ht|spa|obi|gxw|ta|tdm|aex|mp|pap|ata|sn|ucm)\s(\d{2,5}[a-z]{0,3})\b/g;

/**
 * Lowercases, strips accents and folds the spellings people use for the same thing
 * ("T.38" → "t38", "HT-813" → "ht813", "e-911" → "e911").
 */
export function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’'`]/g, '')
    .replace(/\b([a-z])\.(\d+)\b/g, '$1$2') // t.38, g.711
    .replace(/\b([a-z]{1,5})-(\d{2,5}[a-z]{0,3})\b/g, '$1$2') // ht-813, e-911, spa-112
    .replace(MODEL_WITH_SPACE, '$1$2') // spa 112, obi 110, ht 813
    .replace(/\b(\d+)\s?v\b/g, '$1v'); // 48 v → 48v
}

/** Splits normalised text into raw tokens (letters and digits). */
export function tokenize(text: string): string[] {
  return normalise(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

const stems = new Map<string, string>();

/** Porter stem for words; model numbers and short tokens are kept as they are. Memoised: vocabularies repeat. */
export function stem(token: string): string {
  if (/\d/.test(token) || token.length < 4) return token;
  let s = stems.get(token);
  if (s === undefined) {
    s = stemmer(token);
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
