import { describe, expect, it } from 'vitest';
import { FlatPostings } from '../../../src/core/match/postings.js';

describe('FlatPostings', () => {
  it('packs lists into flat arrays, each list at its slot and in its order', () => {
    const p = new FlatPostings([
      { ids: [3, 1], values: [0.5, 2] },
      { ids: [], values: [] },
      { ids: [7], values: [1.25] },
    ]);
    expect([...p.start]).toEqual([0, 2, 2, 3]);
    expect([...p.ids]).toEqual([3, 1, 7]);
    expect([...p.values]).toEqual([0.5, 2, 1.25]);
  });
});
