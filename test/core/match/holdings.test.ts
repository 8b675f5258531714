import { describe, expect, it } from 'vitest';
import { heldAnchor, heldCount, TermHoldings } from '../../../src/core/match/holdings.js';

describe('TermHoldings', () => {
  const holdings = new TermHoldings([
    {
      counts: new Map([
        ['fxs', 3],
        ['port', 1],
      ]),
      anchors: new Set(['fxs']),
    },
    { counts: new Map([['fxo', 2]]), anchors: new Set<string>() },
    {
      counts: new Map([
        ['port', 4],
        ['fxo', 1],
      ]),
      anchors: new Set(['port']),
    },
  ]);

  it('gives each asked entry its count and anchor of each term, in the order asked', () => {
    const terms = ['port', 'fxs', 'unknown'];
    const got = holdings.of(terms, [2, 0]);
    const read = (k: number, j: number): [number, boolean] => {
      const packed = got[k * terms.length + j] ?? 0;
      return [heldCount(packed), heldAnchor(packed)];
    };
    expect(read(0, 0)).toEqual([4, true]); // entry 2, port
    expect(read(0, 1)).toEqual([0, false]); // entry 2, fxs
    expect(read(1, 0)).toEqual([1, false]); // entry 0, port
    expect(read(1, 1)).toEqual([3, true]); // entry 0, fxs
    expect(read(1, 2)).toEqual([0, false]); // an unknown term
  });

  it('leaves out entries not asked about, call after call', () => {
    expect([...holdings.of(['fxo'], [0])]).toEqual([0]);
    expect([...holdings.of(['fxo'], [1, 2])]).toEqual([4, 2]);
    expect([...holdings.of(['fxo'], [])]).toEqual([]);
  });
});
