/**
 * The long-running modes as an operator (Docker, systemd) sees them: a failed start exits
 * non-zero within seconds with one clear line; a fresh install hot-reloads hand edits at once.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Closers, startupFailure } from '../../src/bin/lifecycle.js';
import { FXO_TOPIC, topic, writeKb } from '../support/tmp-kb.js';
import { freePort } from '../support/free-port.js';

const CLI = path.resolve('dist/bin/cli.js');
const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz012345';
const FXO = FXO_TOPIC;

let knowledge = '';
let busy: Server;
let busyPort = 0;
beforeAll(async () => {
  knowledge = await writeKb({ 'topics/basics/fxs.md': topic() }); // small: starts fast
  busy = createServer().listen(0, '0.0.0.0');
  await once(busy, 'listening');
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(() => {
  busy.close();
});

/** Starts `dialtone args`; resolves with the exit code and output (or kills it after `ms`). */
function start(args: string[], env: Record<string, string>, until?: (out: string) => boolean) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', KNOWLEDGE_DIR: knowledge, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const seen = new Promise<void>((resolve) => {
    const on = (d: Buffer): void => {
      out += d.toString();
      if (until?.(out)) resolve();
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, output: () => out, seen, exited };
}

const STACK = /^\s+at /m;

describe('a failed start', () => {
  it('exits 1 within seconds with one line when the web port is taken', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dialtone-life-'));
    const p = start(['serve'], { HTTP_PORT: String(busyPort), DATA_DIR: dataDir });
    const timer = setTimeout(() => p.child.kill('SIGKILL'), 20_000);
    const code = await p.exited;
    clearTimeout(timer);
    expect(code).toBe(1);
    expect(p.output()).toMatch(new RegExp(`cannot start: port ${busyPort} is already in use`));
    expect(p.output()).not.toMatch(STACK);
  });

  it('exits 1 when Discord cannot be reached, closing the web server it had started', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dialtone-life-'));
    const free = createServer().listen(0, '127.0.0.1');
    await once(free, 'listening');
    const closedPort = (free.address() as { port: number }).port;
    free.close(); // nothing listens there now: connection refused
    const p = start([], {
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_BASE: `http://127.0.0.1:${closedPort}/api`,
      HTTP_PORT: String(await freePort()),
      DATA_DIR: dataDir,
    });
    const timer = setTimeout(() => p.child.kill('SIGKILL'), 20_000);
    const code = await p.exited;
    clearTimeout(timer);
    expect(code).toBe(1);
    expect(p.output()).toMatch(/cannot start: cannot reach Discord \(ECONNREFUSED\)/);
    expect(p.output()).not.toMatch(STACK);
  });
});

describe('dialtone service (the Docker default)', () => {
  it('serves the web pages when there is no token, and stays up', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dialtone-svc-'));
    const p = start(['service'], { HTTP_PORT: String(port), DATA_DIR: dataDir }, (out) =>
      /web server listening|cannot start/.test(out),
    );
    try {
      await p.seen;
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(p.child.exitCode).toBeNull();
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    } finally {
      p.child.kill('SIGKILL');
    }
  });
});

describe('a fresh install', () => {
  it('creates DATA_DIR, watches the overlay without warnings, and hot-reloads a hand edit', async () => {
    const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'dialtone-fresh-')), 'not', 'yet');
    const q = start(['serve'], { HTTP_PORT: String(await freePort()), DATA_DIR: dataDir }, (out) =>
      /web server listening/.test(out),
    );
    try {
      await q.seen;
      expect(q.output()).not.toMatch(/cannot watch/);
      const file = path.join(dataDir, 'knowledge', 'topics', 'basics', 'fxo.md');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, FXO);
      const end = Date.now() + 10_000;
      while (!/knowledge reloaded: added fxo/.test(q.output()) && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(q.output()).toMatch(/knowledge reloaded: added fxo/);
      q.child.kill('SIGTERM');
      expect(await q.exited).toBe(0);
    } finally {
      q.child.kill('SIGKILL');
    }
  });
});

describe('Closers', () => {
  it('closes newest first, goes on after a failure, and gives up after the timeout', async () => {
    const order: string[] = [];
    const c = new Closers();
    c.add('a', () => void order.push('a'));
    c.add('b', () => {
      throw new Error('b failed');
    });
    c.add('c', async () => void order.push('c'));
    expect(await c.closeAll()).toEqual(['b']);
    expect(order).toEqual(['c', 'a']);
    c.add('stuck', () => new Promise<void>(() => undefined));
    expect(await c.closeAll(50)).toEqual(['(timed out)']);
  });

  it('startupFailure names what to change', () => {
    const inUse = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
    expect(startupFailure(inUse, { httpPort: 8080 })).toMatch(/port 8080 is already in use.*HTTP_PORT/);
  });

  it('startupFailure explains an address this machine does not have (EADDRNOTAVAIL) in one line', async () => {
    // 192.0.2.1 is TEST-NET-1: documentation only, never on a local interface.
    const server = createServer();
    const err = await new Promise<unknown>((resolve) => {
      server.once('error', resolve);
      server.listen(0, '192.0.2.1', () => resolve(undefined));
    });
    server.close();
    expect((err as NodeJS.ErrnoException).code).toBe('EADDRNOTAVAIL');
    const line = startupFailure(err, { httpPort: 8080, httpHost: '192.0.2.1' });
    expect(line).toMatch(/cannot listen on 192\.0\.2\.1: .*HTTP_HOST/);
    expect(line).not.toContain('\n');
  });
});
