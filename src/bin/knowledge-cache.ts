/**
 * Loaded knowledge cached as one JSON file per version of the knowledge (DATA_DIR/cache/knowledge),
 * so `dialtone ask`, the console and the bot's start skip parsing and validating every file when
 * none changed.
 * The key is a hash of every knowledge file's path, size and modification time, and of the
 * loader's own compiled files (a new Dialtone reads the files again). A missing, unreadable or
 * stale snapshot just means loading from the files; a failed write is ignored (it is a cache).
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAtomic } from '../core/atomic-write.js';
import type { LoadResult } from '../core/knowledge/load.js';
import { fromSnapshot, SNAPSHOT_VERSION, toSnapshot } from '../core/knowledge/snapshot.js';
import { loadShippedPortModel } from './port-model-cache.js';
import { cacheFolderFor, pruneOld } from './training-store.js';

/** How many snapshots the cache keeps (the newest): one per recent knowledge version. */
const KEEP = 4;

/** The compiled loader (this file's sibling folder): its files are part of the key. */
const LOADER_DIR = fileURLToPath(new URL('../core/knowledge/', import.meta.url));

/**
 * `loadKnowledge(dirs)`, from the snapshot in `cacheDir` when the files are unchanged. The
 * parser and validator are imported only when the files must be read.
 */
export async function loadKnowledgeCached(
  dirs: readonly string[],
  cacheDir: string | undefined,
): Promise<LoadResult> {
  const key = cacheDir ? await knowledgeKey(dirs) : undefined;
  // The advisor's port model is knowledge too: from its own small cache (DATA_DIR/cache/ports).
  if (cacheDir) await loadShippedPortModel(path.join(path.dirname(cacheDir), 'ports'));
  const file = cacheDir && key ? path.join(cacheDir, `${key}.json`) : undefined;
  if (file && key) {
    try {
      const hit = fromSnapshot(JSON.parse(await readFile(file, 'utf8')), key);
      if (hit) return hit;
    } catch {
      // no snapshot yet, or an unreadable one: read the files
    }
  }
  const { loadKnowledge } = await import('../core/knowledge/load.js');
  const load = await loadKnowledge(dirs);
  if (file && key && cacheDir) {
    try {
      await writeAtomic(file, JSON.stringify(toSnapshot(key, load)), { durable: false });
      await pruneOld(cacheDir, KEEP);
    } catch {
      // a read-only or full DATA_DIR: the next start reads the files again
    }
  }
  return load;
}

/** The cache folder for the knowledge folders every command passes: DATA_DIR/cache/knowledge. */
export const knowledgeCacheFor = (dirs: readonly string[]): string | undefined =>
  cacheFolderFor(dirs, 'knowledge');

/** A hash of every file under the folders (path, size, time) and of the loader's files. */
export async function knowledgeKey(dirs: readonly string[]): Promise<string> {
  const hash = createHash('sha256').update(`snapshot ${SNAPSHOT_VERSION}\n`);
  for (const dir of [...dirs, LOADER_DIR]) {
    hash.update(`dir ${path.resolve(dir)}\n`);
    for (const line of await fileStamps(dir)) hash.update(`${line}\n`);
  }
  return hash.digest('hex').slice(0, 32);
}

/** `path size mtime` of every file under `dir`, sorted; none when it does not exist. */
async function fileStamps(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  const stamps = await Promise.all(
    files.map(async (f) => {
      try {
        const s = await stat(f);
        return `${path.relative(dir, f)} ${s.size} ${s.mtimeMs}`;
      } catch {
        return `${path.relative(dir, f)} gone`;
      }
    }),
  );
  return stamps.sort();
}
