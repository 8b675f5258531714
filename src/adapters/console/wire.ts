/**
 * The console's `wire <from> <to> [--count N]` (also `:wire`): the wiring advisor, as
 * `dialtone wire` prints it. Names with spaces go in quotes (`wire "analog phone" 3cx`).
 */
import { advise, MAX_COUNT, resolveEndpoint } from '../../core/advisor/index.js';
import type { Engine } from '../../core/engine.js';
import { formatAdvice } from './format.js';

const USAGE = `Usage: wire <from> <to> [--count N], e.g. wire fax asterisk, wire "analog phone" 3cx --count 24`;

/** Words of a command line; "double" or 'single' quotes keep spaces. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/**
 * The reply to a `wire …` line, or undefined when the line is no wire command. A line that starts
 * with "wire" but does not read as one (two known endpoints, an optional count) is a question
 * ("wire my phone to the ata") unless it was typed as `:wire`.
 */
export function wireCommand(engine: Engine, line: string): string | undefined {
  const [head, ...rest] = words(line);
  const explicit = head === ':wire';
  if (!explicit && head?.toLowerCase() !== 'wire') return undefined;
  const model = engine.ports;
  if (!model)
    return explicit ? 'The wiring advisor is unavailable: its port model could not be read.' : undefined;
  const args = [...rest];
  let count = 1;
  const at = args.findIndex((a) => a === '--count' || a.startsWith('--count='));
  if (at >= 0) {
    const raw = args[at]?.includes('=') ? args[at]?.split('=')[1] : args[at + 1];
    args.splice(at, args[at]?.includes('=') ? 1 : 2);
    const n = Number(raw);
    if (!/^\d{1,4}$/.test(raw ?? '') || n < 1 || n > MAX_COUNT)
      return `--count must be a whole number from 1 to ${MAX_COUNT}. ${USAGE}`;
    count = n;
  }
  const [from, to] = args;
  if (args.length !== 2 || !from || !to) return explicit || at >= 0 ? USAGE : undefined;
  const unknown = [from, to].find((x) => !resolveEndpoint(model, x));
  if (unknown !== undefined) {
    if (!explicit && at < 0) return undefined; // "wire phone jack" reads as a question
    return `Unknown endpoint "${unknown}". Known: ${model.endpoints.map((e) => e.id).join(', ')}`;
  }
  return formatAdvice(advise(model, engine.kb.devices, from, to, count));
}
