/**
 * The wiring advisor against the shipped port model and device catalogue: a table of endpoint
 * pairs with the path, port types and device class each must produce; every diagram checked.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  advise,
  describeExample,
  loadPortModel,
  UnknownEndpointError,
  type PortModel,
} from '../../../src/core/advisor/index.js';
import { checkDiagrams, DiagramRenderer } from '../../../src/core/diagram/index.js';
import { loadCatalogue } from './catalogue.js';
import type { Device } from '../../../src/core/knowledge/schema.js';

let model: PortModel;
let devices: ReadonlyMap<string, Device>;

beforeAll(async () => {
  model = await loadPortModel();
  devices = await loadCatalogue();
});

type Row = [
  from: string,
  to: string,
  count: number,
  verdict: string,
  deviceClass: string | null,
  ports: [fxs: number, fxo: number],
  roles: string,
];

// roles: the diagram node roles along the path, from → to.
const TABLE: Row[] = [
  ['analog-phone', 'ip-pbx-asterisk', 1, 'gateway', 'ata', [1, 0], 'phone ata router pbx'],
  ['analog phone', 'freepbx', 2, 'gateway', 'ata', [2, 0], 'phone ata router pbx'],
  ['analog-phone', 'ip-pbx-asterisk', 4, 'gateway', 'fxs-gateway', [4, 0], 'phone gateway router pbx'],
  ['analog-phone', 'ip-pbx-asterisk', 24, 'gateway', 'fxs-gateway', [24, 0], 'phone gateway router pbx'],
  ['analog-phone', '3cx', 12, 'gateway', 'fxs-gateway', [12, 0], 'phone gateway router pbx'],
  ['analog-phone', 'ip-pbx-asterisk', 100, 'gateway', 'fxs-gateway', [100, 0], 'phone gateway router pbx'],
  ['analog-phone', 'sip-trunk', 1, 'gateway', 'ata', [1, 0], 'phone ata router provider'],
  ['cordless-base', 'sip-trunk', 1, 'gateway', 'ata', [1, 0], 'phone ata router provider'],
  ['fax', 'sip-trunk', 1, 'gateway', 'ata', [1, 0], 'phone ata router provider'],
  ['fax', 'ip-pbx-3cx', 1, 'gateway', 'ata', [1, 0], 'phone ata router pbx'],
  ['modem', 'ip-pbx-asterisk', 1, 'gateway', 'ata', [1, 0], 'phone ata router pbx'],
  ['alarm-panel', 'sip-trunk', 1, 'gateway', 'ata', [1, 0], 'phone ata router provider'],
  ['elevator-phone', 'ip-pbx-asterisk', 1, 'gateway', 'ata', [1, 0], 'phone ata router pbx'],
  ['door-phone', 'ip-pbx-asterisk', 1, 'gateway', 'ata', [1, 0], 'intercom ata router pbx'],
  ['college intercom', 'asterisk', 1, 'gateway', 'ata', [1, 0], 'intercom ata router pbx'],
  ['analog-intercom', '3cx', 1, 'gateway', 'ata', [1, 0], 'intercom ata router pbx'],
  ['analog-intercom', '3cx', 30, 'gateway', 'fxs-gateway', [30, 0], 'intercom gateway router pbx'],
  ['paging-amp', 'ip-pbx-asterisk', 1, 'gateway', 'ata', [1, 0], 'intercom ata router pbx'],
  ['pbx-co-port', 'sip-trunk', 4, 'gateway', 'fxs-gateway', [4, 0], 'pbx gateway router provider'],
  ['old pbx', 'ip-pbx-3cx', 8, 'gateway', 'fxs-gateway', [8, 0], 'pbx gateway router pbx'],
  ['wall-jack', 'ip-pbx-asterisk', 1, 'gateway', 'fxo-gateway', [0, 1], 'pstn gateway router pbx'],
  ['landline', '3cx', 4, 'gateway', 'fxo-gateway', [0, 4], 'pstn gateway router pbx'],
  ['wall-jack', 'freeswitch', 8, 'gateway', 'fxo-gateway', [0, 8], 'pstn gateway router pbx'],
  ['isp-phone-port', 'ip-pbx-asterisk', 1, 'gateway', 'fxo-gateway', [0, 1], 'router gateway router pbx'],
  ['pbx-extension', 'ip-pbx-asterisk', 2, 'gateway', 'fxo-gateway', [0, 2], 'pbx gateway router pbx'],
  ['wall-jack', 'sip-trunk', 1, 'gateway', 'fxo-gateway', [0, 1], 'pstn gateway router provider'],
  ['wall-jack', 'ip-pbx', 2, 'gateway', 'fxo-gateway', [0, 2], 'pstn gateway router pbx'],
  ['wall-jack', 'analog-phone', 1, 'direct', null, [0, 0], 'pstn phone'],
  ['analog-phone', 'wall-jack', 3, 'direct', null, [0, 0], 'phone pstn'],
  ['fax', 'wall-jack', 1, 'direct', null, [0, 0], 'phone pstn'],
  ['alarm-panel', 'wall-jack', 1, 'direct', null, [0, 0], 'phone pstn'],
  ['analog-phone', 'isp-phone-port', 1, 'direct', null, [0, 0], 'phone router'],
  ['analog-phone', 'pbx-extension', 1, 'direct', null, [0, 0], 'phone pbx'],
  ['pbx-co-port', 'wall-jack', 2, 'direct', null, [0, 0], 'pbx pstn'],
  ['analog-phone', 'analog-phone', 1, 'battery-source', 'battery-source', [2, 0], 'phone ata phone'],
  ['fax', 'fax', 1, 'battery-source', 'battery-source', [2, 0], 'phone ata phone'],
  ['analog-phone', 'door-phone', 1, 'battery-source', 'battery-source', [2, 0], 'phone ata intercom'],
  ['analog-phone', 'pbx-co-port', 1, 'battery-source', 'battery-source', [2, 0], 'phone ata pbx'],
  ['wall-jack', 'pbx-extension', 1, 'never', 'fxo-gateway', [0, 2], 'pstn gateway pbx'],
  ['wall-jack', 'isp-phone-port', 1, 'never', 'fxo-gateway', [0, 2], 'pstn gateway router'],
  ['sip-phone', 'ip-pbx-asterisk', 10, 'lan', null, [0, 0], 'phone router pbx'],
  ['sip-phone', 'sip-trunk', 1, 'lan', null, [0, 0], 'phone router provider'],
  ['ip-pbx-asterisk', 'sip-trunk', 1, 'lan', null, [0, 0], 'pbx router provider'],
  ['sip-phone', 'sip-phone', 1, 'lan', 'ip-pbx', [0, 0], 'phone router pbx phone'],
  ['analog-phone', 'sip-phone', 1, 'gateway', 'ata', [1, 0], 'phone ata router pbx phone'],
  ['mobile-network', 'ip-pbx-asterisk', 1, 'gateway', 'gsm-gateway', [0, 0], 'provider gateway router pbx'],
  ['mobile-network', 'analog-phone', 1, 'gateway', 'gsm-terminal', [1, 0], 'provider gateway phone'],
  [
    'wall-jack',
    'mobile-network',
    1,
    'gateway',
    'fxo-gateway',
    [0, 1],
    'pstn gateway router pbx gateway provider',
  ],
  ['digital-handset', 'ip-pbx-3cx', 1, 'not-analog', null, [0, 0], 'phone pbx'],
  ['intercom-bus', 'ip-pbx-asterisk', 1, 'not-analog', null, [0, 0], 'intercom pbx'],
  ['analog-phone', 'internet-router', 1, 'gateway', 'ata', [1, 0], 'phone ata router'],
  ['3cx', 'analog-phone', 1, 'gateway', 'ata', [1, 0], 'pbx router ata phone'],
  ['sip-trunk', 'pbx-co-port', 4, 'gateway', 'fxs-gateway', [4, 0], 'provider router gateway pbx'],
];

describe('advise: the pair table', () => {
  it('covers at least 40 pairs', () => expect(TABLE.length).toBeGreaterThanOrEqual(40));

  it.each(TABLE)('%s → %s ×%i: %s, %s', (from, to, count, verdict, cls, [fxs, fxo], roles) => {
    const a = advise(model, devices, from, to, count);
    expect(a.verdict).toBe(verdict);
    expect(a.deviceClass).toBe(cls);
    expect(a.ports).toEqual({ fxs, fxo });
    expect(a.nodes.map((n) => n.role).join(' ')).toBe(roles);
    expect(a.links).toHaveLength(a.nodes.length - 1);
    expect(a.pathText.split(' → ')).toHaveLength(a.nodes.length + a.links.length);
    expect(a.summary.length).toBeGreaterThan(40);
  });

  it('every generated diagram passes the diagram checks (parse, roles, Graphviz layout, no warnings)', async () => {
    const sources = TABLE.map(([from, to, count], i) => {
      const a = advise(model, devices, from, to, count);
      return { id: a.diagramId, dot: a.dot, file: `advise-${i}.dot` };
    });
    expect(await checkDiagrams(sources)).toEqual([]);
  });

  it('renders a diagram to PNG with the edge roles of its path', async () => {
    const a = advise(model, devices, 'wall-jack', 'ip-pbx-asterisk', 1);
    const r = await new DiagramRenderer().render({ id: a.diagramId, dot: a.dot, file: 'advise.dot' });
    expect(r.png.subarray(1, 4).toString()).toBe('PNG');
    expect(a.dot).toMatch(/n0 -> n1 \[role=fxo/);
    const odd = advise(model, devices, 'analog-phone', 'analog-phone');
    expect(odd.dot).toMatch(/n0 -> n2 \[role=wrong/);
  });
});

describe('advise: what it says', () => {
  it('analog phone → Asterisk reads hop by hop', () => {
    const a = advise(model, devices, 'analog-phone', 'asterisk');
    expect(a.pathText).toMatch(
      /^Analog phone → RJ11 → FXS port of ATA .* → Ethernet → Router \/ LAN switch → LAN → Asterisk\/FreePBX$/,
    );
  });

  it('24 phones get one 24-port FXS gateway, not 12 ATAs, with exact-port examples current first', () => {
    const a = advise(model, devices, 'analog-phone', 'ip-pbx-asterisk', 24);
    const eq = a.equipment[0]!;
    expect([eq.size, eq.units]).toEqual([24, 1]);
    expect(a.summary).toMatch(/not 12 two-port ATAs/);
    expect(eq.examples.length).toBeGreaterThan(0);
    for (const d of eq.examples) expect([d.fxs, d.fxo, d.exact]).toEqual([24, 0, true]);
    expect(eq.examples[0]!.status).toBe('current');
    expect(eq.alternatives.join(' ')).toMatch(/channel bank/);
  });

  it('100 phones: one high-density gateway; beyond the largest one, several of it', () => {
    const one = advise(model, devices, 'analog-phone', 'ip-pbx-asterisk', 100).equipment[0]!;
    expect(one.units).toBe(1);
    expect(one.size).toBeGreaterThanOrEqual(100);
    expect(one.examples.every((d) => d.fxs === one.size && d.fxo === 0)).toBe(true);
    const eq = advise(model, devices, 'analog-phone', 'ip-pbx-asterisk', 1000).equipment[0]!;
    expect(eq.size * eq.units).toBeGreaterThanOrEqual(1000);
    expect(eq.units).toBeGreaterThan(1);
    expect(eq.label).toMatch(new RegExp(`^${eq.units} × ${eq.size}-port FXS gateways$`));
  });

  it('examples: current models first, retired ones marked with their successor', () => {
    const eq = advise(model, devices, 'analog-phone', 'sip-trunk', 1).equipment[0]!;
    const statuses = eq.examples.map((d) => d.status);
    expect(statuses[0]).toBe('current');
    expect(statuses.indexOf('current')).toBeLessThan(statuses.findIndex((s) => s !== 'current'));
    const retired = eq.examples.find((d) => d.successor);
    expect(retired).toBeDefined();
    expect(describeExample(retired!)).toMatch(/successor: /);
  });

  it('a fax prefers T.38 examples and warns about T.38 / G.711', () => {
    const a = advise(model, devices, 'fax', 'sip-trunk');
    expect(a.warnings.map((w) => w.id)).toContain('fax-t38');
    const current = a.equipment[0]!.examples.filter((d) => d.status === 'current');
    expect(current[0]?.t38).toBe(true);
  });

  it('one landline into a PBX: a device with an FXO port, marked when it also has FXS ports', () => {
    const eq = advise(model, devices, 'wall-jack', 'ip-pbx-asterisk').equipment[0]!;
    expect(eq.examples.every((d) => d.fxo === 1)).toBe(true);
    const mixed = eq.examples.find((d) => !d.exact);
    if (mixed) expect(describeExample(mixed)).toMatch(/1 FXS \+ 1 FXO/);
    expect(eq.alternatives.join(' ')).toMatch(/FXO card/);
  });

  it('warnings where they apply: house wiring and 911 on a VoIP line, none of them on a plain landline', () => {
    const voip = advise(model, devices, 'analog-phone', 'sip-trunk').warnings.map((w) => w.id);
    expect(voip).toEqual(expect.arrayContaining(['disconnect-telco', 'emergency-power']));
    const copper = advise(model, devices, 'analog-phone', 'wall-jack').warnings.map((w) => w.id);
    expect(copper).not.toContain('disconnect-telco');
    expect(advise(model, devices, 'analog-phone', 'wall-jack', 3).warnings.map((w) => w.id)).toContain('ren');
    expect(advise(model, devices, 'mobile-network', 'analog-phone').warnings.map((w) => w.id)).not.toContain(
      'emergency-power',
    );
  });

  it('phone to phone: explains the missing battery and gives the fix', () => {
    const a = advise(model, devices, 'analog-phone', 'analog-phone');
    expect(a.summary).toMatch(/cannot call each other/);
    expect(a.fix).toMatch(/line simulator/);
    expect(a.equipment[0]!.examples.every((d) => d.fxs === 2)).toBe(true);
  });

  it('line to line: never FXS to FXS, with the CO-port fix for a PBX extension', () => {
    const a = advise(model, devices, 'wall-jack', 'pbx-extension');
    expect(a.warnings.map((w) => w.id)).toContain('fxs-fxs');
    expect(a.fix).toMatch(/CO-line \(trunk\) port/);
  });

  it('digital handsets and intercom buses are not analog lines', () => {
    const a = advise(model, devices, 'digital-handset', 'ip-pbx-3cx');
    expect(a.summary).toMatch(/not an analog line/);
    expect(a.fix).toMatch(/SIP phone/);
    expect(a.warnings.map((w) => w.id)).toContain('proprietary-bus');
  });

  it('the college analog intercom → 3CX: an FXS port for its telephone interface, and the bus caveat', () => {
    const a = advise(model, devices, 'college intercom', '3cx');
    expect(a.pathText).toMatch(/^Analog intercom \/ PA system → RJ11 → FXS port of ATA/);
    expect(a.summary).toMatch(/telephone interface/);
    expect(a.warnings.map((w) => w.id)).toContain('proprietary-bus');
    expect(a.equipment[0]!.alternatives).toEqual([]); // 3CX takes no telephony cards
  });

  it('rejects unknown endpoints and bad counts', () => {
    expect(() => advise(model, devices, 'toaster', 'asterisk')).toThrow(UnknownEndpointError);
    expect(() => advise(model, devices, 'fax', 'asterisk', 0)).toThrow(RangeError);
    expect(() => advise(model, devices, 'fax', 'asterisk', 1.5)).toThrow(RangeError);
  });
});
