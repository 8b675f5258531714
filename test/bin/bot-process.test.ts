/**
 * `npm start` with DISCORD_TOKEN set, as an operator runs it: a separate process that reads its
 * configuration from the environment, connects to (fake) Discord, serves HTTP, and stops
 * cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/adapters/storage/sqlite.js';
import { FakeDiscord } from '../support/fake-discord/index.js';
import { freePort } from '../support/free-port.js';

let fake: FakeDiscord;
let child: ChildProcess;
let output = '';

async function waitFor(pattern: RegExp, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pattern.test(output)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${pattern}; output:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let port = 0;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dialtone-bot-'));
const DAY_MS = 86_400_000;

beforeAll(async () => {
  // Data from an earlier run: one question past the retention period, one within it.
  const store = new Store(path.join(dataDir, 'dialtone.db'));
  const base = { decision: 'none', confidence: 0, entryId: null, source: 'slash', guildId: null } as const;
  store.recordQuestion({ ...base, question: 'asked long ago', at: new Date(Date.now() - 40 * DAY_MS) });
  store.recordQuestion({ ...base, question: 'asked last week', at: new Date(Date.now() - 7 * DAY_MS) });
  store.close();
  fake = await new FakeDiscord().start();
  port = await freePort();
  child = spawn(process.execPath, [path.resolve('dist/bin/cli.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: fake.token,
      DISCORD_API_BASE: fake.restBase,
      HTTP_PORT: String(port),
      DATA_DIR: dataDir,
      RETENTION_DAYS: '30',
      PUBLIC_BASE_URL: 'https://dialtone.example.org',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await waitFor(/connected to Discord/);
});

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await fake.stop();
});

describe('the bot process', () => {
  it('connects with the token from the environment and answers /ask', async () => {
    const cb = await fake.slashCommand('ask', [{ name: 'question', type: 3, value: 'what is an fxo port' }])
      .callback;
    expect(cb.body.data.embeds[0].title).toMatch(/FXO/);
    expect(cb.body.data.embeds[0].url).toBe('https://dialtone.example.org/topics/fxo');
    expect(fake.takeViolations()).toEqual([]);
  });

  it('serves the web pages and reports ready once connected to Discord', async () => {
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    const api = (await (await fetch(`http://127.0.0.1:${port}/api/ask?q=what%20is%20fxs`)).json()) as {
      entry: { id: string };
    };
    expect(api.entry.id).toBe('fxs');
  });

  it('deletes questions older than RETENTION_DAYS at start-up', () => {
    const store = new Store(path.join(dataDir, 'dialtone.db'));
    const kept = store.misses(3650).map((m) => m.question);
    store.close();
    expect(kept).toContain('asked last week');
    expect(kept).not.toContain('asked long ago');
  });

  it('never logs the token', () => {
    expect(output).not.toContain(fake.token);
  });

  it('stops cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    if (code !== 0) console.error(output);
    expect(code).toBe(0);
    expect(output).toMatch(/shutting down/);
    // The question log is written in batches: the /ask above is in the database after the stop.
    const store = new Store(path.join(dataDir, 'dialtone.db'));
    const recorded = store.stats(1).questions;
    store.close();
    expect(recorded).toBe(1);
  });
});
