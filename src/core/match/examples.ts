/**
 * Nearest example questions: every entry's example questions as TF-IDF vectors over terms and
 * term pairs ("no audio", "dial tone"), searched through an inverted index. A question that reads
 * like an entry's examples is probably about that entry, even when it shares no rare word with
 * its title.
 */

import { FlatPostings, type PostingList } from './postings.js';
import { field, revive } from './revive.js';

/** A query or example as weighted features (terms and adjacent term pairs). */
export type FeatureVector = Map<string, number>;

/** Terms and adjacent pairs of a processed term list, each counted. */
export function termFeatures(
  terms: readonly string[],
  weight = 1,
  into: FeatureVector = new Map(),
): FeatureVector {
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i] as string;
    into.set(t, (into.get(t) ?? 0) + weight);
    const next = terms[i + 1];
    if (next !== undefined) {
      const pair = `${t}_${next}`;
      into.set(pair, (into.get(pair) ?? 0) + weight);
    }
  }
  return into;
}

/**
 * Per entry: the best and second-best cosine similarity of its examples to a query. The index's
 * own arrays, rewritten by the next `scores` call: read them before scoring again.
 */
export interface ExampleScores {
  best: Float64Array;
  second: Float64Array;
}

export class ExampleIndex {
  /** A saved copy (see revive.ts) as an instance again. */
  static revive(state: unknown): ExampleIndex {
    return revive(ExampleIndex, state, { postings: FlatPostings.revive(field(state, 'postings')) });
  }

  /** Entry index of each example. */
  readonly owner: Int32Array;
  /** Feature → its posting list: the examples that have it, with their weight. */
  private readonly slots = new Map<string, number>();
  private readonly postings: FlatPostings;
  private readonly idf = new Map<string, number>();
  private readonly maxIdf: number;
  private readonly dot: Float64Array;
  /** Scratch: the examples the current query reached (the first `touched` of them). */
  private readonly reached: Int32Array;
  /**
   * The per-entry results, one pair of arrays for all queries (typed arrays of this size live
   * outside the JS heap: two fresh ones a query were a tenth of its time), and the entries the
   * last query set, zeroed by the next one.
   */
  private readonly best: Float64Array;
  private readonly second: Float64Array;
  private readonly setEntries: Int32Array;
  private setCount = 0;

  /**
   * @param examples processed terms of each example question, with the entry it belongs to
   * @param entryCount number of entries (the length of the score arrays)
   */
  constructor(
    examples: readonly { entry: number; terms: readonly string[] }[],
    private readonly entryCount: number,
  ) {
    this.owner = Int32Array.from(examples, (e) => e.entry);
    this.dot = new Float64Array(examples.length);
    this.reached = new Int32Array(examples.length);
    this.best = new Float64Array(entryCount);
    this.second = new Float64Array(entryCount);
    this.setEntries = new Int32Array(entryCount);
    const vectors = examples.map((e) => termFeatures(e.terms));
    const df = new Map<string, number>();
    for (const v of vectors) for (const f of v.keys()) df.set(f, (df.get(f) ?? 0) + 1);
    const n = Math.max(examples.length, 1);
    for (const [f, d] of df) this.idf.set(f, Math.log((n + 1) / (d + 0.5)));
    this.maxIdf = Math.log(n + 1);
    const lists: PostingList[] = [];
    vectors.forEach((v, ex) => {
      for (const [f, w] of this.weigh(v)) {
        let slot = this.slots.get(f);
        if (slot === undefined) this.slots.set(f, (slot = lists.push({ ids: [], values: [] }) - 1));
        const list = lists[slot] as PostingList;
        list.ids.push(ex);
        list.values.push(w);
      }
    });
    this.postings = new FlatPostings(lists);
  }

  get size(): number {
    return this.owner.length;
  }

  /** TF-IDF weights, L2-normalised; unknown features weigh as the rarest. */
  weigh(v: FeatureVector): FeatureVector {
    const out: FeatureVector = new Map();
    let norm = 0;
    for (const [f, tf] of v) {
      // Sublinear term frequency; a fractional weight (a backstory sentence) scales down.
      const w = (tf >= 1 ? 1 + Math.log(tf) : tf) * (this.idf.get(f) ?? this.maxIdf);
      if (w <= 0) continue;
      out.set(f, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [f, w] of out) out.set(f, w / norm);
    return out;
  }

  /**
   * Cosine similarity of the query to each entry's examples: the best and second best per entry.
   * `exclude` leaves one example out (cross-validation).
   */
  scores(query: FeatureVector, exclude = -1): ExampleScores {
    // `weigh(query)` without building its map: the same weights, in the same order.
    const slots: number[] = [];
    const weights: number[] = [];
    let norm = 0;
    for (const [f, tf] of query) {
      const w = (tf >= 1 ? 1 + Math.log(tf) : tf) * (this.idf.get(f) ?? this.maxIdf);
      if (w <= 0) continue;
      norm += w * w;
      const slot = this.slots.get(f);
      if (slot === undefined) continue;
      slots.push(slot);
      weights.push(w);
    }
    norm = Math.sqrt(norm) || 1;
    const { dot, reached, best, second, setEntries } = this;
    let touched = 0;
    const { start, ids, values } = this.postings;
    for (let j = 0; j < slots.length; j++) {
      const slot = slots[j] as number;
      const wq = (weights[j] as number) / norm;
      const end = start[slot + 1] as number;
      for (let k = start[slot] as number; k < end; k++) {
        const ex = ids[k] as number;
        if (dot[ex] === 0) reached[touched++] = ex;
        dot[ex] = (dot[ex] as number) + wq * (values[k] as number);
      }
    }
    for (let k = 0; k < this.setCount; k++) {
      const e = setEntries[k] as number;
      best[e] = 0;
      second[e] = 0;
    }
    this.setCount = 0;
    for (let k = 0; k < touched; k++) {
      const ex = reached[k] as number;
      const s = dot[ex] as number;
      dot[ex] = 0;
      if (ex === exclude) continue;
      const e = this.owner[ex] as number;
      if (s > (best[e] as number)) {
        if (best[e] === 0) setEntries[this.setCount++] = e;
        second[e] = best[e] as number;
        best[e] = s;
      } else if (s > (second[e] as number)) second[e] = s;
    }
    return { best, second };
  }
}
