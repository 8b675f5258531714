/** SQLite-only behaviour (the file, WAL, migrations, hashed voters); the shared behaviour is in contract.test.ts. */
import Database from 'better-sqlite3';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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
