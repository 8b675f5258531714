import { describe, expect, it } from 'vitest';
import { asksToCompare, parseFindQuestion } from '../../../src/core/advisor/index.js';

describe('device questions in free text', () => {
  it.each([
    'pap2t vs spa112',
    'HT-802 or OBi202, which is better for fax?',
    'difference between the spa112 and ht802',
    'ht801 or ht802?',
    'grandstream ht801 or obi 200',
  ])('asks to compare: %j', (text) => expect(asksToCompare(text)).toBe(true));

  it.each([
    ['which ATA has an FXO port', { fxo: 1 }],
    ['any gateway with 4 fxo ports and t38?', { fxo: 4, t38: true }],
    ['recommend an adapter with two FXS and a lifeline', { fxs: 2, lifeline: true }],
    ['which ata is still sold with an fxs port', { fxs: 1, status: 'current' }],
    // What people call the ports, and a search that starts with the kind of device.
    ['ata with 2 phone ports', { fxs: 2 }],
    ['a gateway with 8 fxs ports', { fxs: 8 }],
    ['any adapter with a line port and two phone ports?', { fxs: 2, fxo: 1 }],
  ])('a search: %j', (text, query) => expect(parseFindQuestion(text)).toEqual(query));

  it.each([
    'what is fxs',
    'my phone has no dial tone',
    'which ata should I buy',
    'does the ht813 do T.38',
    'my ht802 has no dial tone on port 1 or port 2',
    'ata with no dial tone',
    'my phone line has no dial tone',
  ])('neither: %j', (text) => {
    expect(parseFindQuestion(text)).toBeUndefined();
    expect(asksToCompare(text)).toBe(false);
  });
});
