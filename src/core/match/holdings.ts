/**
 * What each entry holds of each term, inverted: term → the entries whose texts contain it, with
 * how many of their texts do and whether the term is one of their anchors (title, alias,
 * keyword). The matcher reads it for a question's few candidates at once (`Matcher.evidence`):
 * one map lookup per question term and a walk of its list, instead of a map lookup per term for
 * every candidate.
 */

import { FlatPostings, type PostingList } from './postings.js';
import { field, revive } from './revive.js';

/** One entry's terms: term → how many of its texts hold it; and its anchor terms. */
export interface EntryTerms {
  counts: ReadonlyMap<string, number>;
  anchors: ReadonlySet<string>;
}

/** A holding as `TermHoldings.of` packs it: count × 2, plus 1 for an anchor (0: not held). */
export const heldCount = (packed: number): number => packed >> 1;
/** Whether a packed holding (see `heldCount`) is one of the entry's anchors. */
export const heldAnchor = (packed: number): boolean => (packed & 1) === 1;

/** Term → entry postings over entries 0…n−1. */
export class TermHoldings {
  /** A saved copy (see revive.ts) as an instance again. */
  static revive(state: unknown): TermHoldings {
    return revive(TermHoldings, state, { postings: FlatPostings.revive(field(state, 'postings')) });
  }

  private readonly slots = new Map<string, number>();
  private readonly postings: FlatPostings;
  /** Scratch: each entry's row in the current `of` call (−1: not asked about). */
  private readonly row: Int32Array;
  /** The result of `of`, grown as needed and rewritten by the next call (see `of`). */
  private out = new Int32Array(256);

  constructor(entries: readonly EntryTerms[]) {
    const lists: PostingList[] = [];
    entries.forEach(({ counts, anchors }, entry) => {
      for (const [t, c] of counts) {
        let slot = this.slots.get(t);
        if (slot === undefined) this.slots.set(t, (slot = lists.push({ ids: [], values: [] }) - 1));
        const list = lists[slot] as PostingList;
        list.ids.push(entry);
        list.values.push(c * 2 + (anchors.has(t) ? 1 : 0));
      }
    });
    this.postings = new FlatPostings(lists);
    this.row = new Int32Array(entries.length).fill(-1);
  }

  /**
   * The packed holdings (see `heldCount`, `heldAnchor`) of `terms` by the entries `among`
   * (distinct): entry `among[k]`'s holding of `terms[j]` at `k * terms.length + j`. A view of
   * one array kept for all calls (a fresh one per question lived outside the JS heap), rewritten
   * by the next call: read it before calling again.
   */
  of(terms: readonly string[], among: readonly number[]): Int32Array {
    const width = terms.length;
    const size = among.length * width;
    if (this.out.length < size) this.out = new Int32Array(Math.max(size, this.out.length * 2));
    const out = this.out.subarray(0, size).fill(0);
    const { row } = this;
    among.forEach((entry, k) => (row[entry] = k));
    const { start, ids, values } = this.postings;
    for (let j = 0; j < width; j++) {
      const slot = this.slots.get(terms[j] as string);
      if (slot === undefined) continue;
      const end = start[slot + 1] as number;
      for (let p = start[slot] as number; p < end; p++) {
        const k = row[ids[p] as number] as number;
        if (k >= 0) out[k * width + j] = values[p] as number;
      }
    }
    for (const entry of among) row[entry] = -1;
    return out;
  }
}
