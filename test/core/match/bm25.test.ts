import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../../src/core/match/bm25.js';
import { matchEntries } from '../../../src/core/match/entries.js';
import { terms } from '../../../src/core/match/text.js';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';

const BOOSTS = { title: 3, aliases: 3, keywords: 2, summary: 1, body: 0.3 };
const FIELDS = Object.keys(BOOSTS) as (keyof typeof BOOSTS)[];

describe('Bm25Index', () => {
  it('scores and orders exactly as MiniSearch (OR, field boosts, word boosts) on the shipped knowledge', async () => {
    const { kb } = await loadKnowledge(['knowledge']);
    const entries = matchEntries(kb);
    const fieldsOf = (e: (typeof entries)[number]): Record<keyof typeof BOOSTS, string> => ({
      title: terms(e.title).join(' '),
      aliases: e.aliases.flatMap((a) => terms(a)).join(' '),
      keywords: e.keywords.flatMap((k) => terms(k)).join(' '),
      summary: terms(e.summary).join(' '),
      body: e.body ? terms(e.body).join(' ') : '',
    });
    const docs = entries.map(fieldsOf);
    const mine = new Bm25Index(
      FIELDS.map((f) => BOOSTS[f]),
      docs.map((d) => FIELDS.map((f) => d[f])),
    );
    const theirs = new MiniSearch<{ id: number } & Record<keyof typeof BOOSTS, string>>({
      fields: [...FIELDS],
      tokenize: (text) => text.split(' '),
      processTerm: (t) => t || null,
      searchOptions: { processTerm: (t) => t || null },
    });
    theirs.addAll(docs.map((d, id) => ({ id, ...d })));
    const queries = entries.flatMap((e) => e.questions).slice(0, 600);
    expect(queries.length).toBeGreaterThan(300);
    let compared = 0;
    for (const q of queries) {
      const words = [...new Set(terms(q))].slice(0, 12);
      if (words.length === 0) continue;
      // Repeated words weigh more, as in the matcher.
      const boost = (w: string): number => 1 + (w.length % 3) * 0.5;
      const expected = theirs
        .search(words.join(' '), { combineWith: 'OR', boost: BOOSTS, boostTerm: boost })
        .map((h) => ({ id: h.id as number, score: h.score }));
      const found = mine.search(words, boost);
      expect(found.best, q).toEqual(expected);
      // The best few, as the matcher asks for them: the same as the first of the full ranking.
      expect(mine.search(words, boost, 8).best, q).toEqual(expected.slice(0, 8));
      for (const h of expected) expect(found.scores[h.id]).toBe(h.score);
      compared++;
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('counts a field by its distinct words and multiplies by the number of words matched', () => {
    const index = new Bm25Index([1], [['fxs fxs port'], ['fxo port'], ['ata']]);
    const [first, second] = index.search(['port', 'fxs'], () => 1).best;
    expect(first?.id).toBe(0); // both words
    expect(second?.id).toBe(1);
    expect(index.search(['ata'], () => 1).best.map((h) => h.id)).toEqual([2]);
    expect(index.search(['nothing'], () => 1).best).toEqual([]);
    expect([...index.search(['nothing'], () => 1).scores]).toEqual([0, 0, 0]);
  });
});
