/** `dialtone wire` (alias `advise`) and free text routed to the advisor, run as users run them. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// The built command (`npm test` builds before vitest).
const CLI = path.resolve('dist/bin/cli.js');
const DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'dialtone-wire-'));
vi.setConfig({ testTimeout: 300_000 });

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', DATA_DIR, HTTP_PORT: '0' },
    timeout: 120_000, // a start that has to train the matcher (stale trained-model.json) takes ~20 s
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('dialtone wire', () => {
  it('prints the advice for two endpoints named as people write them', () => {
    const r = run(['wire', 'fax', 'asterisk']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Fax machine → Asterisk\/FreePBX\n/);
    expect(r.stdout).toContain('Path: Fax machine → RJ11 → FXS port of ATA');
    expect(r.stdout).toMatch(/Caution:\n {2}- .*T\.38/);
  });

  it('advise is the same command', () => {
    expect(run(['advise', 'fax', 'asterisk']).stdout).toBe(run(['wire', 'fax', 'asterisk']).stdout);
  });

  it('--count sizes the equipment; --json and --dot give the advice and its diagram', () => {
    const json = JSON.parse(
      run(['wire', 'analog-phone', 'ip-pbx-asterisk', '--count', '24', '--json']).stdout,
    );
    expect(json.deviceClass).toBe('fxs-gateway');
    expect(json.ports).toEqual({ fxs: 24, fxo: 0 });
    expect(run(['wire', 'fax', '3cx', '--dot']).stdout).toMatch(/^digraph \w+ \{/);
  });

  it('an unknown endpoint or a bad count exits 2 saying why', () => {
    const unknown = run(['wire', 'toaster', '3cx']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown endpoint 'toaster'; known endpoints: analog-phone, /);
    const count = run(['wire', 'fax', '3cx', '--count', '0']);
    expect(count.code).toBe(2);
    expect(count.stderr).toContain('a whole number from 1 to 1000');
  });
});

describe('dialtone ask: free text routed', () => {
  it('"how do I connect my fax to asterisk" answers with the advice, its page as the entry id', () => {
    const json = JSON.parse(run(['ask', '--json', 'how do I connect my fax to asterisk']).stdout);
    expect(json.status).toBe('answer');
    expect(json.entry).toMatchObject({
      id: 'wire/fax/ip-pbx-asterisk',
      title: 'Fax machine → Asterisk/FreePBX',
    });
    expect(run(['ask', 'how do I connect my fax to asterisk']).stdout).toContain(
      'Diagram: /wire/fax/ip-pbx-asterisk on the web server',
    );
  });
});
