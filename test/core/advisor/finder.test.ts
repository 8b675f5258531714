import { beforeAll, describe, expect, it } from 'vitest';
import { compareDevices, findDevices } from '../../../src/core/advisor/index.js';
import { checkDiagrams } from '../../../src/core/diagram/index.js';
import type { Device } from '../../../src/core/knowledge/schema.js';
import { loadCatalogue } from './catalogue.js';

let devices: ReadonlyMap<string, Device>;
beforeAll(async () => {
  devices = await loadCatalogue();
});

const STATUS_RANK = {
  current: 0,
  unconfirmed: 0.5,
  'end-of-sale': 1,
  discontinued: 2,
  'end-of-life': 3,
} as const;

describe('findDevices', () => {
  it('fxs:2 fxo:0 — exact matches first, current before retired, every result has the ports', () => {
    const found = findDevices(devices, { fxs: 2, fxo: 0 });
    expect(found.length).toBeGreaterThan(3);
    expect(found[0]).toMatchObject({ fxs: 2, fxo: 0, exact: true, status: 'current' });
    for (const d of found) expect(d.fxs! >= 2 && d.fxo! >= 0).toBe(true);
    const exact = found.filter((d) => d.exact);
    const ranks = exact.map((d) => STATUS_RANK[d.status]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const firstInexact = found.findIndex((d) => !d.exact);
    if (firstInexact >= 0) expect(found.slice(firstInexact).every((d) => !d.exact)).toBe(true);
    expect(found.map((d) => d.id)).toEqual(expect.arrayContaining(['grandstream-ht802', 'cisco-spa112']));
  });

  it('among bigger devices of the same status, the one with fewest spare ports comes first', () => {
    const found = findDevices(devices, { fxs: 4, fxo: 0 }, 100).filter((d) => !d.exact);
    for (const status of new Set(found.map((d) => d.status))) {
      const spares = found.filter((d) => d.status === status).map((d) => d.spare);
      expect(spares).toEqual([...spares].sort((a, b) => a - b));
    }
    const ids = found.map((d) => d.id);
    if (ids.includes('grandstream-ht818') && ids.includes('grandstream-gxw4248'))
      expect(ids.indexOf('grandstream-ht818')).toBeLessThan(ids.indexOf('grandstream-gxw4248'));
  });

  it('fxo:1 — devices with a line port; a bigger one comes after the exact ones, with its spare ports', () => {
    const found = findDevices(devices, { fxo: 1 }, 100);
    expect(found.map((d) => d.id)).toContain('grandstream-ht813');
    expect(found.every((d) => d.fxo! >= 1)).toBe(true);
    const bigger = found.find((d) => !d.exact);
    expect(bigger?.spare).toBeGreaterThan(0);
    expect(found.indexOf(bigger!)).toBeGreaterThan(found.findLastIndex((d) => d.exact));
  });

  it('features: lifeline and T.38 filter on recorded facts only; status filters the lifecycle', () => {
    const life = findDevices(devices, { lifeline: true }, 200);
    expect(life.length).toBeGreaterThan(0);
    expect(life.every((d) => devices.get(d.id)?.lifeline === true)).toBe(true);
    const t38 = findDevices(devices, { fxs: 1, t38: true }, 200);
    expect(t38.every((d) => devices.get(d.id)?.t38 === true)).toBe(true);
    expect(t38.map((d) => d.id)).toContain('grandstream-ht801');
    const eol = findDevices(devices, { status: 'end-of-life' }, 200);
    expect(eol.every((d) => d.status === 'end-of-life')).toBe(true);
  });

  it('order variants count: 144 FXS finds the variant that has them', () => {
    const found = findDevices(devices, { fxs: 144 });
    expect(found[0]).toMatchObject({ id: 'cisco-vg420', variant: 'VG420-144FXS', exact: true });
  });

  it('nothing for impossible asks, and the limit holds', () => {
    expect(findDevices(devices, { fxs: 5000 })).toEqual([]);
    expect(findDevices(devices, {}, 7)).toHaveLength(7);
  });
});

describe('compareDevices', () => {
  it('pap2t vs spa112: ports, lifeline, T.38, status with successor, side by side', () => {
    const c = compareDevices(devices, 'linksys-pap2t', 'cisco-spa112')!;
    expect(c.a.title).toBe('Linksys PAP2T');
    const row = (label: string) => c.rows.find((r) => r.label === label)!;
    expect(row('FXS (phone) ports')).toEqual({ label: 'FXS (phone) ports', a: '2', b: '2', same: true });
    expect(row('Lifeline relay').a).toBe('no (no FXO port)');
    expect(row('T.38 fax')).toMatchObject({ a: 'unconfirmed', b: 'yes', same: false });
    expect(row('Status').a).toMatch(/successor: Cisco SPA112/);
    expect(row('Status').b).toMatch(/successor: Cisco ATA 191/);
  });

  it('the comparison diagram shows both devices with their ports and passes the diagram checks', async () => {
    const c = compareDevices(devices, 'grandstream-ht813', 'cisco-spa112')!;
    expect(c.dot).toContain('line -> d0 [role=fxo label="1 × FXO"]');
    expect(c.dot).toContain('label="lifeline (HT813)"');
    expect(c.dot.match(/role=fxo/g)).toHaveLength(1); // the SPA112 has no line port
    expect(await checkDiagrams([{ id: 'compare', dot: c.dot, file: 'compare.dot' }])).toEqual([]);
  });

  it('unknown ids give undefined', () => {
    expect(compareDevices(devices, 'linksys-pap2t', 'nope')).toBeUndefined();
  });
});
