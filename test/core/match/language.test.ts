import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine.js';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';
import { detectLanguage } from '../../../src/core/match/language.js';
import { formatAnswer } from '../../../src/adapters/console/format.js';

const { kb } = await loadKnowledge(['knowledge']);
const engine = new Engine(kb);

describe('other languages', () => {
  it.each([
    ['Wie schließe ich mein altes Telefon an die Fritzbox an, und geht das auch mit einem Faxgerät?', 'de'],
    ['¿Cómo conecto mi teléfono analógico a la centralita por el puerto FXS?', 'es'],
    ['Входящие звонки не проходят через шлюз', 'ru'],
    ['what is the difference between fxs and fxo', 'en'],
    ['die hard fans use the ATA in la', 'en'],
  ])('%s → %s', (q, lang) => {
    expect(detectLanguage(q)).toBe(lang);
  });

  it('says in one line that it answers in English instead of guessing', () => {
    const a = engine.ask(
      'Meine Türklingel am Anschluss soll alle Telefone klingeln lassen, wie stelle ich das ein?',
    );
    expect(a.status).toBe('none');
    expect(a.language).toBe('de');
    expect(formatAnswer(a)).toMatch(/answer in English/);
  });

  it('answers a model number in any language, but not a topic merely named in a sentence it cannot read', () => {
    // "ATA" names the ATA topic, but the post asks about a missing dial tone.
    const named = engine.match('mi teléfono analógico no tiene tono con el ATA');
    expect(named.decision).toBe('none');
    expect(named.reason).toBe('language');
    // It is the language that keeps it silent: the same post in English is answered.
    expect(engine.match('my analog phone has no dial tone with the ATA').decision).toBe('answer');
    const device = engine.match('¿Cuántos puertos de teléfono tiene el Grandstream HT814?');
    expect(device.language).toBe('es');
    expect(device.decision).toBe('answer');
    expect(device.candidates[0]?.id).toBe('grandstream-ht814');
  });
});
