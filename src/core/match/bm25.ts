/**
 * BM25 over an entry's fields (title, aliases, keywords, summary, body), each with its boost:
 * the scoring MiniSearch does (BM25+ with k 1.2, b 0.7, d 0.5; a field's length is its number of
 * distinct words; a document's score is multiplied by how many query words it matched), kept
 * exactly — the same numbers, so trained weights carry over — with only what the matcher uses:
 * exact words, OR. Without MiniSearch's radix tree, prefix and fuzzy machinery a search is a few
 * map lookups per word, and building the index is a single pass.
 */

import { FlatPostings, type PostingList } from './postings.js';
import { field, revive } from './revive.js';

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

/** What a search found (see `Bm25Index.search`). */
export interface Bm25Result {
  /** The best documents, best first. */
  best: Bm25Hit[];
  /** Every document's score, by document number (0: matched no word). */
  scores: Float64Array;
}

/** An inverted index over documents 0…n−1 with boosted fields. */
export class Bm25Index {
  /** A saved copy (see revive.ts) as an instance again. */
  static revive(state: unknown): Bm25Index {
    return revive(Bm25Index, state, { postings: FlatPostings.revive(field(state, 'postings')) });
  }

  /** word → one posting list per field (−1: not in that field). */
  private readonly slots = new Map<string, Int32Array>();
  /**
   * The posting lists; each posting's value is its term-frequency part of BM25+,
   * `D + (tf * (K + 1)) / (tf + norm)` with the field's length normalisation `norm`: it depends on
   * the index alone, so it is computed once here (the same expression, so the same value) and a
   * search only multiplies it by the word's IDF and boosts.
   */
  private readonly postings: FlatPostings;
  /** Each posting list's IDF, by slot (it depends only on the list's length). */
  private readonly idfs: Float64Array;
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
  /**
   * Every document's score, one array for all searches (a fresh one per search was a sixth of a
   * search's time: typed arrays this size live outside the JS heap), and the documents the last
   * search scored, zeroed by the next one.
   */
  private readonly scores: Float64Array;
  /**
   * Scratch lists, one slot per document: the documents in the order first matched (the last
   * search's, whose scores the next one zeroes) and the current word's. Arrays grown per search
   * and per word were most of what a search allocated.
   */
  private readonly found: Int32Array;
  private foundCount = 0;
  private readonly reached: Int32Array;

