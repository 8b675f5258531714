/**
 * The moderators' overlay: topic files written under `DATA_DIR/knowledge`, loaded after the
 * shipped `knowledge/` so they extend and override it. The shipped folder is never written.
 *
 * Every write is atomic (temp file, fsync, rename, fsync of the folder) and every change goes
 * through one queue per store, so two saves of the same entry never interleave: the second
 * one sees the first's version and is refused as a conflict. The queue serialises one process;
 * run one writer (the bot) per overlay folder.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { listFiles, REMOVED_FILE } from './load.js';
import { ID_PATTERN } from './schema.js';
import { syncDir, writeAtomic } from '../atomic-write.js';

/** Version of a file's text: the first 16 hex digits of its sha256. */
export function topicVersion(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}

/** A save or removal refused because the entry changed since the moderator opened it. */
export class ConflictError extends Error {
  readonly code = 'CONFLICT';
  constructor(
    readonly id: string,
    /** Version of the text that defines the entry now; null when nothing defines it. */
    readonly currentVersion: string | null,
    /** Where the refused text was kept (absolute path), when there was one. */
    readonly conflictFile?: string,
  ) {
    super(
      currentVersion === null
        ? `"${id}" no longer exists`
        : `"${id}" was changed by someone else (now at version ${currentVersion})`,
    );
    this.name = 'ConflictError';
  }
}

/** An id or category that is not lowercase kebab-case (this also rules out path tricks). */
export class InvalidIdError extends Error {
  readonly code = 'INVALID_ID';
  constructor(what: 'id' | 'category', value: string) {
    super(`${what} "${value}" must be lowercase kebab-case (a-z, 0-9, -)`);
    this.name = 'InvalidIdError';
  }
}

/** A removal of a topic that neither the overlay nor the shipped folder defines. */
export class NotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(readonly id: string) {
    super(`no topic "${id}"`);
    this.name = 'NotFoundError';
  }
}

/** The file that currently defines a topic. */
export interface TopicFile {
  text: string;
  version: string;
  category: string;
  source: 'overlay' | 'shipped';
  /** Absolute path of the file. */
  file: string;
}

export interface OverlayOptions {
  /** Test hook: runs once a write's temp file exists, before the target is replaced (throwing = a crash). */
  onTempFile?: (tmpFile: string) => Promise<void> | void;
  /** Clock for conflict file names. */
  now?: () => Date;
}

/** Files an overlay may hold that the loader reads (see load.ts), relative to the knowledge root. */
const CHANGE_FOLDERS: readonly (readonly [string, string])[] = [
  ['topics', '.md'],
  ['devices', '.yaml'],
  ['diagrams', '.dot'],
];
const CHANGE_FILES = ['synonyms.yaml', REMOVED_FILE];

/** Reads and writes the overlay folder; see the module comment. */
export class OverlayStore {
  /** Version of a text (see `topicVersion`). */
  static version = topicVersion;

  private tail: Promise<unknown> = Promise.resolve();
  private readonly overlayDir: string;
  private readonly shippedDir: string;

  constructor(
    overlayDir: string,
    shippedDir: string,
    private readonly options: OverlayOptions = {},
  ) {
    this.overlayDir = path.resolve(overlayDir);
    this.shippedDir = path.resolve(shippedDir);
    if (this.overlayDir === this.shippedDir) throw new Error('the overlay folder must not be the shipped folder');
  }

  /** Version of a text (see `topicVersion`). */
  version(text: string): string {
    return topicVersion(text);
  }

  /**
   * The file that currently defines topic `id`: the overlay's if it has one, else the shipped
   * one; undefined when neither does or when the overlay's removal list hides it.
   */
  async readTopic(id: string): Promise<TopicFile | undefined> {
    checkId('id', id);
    if ((await this.readRemoved()).includes(id)) return undefined;
    return (await this.find(this.overlayDir, id, 'overlay')) ?? (await this.find(this.shippedDir, id, 'shipped'));
  }

  /**
   * Saves a topic's text to `<overlay>/topics/<category>/<id>.md`. `expectedVersion` is the
   * version the moderator opened (null for a new entry, refused when the id already exists).
   * When the topic changed meanwhile, keeps the refused text in `<overlay>/conflicts/` and
   * throws `ConflictError`. Moving to another category removes the old overlay file; an id on
   * the removal list is taken off it. The text is stored as given: validate it first
   * (`parseTopicMarkdown`).
   */
  async saveTopic(
    category: string,
    id: string,
    text: string,
    expectedVersion: string | null,
    author: string,
  ): Promise<{ version: string; file: string }> {
    checkId('category', category);
    checkId('id', id);
    return this.exclusive(async () => {
      const current = await this.readTopic(id);
      if (expectedVersion === null ? current : current?.version !== expectedVersion) {
        const conflictFile = await this.keepConflict(id, text, author);
        throw new ConflictError(id, current?.version ?? null, conflictFile);
      }
      const file = path.join(this.overlayDir, 'topics', category, `${id}.md`);
      await this.atomicWrite(file, text);
      for (const old of await this.overlayFiles(id)) if (old !== file) await rm(old, { force: true });
      const removed = await this.readRemoved();
      if (removed.includes(id)) await this.writeRemoved(removed.filter((r) => r !== id));
      return { version: topicVersion(text), file };
    });
  }

