/**
 * The advisor's shipped port model (knowledge/ports.yaml) cached as JSON beside the knowledge
 * snapshot, keyed by the file's size and time and by the compiled schema that validated it: a
 * start with both unchanged skips the YAML parse and validation (~80 ms of a cold start). A
 * missing, stale or unreadable cache means reading the YAML; a failed write is ignored.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAtomic } from '../core/atomic-write.js';
import {
  SHIPPED_PORT_MODEL,
  portModelData,
  portModelOf,
  rememberShippedPortModel,
  shippedPortModel,
  type PortModelData,
} from '../core/advisor/schema.js';

import { pruneOld } from './training-store.js';

/** The module that validated the cached model (`.js` when built, `.ts` under the tests). */
const SCHEMA = fileURLToPath(
  new URL(`../core/advisor/schema${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);

/** Makes `shippedPortModel()` answer from `cacheDir` when the cache is current, and fills it when not. */
export async function loadShippedPortModel(cacheDir: string): Promise<void> {
  let key: string;
  try {
    const stamps = await Promise.all([SHIPPED_PORT_MODEL, SCHEMA].map((f) => stat(f)));
    key = createHash('sha256')
      .update(stamps.map((s) => `${s.size} ${s.mtimeMs}`).join('\n'))
      .digest('hex')
      .slice(0, 32);
  } catch {
    return; // no shipped file: shippedPortModel() says so itself
  }
  const file = path.join(cacheDir, `${key}.json`);
  try {
    rememberShippedPortModel(portModelOf(JSON.parse(await readFile(file, 'utf8')) as PortModelData));
    return;
  } catch {
    // not cached yet
  }
  const model = shippedPortModel();
  if (!model) return;
  try {
    await writeAtomic(file, JSON.stringify(portModelData(model)), { durable: false });
    await pruneOld(cacheDir, 2);
  } catch {
    // a read-only or full DATA_DIR: read the YAML next time too
  }
}
