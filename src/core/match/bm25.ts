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
  /** word → per field: document → occurrences (documents in the order they were added). */
  private readonly postings = new Map<string, (Map<number, number> | undefined)[]>();
  /** Per document: each field's number of distinct words. */
  private readonly lengths: number[][] = [];
  private readonly averages: number[];

  /** `boosts`: one per field, in the order of each document's `FieldTexts`. */
  constructor(
    private readonly boosts: readonly number[],
    documents: readonly FieldTexts[],
  ) {
    this.averages = boosts.map(() => 0);
    documents.forEach((fields, doc) => {
      const lengths: number[] = [];
      fields.forEach((text, f) => {
        const words = text.split(' ');
        lengths[f] = new Set(words).size;
        // The running average, computed as MiniSearch does (the same floating-point result).
        this.averages[f] = ((this.averages[f] ?? 0) * doc + (lengths[f] ?? 0)) / (doc + 1);
        for (const w of words) {
          if (!w) continue;
          let perField = this.postings.get(w);
          if (!perField) this.postings.set(w, (perField = []));
          const counts = (perField[f] ??= new Map<number, number>());
          counts.set(doc, (counts.get(doc) ?? 0) + 1);
        }
      });
      this.lengths.push(lengths);
    });
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
      const perField = this.postings.get(word);
      if (!perField) continue;
      const boost = boostOf(word);
      const mine = new Map<number, number>();
      for (let f = 0; f < this.boosts.length; f++) {
        const counts = perField[f];
        if (!counts) continue;
        const df = counts.size;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const average = this.averages[f] ?? 1;
        const fieldBoost = this.boosts[f] ?? 1;
        for (const [doc, tf] of counts) {
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