  /** `boosts`: one per field, in the order of each document's `FieldTexts`. */
  constructor(
    private readonly boosts: readonly number[],
    documents: readonly FieldTexts[],
  ) {
    this.averages = boosts.map(() => 0);
    this.documents = documents.length;
    /** Each field's number of distinct words: document `doc`'s field `f` at `doc * fields + f`. */
    const lengths = new Float64Array(documents.length * boosts.length);
    this.wordScore = new Float64Array(documents.length);
    this.total = new Float64Array(documents.length);
    this.matched = new Int32Array(documents.length);
    this.stamp = new Float64Array(documents.length);
    this.scores = new Float64Array(documents.length);
    this.found = new Int32Array(documents.length);
    this.reached = new Int32Array(documents.length);
    const lists: PostingList[] = [];
    documents.forEach((fields, doc) => {
      fields.forEach((text, f) => {
        const words = text.split(' ');
        const length = new Set(words).size;
        lengths[doc * boosts.length + f] = length;
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
    // BM25's length normalisation of each document's field, `K * (1 - B + (B * length) / average)`.
    const norms = new Float64Array(lengths.length);
    for (let doc = 0; doc < documents.length; doc++) {
      for (let f = 0; f < boosts.length; f++) {
        const length = lengths[doc * boosts.length + f] as number;
        const average = this.averages[f] ?? 1;
        norms[doc * boosts.length + f] = K * (1 - B + (B * length) / average);
      }
    }
    const n = documents.length;
    this.idfs = new Float64Array(lists.length);
    for (const slots of this.slots.values()) {
      slots.forEach((slot, f) => {
        if (slot < 0) return;
        const list = lists[slot] as PostingList;
        const df = list.ids.length;
        this.idfs[slot] = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        list.values = list.ids.map((doc, k) => {
          const tf = list.values[k] as number;
          return D + (tf * (K + 1)) / (tf + (norms[doc * boosts.length + f] as number));
        });
      });
    }
    this.postings = new FlatPostings(lists);
  }

  /** Number of documents. */
  get size(): number {
    return this.documents;
  }

  /**
   * Documents matching any of `words` (distinct), each word's contribution multiplied by
   * `boostOf(word)`: the best `limit` of them, best first (ties in the order first matched), and
   * every document's score (0 when it matched none; valid until the next search).
   */
  search(words: readonly string[], boostOf: (word: string) => number, limit = Infinity): Bm25Result {
    const fields = this.boosts.length;
    const { start, ids, values } = this.postings;
    const { idfs, wordScore, total, matched, stamp, scores, found, reached } = this;
    for (let k = 0; k < this.foundCount; k++) scores[found[k] as number] = 0;
    let foundCount = 0;
    for (const word of words) {
      const slots = this.slots.get(word);
      if (!slots) continue;
      const boost = boostOf(word);
      const mark = ++this.stamps;
      let reachedCount = 0;
      for (let f = 0; f < fields; f++) {
        const slot = slots[f] as number;
        if (slot < 0) continue;
        const from = start[slot] as number;
        const to = start[slot + 1] as number;
        const idf = idfs[slot] as number;
        const fieldBoost = this.boosts[f] ?? 1;
        // The factors in MiniSearch's order (term weight 1, document boost 1), all but the last
        // multiplied first, as `1 * boost * fieldBoost * 1 * raw` is evaluated.
        const factor = 1 * boost * fieldBoost * 1;
        for (let k = from; k < to; k++) {
          const doc = ids[k] as number;
          const raw = idf * (values[k] as number);
          const weighted = factor * raw;
          if (stamp[doc] === mark) wordScore[doc] = (wordScore[doc] as number) + weighted;
          else {
            stamp[doc] = mark;
            wordScore[doc] = 0 + weighted;
            reached[reachedCount++] = doc;
          }
        }
      }
      for (let k = 0; k < reachedCount; k++) {
        const doc = reached[k] as number;
        const score = wordScore[doc] as number;
        if (matched[doc] as number) {
          total[doc] = (total[doc] as number) + score;
          matched[doc] = (matched[doc] as number) + 1;
        } else {
          total[doc] = score;
          matched[doc] = 1;
          found[foundCount++] = doc;
        }
      }
    }
    this.foundCount = foundCount;
    for (let k = 0; k < foundCount; k++) {
      const id = found[k] as number;
      scores[id] = (total[id] as number) * (matched[id] as number);
      matched[id] = 0;
    }
    return { best: bestOf(found.subarray(0, foundCount), scores, limit), scores };
  }
}

/**
 * The `limit` best of `found` by score, best first, ties in `found`'s order: what a stable sort
 * of them all would put first, without sorting (nearly every document matches a question's
 * common words, and the matcher wants eight).
 */
function bestOf(found: Int32Array, scores: Float64Array, limit: number): Bm25Hit[] {
  if (limit >= found.length) {
    return Array.from(found, (id) => ({ id, score: scores[id] as number })).sort((a, b) => b.score - a.score);
  }
  const best: Bm25Hit[] = [];
  for (let k = 0; k < found.length; k++) {
    const id = found[k] as number;
    const score = scores[id] as number;
    if (best.length === limit && score <= (best[limit - 1] as Bm25Hit).score) continue;
    let at = best.length;
    while (at > 0 && (best[at - 1] as Bm25Hit).score < score) at--;
    best.splice(at, 0, { id, score });
    if (best.length > limit) best.pop();
  }
  return best;
}
