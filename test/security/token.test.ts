/**
 * The bot token never leaks. The built CLI runs as an operator runs it, with a canary
 * DISCORD_TOKEN and LOG_LEVEL=debug (the most output, stacks included), through every error path
 * we can reach from outside: Discord refusing the token, Discord unreachable, a bad setting next
 * to the token, deploy-commands failing, and — connected — REST 500s on every retry, an expired
 * interaction, a malformed gateway payload, a fatal gateway close (4004) and shutdown. All of
 * stdout and stderr is searched for the canary and for its secret part. Each run starts the
 * whole service (knowledge, matcher training), hence the long per-test timeouts.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { snowflake } from '../support/fake-discord/snowflake.js';
import { FakeDiscord } from '../support/fake-discord/index.js';

const SECRET = randomBytes(27).toString('base64url'); // the HMAC part of a real token
const CANARY = `${Buffer.from(snowflake()).toString('base64url')}.GcAnry.${SECRET}`;
const CLI = path.resolve('dist/bin/cli.js');
const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;

interface Run {
  output: () => string;
  exited: Promise<number | null>;
  kill: () => void;
}

function run(args: string[], env: Record<string, string>): Run {
  let output = '';
  const child = spawn(process.execPath, [CLI, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'dialtone-canary-')),
      HTTP_PORT: '0',
      LOG_LEVEL: 'debug',
      DISCORD_TOKEN: CANARY,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    output: () => output,
    exited,
    kill: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
  };
}

async function waitFor(r: Run, pattern: RegExp, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pattern.test(r.output())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${pattern}; output:\n${r.output()}`);
    await sleep(50);
  }
}

function expectNoCanary(output: string): void {
  expect(output.length).toBeGreaterThan(0);
  expect(output).not.toContain(CANARY);
  expect(output).not.toContain(SECRET);
  expect(output).not.toContain(SECRET.slice(0, 16));
}

const fakes: FakeDiscord[] = [];
afterAll(async () => {
  for (const f of fakes) await f.stop();
});

describe('a canary DISCORD_TOKEN never appears in any output', () => {
  it('Discord refuses the token (401 at login): exit 1, one line, no token', async () => {
    const fake = await new FakeDiscord().start(); // expects another token
    fakes.push(fake);
    const r = run(['bot'], { DISCORD_API_BASE: fake.restBase });
    expect(await r.exited).toBe(1);
    expect(r.output()).toMatch(/refused DISCORD_TOKEN/);
    expectNoCanary(r.output());
    fake.takeViolations();
  }, 120_000);

  it('Discord unreachable: exit 1, no token', async () => {
    const r = run(['bot'], { DISCORD_API_BASE: 'http://127.0.0.1:9/api' });
    expect(await r.exited).toBe(1);
    expect(r.output()).toMatch(/cannot reach Discord|ECONNREFUSED|fetch failed/i);
    expectNoCanary(r.output());
  }, 120_000);

  it('a bad setting next to the token: the config error names the setting, not the token', async () => {
    const r = run(['bot'], { DISCORD_API_BASE: 'not a url', HTTP_PORT: 'eighty' });
    expect(await r.exited).not.toBe(0);
    expectNoCanary(r.output());
  }, 120_000);

  it('deploy-commands refused by Discord: no token', async () => {
    const fake = await new FakeDiscord().start();
    fakes.push(fake);
    const r = run(['deploy-commands'], { DISCORD_API_BASE: fake.restBase, DISCORD_GUILD_ID: fake.guildId });
    expect(await r.exited).not.toBe(0);
    expectNoCanary(r.output());
    fake.takeViolations();
  }, 120_000);

  it('connected: REST 500s, an expired interaction, a malformed payload, a fatal close and shutdown', async () => {
    const fake = await new FakeDiscord({ token: CANARY }).start();
    fakes.push(fake);
    const r = run(['bot'], { DISCORD_API_BASE: fake.restBase });
    try {
      await waitFor(r, /connected to Discord/);
      // A handler error after 4 failed attempts (3 retries), then the apology.
      for (let n = 0; n < 4; n++)
        fake.failNext('POST', CALLBACK, 500, { code: 0, message: '500: Internal Server Error' });
      const failed = fake.slashCommand('ask', [{ name: 'question', type: 3, value: 'what is fxs' }]);
      await waitFor(r, /interaction handler failed/);
      await failed.callback;
      // An interaction Discord already gave up on.
      const late = fake.slashCommand('ask', [{ name: 'question', type: 3, value: 'what is fxo' }]);
      fake.expire(late);
      await waitFor(r, /interaction expired/);
      // A gateway payload discord.js cannot digest (no entitlements): must not crash the process.
      fake.dispatch('INTERACTION_CREATE', { id: snowflake(), type: 2, token: 'x', data: { name: 'ask' } });
      await sleep(300);
      let gone = false;
      void r.exited.then(() => (gone = true));
      await sleep(0);
      expect(gone).toBe(false);
      // Discord closes with "authentication failed".
      fake.kick(4004);
      await sleep(500);
    } finally {
      r.kill();
    }
    await r.exited;
    expectNoCanary(r.output());
    fake.takeViolations();
  }, 120_000);
});
