import { describe, expect, it } from 'vitest';
import { absentPhrases, affirms, polarity } from '../../../src/core/match/negation.js';

describe('titles about an absence', () => {
  it.each([
    ['No dial tone on a phone connected to an ATA', [['dial', 'tone']]],
    ['Phone does not ring on incoming calls', [['ring']]],
    ['One-way or no audio (no sound)', [['audio'], ['sound']]],
    ['Connecting two phones without a line', [['line']]],
    ['Echo on analog gateways', []],
  ])('%s → %j', (title, phrases) => {
    expect(absentPhrases(title)).toEqual(phrases);
  });
});

describe('a question affirms a phrase when it mentions it and never negates it', () => {
  it.each([
    ["i have dial tone but can't dial out", ['dial', 'tone'], true],
    ['no dial tone at all on my ata', ['dial', 'tone'], false],
    ["the phone doesn't ring", ['ring'], false],
    ['the phone rings but there is no audio', ['ring'], true],
    ['the phone rings but there is no audio', ['audio'], false],
    ['callers hear silence', ['ring'], false],
  ])('"%s" %j → %s', (q, phrase, expected) => {
    expect(affirms(polarity(q), phrase)).toBe(expected);
  });
});
