/**
 * Typo correction against the knowledge's own words, as written (not stemmed: "devives" is one
 * edit from "devices" but two from the stem "devic").
 */
import { STOPWORDS } from './stopwords.js';
import { stem, tokenize } from './text.js';
import { revive } from './revive.js';

/** Short acronyms worth correcting a one-letter typo into ("fxp" → "fxo", "fsx" → "fxs"). */
const SHORT_DOMAIN_TERMS = ['fxs', 'fxo', 'ata', 'pbx', 'pstn', 'pots', 'dect', 'isdn', 'voip', 'dahdi'];

/**
 * Corrects mistyped words to the knowledge's terms (stems), with a certainty weight. Candidates
 * come from a deletion index (each word filed under itself and every one-letter deletion of it,
 * as SymSpell does): a typo meets its word through a shared deletion, transpositions included
 * ("poewr" and "power" both give "powr"), and the edit distance then confirms it. Unlike a fuzzy
 * search ranked by score, nothing one edit away is missed because other words scored better.
 */
export class Speller {
  /** A saved copy (see revive.ts) as an instance again. */
  static revive(state: unknown): Speller {
    return revive(Speller, state);
  }

  /** Words of four letters or more as the knowledge writes them → their stems. */
  private readonly rawWords = new Map<string, string>();
  /** A word and each of its one-letter deletions → the knowledge's words filed there. */
  private readonly deletions = new Map<string, string[]>();
  /** Short domain terms ("fxo", "ata", "pbx") for correcting three- and four-letter typos. */
  private readonly shortTerms: string[];
  private readonly corrections = new Map<string, { term: string; weight: number } | null>();

  /**
   * @param texts every text of the knowledge (titles, aliases, summaries, bodies, examples)
   * @param known the knowledge's terms (stems) with how many entries use them: the short
   *   acronyms, and which word wins when two are equally close
   */
  constructor(
    texts: Iterable<string>,
    private readonly known: ReadonlyMap<string, number>,
  ) {
    for (const text of texts) {
      for (const w of tokenize(text)) {
        if (w.length < 4 || /\d/.test(w) || STOPWORDS.has(w) || this.rawWords.has(w)) continue;
        this.rawWords.set(w, stem(w));
        for (const key of deletionsOf(w)) {
          const list = this.deletions.get(key);
          if (list) list.push(w);
          else this.deletions.set(key, [w]);
        }
      }
    }
    this.shortTerms = SHORT_DOMAIN_TERMS.filter((t) => known.has(t));
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
        const stems = new Set(this.near(word, 1).map((w) => this.rawWords.get(w) ?? w));
        const [only] = stems;
        if (stems.size === 1 && only) found = { term: only, weight: 0.7 };
      }
    } else {
      // One edit, or two in a long word; the closest wins, then the word more entries use.
      const limit = word.length >= 8 ? 2 : 1;
      let best: { term: string; distance: number; uses: number } | undefined;
      for (const w of this.near(word, limit)) {
        const term = this.rawWords.get(w) ?? w;
        const distance = osaDistance(word, w, limit);
        const uses = this.known.get(term) ?? 0;
        if (!best || distance < best.distance || (distance === best.distance && uses > best.uses))
          best = { term, distance, uses };
      }
      if (best) found = { term: best.term, weight: best.distance === 1 ? 0.85 : 0.7 };
    }
    if (this.corrections.size > 5000) this.corrections.clear();
    this.corrections.set(word, found);
    return found;
  }

  /**
   * The knowledge's words within `limit` edits of `word` that share a deletion with it and its
   * first letter: people rarely mistype the first letter, and "iphone" is not a typo of "phone".
   */
  private near(word: string, limit: number): string[] {
    const seen = new Set<string>();
    for (const key of deletionsOf(word)) {
      for (const w of this.deletions.get(key) ?? []) {
        if (w === word || w[0] !== word[0] || Math.abs(w.length - word.length) > limit) continue;
        if (osaDistance(word, w, limit) <= limit) seen.add(w);
      }
    }
    return [...seen];
  }
}

/** A word and each of its one-letter deletions. */
function deletionsOf(word: string): Set<string> {
  const out = new Set([word]);
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  return out;
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
