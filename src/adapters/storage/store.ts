/**
 * The one storage interface the bot uses for questions, votes, the audit trail and — on
 * several hosts — the moderators' knowledge overlay. Two implementations: SQLite (`sqlite.ts`,
 * the embedded default, synchronous) and PostgreSQL (`postgres.ts`, `DATABASE_URL=postgres://…`,
 * asynchronous, shared by every host). Callers `await` every method, so both fit.
 */
import type { AuditEvent, AuditRecord, FeedbackEvent, Miss, QuestionEvent, Stats } from './records.js';

export type Awaitable<T> = T | Promise<T>;

/** One overlay file, relative to the knowledge root (`topics/<category>/<id>.md`, `removed.yaml`…). */
export interface OverlayFile {
  path: string;
  text: string;
}

/**
 * The moderators' overlay files kept in a database every host reads, with a notification when
 * another host changes them. Only a store shared between hosts has one.
 */
export interface SharedOverlay {
  /** Every overlay file, sorted by path. */
  files(): Promise<OverlayFile[]>;
  /** Writes and deletes files in one transaction, then tells the other hosts. */
  apply(changes: { put: OverlayFile[]; remove: string[] }): Promise<void>;
  /** Calls `listener` when another host (another store instance) changed the files. */
  onChange(listener: () => void): void;
}

export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  /** Records a question put to Dialtone. Never call it for other channel chatter. */
  recordQuestion(e: QuestionEvent): Awaitable<void>;
  /** Records a vote: one per user, entry and (UTC) day — a later vote that day replaces it. */
  recordFeedback(f: FeedbackEvent): Awaitable<void>;
  /** Questions not answered in the last `sinceDays` days, grouped by normalised text, most frequent first. */
  misses(sinceDays: number, limit?: number): Awaitable<Miss[]>;
  /** Counts for the last `sinceDays` days. */
  stats(sinceDays: number): Awaitable<Stats>;
  /** Records a moderator's change to an entry, with the text before and after. */
  audit(e: AuditEvent): Awaitable<void>;
  /** An entry's audit trail, newest first. */
  history(entryId: string, limit?: number): Awaitable<AuditRecord[]>;
  /** Deletes questions and votes older than `keepDays` days; returns how many rows went. */
  prune(keepDays: number): Awaitable<number>;
  /** Present when the store is shared between hosts (PostgreSQL). */
  readonly overlay?: SharedOverlay;
  close(): Awaitable<void>;
}

/** `postgres://user:***@host:port/db`: a database URL safe to print. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}
