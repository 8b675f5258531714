/**
 * `dialtone bot --shards auto` as an operator runs it: the manager asks (fake) Discord for the
 * shard count (2), forks one `dialtone bot` per shard, each IDENTIFYs with its `shard` field and
 * gets only its own guilds' events. A question in the guild (shard 1) and one in a DM (shard 0)
 * are each answered once, by the right shard; a moderator's edit on shard 1 reaches shard 0; the
 * stats add up both shards. Kept short: one run of the whole thing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseShardList, parseShards } from '../../src/bin/shards.js';
import { sumStats } from '../../src/bin/shard-child.js';
import { FakeDiscord } from '../support/fake-discord/index.js';
import { FXO_TOPIC, topic, writeKb } from '../support/tmp-kb.js';
import { shardOf } from '../support/fake-discord/gateway.js';
import { freePort } from '../support/free-port.js';

let fake: FakeDiscord;
let manager: ChildProcess;
let output = '';
let port = 0;

async function waitFor(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; output:\n${output.slice(-4000)}`);
    await sleep(50);
  }
}

type Handle = ReturnType<FakeDiscord['slashCommand']>;
/** The reply as members finally see it (an immediate answer, or the deferred one once edited). */
async function reply(h: Handle): Promise<string> {
  const cb = await h.callback;
  return JSON.stringify(cb.body.type === 4 ? cb.body.data : await h.settled(20_000));
}
/** Which shard's session received the interaction `id`. */
const receivedBy = (id: string): number[] =>
  [...fake.gateway.sessions.values()]
    .filter((s) => s.sent.some((p) => p.t === 'INTERACTION_CREATE' && p.d?.id === id))
    .map((s) => s.shard[0]);

beforeAll(async () => {
  // A world whose guild lands on shard 1 of 2, so both shards have work (DMs go to shard 0).
  do {
    // Three processes start on a shared 2-core machine: the 3-second deadline is tested elsewhere.
    fake = new FakeDiscord({ shards: 2, interactionDeadlineMs: 20_000 });
    if (shardOf(fake.guildId, 2) !== 1) await sleep(2);
  } while (shardOf(fake.guildId, 2) !== 1);
  await fake.start();
  port = await freePort();
  manager = spawn(
    process.execPath,
    [path.resolve('dist/bin/cli.js'), 'bot', '--shards', 'auto', '--shard-delay', '0'],
    {
      env: {
        PATH: process.env.PATH ?? '',
        DISCORD_TOKEN: fake.token,
        DISCORD_API_BASE: fake.restBase,
        HTTP_PORT: String(port),
        DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'dialtone-shards-')),
        // Two topics: three processes start quickly on a shared 2-core machine.
        KNOWLEDGE_DIR: await writeKb({ 'topics/basics/fxs.md': topic(), 'topics/basics/fxo.md': FXO_TOPIC }),
        MODERATOR_ROLE_IDS: fake.roles.moderators,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  manager.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  manager.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await waitFor(() => output.includes('all shards ready'), 'both shards to be ready', 80_000);
}, 90_000);

afterAll(async () => {
  if (manager.exitCode === null) {
    manager.kill('SIGTERM');
    await once(manager, 'exit');
  }
  await fake.stop();
});

describe('dialtone bot --shards', () => {
  it('parses its options', () => {
    expect(parseShards('auto')).toBe('auto');
    expect(parseShards('4')).toBe(4);
    expect(() => parseShards('0')).toThrow(/auto/);
    expect(parseShardList('0-2,5,1')).toEqual([0, 1, 2, 5]);
    expect(() => parseShardList('3-1')).toThrow(/bad range/);
    expect(
      sumStats([
        { shards: 1, guilds: 2, questions: 3, answered: 1 },
        { shards: 1, guilds: 1, questions: 1, answered: 1 },
      ]),
    ).toEqual({ shards: 2, guilds: 3, questions: 4, answered: 2 });
  });

  it('runs 2 shards that share the work and the knowledge, each event answered once by its shard', async () => {
    // Each shard identified with its own shard field; the guild is in shard 1's READY only.
    const identifies = fake.gateway.received.filter((p) => p.op === 2).map((p) => p.d.shard);
    expect(identifies).toEqual(
      expect.arrayContaining([
        [0, 2],
        [1, 2],
      ]),
    );
    const shards = [...fake.gateway.sessions.values()].map((s) => s.shard[0]).sort();
    expect(shards).toEqual([0, 1]);
    // The host's first shard serves the web pages.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    const inGuild = fake.slashCommand('ask', [{ name: 'question', type: 3, value: 'what is an FXS port' }]);
    expect(await reply(inGuild)).toMatch(/FXS/);
    expect(receivedBy(inGuild.id)).toEqual([1]);
    const inDm = fake.slashCommand('ask', [{ name: 'question', type: 3, value: 'what is an FXO port' }], {
      dm: true,
    });
    expect(await reply(inDm)).toMatch(/FXO/);
    expect(receivedBy(inDm.id)).toEqual([0]);

    // A moderator teaches a phrasing in the guild (shard 1); shard 0 is told to reload and
    // answers it in a DM at once.
    const phrase = 'zorblax quibbleflux wobble';
    const before = fake.slashCommand('ask', [{ name: 'question', type: 3, value: phrase }], { dm: true });
    expect(await reply(before)).not.toMatch(/What is an FXS port/);
    const teach = fake.slashCommand(
      'kb',
      [
        { name: 'topic', type: 3, value: 'fxs' },
        { name: 'question', type: 3, value: phrase },
      ],
      { subcommand: 'teach', member: 'moderator' },
    );
    expect(await reply(teach)).toMatch(/Added the phrasing/);
    expect(output).toMatch(/"shard":0[^\n]*another shard changed it/);
    const taught = fake.slashCommand('ask', [{ name: 'question', type: 3, value: phrase }], { dm: true });
    expect(await reply(taught)).toMatch(/What is an FXS port/);
    expect(receivedBy(taught.id)).toEqual([0]);

    // Stats add up both shards: 4 questions, 1 guild in all.
    const stats = fake.slashCommand('kb', [], { subcommand: 'stats', member: 'moderator' });
    expect(await reply(stats)).toMatch(/2 shards, 1 servers; since they started: 4 questions/);
    expect(fake.takeViolations()).toEqual([]);
  }, 90_000);

  it('stops every shard on SIGTERM', async () => {
    manager.kill('SIGTERM');
    const [code] = (await once(manager, 'exit')) as [number];
    expect(code).toBe(0);
    await waitFor(
      () => [...fake.gateway.sessions.values()].every((s) => s.ws === null),
      'the shards to disconnect',
      10_000,
    );
  });
});
