/**
 * Dialtone's own small database (`DATA_DIR/dialtone.db`): the questions people put to the bot,
 * their votes, and the moderators' audit trail — what moderators need to improve the knowledge,
 * and no more. No user ids are kept with questions; voters are kept only as salted hashes.
 */
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import type { AuditEvent, AuditRecord, FeedbackEvent, Miss, QuestionEvent, Stats } from './records.js';
import type { Storage } from './store.js';

/** Longest question text kept. */
export const QUESTION_MAX = 500;

/**
 * Schema migrations, in order; `PRAGMA user_version` is the number applied. Append only —
 * never edit one that has shipped. `dialtone_norm(text)` is available to them.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: questions, votes, audit trail, and the hashing salt.
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE questions (
     id INTEGER PRIMARY KEY,
     at TEXT NOT NULL,
     question TEXT NOT NULL,
     decision TEXT NOT NULL CHECK (decision IN ('answer', 'suggest', 'none')),
     confidence REAL NOT NULL,
     entry_id TEXT,
     suggestions TEXT,
     source TEXT NOT NULL,
     guild_id TEXT
   );
   CREATE INDEX questions_at ON questions (at);
   CREATE TABLE feedback (
     entry_id TEXT NOT NULL,
     user_hash TEXT NOT NULL,
     day TEXT NOT NULL,
     guild_id TEXT,
     vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
     at TEXT NOT NULL,
     PRIMARY KEY (entry_id, user_hash, day)
   );
   CREATE TABLE audit (
     id INTEGER PRIMARY KEY,
     at TEXT NOT NULL,
     action TEXT NOT NULL,
     entry_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     user_name TEXT NOT NULL,
     before TEXT,
     after TEXT
   );
   CREATE INDEX audit_entry ON audit (entry_id, at);`,
  // 2: misses group questions by a normalised form; keep it in a column so grouping is indexed.
  `ALTER TABLE questions ADD COLUMN norm TEXT NOT NULL DEFAULT '';
   UPDATE questions SET norm = dialtone_norm(question);
   CREATE INDEX questions_norm ON questions (decision, norm);`,
];

export type {
  AuditAction,
  AuditEvent,
  AuditRecord,
  Decision,
  FeedbackEvent,
  Miss,
  QuestionEvent,
  Stats,
} from './records.js';

export interface StoreOptions {
  /** Clock for `sinceDays` windows and default event times. */
  now?: () => Date;
  /**
   * Questions are written in batches, one transaction each: a row waits at most this long
   * (default 100 ms; 0 writes each at once). A commit per question was most of what logging cost.
   */
  batchMs?: number;
  /** A batch this long is written at once (default 256). */
  maxBatch?: number;
  /**
   * A question that could not be written from a batch (the batch is retried row by row, so only
   * the failing rows are lost). Default: a process warning.
   */
  onWriteError?: (err: unknown) => void;
}

/** A questions row, in the INSERT's column order (`at` as each store keeps time). */
export type QuestionRow<At = string> = [
  At,
  string,
  string,
  string,
  number,
  string | null,
  string | null,
  string,
  string | null,
];

/**
 * The values of a questions row, in the INSERT's column order (at, question, norm, decision,
 * confidence, entry_id, suggestions, source, guild_id): the question trimmed to QUESTION_MAX.
 */
export function questionValues<At>(e: QuestionEvent, at: At): QuestionRow<At> {
  const question = e.question.trim().slice(0, QUESTION_MAX);
  return [
    at,
    question,
    normaliseQuestion(question),
    e.decision,
    e.confidence,
    e.entryId,
    e.suggestions?.length ? JSON.stringify(e.suggestions) : null,
    e.source,
    e.guildId,
  ];
}

