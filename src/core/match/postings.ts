/** Posting lists as the BM25 and nearest-example indexes keep them. */
import { revive } from './revive.js';

/** One list while it is built: item ids in the order added, each with a value. */
export interface PostingList {
  ids: number[];
  values: number[];
}

/**
 * Posting lists packed into three flat arrays — list `slot` is `ids[start[slot] … start[slot + 1])`
 * with its `values` beside it — instead of an array or a map per list: a fraction of the memory,
 * and a tight loop to read.
 */
export class FlatPostings {
  /** A saved copy (see revive.ts) as an instance again. */
  static revive(state: unknown): FlatPostings {
    return revive(FlatPostings, state);
  }

  readonly start: Int32Array;
  readonly ids: Int32Array;
  readonly values: Float64Array;

  constructor(lists: readonly PostingList[]) {
    this.start = new Int32Array(lists.length + 1);
    lists.forEach((l, slot) => (this.start[slot + 1] = (this.start[slot] ?? 0) + l.ids.length));
    const total = this.start[lists.length] ?? 0;
    this.ids = new Int32Array(total);
    this.values = new Float64Array(total);
    lists.forEach((l, slot) => {
      this.ids.set(l.ids, this.start[slot]);
      this.values.set(l.values, this.start[slot]);
    });
  }
}
