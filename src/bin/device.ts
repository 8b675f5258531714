/** `dialtone device find|compare`: the device finder on the command line. */
import { InvalidArgumentError } from 'commander';
import { formatComparison, formatFound } from '../adapters/console/device.js';
import { compareDevices, findDevices, type FindQuery } from '../core/advisor/index.js';
import { closeDevices, deviceIdByName } from '../core/advisor/device-name.js';
import { knowledgeCacheFor, loadKnowledgeCached } from './knowledge-cache.js';

/** Options of `dialtone device find`; `--no-lifeline` / `--no-t38` ask for devices without. */
export interface FindOptions extends FindQuery {
  json?: boolean;
}

/** Most devices listed. */
const FIND_LIMIT = 25;

/** Parses `--fxs` / `--fxo`: a whole number in 0..1000 (commander reports anything else, exit 2). */
export function parsePorts(value: string): number {
  const n = Number(value);
  if (!/^\d{1,4}$/.test(value.trim()) || n > 1000)
    throw new InvalidArgumentError('a whole number from 0 to 1000');
  return n;
}

/** Runs the finder once and prints what it found (text or JSON). Returns the exit code. */
export async function runFind(options: FindOptions, dirs: readonly string[]): Promise<number> {
  const { json, ...rest } = options;
  const q: FindQuery = {};
  if (rest.fxs !== undefined) q.fxs = rest.fxs;
  if (rest.fxo !== undefined) q.fxo = rest.fxo;
  if (rest.lifeline !== undefined) q.lifeline = rest.lifeline;
  if (rest.t38 !== undefined) q.t38 = rest.t38;
  if (rest.status !== undefined) q.status = rest.status;
  const { kb } = await loadKnowledgeCached(dirs, knowledgeCacheFor(dirs)); // unchanged files from the snapshot
  const found = findDevices(kb.devices, q, FIND_LIMIT);
  console.log(json ? JSON.stringify({ query: q, devices: found }) : formatFound(q, found));
  return 0;
}

/** Compares two devices named as people type them; an unknown one exits 1 with the close names. */
export async function runCompare(
  a: string,
  b: string,
  options: { json?: boolean },
  dirs: readonly string[],
): Promise<number> {
  const { kb } = await loadKnowledgeCached(dirs, knowledgeCacheFor(dirs)); // unchanged files from the snapshot
  const ids: string[] = [];
  for (const name of [a, b]) {
    const id = deviceIdByName(kb.devices, name);
    if (id) {
      ids.push(id);
      continue;
    }
    const close = closeDevices(kb.devices, name);
    const hint = close.length
      ? `; did you mean: ${close.map((c) => `${c.id} (${c.title})`).join(', ')}?`
      : '; see the catalogue on the web server at /devices';
    console.error(`dialtone: unknown device '${name}'${hint}`);
    return 1;
  }
  const c = compareDevices(kb.devices, ids[0] ?? '', ids[1] ?? '');
  if (!c) return 1; // not reached: both ids come from the catalogue
  console.log(options.json ? JSON.stringify(c) : formatComparison(c));
  return 0;
}
