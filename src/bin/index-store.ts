/**
 * Built matchers (their indexes and trained model, `Matcher.snapshot`) as `v8.serialize` files
 * in DATA_DIR/cache/index, so a restart with unchanged knowledge restores the matcher in a
 * fraction of the time building it takes, without the building's garbage. The file name joins
 * the knowledge key with a hash of the matcher's compiled code and the Node version: a new
 * Dialtone or Node builds afresh. A missing, unreadable or foreign file is a miss; a failed
 * write is logged by `onError` and otherwise ignored (it is a cache).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { writeAtomic } from '../core/atomic-write.js';
import type { MatcherIndexStore } from '../core/match/matcher.js';
import { cacheFolderFor, pruneOld } from './training-store.js';

/** How many built matchers the cache keeps (the newest): a few MB each. */
const KEEP = 2;
const SUFFIX = '.index';

/** The matcher's own folder (compiled, or the sources under tests): its files are part of the key. */
const MATCH_DIR = fileURLToPath(new URL('../core/match/', import.meta.url));

let codeHash: string | undefined;
/** sha256 of the matcher's code files and the Node version (computed once). */
function matcherCode(): string {
  if (!codeHash) {
    const h = createHash('sha256').update(`${process.version} ${process.arch}\0`);
    for (const name of readdirSync(MATCH_DIR)
      .filter((n) => /\.[jt]s$/.test(n))
      .sort()) {
      h.update(name)
        .update('\0')
        .update(readFileSync(path.join(MATCH_DIR, name)))
        .update('\0');
    }
    codeHash = h.digest('hex').slice(0, 16);
  }
  return codeHash;
}

/** A {@link MatcherIndexStore} on files in `dir`; see the module comment. */
export function fileIndexStore(dir: string, onError: (e: unknown) => void = () => {}): MatcherIndexStore {
  const file = (key: string): string =>
    path.join(dir, `${key.replace(/[^\w-]/g, '_')}-${matcherCode()}${SUFFIX}`);
  return {
    get(key) {
      try {
        return deserialize(readFileSync(file(key)));
      } catch {
        return undefined;
      }
    },
    set(key, snapshot) {
      // Off the path that built it: the caller answers first, the copy is written after.
      setImmediate(() => {
        let bytes: Buffer;
        try {
          bytes = serialize(snapshot);
        } catch (e) {
          onError(e);
          return;
        }
        writeAtomic(file(key), bytes, { durable: false })
          .then(() => pruneOld(dir, KEEP, SUFFIX))
          .catch(onError);
      }).unref();
    },
  };
}

/** The store for the knowledge folders every command passes: DATA_DIR/cache/index. */
export function indexStoreFor(dirs: readonly string[]): MatcherIndexStore | undefined {
  const dir = cacheFolderFor(dirs, 'index');
  return dir ? fileIndexStore(dir) : undefined;
}
