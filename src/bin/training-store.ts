import { readFileSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from '../core/atomic-write.js';
import type { TrainingReport, TrainingStore } from '../core/match/matcher.js';

/** How many trained models the cache keeps (the newest): one per recent knowledge version. */
const KEEP = 4;

/**
 * Trained matcher models as JSON files in `dir` (DATA_DIR/cache/matcher), so a restart with
 * unchanged knowledge answers without training first. A missing or unreadable file just means
 * training again; a failed write is logged by `onError` and otherwise ignored (it is a cache).
 */
export function fileTrainingStore(dir: string, onError: (e: unknown) => void = () => {}): TrainingStore {
  const file = (key: string): string => path.join(dir, `${key.replace(/[^\w-]/g, '_')}.json`);
  return {
    get(key) {
      try {
        return JSON.parse(readFileSync(file(key), 'utf8')) as unknown;
      } catch {
        return undefined;
      }
    },
    set(key: string, report: TrainingReport) {
      writeAtomic(file(key), JSON.stringify(report), { durable: false })
        .then(() => pruneOld(dir, KEEP))
        .catch(onError);
    },
  };
}

/** Removes all but the `keep` newest files ending in `suffix` in `dir` (a cache's old versions). */
export async function pruneOld(dir: string, keep: number, suffix = '.json'): Promise<void> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(suffix));
  if (names.length <= keep) return;
  const dated = await Promise.all(
    names.map(async (n) => ({ n, t: (await stat(path.join(dir, n))).mtimeMs })),
  );
  dated.sort((a, b) => b.t - a.t);
  await Promise.all(dated.slice(keep).map(({ n }) => rm(path.join(dir, n), { force: true })));
}

/** The store for the knowledge folders every command passes: DATA_DIR/cache/matcher (see below). */
export function trainingStoreFor(dirs: readonly string[]): TrainingStore | undefined {
  const dir = cacheFolderFor(dirs, 'matcher');
  return dir ? fileTrainingStore(dir) : undefined;
}

/**
 * DATA_DIR/cache/`name` for a list of knowledge folders whose last one is the overlay,
 * DATA_DIR/knowledge (as every command passes them); none for other lists (a --dir check).
 */
export function cacheFolderFor(dirs: readonly string[], name: string): string | undefined {
  const overlay = dirs.at(-1);
  if (dirs.length < 2 || !overlay || path.basename(overlay) !== 'knowledge') return undefined;
  return path.join(path.dirname(overlay), 'cache', name);
}
