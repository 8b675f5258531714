/**
 * Typo correction against the knowledge's own words, as written (not stemmed: "devives" is one
 * edit from "devices" but two from the stem "devic").
 */
import Fuse from 'fuse.js';
import { STOPWORDS } from './stopwords.js';
import { stem, tokenize } from './text.js';

/** Short acronyms worth correcting a one-letter typo into ("fxp" → "fxo", "fsx" → "fxs"). */
const SHORT_DOMAIN_TERMS = ['fxs', 'fxo', 'ata', 'pbx', 'pstn', 'pots', 'dect', 'isdn', 'voip', 'dahdi'];

/** Corrects mistyped words to the knowledge's terms (stems), with a certainty weight. */
export class Speller {
  /** Words of four letters or more as the knowledge writes them → their stems. */
  private readonly rawWords = new Map<string, string>();
  /** The same words by first letter, for fuzzy search. */
  private readonly vocabulary = new Map<string, Fuse<string>>();
  /** Short domain terms ("fxo", "ata", "pbx") for correcting three- and four-letter typos. */
  private readonly shortTerms: string[];
  private readonly corrections = new Map<string, { term: string; weight: number } | null>();

  /**
   * @param texts every text of the knowledge (titles, aliases, summaries, bodies, examples)
   * @param known the knowledge's terms (stems), for the short acronyms
   */
  constructor(texts: Iterable<string>, known: ReadonlySet<string> | ReadonlyMap<string, unknown>) {
    const byLetter = new Map<string, string[]>();
    for (const text of texts) {
      for (const w of tokenize(text)) {
        if (w.length < 4 || /\d/.test(w) || STOPWORDS.has(w) || this.rawWords.has(w)) continue;
        this.rawWords.set(w, stem(w));
        const list = byLetter.get(w[0] ?? '') ?? [];
        list.push(w);
        byLetter.set(w[0] ?? '', list);
      }
    }
    this.shortTerms = SHORT_DOMAIN_TERMS.filter((t) => known.has(t));
    for (const [letter, list] of byLetter) {
      this.vocabulary.set(
        letter,
        new Fuse(list, { includeScore: true, threshold: 0.34, ignoreLocation: true }),
      );
    }
  }

  /** The knowledge's term for a mistyped word, or null. */
  correct(word: string): { term: string; weight: number } | null {
    if (/\d/.test(word) || word.length < 3) return null;
    const cached = this.corrections.get(word);
    if (cached !== undefined) return cached;
    let found: { term: string; weight: number } | null = null;
    if (word.length <= 4) {
      // Short words: the knowledge's own acronyms ("fox" → "fxo", "fsx" → "fxs"), else for four
      // letters a word of the knowledge one edit away ("modm" → "modem"); only when exactly one is.
      const near = this.shortTerms.filter((t) => t[0] === word[0] && osaDistance(word, t, 1) <= 1);
      if (near.length === 1) found = { term: near[0] as string, weight: 0.8 };
      else if (near.length === 0 && word.length === 4) {
        const close: string[] = [];
        for (const r of this.vocabulary.get(word[0] ?? '')?.search(word, { limit: 8 }) ?? []) {
          if (r.item.length <= 5 && osaDistance(word, r.item, 1) <= 1) close.push(r.item);
        }
        const stems = new Set<string>();
        for (const w of close) stems.add(this.rawWords.get(w) ?? w);
        const [only] = stems;
        if (stems.size === 1 && only) found = { term: only, weight: 0.7 };
      }
    } else {
      const limit = word.length >= 8 ? 2 : 1;
      for (const r of this.vocabulary.get(word[0] ?? '')?.search(word, { limit: 5 }) ?? []) {
        if (Math.abs(r.item.length - word.length) > 2) continue;
        const term = this.rawWords.get(r.item);
        if (term && osaDistance(word, r.item, limit) <= limit) {
          found = { term, weight: 1 - (r.score ?? 0) };
          break;
        }
      }
    }
    if (this.corrections.size > 5000) this.corrections.clear();
    this.corrections.set(word, found);
    return found;
  }
}

/** Levenshtein distance with an early exit above `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  return distance(a, b, limit, false);
}

/** Edit distance counting a swap of two neighbouring letters as one edit ("fsx" → "fxs"). */
export function osaDistance(a: string, b: string, limit: number): number {
  return distance(a, b, limit, true);
}

function distance(a: string, b: string, limit: number, swaps: boolean): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (swaps && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      }
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length] ?? limit + 1;
}
