/**
 * BM25 over an entry's fields (title, aliases, keywords, summary, body), each with its boost:
 * the scoring MiniSearch does (BM25+ with k 1.2, b 0.7, d 0.5; a field's length is its number of
 * distinct words; a document's score is multiplied by how many query words it matched), kept
 * exactly — the same numbers, so trained weights carry over — with only what the matcher uses:
 * exact words, OR. Without MiniSearch's radix tree, prefix and fuzzy machinery a search is a few
 * map lookups per word, and building the index is a single pass.
 */

import { FlatPostings, type PostingList } from './postings.js';

/** BM25+ parameters (MiniSearch's defaults). */
const K = 1.2;
const B = 0.7;
const D = 0.5;

/** One document: each field's words, space-separated, in the index's field order. */
export type FieldTexts = readonly string[];

/** A search hit: document number and score. */
export interface Bm25Hit {
  id: number;
  score: number;
}

/** An inverted index over documents 0…n−1 with boosted fields. */
export class Bm25Index {
  /** word → one posting list per field (−1: not in that field): documents and occurrences. */
  private readonly slots = new Map<string, Int32Array>();
  private readonly postings: FlatPostings;
  /** Each field's number of distinct words: document `doc`'s field `f` at `doc * fields + f`. */
  private readonly lengths: Float64Array;
  /**
   * BM25's length normalisation of document `doc`'s field `f`, `K * (1 - B + (B * length) /
   * average)`, at `doc * fields + f`: computed once (the same expression, so the same value).
   */
  private readonly norms: Float64Array;
  private readonly averages: number[];
  private readonly documents: number;
  /**
   * A search's scratch, one slot per document, reused (searches are synchronous): the current
   * word's score, the running total and the number of words matched; `stamp` marks the documents
   * the current word reached (its search and word number), so nothing needs clearing.
   */
  private readonly wordScore: Float64Array;
  private readonly total: Float64Array;
  private readonly matched: Int32Array;
  private readonly stamp: Float64Array;
  private stamps = 0;

  /** `boosts`: one per field, in the order of each document's `FieldTexts`. */
  constructor(
    private readonly boosts: readonly number[],
    documents: readonly FieldTexts[],
  ) {
    this.averages = boosts.map(() => 0);
    this.documents = documents.length;
    this.lengths = new Float64Array(documents.length * boosts.length);
    this.wordScore = new Float64Array(documents.length);
    this.total = new Float64Array(documents.length);
    this.matched = new Int32Array(documents.length);
    this.stamp = new Float64Array(documents.length);
    const lists: PostingList[] = [];
    documents.forEach((fields, doc) => {
      fields.forEach((text, f) => {
        const words = text.split(' ');
        const length = new Set(words).size;
        this.lengths[doc * boosts.length + f] = length;
        // The running average, computed as MiniSearch does (the same floating-point result).
        this.averages[f] = ((this.averages[f] ?? 0) * doc + length) / (doc + 1);
        for (const w of words) {
          if (!w) continue;
          let slots = this.slots.get(w);
          if (!slots) this.slots.set(w, (slots = new Int32Array(boosts.length).fill(-1)));
          if (slots[f] === -1) slots[f] = lists.push({ ids: [], values: [] }) - 1;
          const list = lists[slots[f] as number] as PostingList;
          const last = list.ids.length - 1;
          if (list.ids[last] === doc) list.values[last] = (list.values[last] ?? 0) + 1;
          else {
            list.ids.push(doc);
            list.values.push(1);
          }
        }
      });
    });
    this.postings = new FlatPostings(lists);
    this.norms = new Float64Array(this.lengths.length);
    for (let doc = 0; doc < documents.length; doc++) {
      for (let f = 0; f < boosts.length; f++) {
        const length = this.lengths[doc * boosts.length + f] as number;
        const average = this.averages[f] ?? 1;
        this.norms[doc * boosts.length + f] = K * (1 - B + (B * length) / average);
      }
    }
  }

  /** Number of documents. */
  get size(): number {
    return this.documents;
  }

  /**
   * Documents matching any of `words` (distinct), best first (ties in the order first matched),
   * each word's contribution multiplied by `boostOf(word)`.
   */
  search(words: readonly string[], boostOf: (word: string) => number): Bm25Hit[] {
    const n = this.documents;
    const fields = this.boosts.length;
    const { start, ids, values } = this.postings;
    const { norms, wordScore, total, matched, stamp } = this;
    /** Documents in the order first matched (the order ties keep). */
    const found: number[] = [];
    /** The current word's documents, in the order it reached them. */
    const reached: number[] = [];
    for (const word of words) {
      const slots = this.slots.get(word);
      if (!slots) continue;
      const boost = boostOf(word);
      const mark = ++this.stamps;
      reached.length = 0;
      for (let f = 0; f < fields; f++) {
        const slot = slots[f] as number;
        if (slot < 0) continue;
        const from = start[slot] as number;
        const to = start[slot + 1] as number;
        const df = to - from;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const fieldBoost = this.boosts[f] ?? 1;
        // The factors in MiniSearch's order (term weight 1, document boost 1), all but the last
        // multiplied first, as `1 * boost * fieldBoost * 1 * raw` is evaluated.
        const factor = 1 * boost * fieldBoost * 1;
        for (let k = from; k < to; k++) {
          const doc = ids[k] as number;
          const tf = values[k] as number;
          const raw = idf * (D + (tf * (K + 1)) / (tf + (norms[doc * fields + f] as number)));
          const weighted = factor * raw;
          if (stamp[doc] === mark) wordScore[doc] = (wordScore[doc] as number) + weighted;
          else {
            stamp[doc] = mark;
            wordScore[doc] = 0 + weighted;
            reached.push(doc);
          }
        }
      }
      for (const doc of reached) {
        const score = wordScore[doc] as number;
        if (matched[doc] as number) {
          total[doc] = (total[doc] as number) + score;
          matched[doc] = (matched[doc] as number) + 1;
        } else {
          total[doc] = score;
          matched[doc] = 1;
          found.push(doc);
        }
      }
    }
    const hits: Bm25Hit[] = [];
    for (const id of found) {
      hits.push({ id, score: (total[id] as number) * (matched[id] as number) });
      matched[id] = 0;
    }
    return hits.sort((a, b) => b.score - a.score);
  }
}
