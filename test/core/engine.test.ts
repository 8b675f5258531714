import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { loadKnowledge } from '../../src/core/knowledge/load.js';

const { kb } = await loadKnowledge(['knowledge']);
const engine = new Engine(kb);

describe('Engine.ask routes device comparisons', () => {
  it('answers "pap2t vs spa112" with both devices side by side', () => {
    const a = engine.ask('pap2t vs spa112');
    expect(a.status).toBe('answer');
    expect(a.entry?.title).toBe('Linksys PAP2T vs Cisco SPA112');
    expect(a.entry?.summary).toMatch(/^FXS \(phone\) ports: /m);
    expect(a.entry?.summary).toMatch(/^Status: .+ \| .+$/m);
    expect(a.entry?.devices.map((d) => d.id)).toEqual(['linksys-pap2t', 'cisco-spa112']);
    expect(a.entry?.summary.length).toBeLessThanOrEqual(4096);
  });

  it('compares "X or Y" only when it asks for a choice', () => {
    expect(engine.ask('spa112 or ht802, which one should i buy')?.entry?.title).toMatch(/ vs /);
    expect(engine.ask('my ht802 or spa112 has no dial tone').entry?.id).toBe('no-dial-tone');
  });

  it('does not turn off-topic chat into a comparison', () => {
    expect(engine.ask('iphone vs android, which is better?').status).toBe('none');
  });
});

describe('Engine autocomplete', () => {
  it('reads only the start of a pasted paragraph (no name is that long)', () => {
    const long = `ht813 ${'and some more words '.repeat(500)}`;
    expect(engine.completeDevice(long)).toEqual(engine.completeDevice(long.slice(0, 60)));
    expect(engine.completeDevice('ht813')[0]?.id).toBe('grandstream-ht813');
  });
});
