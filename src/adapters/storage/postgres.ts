/**
 * The shared store on PostgreSQL (`DATABASE_URL=postgres://…`): the same questions, votes and
 * audit trail as the SQLite store, plus the moderators' overlay files, so bots on several hosts
 * share one state. A change to the overlay is announced with NOTIFY on `dialtone_overlay`; every
 * other store instance LISTENs and tells its host to pull the files and reload.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  questionValues,
  type AuditEvent,
  type AuditRecord,
  type FeedbackEvent,
  type Miss,
  type QuestionEvent,
  type Stats,
  type StoreOptions,
} from './sqlite.js';
import { redactUrl, type OverlayFile, type SharedOverlay, type Storage } from './store.js';

/** Schema migrations, in order; `meta.schema_version` is the number applied. Append only. */
export const PG_MIGRATIONS: readonly string[] = [
  `CREATE TABLE questions (
     id BIGSERIAL PRIMARY KEY,
     at TIMESTAMPTZ NOT NULL,
     question TEXT NOT NULL,
     norm TEXT NOT NULL,
     decision TEXT NOT NULL CHECK (decision IN ('answer', 'suggest', 'none')),
     confidence DOUBLE PRECISION NOT NULL,
     entry_id TEXT,
     suggestions TEXT,
     source TEXT NOT NULL,
     guild_id TEXT
   );
   CREATE INDEX questions_at ON questions (at);
   CREATE INDEX questions_norm ON questions (decision, norm);
   CREATE TABLE feedback (
     entry_id TEXT NOT NULL,
     user_hash TEXT NOT NULL,
     day TEXT NOT NULL,
     guild_id TEXT,
     vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
     at TIMESTAMPTZ NOT NULL,
     PRIMARY KEY (entry_id, user_hash, day)
   );
   CREATE TABLE audit (
     id BIGSERIAL PRIMARY KEY,
     at TIMESTAMPTZ NOT NULL,
     action TEXT NOT NULL,
     entry_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     user_name TEXT NOT NULL,
     before TEXT,
     after TEXT
   );
   CREATE INDEX audit_entry ON audit (entry_id, at);
   CREATE TABLE overlay_files (
     path TEXT PRIMARY KEY,
     text TEXT NOT NULL,
     updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
   );`,
];

const CHANNEL = 'dialtone_overlay';
/** Any constant: the advisory lock that lets one host at a time migrate. */
const MIGRATION_LOCK = 7_042_026;
const DAY_MS = 86_400_000;
/** Wait before listening again after the connection was lost. */
const RELISTEN_MS = 1000;

async function listen(client: pg.Client): Promise<void> {
  client.on('error', () => undefined); // a lost connection also ends it: see PgStore#watch
  await client.connect();
  await client.query(`LISTEN ${CHANNEL}`);
}

/** A DATABASE_URL that PostgreSQL refused or could not be reached; never shows the password. */
export class DatabaseError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';
  constructor(url: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`cannot use DATABASE_URL (${redactUrl(url)}): ${reason}`);
    this.name = 'DatabaseError';
  }
}