const INSERT_QUESTION = `INSERT INTO questions (at, question, norm, decision, confidence, entry_id, suggestions, source, guild_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Lower case, runs of white space as one space, trimmed: how misses are grouped. */
export function normaliseQuestion(text: string): string {
  // "Why no dial tone?" and "why no dial tone" are the same miss.
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const DAY_MS = 86_400_000;

/** The database; see the module comment. One instance per process. */
export class Store implements Storage {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly salt: string;
  private readonly insertQuestion: Database.Statement<QuestionRow>;
  private readonly insertBatch: (rows: readonly QuestionRow[]) => void;
  private readonly batchMs: number;
  private readonly maxBatch: number;
  private readonly onWriteError: (err: unknown) => void;
  /** Questions recorded and not yet written; `flush()` writes them. */
  private pending: QuestionRow[] = [];
  private timer: NodeJS.Timeout | undefined;

  /** Opens (creating and migrating as needed) the database at `file`; `':memory:'` for tests. */
  constructor(file: string, options: StoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.batchMs = options.batchMs ?? 100;
    this.maxBatch = options.maxBatch ?? 256;
    this.onWriteError =
      options.onWriteError ??
      ((err) => process.emitWarning(`dialtone: a question could not be recorded: ${String(err)}`));
    this.db = new Database(file);
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma('synchronous = NORMAL');
      this.db.function('dialtone_norm', { deterministic: true }, (text: unknown) =>
        normaliseQuestion(String(text)),
      );
      migrate(this.db, MIGRATIONS);
      this.salt = this.loadSalt();
      this.insertQuestion = this.db.prepare<QuestionRow>(INSERT_QUESTION);
      this.insertBatch = this.db.transaction((rows: readonly QuestionRow[]) => {
        for (const row of rows) this.insertQuestion.run(...row);
      });
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  /**
   * Records a question put to Dialtone. Never call it for other channel chatter. The row is
   * written with the next batch (within `batchMs`), before any read and on `close()`.
   */
  recordQuestion(e: QuestionEvent): void {
    const row = questionValues(e, this.iso(e.at));
    if (this.batchMs <= 0) {
      this.insertQuestion.run(...row);
      return;
    }
    this.pending.push(row);
    if (this.pending.length >= this.maxBatch) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.batchMs);
      this.timer.unref();
    }
  }

  /**
   * Writes the questions recorded and not yet written, in one transaction. Should it fail, each
   * row is tried on its own, so one bad row costs only itself (reported to `onWriteError`).
   */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending.length) return;
    const rows = this.pending;
    this.pending = [];
    try {
      this.insertBatch(rows);
    } catch {
      for (const row of rows) {
        try {
          this.insertQuestion.run(...row);
        } catch (err) {
          this.onWriteError(err);
        }
      }
    }
  }

  /** Records a vote: one per user, entry and (UTC) day — a later vote that day replaces it. */
  recordFeedback(f: FeedbackEvent): void {
    const at = this.iso(f.at);
    this.db
      .prepare(
        `INSERT INTO feedback (entry_id, user_hash, day, guild_id, vote, at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (entry_id, user_hash, day) DO UPDATE SET vote = excluded.vote, at = excluded.at, guild_id = excluded.guild_id`,
      )
      .run(f.entryId, this.hashUser(f.userId), at.slice(0, 10), f.guildId, f.vote, at);
  }

  /** Questions not answered in the last `sinceDays` days, grouped by normalised text, most frequent first. */
  misses(sinceDays: number, limit = 10): Miss[] {
    this.flush();
    const rows = this.db
      .prepare(
        `WITH recent AS (
           SELECT * FROM questions WHERE decision != 'answer' AND at >= :since
         ),
         groups AS (
           SELECT norm, COUNT(*) AS count, MAX(at) AS lastAt, MAX(confidence) AS maxConfidence FROM recent GROUP BY norm
         ),
         latest AS (
           SELECT norm, question, MAX(id) FROM recent GROUP BY norm
         ),
         best AS (
           SELECT norm, entry_id, MAX(confidence) AS confidence FROM recent WHERE entry_id IS NOT NULL GROUP BY norm
         )
         SELECT latest.question AS question, groups.count AS count, groups.lastAt AS lastAt,
                best.entry_id AS bestGuess, COALESCE(best.confidence, groups.maxConfidence) AS bestConfidence
         FROM groups
         JOIN latest ON latest.norm = groups.norm
         LEFT JOIN best ON best.norm = groups.norm
         ORDER BY groups.count DESC, groups.lastAt DESC
         LIMIT :limit`,
      )
      .all({ since: this.since(sinceDays), limit }) as Miss[];
    return rows.map((r) => ({ ...r }));
  }

  /** Counts for the last `sinceDays` days. */
  stats(sinceDays: number): Stats {
    this.flush();
    const since = this.since(sinceDays);
    const totals = this.db
      .prepare(
        `SELECT COUNT(*) AS questions, COALESCE(SUM(decision = 'answer'), 0) AS answered FROM questions WHERE at >= ?`,
      )
      .get(since) as { questions: number; answered: number };
    const topTopics = this.db
      .prepare(
        `SELECT entry_id AS entryId, COUNT(*) AS count FROM questions
         WHERE at >= ? AND decision = 'answer' AND entry_id IS NOT NULL
         GROUP BY entry_id ORDER BY count DESC, entry_id LIMIT 10`,
      )
      .all(since) as { entryId: string; count: number }[];
    const feedback = this.db
      .prepare(
        `SELECT entry_id AS entryId, SUM(vote = 'up') AS up, SUM(vote = 'down') AS down FROM feedback
         WHERE at >= ? GROUP BY entry_id ORDER BY COUNT(*) DESC, down DESC, entry_id`,
      )
      .all(since) as { entryId: string; up: number; down: number }[];
    return {
      questions: totals.questions,
      answered: totals.answered,
      answerRate: totals.questions ? totals.answered / totals.questions : 0,
      topTopics,
      feedback,
    };
  }

  /** Records a moderator's change to an entry, with the text before and after. */
  audit(e: AuditEvent): void {
    this.db
      .prepare(
        `INSERT INTO audit (at, action, entry_id, user_id, user_name, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(this.iso(e.at), e.action, e.entryId, e.userId, e.userName, e.before, e.after);
  }

  /** An entry's audit trail, newest first. */
  history(entryId: string, limit = 10): AuditRecord[] {
    return this.db
      .prepare(
        `SELECT action, entry_id AS entryId, user_id AS userId, user_name AS userName, before, after, at
         FROM audit WHERE entry_id = ? ORDER BY at DESC, id DESC LIMIT ?`,
      )
      .all(entryId, limit) as AuditRecord[];
  }

  /** Deletes questions and votes older than `keepDays` days; returns how many rows went. */
  prune(keepDays: number): number {
    this.flush();
    const since = this.since(keepDays);
    return this.db.transaction(() => {
      const q = this.db.prepare('DELETE FROM questions WHERE at < ?').run(since).changes;
      const f = this.db.prepare('DELETE FROM feedback WHERE at < ?').run(since).changes;
      return q + f;
    })();
  }

  /** Writes the questions still waiting, then closes the database. */
  close(): void {
    if (!this.db.open) return;
    this.flush();
    this.db.close();
  }

  private iso(at: Date | undefined): string {
    return (at ?? this.now()).toISOString();
  }

  private since(days: number): string {
    return new Date(this.now().getTime() - days * DAY_MS).toISOString();
  }

  private hashUser(userId: string): string {
    return createHash('sha256').update(`${this.salt}:${userId}`).digest('hex');
  }

  private loadSalt(): string {
    const row = this.db.prepare(`SELECT value FROM meta WHERE key = 'salt'`).get() as
      { value: string } | undefined;
    if (row) return row.value;
    const salt = randomBytes(32).toString('hex');
    this.db.prepare(`INSERT INTO meta (key, value) VALUES ('salt', ?)`).run(salt);
    return salt;
  }
}

/**
 * Applies the migrations after the database's `user_version`, each in its own transaction
 * together with the version bump. Refuses a database newer than this code.
 */
export function migrate(db: Database.Database, migrations: readonly string[]): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > migrations.length) {
    throw new Error(`database schema version ${version} is newer than this Dialtone (${migrations.length})`);
  }
  migrations.slice(version).forEach((sql, i) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version + i + 1}`);
    })();
  });
}
