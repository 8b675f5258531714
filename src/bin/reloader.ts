/**
 * Hot reload of the knowledge base: loads and validates the knowledge folders again and swaps
 * in a new Engine only when the result has no errors, so a bad edit (by hand, by `git pull`,
 * or from the overlay) never takes a working bot down. `watch()` reloads on file changes.
 */
import { watch as chokidar, type FSWatcher } from 'chokidar';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Engine } from '../core/engine.js';
import type { LoadResult } from '../core/knowledge/load.js';
import type { Problem } from '../core/knowledge/problems.js';
import type { KnowledgeBase } from '../core/knowledge/schema.js';
import { validateKnowledge, type ValidateOptions } from '../core/knowledge/validate.js';
import { knowledgeCacheFor, loadKnowledgeCached } from './knowledge-cache.js';

/** What changed between the engine in use and the newly loaded knowledge (topic and device ids). */
export interface KnowledgeChanges {
  added: string[];
  removed: string[];
  modified: string[];
}

/** Outcome of one reload. When `ok` is false the engine in use was kept and `changed` is empty. */
export interface ReloadReport {
  ok: boolean;
  errors: Problem[];
  warnings: Problem[];
  changed: KnowledgeChanges;
}

export interface ReloaderOptions {
  /** Knowledge folders, shipped first, overlay last (as for `loadKnowledge`). */
  dirs: string[];
  /** Builds the engine for a load that passed validation (may train in a worker first). */
  build: (load: LoadResult) => Engine | Promise<Engine>;
  /** Called after a new engine was swapped in. */
  onSwap?: (engine: Engine, report: ReloadReport) => void;
  /** Called when a reload found errors; the engine in use stays. */
  onRejected?: (errors: Problem[]) => void;
  /** Called when a folder watch fails (e.g. the folder was deleted). */
  onWatchError?: (err: unknown, dir: string) => void;
  /** Quiet time after the last file event before reloading (default 300 ms). */
  debounceMs?: number;
  validate?: ValidateOptions;
  /**
   * With no engine in use yet, start from a load that has errors (the entries that failed to
   * load are left out) instead of having none. A local overlay that an upgrade made invalid must
   * not stop the bot from starting. Later reloads still keep the last good engine.
   */
  startDespiteErrors?: boolean;
}

