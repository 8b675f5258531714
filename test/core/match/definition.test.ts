import { describe, expect, it } from 'vitest';
import { definitionKey, foreignDefinitionKey } from '../../../src/core/match/definition.js';
import { Engine } from '../../../src/core/engine.js';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';
import { nameTerms } from '../../../src/core/match/text.js';

describe('definition questions', () => {
  it('takes the English definition words out of a name key', () => {
    const key = (q: string): string => nameTerms(q).join(' ');
    expect(definitionKey(key('what does ATA stand for'))).toBe('ata');
    expect(definitionKey(key('REN meaning'))).toBe('ren');
    expect(definitionKey(key('fxs port'))).toBe('');
  });

  it.each([
    ['¿Qué es un puerto FXS?', 'fxs port'],
    ['que es un ATA', 'ata'],
    ['Was ist ein FXS-Anschluss?', 'fxs port'],
    ['Was bedeutet REN?', 'ren'],
    ["Qu'est-ce qu'un port FXO ?", 'fxo port'],
    ["c'est quoi la FXS", 'fxs'],
    ['O que é um ATA?', 'ata'],
  ])('reads "what is" in another language: %s → %s', (q, key) => expect(foreignDefinitionKey(q)).toBe(key));

  it('is nothing for English or for a question that is no definition', () => {
    expect(foreignDefinitionKey('what is fxs')).toBe('');
    expect(foreignDefinitionKey('mi teléfono no tiene tono con el ATA')).toBe('');
    expect(foreignDefinitionKey('')).toBe('');
    // A long post that happens to open with "was ist" is no definition question.
    expect(foreignDefinitionKey(`Was ist ${'hier los, '.repeat(10)}FXS`)).toBe('');
  });
});

describe('on the shipped knowledge', async () => {
  const { kb } = await loadKnowledge(['knowledge']);
  const engine = new Engine(kb);

  it('answers a definition of a name in another language with that name, in English', () => {
    for (const [q, id] of [
      ['¿Qué es un puerto FXS?', 'fxs'],
      ["Qu'est-ce qu'un port FXO ?", 'fxo'],
      ['Was bedeutet REN?', 'ren'],
    ] as const) {
      const m = engine.match(q);
      expect([m.decision, m.candidates[0]?.id], q).toEqual(['answer', id]);
      expect(m.language, q).not.toBe('en');
    }
  });

  it('still says it answers in English when the rest is not a name', () => {
    const m = engine.match('qué es el problema con mi teléfono, no tiene tono');
    expect(m.decision).toBe('none');
  });
});
