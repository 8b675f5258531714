/** `dialtone device find|compare`, run as users run them, on the shipped catalogue. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// The built command (`npm test` builds before vitest).
const CLI = path.resolve('dist/bin/cli.js');
const DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'dialtone-device-'));
vi.setConfig({ testTimeout: 300_000 });

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', DATA_DIR, HTTP_PORT: '0' },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Found {
  id: string;
  fxs?: number;
  fxo?: number;
  t38?: boolean;
  status: string;
  exact: boolean;
}

describe('dialtone device find', () => {
  it('--fxs 4 --t38: exact port matches first (even retired ones), then bigger ones, all with T.38', () => {
    const r = run(['device', 'find', '--fxs', '4', '--t38', '--json']);
    expect(r.code).toBe(0);
    const { query, devices } = JSON.parse(r.stdout) as { query: object; devices: Found[] };
    expect(query).toEqual({ fxs: 4, t38: true });
    expect(devices.every((d) => d.t38 === true && d.fxs! >= 4)).toBe(true);
    const firstInexact = devices.findIndex((d) => !d.exact);
    expect(firstInexact).toBeGreaterThan(0); // both kinds are in the catalogue
    const exact = devices.slice(0, firstInexact);
    expect(exact.every((d) => d.fxs === 4)).toBe(true);
    expect(exact[0]).toMatchObject({ id: 'grandstream-ht814', status: 'current' });
    // A retired exact match comes before a current device with more ports than asked.
    expect(exact.map((d) => d.id)).toContain('grandstream-ht704');
    expect(devices.slice(firstInexact).every((d) => !d.exact && d.fxs! > 4)).toBe(true);
  });

  it('prints the list as text, exact matches marked ✓ and current ones first', () => {
    const r = run(['device', 'find', '--fxs', '1', '--fxo', '1', '--t38', '--status', 'current']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Devices with 1 FXS, 1 FXO, T\.38 yes, current\n\n/);
    expect(r.stdout).toMatch(
      /^✓ Grandstream HT813 — 1 FXS, 1 FXO · current {2}\(\/devices\/grandstream-ht813\)$/m,
    );
    expect(r.stdout).not.toMatch(/discontinued|end-of-life/);
  });

  it('--no-lifeline and a port count that nothing has say so; a bad value exits 2', () => {
    const none = run(['device', 'find', '--fxs', '999', '--fxo', '999']);
    expect(none.code).toBe(0);
    expect(none.stdout.trim()).toBe('No device in the catalogue has 999 FXS, 999 FXO.');
    const noLifeline = JSON.parse(run(['device', 'find', '--fxo', '1', '--no-lifeline', '--json']).stdout);
    expect(noLifeline.query).toEqual({ fxo: 1, lifeline: false });
    expect(run(['device', 'find', '--fxs', 'two']).code).toBe(2);
    expect(run(['device', 'find', '--status', 'retired']).code).toBe(2);
  });
});

describe('dialtone device compare', () => {
  it('prints both devices named as people type them, side by side with the differences', () => {
    const r = run(['device', 'compare', 'pap2t', 'SPA-112']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Linksys PAP2T vs Cisco SPA112\n/);
    expect(r.stdout).toMatch(/^ {2}FXS \(phone\) ports +2 +2$/m);
    expect(r.stdout).toMatch(/^≠ T\.38 fax +unconfirmed +yes$/m);
    expect(r.stdout).toContain('Cards: /devices/linksys-pap2t · /devices/cisco-spa112');
  });

  it('--json gives the comparison with both ids', () => {
    const c = JSON.parse(run(['device', 'compare', 'spa112', 'grandstream-ht802', '--json']).stdout);
    expect(c.a).toEqual({ id: 'cisco-spa112', title: 'Cisco SPA112' });
    expect(c.b.id).toBe('grandstream-ht802');
    expect(c.rows.find((r: { label: string }) => r.label === 'FXS (phone) ports')).toMatchObject({
      a: '2',
      b: '2',
      same: true,
    });
  });

  it('an unknown device exits 1 naming it, with the close names when there are some', () => {
    const close = run(['device', 'compare', 'spa11', 'pap2t']);
    expect(close.code).toBe(1);
    expect(close.stdout).toBe('');
    expect(close.stderr).toMatch(
      /^dialtone: unknown device 'spa11'; did you mean: cisco-spa112 \(Cisco SPA112\)/,
    );
    const none = run(['device', 'compare', 'pap2t', 'toaster']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("dialtone: unknown device 'toaster'");
  });
});
