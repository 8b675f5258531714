/**
 * BM25 over an entry's fields (title, aliases, keywords, summary, body), each with its boost:
 * the scoring MiniSearch does (BM25+ with k 1.2, b 0.7, d 0.5; a field's length is its number of
 * distinct words; a document's score is multiplied by how many query words it matched), kept
 * exactly — the same numbers, so trained weights carry over — with only what the matcher uses:
 * exact words, OR. Without MiniSearch's radix tree, prefix and fuzzy machinery a search is a few
 * map lookups per word, and building the index is a single pass.
 */

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
  /**
   * word → one slot per field (−1: not in that field); a slot's documents, in the order they were
   * added, are `docs[start[slot]…start[slot + 1])` with their occurrences in `tfs` (flat arrays:
   * a fraction of the memory of a map per word and field).
   */
  private readonly slots = new Map<string, Int32Array>();
  private readonly start: Int32Array;
  private readonly docs: Int32Array;
  private readonly tfs: Int32Array;
  /** Per document: each field's number of distinct words. */
  private readonly lengths: number[][] = [];
  private readonly averages: number[];

  /** `boosts`: one per field, in the order of each document's `FieldTexts`. */
  constructor(
    private readonly boosts: readonly number[],
    documents: readonly FieldTexts[],
  ) {
    this.averages = boosts.map(() => 0);
    const postings: { doc: number; tf: number }[][] = [];
    documents.forEach((fields, doc) => {
      const lengths: number[] = [];
      fields.forEach((text, f) => {
        const words = text.split(' ');
        lengths[f] = new Set(words).size;
        // The running average, computed as MiniSearch does (the same floating-point result).
        this.averages[f] = ((this.averages[f] ?? 0) * doc + (lengths[f] ?? 0)) / (doc + 1);
        for (const w of words) {
          if (!w) continue;
          let slots = this.slots.get(w);
          if (!slots) this.slots.set(w, (slots = new Int32Array(boosts.length).fill(-1)));
          if (slots[f] === -1) slots[f] = postings.push([]) - 1;
          const list = postings[slots[f] as number] as { doc: number; tf: number }[];
          const last = list[list.length - 1];
          if (last?.doc === doc) last.tf++;
          else list.push({ doc, tf: 1 });
        }
      });
      this.lengths.push(lengths);
    });
    this.start = new Int32Array(postings.length + 1);
    postings.forEach((list, slot) => (this.start[slot + 1] = (this.start[slot] ?? 0) + list.length));
    const total = this.start[postings.length] ?? 0;
    this.docs = new Int32Array(total);
    this.tfs = new Int32Array(total);
    postings.forEach((list, slot) =>
      list.forEach(({ doc, tf }, k) => {
        const at = (this.start[slot] as number) + k;
        this.docs[at] = doc;
        this.tfs[at] = tf;
      }),
    );
  }

  /** Number of documents. */
  get size(): number {
    return this.lengths.length;
  }

  /**
   * Documents matching any of `words` (distinct), best first (ties in the order first matched),
   * each word's contribution multiplied by `boostOf(word)`.
   */
  search(words: readonly string[], boostOf: (word: string) => number): Bm25Hit[] {
    const n = this.lengths.length;
    const found = new Map<number, { score: number; matched: number }>();
    for (const word of words) {
      const slots = this.slots.get(word);
      if (!slots) continue;
      const boost = boostOf(word);
      const mine = new Map<number, number>();
      for (let f = 0; f < this.boosts.length; f++) {
        const slot = slots[f] as number;
        if (slot < 0) continue;
        const from = this.start[slot] as number;
        const to = this.start[slot + 1] as number;
        const df = to - from;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const average = this.averages[f] ?? 1;
        const fieldBoost = this.boosts[f] ?? 1;
        for (let k = from; k < to; k++) {
          const doc = this.docs[k] as number;
          const tf = this.tfs[k] as number;
          const length = this.lengths[doc]?.[f] ?? 0;
          const raw = idf * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * length) / average)));
          // The factors in MiniSearch's order (term weight 1, document boost 1).
          const weighted = 1 * boost * fieldBoost * 1 * raw;
          mine.set(doc, (mine.get(doc) ?? 0) + weighted);
        }
      }
      for (const [doc, score] of mine) {
        const hit = found.get(doc);
        if (hit) {
          hit.score = hit.score + score;
          hit.matched++;
        } else found.set(doc, { score, matched: 1 });
      }
    }
    const hits: Bm25Hit[] = [];
    for (const [id, { score, matched }] of found) hits.push({ id, score: score * matched });
    return hits.sort((a, b) => b.score - a.score);
  }
}
