/**
 * Pins the device facts people wire real lines and buy hardware on. Each row was checked against the
 * sources cited in the device file; change a row only together with a better source.
 */
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';

const { kb, problems } = await loadKnowledge(['knowledge']);

// id, FXS ports, FXO ports, lifeline (undefined = not stated in the file)
const PORT_FACTS: [string, number, number, boolean | undefined][] = [
  ['linksys-pap2t', 2, 0, undefined],
  ['linksys-pap2', 2, 0, undefined],
  ['linksys-spa3102', 1, 1, true],
  ['sipura-spa3000', 1, 1, true],
  ['cisco-spa112', 2, 0, undefined],
  ['cisco-spa8800', 4, 4, undefined],
  ['grandstream-ht502', 2, 0, undefined],
  ['grandstream-ht503', 1, 1, true],
  ['grandstream-ht801', 1, 0, undefined],
  ['grandstream-ht802', 2, 0, undefined],
  ['grandstream-ht813', 1, 1, true],
  ['grandstream-ht814', 4, 0, undefined],
  ['grandstream-gxw4104', 0, 4, undefined],
  ['grandstream-gxw4004', 4, 0, true],
  ['obihai-obi110', 1, 1, undefined],
  ['digium-x100p', 0, 1, undefined],
];

describe('device catalog facts', () => {
  it.each(PORT_FACTS)('%s has %i FXS and %i FXO (lifeline: %s)', (id, fxs, fxo, lifeline) => {
    const device = kb.devices.get(id);
    expect(device, `device ${id} is missing`).toBeDefined();
    expect(device!.fxs).toBe(fxs);
    expect(device!.fxo).toBe(fxo);
    expect(device!.lifeline).toBe(lifeline);
  });

  it('the HT814 cannot take a landline (no FXO port)', () => {
    expect(kb.devices.get('grandstream-ht814')?.fxo).toBe(0);
  });

  it.each(['digium-tdm400p', 'digium-tdm410', 'digium-tdm800p', 'digium-tdm2400p'])(
    'modular card %s states no fixed port counts',
    (id) => {
      const device = kb.devices.get(id);
      expect(device).toBeDefined();
      expect(device!.kind).toBe('card');
      expect(device!.fxs).toBeUndefined();
      expect(device!.fxo).toBeUndefined();
      expect(device!.notes).toMatch(/module/i);
    },
  );

  it('device files and synonyms load without problems', () => {
    const mine = problems.filter((p) => /devices[\\/]|synonyms\.yaml$/.test(p.file));
    expect(mine).toEqual([]);
  });

  it('catalogs at least 40 devices', () => {
    expect(kb.devices.size).toBeGreaterThanOrEqual(40);
  });

  it('every device cites at least one http(s) source', () => {
    for (const device of kb.devices.values()) {
      expect(device.sources.length, device.id).toBeGreaterThanOrEqual(1);
      for (const url of device.sources) expect(url, device.id).toMatch(/^https?:\/\//);
    }
  });

  it('no device cites the excluded internal-docs source', () => {
    for (const device of kb.devices.values()) {
      for (const url of device.sources) expect(url, device.id).not.toContain('internal-docs-4tq');
    }
  });
});

describe('a lifecycle no source confirms', () => {
  it('says so instead of calling the model current, and is not counted as retired', async () => {
    const { describeStatus, isRetired } = await import('../../../src/core/answer/device-text.js');
    const d = kb.devices.get('grandstream-gxw4104');
    expect(d?.status).toBe('unconfirmed');
    expect(describeStatus(d!)).toMatch(/^Lifecycle unconfirmed/);
    expect(isRetired(d!)).toBe(false);
  });
});