/** Holds the current Engine and replaces it on reload; see the module comment. */
export class KnowledgeReloader {
  private engine: Engine | undefined;
  private hashes = new Map<string, string>();
  private fingerprint = '';
  private queue: Promise<unknown> = Promise.resolve();
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: ReloaderOptions) {}

  /** The engine in use. Throws before the first successful `reload()`. */
  current(): Engine {
    if (!this.engine) throw new Error('knowledge not loaded yet: call reload() first');
    return this.engine;
  }

  /**
   * Loads and validates the folders. With errors, keeps the engine in use and reports them;
   * otherwise swaps in a new engine (unless nothing changed) and reports what changed.
   * Reloads run one at a time.
   */
  reload(): Promise<ReloadReport> {
    const run = this.queue.then(() => this.reloadNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Reloads shortly after any knowledge file under the folders changes (debounced), ignoring
   * temp files of atomic writes, `conflicts/` and `.git/`. A folder that does not exist yet is
   * picked up when it appears (its parent must exist). Resolves once the watch is in place.
   */
  watch(): Promise<void> {
    if (this.watcher || this.closed) return Promise.resolve();
    const roots = this.options.dirs.map((d) => path.resolve(d));
    const watcher = chokidar(roots, {
      ignoreInitial: true,
      ignored: (file, stats) => ignored(roots, file, stats?.isFile()),
    });
    this.watcher = watcher;
    watcher.on('all', () => this.schedule());
    watcher.on('error', (err) => this.options.onWatchError?.(err, roots.join(', ')));
    return new Promise((resolve) => watcher.once('ready', () => resolve()));
  }

  /** Stops watching; the engine in use stays available. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const watcher = this.watcher;
    this.watcher = undefined;
    await watcher?.close();
  }

  private async reloadNow(): Promise<ReloadReport> {
    let load: LoadResult;
    let errors: Problem[];
    let warnings: Problem[];
    try {
      // Unchanged files (a restart) load from DATA_DIR/cache/knowledge; an edit changes the key.
      load = await loadKnowledgeCached(this.options.dirs, knowledgeCacheFor(this.options.dirs));
      ({ errors, warnings } = validateKnowledge(load, this.options.validate));
    } catch (err) {
      return this.reject([problem(this.options.dirs[0] ?? '.', `reload failed: ${message(err)}`)], []);
    }
    const starting = !this.engine && this.options.startDespiteErrors === true;
    if (errors.length && !starting) return this.reject(errors, warnings);
    if (errors.length) this.options.onRejected?.(errors);

    const hashes = entryHashes(load.kb);
    const fingerprint = kbFingerprint(load.kb, hashes);
    const changed = diff(this.hashes, hashes);
    const report: ReloadReport = { ok: true, errors, warnings, changed };
    if (this.engine && fingerprint === this.fingerprint) return report;
    let engine: Engine;
    try {
      engine = await this.options.build(load);
    } catch (err) {
      return this.reject(
        [problem(this.options.dirs[0] ?? '.', `engine build failed: ${message(err)}`)],
        warnings,
      );
    }
    this.engine = engine;
    this.hashes = hashes;
    this.fingerprint = fingerprint;
    this.options.onSwap?.(engine, report);
    return report;
  }

  private reject(errors: Problem[], warnings: Problem[]): ReloadReport {
    this.options.onRejected?.(errors);
    return { ok: false, errors, warnings, changed: { added: [], removed: [], modified: [] } };
  }

  private schedule(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), this.options.debounceMs ?? 300);
  }
}

/** Knowledge files are Markdown, YAML and DOT; anything else (temp files of atomic writes) is not. */
const KNOWLEDGE_FILE = /\.(md|ya?ml|dot)$/;

/** Temp files, kept conflicts and git internals never trigger a reload. */
function ignored(roots: readonly string[], file: string, isFile: boolean | undefined): boolean {
  const root = roots.find((r) => file === r || file.startsWith(`${r}${path.sep}`));
  if (root === undefined) return false; // a parent chokidar watches for a folder to appear
  const parts = path.relative(root, file).split(path.sep);
  if (parts[0] === 'conflicts' || parts.includes('.git')) return true;
  const name = parts[parts.length - 1] ?? '';
  return /\.tmp-/.test(name) || (isFile === true && !KNOWLEDGE_FILE.test(name));
}

/** A hash per topic and device of everything that shows (the topic's diagram included), by id. */
function entryHashes(kb: KnowledgeBase): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of kb.topics.values()) {
    const { file: _file, ...data } = t;
    const diagram = t.diagram ? kb.diagrams.get(t.diagram)?.dot : undefined;
    out.set(t.id, sha({ topic: data, diagram }));
  }
  for (const d of kb.devices.values()) {
    const { file: _file, ...data } = d;
    out.set(d.id, sha({ device: data }));
  }
  return out;
}

function kbFingerprint(kb: KnowledgeBase, hashes: Map<string, string>): string {
  return sha({
    entries: [...hashes].sort(([a], [b]) => (a < b ? -1 : 1)),
    diagrams: [...kb.diagrams.values()].map((d) => [d.id, d.dot]).sort(),
    synonyms: kb.synonyms,
    hidden: [...kb.hidden].sort(),
  });
}

/** What changed, as a few words for one log line: counts, and the ids when there are few. */
export function describeChanges(c: KnowledgeChanges): string {
  const part = (n: string, ids: string[]): string =>
    ids.length && ids.length <= 5 ? `${n} ${ids.join(' ')}` : `${ids.length} ${n}`;
  return [part('added', c.added), part('removed', c.removed), part('modified', c.modified)].join(', ');
}

function diff(before: Map<string, string>, after: Map<string, string>): KnowledgeChanges {
  const added: string[] = [];
  const modified: string[] = [];
  for (const [id, hash] of after) {
    const old = before.get(id);
    if (old === undefined) added.push(id);
    else if (old !== hash) modified.push(id);
  }
  const removed = [...before.keys()].filter((id) => !after.has(id));
  return { added: added.sort(), removed: removed.sort(), modified: modified.sort() };
}

function sha(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

function problem(file: string, msg: string): Problem {
  return { severity: 'error', file, message: msg };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