/** The PostgreSQL store; open it with `PgStore.open(url)`. One instance per process. */
export class PgStore implements Storage {
  readonly kind = 'postgres';
  readonly overlay: SharedOverlay;
  /** Tells this instance's own notifications from other hosts'. */
  private readonly origin = randomUUID();
  private readonly listeners: (() => void)[] = [];
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private listener: pg.Client,
    private readonly url: string,
    private readonly salt: string,
    private readonly now: () => Date,
  ) {
    this.watch(listener);
    this.overlay = {
      files: () => this.overlayFiles(),
      apply: (changes) => this.applyOverlay(changes),
      onChange: (l) => void this.listeners.push(l),
    };
  }

  /** Connects, migrates (one host at a time) and starts listening for overlay changes. */
  static async open(url: string, options: StoreOptions = {}): Promise<PgStore> {
    const pool = new pg.Pool({ connectionString: url, max: 5 });
    pool.on('error', () => undefined); // an idle client's error surfaces on its next query
    const listener = new pg.Client({ connectionString: url });
    try {
      await migratePg(pool, PG_MIGRATIONS);
      await pool.query(`INSERT INTO meta (key, value) VALUES ('salt', $1) ON CONFLICT (key) DO NOTHING`, [
        randomBytes(32).toString('hex'),
      ]);
      const salt = (await pool.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'salt'`)).rows[0]!
        .value;
      await listen(listener);
      return new PgStore(pool, listener, url, salt, options.now ?? (() => new Date()));
    } catch (err) {
      await Promise.allSettled([pool.end(), listener.end()]);
      throw new DatabaseError(url, err);
    }
  }

  async recordQuestion(e: QuestionEvent): Promise<void> {
    await this.pool.query(
      `INSERT INTO questions (at, question, norm, decision, confidence, entry_id, suggestions, source, guild_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      questionValues(e, e.at ?? this.now()),
    );
  }

  async recordFeedback(f: FeedbackEvent): Promise<void> {
    const at = f.at ?? this.now();
    await this.pool.query(
      `INSERT INTO feedback (entry_id, user_hash, day, guild_id, vote, at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (entry_id, user_hash, day)
       DO UPDATE SET vote = excluded.vote, at = excluded.at, guild_id = excluded.guild_id`,
      [f.entryId, this.hashUser(f.userId), at.toISOString().slice(0, 10), f.guildId, f.vote, at],
    );
  }

  async misses(sinceDays: number, limit = 10): Promise<Miss[]> {
    const { rows } = await this.pool.query<{
      question: string;
      count: number;
      last_at: Date;
      best_guess: string | null;
      best_confidence: number;
    }>(
      `WITH recent AS (SELECT * FROM questions WHERE decision <> 'answer' AND at >= $1),
       groups AS (
         SELECT norm, COUNT(*)::int AS count, MAX(at) AS last_at, MAX(confidence) AS max_confidence
         FROM recent GROUP BY norm
       ),
       latest AS (SELECT DISTINCT ON (norm) norm, question FROM recent ORDER BY norm, id DESC),
       best AS (
         SELECT DISTINCT ON (norm) norm, entry_id, confidence FROM recent WHERE entry_id IS NOT NULL
         ORDER BY norm, confidence DESC, id DESC
       )
       SELECT latest.question, groups.count, groups.last_at, best.entry_id AS best_guess,
              COALESCE(best.confidence, groups.max_confidence) AS best_confidence
       FROM groups JOIN latest USING (norm) LEFT JOIN best USING (norm)
       ORDER BY groups.count DESC, groups.last_at DESC
       LIMIT $2`,
      [this.since(sinceDays), limit],
    );
    return rows.map((r) => ({
      question: r.question,
      count: r.count,
      lastAt: r.last_at.toISOString(),
      bestGuess: r.best_guess,
      bestConfidence: r.best_confidence,
    }));
  }

  async stats(sinceDays: number): Promise<Stats> {
    const since = this.since(sinceDays);
    const totals = (
      await this.pool.query<{ questions: number; answered: number }>(
        `SELECT COUNT(*)::int AS questions, (COUNT(*) FILTER (WHERE decision = 'answer'))::int AS answered
         FROM questions WHERE at >= $1`,
        [since],
      )
    ).rows[0] ?? { questions: 0, answered: 0 };
    const topTopics = (
      await this.pool.query<{ entryId: string; count: number }>(
        `SELECT entry_id AS "entryId", COUNT(*)::int AS count FROM questions
         WHERE at >= $1 AND decision = 'answer' AND entry_id IS NOT NULL
         GROUP BY entry_id ORDER BY count DESC, entry_id COLLATE "C" LIMIT 10`,
        [since],
      )
    ).rows;
    const feedback = (
      await this.pool.query<{ entryId: string; up: number; down: number }>(
        `SELECT entry_id AS "entryId", (COUNT(*) FILTER (WHERE vote = 'up'))::int AS up,
                (COUNT(*) FILTER (WHERE vote = 'down'))::int AS down
         FROM feedback WHERE at >= $1 GROUP BY entry_id
         ORDER BY COUNT(*) DESC, down DESC, entry_id COLLATE "C"`,
        [since],
      )
    ).rows;
    return {
      questions: totals.questions,
      answered: totals.answered,
      answerRate: totals.questions ? totals.answered / totals.questions : 0,
      topTopics,
      feedback,
    };
  }

  async audit(e: AuditEvent): Promise<void> {
    await this.pool.query(
      `INSERT INTO audit (at, action, entry_id, user_id, user_name, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [e.at ?? this.now(), e.action, e.entryId, e.userId, e.userName, e.before, e.after],
    );
  }

  async history(entryId: string, limit = 10): Promise<AuditRecord[]> {
    const { rows } = await this.pool.query<Omit<AuditRecord, 'at'> & { at: Date }>(
      `SELECT action, entry_id AS "entryId", user_id AS "userId", user_name AS "userName", before, after, at
       FROM audit WHERE entry_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
      [entryId, limit],
    );
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  }

  async prune(keepDays: number): Promise<number> {
    const since = this.since(keepDays);
    return this.transaction(async (c) => {
      const q = await c.query('DELETE FROM questions WHERE at < $1', [since]);
      const f = await c.query('DELETE FROM feedback WHERE at < $1', [since]);
      return (q.rowCount ?? 0) + (f.rowCount ?? 0);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([this.listener.end(), this.pool.end()]);
  }

  /**
   * Passes other hosts' notifications on; when the listening connection is lost (a database
   * restart), connects again, and tells the listeners once, since changes may have been missed.
   */
  private watch(client: pg.Client): void {
    client.on('notification', (n) => {
      if (n.channel === CHANNEL && n.payload !== this.origin) this.notify();
    });
    let lost = false;
    const reconnect = (): void => {
      if (lost || this.closed) return;
      lost = true;
      void client.end().catch(() => undefined);
      const retry = async (): Promise<void> => {
        if (this.closed) return;
        const next = new pg.Client({ connectionString: this.url });
        try {
          await listen(next);
          this.listener = next;
          this.watch(next);
          this.notify();
        } catch {
          await next.end().catch(() => undefined);
          setTimeout(() => void retry(), RELISTEN_MS).unref();
        }
      };
      setTimeout(() => void retry(), RELISTEN_MS).unref();
    };
    client.on('error', reconnect);
    client.on('end', reconnect);
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }

  private async overlayFiles(): Promise<OverlayFile[]> {
    const { rows } = await this.pool.query<OverlayFile>(
      `SELECT path, text FROM overlay_files ORDER BY path COLLATE "C"`,
    );
    return rows;
  }

  private async applyOverlay(changes: { put: OverlayFile[]; remove: string[] }): Promise<void> {
    if (!changes.put.length && !changes.remove.length) return;
    await this.transaction(async (c) => {
      for (const f of changes.put) {
        await c.query(
          `INSERT INTO overlay_files (path, text, updated_at) VALUES ($1, $2, now())
           ON CONFLICT (path) DO UPDATE SET text = excluded.text, updated_at = now()`,
          [f.path, f.text],
        );
      }
      if (changes.remove.length)
        await c.query(`DELETE FROM overlay_files WHERE path = ANY($1)`, [changes.remove]);
      // Delivered to the listeners when the transaction commits, and only then.
      await c.query(`SELECT pg_notify($1, $2)`, [CHANNEL, this.origin]);
    });
  }

  private async transaction<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const result = await fn(c);
      await c.query('COMMIT');
      return result;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  }

  private since(days: number): Date {
    return new Date(this.now().getTime() - days * DAY_MS);
  }

  private hashUser(userId: string): string {
    return createHash('sha256').update(`${this.salt}:${userId}`).digest('hex');
  }
}

/**
 * Applies the migrations after `meta.schema_version`, all in one transaction holding an advisory
 * lock, so hosts starting together migrate once. Refuses a database newer than this code.
 */
export async function migratePg(pool: pg.Pool, migrations: readonly string[]): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await c.query(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
    const row = (await c.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'schema_version'`))
      .rows[0];
    const version = Number(row?.value ?? 0);
    if (version > migrations.length) {
      throw new Error(
        `database schema version ${version} is newer than this Dialtone (${migrations.length})`,
      );
    }
    for (const sql of migrations.slice(version)) await c.query(sql);
    await c.query(
      `INSERT INTO meta (key, value) VALUES ('schema_version', $1)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [String(migrations.length)],
    );
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}
