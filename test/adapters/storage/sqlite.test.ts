/** SQLite-only behaviour (the file, WAL, migrations, hashed voters); the shared behaviour is in contract.test.ts. */
import Database from 'better-sqlite3';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  MIGRATIONS,
  Store,
  normaliseQuestion,
  type QuestionEvent,
} from '../../../src/adapters/storage/sqlite.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const open: Store[] = [];
function store(file = ':memory:'): Store {
  const s = new Store(file, { now: () => NOW });
  open.push(s);
  return s;
}
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

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

async function tmpFile(): Promise<string> {
  return path.join(await mkdtemp(path.join(os.tmpdir(), 'dialtone-db-')), 'dialtone.db');
}

describe('Store', () => {
  it('creates a file database in WAL mode at the latest schema version', async () => {
    const file = await tmpFile();
    store(file).close();
    open.length = 0;
    const db = new Database(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
    // Reopening does not migrate again or lose the salt.
    const s = store(file);
    s.recordFeedback({ entryId: 'fxs', userId: 'u1', guildId: null, vote: 'up', at: daysAgo(0) });
    s.close();
    open.length = 0;
    const s2 = store(file);
    s2.recordFeedback({ entryId: 'fxs', userId: 'u1', guildId: null, vote: 'down', at: daysAgo(0) });
    expect(s2.stats(7).feedback).toEqual([{ entryId: 'fxs', up: 0, down: 1 }]);
  });

  it('upgrades a database from an older schema version, keeping its rows', async () => {
    const file = await tmpFile();
    const old = new Database(file);
    old.exec(MIGRATIONS[0]!);
    old.pragma('user_version = 1');
    old
      .prepare(
        `INSERT INTO questions (at, question, decision, confidence, entry_id, source, guild_id) VALUES (?, ?, 'none', 0.2, NULL, 'slash', NULL)`,
      )
      .run(daysAgo(1).toISOString(), 'What  IS a lifeline');
    old.close();
    const s = store(file);
    s.recordQuestion(q('what is a LIFELINE'));
    expect(s.misses(7)).toMatchObject([{ count: 2 }]);
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('refuses a database newer than the code', async () => {
    const file = await tmpFile();
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => new Store(file)).toThrow(/newer/);
  });

  it('normalises questions for grouping', () => {
    expect(normaliseQuestion(' A \t b\nC ')).toBe('a b c');
  });

  it('keeps one vote per user, entry and day, and stores the user only as a salted hash', async () => {
    const file = await tmpFile();
    const s = store(file);
    const vote = (userId: string, v: 'up' | 'down', at: Date) =>
      s.recordFeedback({ entryId: 'fxs', userId, guildId: 'g1', vote: v, at });
    vote('123456789012345678', 'up', new Date('2026-11-25T08:00:00Z'));
    vote('123456789012345678', 'down', new Date('2026-11-25T20:00:00Z'));
    vote('123456789012345678', 'up', new Date('2026-11-26T08:00:00Z'));
    vote('999', 'down', new Date('2026-11-26T09:00:00Z'));
    expect(s.stats(7).feedback).toEqual([{ entryId: 'fxs', up: 1, down: 2 }]);

    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT user_hash, day, vote FROM feedback ORDER BY at').all() as {
      user_hash: string;
      day: string;
      vote: string;
    }[];
    db.close();
    expect(rows.map((r) => [r.day, r.vote])).toEqual([
      ['2026-11-25', 'down'],
      ['2026-11-26', 'up'],
      ['2026-11-26', 'down'],
    ]);
    expect(rows[0]?.user_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.user_hash).toBe(rows[1]?.user_hash);
    expect(rows[0]?.user_hash).not.toBe(rows[2]?.user_hash);
    const { createHash } = await import('node:crypto');
    expect(rows[0]?.user_hash).not.toBe(createHash('sha256').update('123456789012345678').digest('hex'));
  });
});

describe('Store: questions are written in batches', () => {
  const count = (file: string): number => {
    const db = new Database(file, { readonly: true });
    const n = (db.prepare('SELECT COUNT(*) AS n FROM questions').get() as { n: number }).n;
    db.close();
    return n;
  };
  const rows = (file: string): unknown[] => {
    const db = new Database(file, { readonly: true });
    const all = db
      .prepare(
        'SELECT at, question, norm, decision, confidence, entry_id, suggestions, source, guild_id FROM questions ORDER BY id',
      )
      .all();
    db.close();
    return all;
  };
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes every row, in order, exactly as one write per question does', async () => {
    const batched = await tmpFile();
    const single = await tmpFile();
    const a = new Store(batched, { now: () => NOW, maxBatch: 64 });
    const b = new Store(single, { now: () => NOW, batchMs: 0 });
    for (let i = 0; i < 1000; i++) {
      const e = q(`question ${i}?`, {
        decision: i % 3 === 0 ? 'answer' : 'suggest',
        confidence: i / 1000,
        entryId: i % 3 === 0 ? 'fxs' : null,
        suggestions: i % 2 ? ['fxs', 'fxo'] : undefined,
        at: new Date(NOW.getTime() - i * 1000),
      });
      a.recordQuestion(e);
      b.recordQuestion(e);
    }
    a.close();
    b.close();
    expect(count(batched)).toBe(1000);
    expect(rows(batched)).toEqual(rows(single));
  });

  it('writes a batch within batchMs, or at once when it reaches maxBatch', async () => {
    vi.useFakeTimers();
    const file = await tmpFile();
    const s = store(file);
    s.recordQuestion(q('one'));
    s.recordQuestion(q('two'));
    expect(count(file)).toBe(0);
    vi.advanceTimersByTime(100);
    expect(count(file)).toBe(2);

    const small = await tmpFile();
    const t = new Store(small, { maxBatch: 3 });
    open.push(t);
    for (const x of ['a', 'b', 'c', 'd']) t.recordQuestion(q(x));
    expect(count(small)).toBe(3);
    vi.advanceTimersByTime(100);
    expect(count(small)).toBe(4);
  });

  it('reads see the questions not yet written', () => {
    const s = store();
    s.recordQuestion(q('why no dial tone?'));
    s.recordQuestion(q('what is an fxs port', { decision: 'answer', confidence: 0.9, entryId: 'fxs' }));
    expect(s.stats(7)).toMatchObject({ questions: 2, answered: 1 });
    s.recordQuestion(q('Why no dial tone'));
    expect(s.misses(7)).toEqual([expect.objectContaining({ question: 'Why no dial tone', count: 2 })]);
    s.recordQuestion(q('asked long ago', { at: daysAgo(40) }));
    expect(s.prune(30)).toBe(1);
  });

  it('writes what is waiting on close (shutdown)', async () => {
    const file = await tmpFile();
    const s = new Store(file, { batchMs: 60_000 });
    s.recordQuestion(q('last words'));
    expect(count(file)).toBe(0);
    s.close();
    s.close(); // a second close is harmless
    expect(count(file)).toBe(1);
  });

  it('a row that cannot be written costs only itself, and is reported', async () => {
    const file = await tmpFile();
    const errors: unknown[] = [];
    const s = new Store(file, { onWriteError: (err) => errors.push(err) });
    s.recordQuestion(q('good one'));
    s.recordQuestion(q('bad one', { decision: 'maybe' as QuestionEvent['decision'] }));
    s.recordQuestion(q('good two'));
    s.close();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/CHECK constraint/);
    expect((rows(file) as { question: string }[]).map((r) => r.question)).toEqual(['good one', 'good two']);
  });
});
