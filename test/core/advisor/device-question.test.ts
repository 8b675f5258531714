import { beforeAll, describe, expect, it } from 'vitest';
import { parseDeviceQuestion } from '../../../src/core/advisor/index.js';
import type { Device } from '../../../src/core/knowledge/schema.js';
import { loadCatalogue } from './catalogue.js';

let devices: ReadonlyMap<string, Device>;
beforeAll(async () => {
  devices = await loadCatalogue();
});

describe('parseDeviceQuestion', () => {
  it.each([
    ['pap2t vs spa112', { kind: 'compare', a: 'linksys-pap2t', b: 'cisco-spa112' }],
    [
      'HT-802 or OBi202, which is better for fax?',
      { kind: 'compare', a: 'grandstream-ht802', b: 'obihai-obi202' },
    ],
    ['which ATA has an FXO port', { kind: 'find', query: { fxo: 1 } }],
    ['any gateway with 4 fxo ports and t38?', { kind: 'find', query: { fxo: 4, t38: true } }],
    ['recommend an adapter with two FXS and a lifeline', { kind: 'find', query: { fxs: 2, lifeline: true } }],
    ['does the ht813 do T.38', { kind: 'device', id: 'grandstream-ht813' }],
    ['is the spa3102 still sold', { kind: 'device', id: 'linksys-spa3102' }],
  ])('%s', (text, expected) => {
    expect(parseDeviceQuestion(devices, text)).toEqual(expected);
  });

  it.each(['what is fxs', 'my phone has no dial tone', 'which ata should I buy'])(
    'not a device question: %j',
    (text) => {
      expect(parseDeviceQuestion(devices, text)).toBeUndefined();
    },
  );
});
