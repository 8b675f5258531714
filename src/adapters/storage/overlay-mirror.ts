/**
 * Keeps a host's overlay folder (`DATA_DIR/knowledge`) and the shared database's copy of it in
 * step. The folder stays what the loader reads and what the moderators' OverlayStore writes
 * (with its version checks); the database is what the hosts share:
 * - `push()` after a moderator's save sends what changed in the folder since the last sync;
 * - `pull()` when another host announced a change writes the database's files into the folder.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from '../../core/atomic-write.js';
import type { OverlayFile, SharedOverlay } from './store.js';

export class OverlayMirror {
  /** The files as last synchronised, by path. */
  private known = new Map<string, string>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly shared: SharedOverlay,
    private readonly overlayDir: string,
    /** The change files in the folder now (OverlayStore#changes). */
    private readonly local: () => Promise<OverlayFile[]>,
  ) {}

  /**
   * First sync at start-up: a database with no overlay yet takes this host's folder (the first
   * host brings its edits along); otherwise the folder takes the database's files.
   */
  async start(): Promise<'pushed' | 'pulled'> {
    const remote = await this.shared.files();
    if (remote.length === 0) {
      await this.push();
      return 'pushed';
    }
    await this.pull();
    return 'pulled';
  }

  /** Sends the folder's changes since the last sync; returns how many files changed. */
  push(): Promise<number> {
    return this.exclusive(async () => {
      const now = await this.local();
      const put = now.filter((f) => this.known.get(f.path) !== f.text);
      const paths = new Set(now.map((f) => f.path));
      const remove = [...this.known.keys()].filter((p) => !paths.has(p));
      await this.shared.apply({ put, remove });
      this.known = new Map(now.map((f) => [f.path, f.text]));
      return put.length + remove.length;
    });
  }

  /** Makes the folder match the database; returns how many files changed. */
  pull(): Promise<number> {
    return this.exclusive(async () => {
      const remote = await this.shared.files();
      const local = new Map((await this.local()).map((f) => [f.path, f.text]));
      let changed = 0;
      for (const f of remote) {
        if (local.get(f.path) === f.text) continue;
        await writeAtomic(this.file(f.path), f.text);
        changed++;
      }
      const keep = new Set(remote.map((f) => f.path));
      for (const p of local.keys()) {
        if (keep.has(p)) continue;
        await rm(this.file(p), { force: true });
        changed++;
      }
      this.known = new Map(remote.map((f) => [f.path, f.text]));
      return changed;
    });
  }

  /** The file for a relative path; refuses anything that would leave the folder. */
  private file(rel: string): string {
    const file = path.resolve(this.overlayDir, ...rel.split('/'));
    if (!file.startsWith(path.resolve(this.overlayDir) + path.sep)) {
      throw new Error(`overlay path "${rel}" leaves the overlay folder`);
    }
    return file;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
