/** `dialtone advise <from> <to> [--count N]`: the wiring advisor on the command line. */
import { InvalidArgumentError } from 'commander';
import { access } from 'node:fs/promises';
import path from 'node:path';
import {
  advise,
  describeExample,
  loadPortModel,
  MAX_COUNT,
  SHIPPED_PORT_MODEL,
  UnknownEndpointError,
  type Advice,
} from '../core/advisor/index.js';
import { loadKnowledge } from '../core/knowledge/load.js';

/** Options of `dialtone advise`. */
export interface AdviseOptions {
  count?: number;
  json?: boolean;
  /** Print only the Graphviz DOT of the diagram. */
  dot?: boolean;
}

/** The advice as plain text for a terminal. */
export function formatAdvice(a: Advice): string {
  const times = (n: number): string => (n > 1 ? `${n} × ` : '');
  const list = (title: string, items: readonly string[]): string[] =>
    items.length ? [``, `${title}:`, ...items.map((i) => `  - ${i}`)] : [];
  const lines = [
    `${times(a.from.count)}${a.from.label} → ${times(a.to.count)}${a.to.label}`,
    '',
    a.summary,
    '',
    `Path: ${a.pathText}`,
    ...list(
      'What to buy',
      a.equipment.map((e) => e.label),
    ),
    ...list(
      'Example devices',
      a.equipment.flatMap((e) => e.examples.map(describeExample)),
    ),
    ...list(
      'Other ways',
      a.equipment.flatMap((e) => e.alternatives),
    ),
    ...(a.fix ? ['', `Fix: ${a.fix}`] : []),
    ...list(
      'Caution',
      a.warnings.map((w) => w.text),
    ),
  ];
  return lines.join('\n');
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
  const { kb } = await loadKnowledge(dirs);
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