  /**
   * Removes a topic: deletes its overlay file, and when the shipped folder defines it, adds the
   * id to `<overlay>/removed.yaml` so it stays hidden. With `expectedVersion`, refuses
   * (`ConflictError`) when the topic changed since. Throws `NotFoundError` when no file defines it.
   */
  async removeTopic(id: string, expectedVersion?: string): Promise<void> {
    checkId('id', id);
    return this.exclusive(async () => {
      const current = await this.readTopic(id);
      if (!current) throw new NotFoundError(id);
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        throw new ConflictError(id, current.version);
      }
      for (const file of await this.overlayFiles(id)) await rm(file, { force: true });
      if (await this.find(this.shippedDir, id, 'shipped')) {
        const removed = await this.readRemoved();
        if (!removed.includes(id)) await this.writeRemoved([...removed, id]);
      }
    });
  }

  /**
   * Every local change, as files relative to the knowledge root (`/`-separated, sorted): the
   * overlay's topics, devices, diagrams, synonyms and `removed.yaml` — what a copy of the
   * shipped folder needs to match the running bot. Conflicts and temp files are left out.
   */
  async changes(): Promise<{ path: string; text: string }[]> {
    return this.exclusive(async () => {
      const files: string[] = [];
      for (const [folder, ext] of CHANGE_FOLDERS) {
        files.push(...(await listFiles(path.join(this.overlayDir, folder), ext)));
      }
      for (const name of CHANGE_FILES) {
        const file = path.join(this.overlayDir, name);
        if (await isFile(file)) files.push(file);
      }
      const out: { path: string; text: string }[] = [];
      for (const file of files) {
        const rel = path.relative(this.overlayDir, file).split(path.sep).join('/');
        out.push({ path: rel, text: await readFile(file, 'utf8') });
      }
      return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    });
  }

  /** Runs `fn` after every earlier change of this store has finished. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** The topic file for `id` in `root` (the last in sorted order wins, as in the loader). */
  private async find(root: string, id: string, source: TopicFile['source']): Promise<TopicFile | undefined> {
    let found: TopicFile | undefined;
    for (const category of await subfolders(path.join(root, 'topics'))) {
      const file = path.join(root, 'topics', category, `${id}.md`);
      const text = await readText(file);
      if (text !== undefined) found = { text, version: topicVersion(text), category, source, file };
    }
    return found;
  }

  private async overlayFiles(id: string): Promise<string[]> {
    const files: string[] = [];
    for (const category of await subfolders(path.join(this.overlayDir, 'topics'))) {
      const file = path.join(this.overlayDir, 'topics', category, `${id}.md`);
      if (await isFile(file)) files.push(file);
    }
    return files;
  }

  private async keepConflict(id: string, text: string, author: string): Promise<string> {
    const stamp = (this.options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
    const who = safeName(author);
    const dir = path.join(this.overlayDir, 'conflicts');
    for (let n = 1; ; n++) {
      const file = path.join(dir, `${id}-${stamp}-${who}${n > 1 ? `-${n}` : ''}.md`);
      if (!(await isFile(file))) {
        await this.atomicWrite(file, text);
        return file;
      }
    }
  }

  private async readRemoved(): Promise<string[]> {
    const text = await readText(path.join(this.overlayDir, REMOVED_FILE));
    if (text === undefined) return [];
    const value: unknown = parse(text);
    if (value === null || value === undefined) return [];
    if (!Array.isArray(value)) throw new Error(`${REMOVED_FILE} in the overlay must be a YAML list of ids`);
    return value.filter((v): v is string => typeof v === 'string');
  }

  private async writeRemoved(ids: string[]): Promise<void> {
    const file = path.join(this.overlayDir, REMOVED_FILE);
    if (ids.length === 0) {
      await rm(file, { force: true });
      await syncDir(this.overlayDir);
      return;
    }
    await this.atomicWrite(file, stringify([...new Set(ids)].sort()));
  }

  private async atomicWrite(target: string, text: string): Promise<void> {
    await writeAtomic(target, text, { onTempFile: this.options.onTempFile });
  }
}

function checkId(what: 'id' | 'category', value: string): void {
  if (!ID_PATTERN.test(value)) throw new InvalidIdError(what, value);
}

/** An author name safe in a file name. */
function safeName(author: string): string {
  const name = author
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return name || 'unknown';
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EISDIR') {
      return undefined;
    }
    throw err;
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function subfolders(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

