import { describe, expect, it } from 'vitest';
import { Autocomplete } from '../../../src/core/match/autocomplete.js';
import { looksLikeQuestion } from '../../../src/core/match/question.js';
import { outOfScope } from '../../../src/core/match/scope.js';
import { looksLikeSpam } from '../../../src/core/match/spam.js';
import { compileSynonyms, expandSynonyms, synonymTerms } from '../../../src/core/match/synonyms.js';
import { nameTerms, normalise, terms } from '../../../src/core/match/text.js';

describe('text processing', () => {
  it('keeps the words that make a name in its name terms, and drops only filler', () => {
    expect(terms('cannot call out')).toEqual(['call']);
    expect(nameTerms('cannot call out')).toEqual(['not', 'call', 'out']);
    expect(nameTerms("The phone won't ring")).toEqual(['phone', 'not', 'ring']);
    expect(nameTerms('what is an ATA')).toEqual(['ata']);
    expect(nameTerms('HT-813 vs SPA 112')).toEqual(['ht813', 'spa112']);
  });

  it.each([
    ['T.38 and G.711', 't38 and g711'],
    ['HT-813', 'ht813'],
    ['spa 112 and obi 110', 'spa112 and obi110'],
    ['call 911 now', 'call 911 now'], // a number after an ordinary word is not a model
    ['48 V DC', '48v dc'],
    ['Café', 'cafe'],
  ])('normalise(%s) = %s', (input, out) => {
    expect(normalise(input)).toBe(out);
  });

  it('drops stopwords and stems, keeping "no" and model numbers', () => {
    expect(terms('What is the ringing voltage of my HT-813?')).toEqual(['ring', 'voltag', 'ht813']);
    expect(terms('no dial tone')).toEqual(['no', 'dial', 'tone']);
  });
});

describe('gates', () => {
  it.each([
    ['Call our AT&T support 1-8XX-XXX-XXXX now', true],
    ['VoIP Adapter Market Research Report forecast period 2024-2030', true],
    ['How do I report my line down? {{{ Network Issue Steps }}}', true],
    ['free nitro discord-gift[.]xyz', true],
    ['my HT813 FXO port keeps hanging, any idea?', false],
    ['what does 911 over voip need?', false],
  ])('looksLikeSpam(%s) = %s', (q, spam) => {
    expect(looksLikeSpam(q)).toBe(spam);
  });

  it.each([
    ['port forward for my minecraft server', true],
    ['which gpu for 1440p', true],
    ['reverse a list in python', true],
    ['port forwarding for my ATA', false],
    ['FXS port voltage', false],
  ])('outOfScope(%s) = %s', (q, out) => {
    expect(outOfScope(q)).toBe(out);
  });

  it.each([
    ['what is an fxs port', true],
    ['my fax keeps failing over voip?', true],
    ['anyone know why calls dont hang up', true],
    ['just got my new ht813', false],
    ['lol', false],
    ['fxs?', false], // too short to answer unprompted
  ])('looksLikeQuestion(%s) = %s', (q, yes) => {
    expect(looksLikeQuestion(q)).toBe(yes);
  });
});

describe('synonyms', () => {
  it('appends the knowledge terms for phrases found as whole words', () => {
    const rules = compileSynonyms({ 'wall jack': ['outside line'], landline: ['pstn'] });
    expect(expandSynonyms('where does the Wall  Jack go', rules)).toBe(
      'where does the Wall  Jack go outside line',
    );
    expect(expandSynonyms('landlines', rules)).toBe('landlines');
  });

  it("finds what each rule's own pattern finds, at word edges and with marks in the needle", () => {
    const rules = compileSynonyms({
      'wall jack': ['outside line'],
      landline: ['pstn'],
      'dial-up': ['modem'],
      'phone line': ['pstn line'],
      fax: ['t38'],
    });
    const texts = [
      'my landline',
      'landlines',
      'xlandline',
      'landline_',
      '(landline)',
      'LANDLINE!',
      'landlineж',
      'a wall jack',
      'wall  jack',
      'walljack',
      'wall jacks',
      'old dial-up modem',
      'dialup',
      'dial-upx',
      'phone line dead',
      'phone lines',
      'iphone line',
      'fax',
      'faxes',
      'fax-machine',
      '',
    ];
    for (const text of texts) {
      const byPattern = rules.filter((r) => r.pattern.test(normalise(text))).map((r) => r.adds);
      expect(synonymTerms(text, rules), text).toBe(byPattern.join(' '));
    }
  });
});

describe('autocomplete', () => {
  const ac = new Autocomplete([
    { id: 'fxs', title: 'What is an FXS port?', aliases: ['fxs port'] },
    { id: 'fxs-vs-fxo', title: 'FXS vs FXO', aliases: [] },
    { id: 'ata', title: 'What is an ATA?', aliases: ['analog telephone adapter'] },
  ]);

  it('ranks exact id or alias, then prefix, then fuzzy', () => {
    expect(ac.complete('fxs').map((c) => c.id)).toEqual(['fxs', 'fxs-vs-fxo']);
    expect(ac.complete('analog tel')[0]?.id).toBe('ata');
    expect(ac.complete('adaptr')[0]?.id).toBe('ata');
  });

  it('never returns more than the limit', () => {
    expect(ac.complete('', 2)).toHaveLength(2);
  });

  it('adds fuzzy matches only while the list has room', () => {
    // "fxs vs" starts one name and is one typo from none other: with room, fuzzy adds nothing wrong;
    // with a limit of 1 the prefix match fills the list.
    expect(ac.complete('fxs vs', 1).map((c) => c.id)).toEqual(['fxs-vs-fxo']);
    expect(
      ac
        .complete('fxs', 3)
        .map((c) => c.id)
        .slice(0, 2),
    ).toEqual(['fxs', 'fxs-vs-fxo']);
  });
});

describe('negations in names', () => {
  it("reads every negation as 'not', so any of them spots an alias written with another", () => {
    const want = nameTerms('phone does not ring');
    for (const q of ["phone doesn't ring", 'phone doesnt ring', "phone won't ring", 'phone cannot ring'])
      expect(nameTerms(q), q).toEqual(want);
    expect(want).toContain('not');
  });
});

describe('stems', () => {
  it('keeps "business" apart from "busy" (Porter folds both to "busi")', () => {
    expect(terms('business line')).not.toContain(terms('busy')[0]);
    expect(terms('businesses')).toEqual(terms('business'));
  });

  it('keeps an e-mail "attachment" apart from "attach" (phones to a port)', () => {
    expect(terms('pdf attachment')).not.toContain(terms('attach')[0]);
    expect(terms('attachments')).toEqual(terms('attachment'));
  });
});
