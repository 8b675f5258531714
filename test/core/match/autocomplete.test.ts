import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  Autocomplete,
  bitPattern,
  fastDistances,
  MAX_CHOICES,
  substringDistance,
} from '../../../src/core/match/autocomplete.js';
import { normalise } from '../../../src/core/match/text.js';

/** A few real-looking entries first, then `count` generated ones sharing their vocabulary. */
function entries(count: number): { id: string; title: string; aliases: string[] }[] {
  const models = ['HT801', 'HT802', 'SPA112', 'OBi202', 'GXW4216', 'TA810', 'Yealink W60'];
  const features = ['SIP port', 'codec order', 'jitter buffer', 'call forwarding', 'speed dial', 'time zone'];
  const actions = ['settings', 'reset', 'not saving', 'greyed out', 'default value'];
  const real = [
    { id: 'fxs', title: 'What is an FXS port?', aliases: ['fxs port'] },
    { id: 'fxs-vs-fxo', title: 'FXS vs FXO', aliases: [] },
    { id: 'ata', title: 'What is an ATA?', aliases: ['analog telephone adapter'] },
    { id: 'voicemail-email', title: 'Voicemail to email', aliases: ['voicemail forwarding'] },
    { id: 'ringing-voltage', title: 'Ringing voltage on an FXS port', aliases: [] },
  ];
  const generated = Array.from({ length: count }, (_, i) => {
    const model = models[i % models.length] as string;
    const feature = features[Math.floor(i / models.length) % features.length] as string;
    const action = actions[Math.floor(i / (models.length * features.length)) % actions.length] as string;
    return {
      id: `gen-${i}`,
      title: `${model}: ${feature} ${action} (error ${1000 + i})`,
      aliases: [`${model} ${feature} error ${1000 + i}`],
    };
  });
  return [...real, ...generated];
}

const ids = (choices: { id: string }[]): string[] => choices.map((c) => c.id);

describe('autocomplete at 10,000 entries', () => {
  const list = entries(10_000);
  const ac = new Autocomplete(list);

  it.each([
    ['analgo telephone', 'ata'], // swapped letters
    ['adaptr', 'ata'], // a letter left out
    ['voicemial', 'voicemail-email'],
    ['ringng voltage', 'ringing-voltage'],
    ['fsx vs fxo', 'fxs-vs-fxo'],
  ])('a typo (%s) still finds the entry first', (typed, id) => {
    expect(ids(ac.complete(typed))[0]).toBe(id);
  });

  it('finds a generated entry by a typo in its unique part', () => {
    // "error 1234" is in one title and one alias only; "eror 1234" is one letter short of it.
    expect(ids(ac.complete('eror 1234'))[0]).toBe('gen-234');
    expect(ids(ac.complete('codec ordr error 1008'))[0]).toBe('gen-8');
  });

  it('lists exact names, then prefixes in entry order, then typos, never more than the limit', () => {
    const got = ids(ac.complete('fxs port'));
    expect(got[0]).toBe('fxs'); // exact alias
    expect(got[1]).toBe('ringing-voltage'); // a word of its title starts with "fxs port"
    expect(got.length).toBeLessThanOrEqual(MAX_CHOICES);
    expect(ac.complete('ht802', 7)).toHaveLength(7);
    expect(ac.complete('zzqx')).toEqual([]);
  });

  it('returns every prefix match, in entry order, as a scan of every name would', () => {
    for (const typed of ['ht80', 'what is', 'sip port', 'obi202: codec', 'yealink w60 time', 'x']) {
      const q = normalise(typed);
      const scan = list
        .filter((e) =>
          [e.id, e.title, ...e.aliases].map(normalise).some((n) => n.startsWith(q) || n.includes(` ${q}`)),
        )
        .map((e) => e.id);
      const got = ids(ac.complete(typed)).filter((id) => scan.includes(id));
      expect(got, typed).toEqual(scan.slice(0, got.length));
      expect(got.length, typed).toBe(Math.min(scan.length, MAX_CHOICES));
    }
  });

  it('offers typos only while the list has room', () => {
    // Dozens of titles start with "ht801": the list is full before any typo is looked at.
    expect(ac.complete('ht801').every((c) => /ht801/i.test(c.title))).toBe(true);
  });

  it('reads only the first 60 characters of a pasted value', () => {
    const long = `voicemial ${'and more words '.repeat(400)}`;
    expect(ac.complete(long)).toEqual(ac.complete(long.slice(0, 60)));
  });
});

describe('edit distance to a part of a name', () => {
  const codes = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

  it('counts the edits to the closest part, anywhere and from a word start', () => {
    expect(substringDistance(codes('adaptr'), 'analog telephone adapter', 3)).toEqual({
      anywhere: 1,
      fromWordStart: 1,
    });
    // "dapter" is inside a word: from the word start, the skipped "a" is one edit.
    expect(substringDistance(codes('dapter'), 'analog telephone adapter', 3)).toEqual({
      anywhere: 0,
      fromWordStart: 1,
    });
    expect(substringDistance(codes('zzzz'), 'fxs port', 1).anywhere).toBe(2);
  });

  test.prop([
    fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'é'), minLength: 1, maxLength: 31 }),
    fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'é'), maxLength: 40 }),
    fc.nat(8),
  ])('the bit-parallel version agrees with the table', (pattern, text, max) => {
    const table = substringDistance(codes(pattern), text, max);
    expect(
      fastDistances(bitPattern(pattern) as NonNullable<ReturnType<typeof bitPattern>>, text, max),
    ).toEqual({
      anywhere: Math.min(table.anywhere, max + 1),
      fromWordStart: Math.min(table.fromWordStart, max + 1),
    });
  });
});
