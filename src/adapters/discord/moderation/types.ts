import type { LoadResult } from '../../../core/knowledge/load.js';
import type { OverlayStore } from '../../../core/knowledge/overlay.js';
import type { Problem } from '../../../core/knowledge/problems.js';
import type { Storage } from '../../storage/store.js';
import type { Drafts } from './drafts.js';

/** Outcome of a knowledge reload, as the reloader reports it. */
export interface ReloadOutcome {
  ok: boolean;
  errors: Problem[];
  warnings: Problem[];
  changed: { added: string[]; removed: string[]; modified: string[] };
}

/** What the `/kb` commands need; present only when the bot runs with a DATA_DIR. */
export interface Moderation {
  overlay: OverlayStore;
  store: Storage;
  /** Loads the knowledge folders as they are on disk now (for validating a change). */
  load(): Promise<LoadResult>;
  /** Reloads the knowledge the bot answers from; keeps the last good one on errors. */
  reload(): Promise<ReloadOutcome>;
  /** Roles that may moderate besides members with Manage Server. */
  moderatorRoleIds: ReadonlySet<string>;
  /**
   * Guilds whose moderators may edit (the bot may sit in others). Unset: the guilds the
   * moderator roles belong to, or any guild when no moderator role is configured.
   */
  guildIds?: ReadonlySet<string>;
  /** Changes waiting for Save or Cancel. */
  drafts: Drafts;
  /** Today's date for `reviewed` (injected for tests). */
  today(): string;
  /** With `--shards`: every shard's live counts, added up. */
  cluster?(): Promise<{ shards: number; guilds: number; questions: number; answered: number } | undefined>;
}
