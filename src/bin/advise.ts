/** `dialtone wire <from> <to> [--count N]` (alias `advise`): the wiring advisor on the command line. */
import { InvalidArgumentError } from 'commander';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { formatAdvice } from '../adapters/console/format.js';
import {
  advise,
  loadPortModel,
  MAX_COUNT,
  SHIPPED_PORT_MODEL,
  UnknownEndpointError,
  type Advice,
} from '../core/advisor/index.js';
import { knowledgeCacheFor, loadKnowledgeCached } from './knowledge-cache.js';

/** Options of `dialtone wire`. */
export interface AdviseOptions {
  count?: number;
  json?: boolean;
  /** Print only the Graphviz DOT of the diagram. */
  dot?: boolean;
}

/** `ports.yaml` of the first knowledge folder that has one, else the shipped one. */
async function portModelFile(dirs: readonly string[]): Promise<string> {
  for (const dir of dirs) {
    const file = path.join(dir, 'ports.yaml');
    try {
      await access(file);
      return file;
    } catch {
      // not in this folder: try the next
    }
  }
  return SHIPPED_PORT_MODEL;
}

/** Parses `--count`: a whole number in 1..MAX_COUNT (commander reports anything else, exit 2). */
export function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_COUNT)
    throw new InvalidArgumentError(`a whole number from 1 to ${MAX_COUNT}`);
  return n;
}

/** Runs the advisor once; prints the advice (text, JSON or DOT). Returns the exit code. */
export async function runAdvise(
  from: string,
  to: string,
  options: AdviseOptions,
  dirs: readonly string[],
): Promise<number> {
  const model = await loadPortModel(await portModelFile(dirs));
  const { kb } = await loadKnowledgeCached(dirs, knowledgeCacheFor(dirs)); // unchanged files from the snapshot
  let a: Advice;
  try {
    a = advise(model, kb.devices, from, to, options.count ?? 1);
  } catch (e) {
    if (!(e instanceof UnknownEndpointError)) throw e;
    console.error(`dialtone: ${e.message}; known endpoints: ${model.endpoints.map((x) => x.id).join(', ')}`);
    return 2;
  }
  if (options.dot) console.log(a.dot.trimEnd());
  else if (options.json) console.log(JSON.stringify(a));
  else console.log(formatAdvice(a));
  return 0;
}
