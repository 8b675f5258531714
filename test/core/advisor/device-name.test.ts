import { beforeAll, describe, expect, it } from 'vitest';
import { closeDevices, deviceIdByName } from '../../../src/core/advisor/device-name.js';
import type { Device } from '../../../src/core/knowledge/schema.js';
import { loadCatalogue } from './catalogue.js';

let devices: ReadonlyMap<string, Device>;
beforeAll(async () => {
  devices = await loadCatalogue();
});

describe('deviceIdByName', () => {
  it.each([
    ['linksys-pap2t', 'linksys-pap2t'],
    ['pap2t', 'linksys-pap2t'],
    ['PAP2T', 'linksys-pap2t'],
    ['pap-2t', 'linksys-pap2t'],
    ['spa112', 'cisco-spa112'],
    ['SPA 112', 'cisco-spa112'],
    ['Cisco SPA112', 'cisco-spa112'],
    ['cisco+spa112', 'cisco-spa112'],
    ['HT-813', 'grandstream-ht813'],
  ])('%s → %s', (name, id) => {
    expect(deviceIdByName(devices, name)).toBe(id);
  });

  it('guesses nothing: a partial name, a typo or an empty one is no device', () => {
    for (const name of ['spa11', 'pap2tt', 'toaster', '', '   ', 'x'.repeat(500)])
      expect(deviceIdByName(devices, name)).toBeUndefined();
  });
});

describe('closeDevices', () => {
  it('names the devices close to a partial or mistyped name, none for nothing like one', () => {
    expect(closeDevices(devices, 'spa11').map((c) => c.id)).toContain('cisco-spa112');
    expect(closeDevices(devices, 'ht8133').map((c) => c.id)).toContain('grandstream-ht813');
    expect(closeDevices(devices, 'spa11', 2)).toHaveLength(2);
    expect(closeDevices(devices, '')).toEqual([]);
  });
});
