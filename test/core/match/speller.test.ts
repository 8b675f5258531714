import { describe, expect, it } from 'vitest';
import { Speller } from '../../../src/core/match/speller.js';
import { stem } from '../../../src/core/match/text.js';

const texts = [
  'Echo on analog lines and the power failure relay',
  'Which port does the phone go into? Both devices have FXS and FXO ports.',
  'Receive calls on a modem; the adapter supplies ringing voltage.',
];
const known = new Map<string, number>([
  ...['echo', 'power', 'phone', 'devic', 'modem', 'adapt', 'receiv', 'ring', 'voltag'].map(
    (t) => [t, 1] as [string, number],
  ),
  ['fxs', 3],
  ['fxo', 3],
]);
const speller = new Speller(texts, known);

describe('Speller', () => {
  it.each([
    ['poewr', 'power'], // a swap of two letters
    ['ehco', 'echo'], // a swap in a four-letter word: exactly one word is that close
    ['devives', 'devices'], // a wrong letter, matched before stemming ("devic")
    ['moddem', 'modem'], // a doubled letter
    ['recieve', 'receive'], // swapped vowels
  ])('corrects %s to the stem of %s', (typo, word) => {
    const found = speller.correct(typo);
    expect(found?.term).toBe(stem(word));
    expect(found?.weight).toBeGreaterThan(0.5);
  });

  it('corrects short acronyms only to the knowledge acronyms', () => {
    expect(speller.correct('fsx')?.term).toBe('fxs');
    expect(speller.correct('fox')?.term).toBe('fxo');
    // One letter from both "fxs" and "fxo": no guess.
    expect(speller.correct('fxp')).toBeNull();
  });

  it('does not change the first letter: "iphone" is not a typo of "phone"', () => {
    expect(speller.correct('iphone')).toBeNull();
  });

  it('leaves words that are nothing like the knowledge alone', () => {
    expect(speller.correct('gpu')).toBeNull();
    expect(speller.correct('keyboard')).toBeNull();
    expect(speller.correct('ht813')).toBeNull();
  });
});
