/**
 * The device finder as plain text for a terminal: `dialtone device find` and `dialtone device
 * compare`.
 */
import {
  describeFindQuery,
  type Comparison,
  type FindQuery,
  type FoundDevice,
} from '../../core/advisor/index.js';

function foundLine(d: FoundDevice): string {
  const ports = `${d.fxs ?? '?'} FXS, ${d.fxo ?? '?'} FXO${d.variant ? ` (${d.variant})` : ''}`;
  const status =
    d.status === 'current'
      ? 'current'
      : `${d.status}${d.successor ? `; successor: ${d.successor.title}` : ''}`;
  return `${d.exact ? '✓' : '•'} ${d.title} — ${ports} · ${status}  (/devices/${d.id})`;
}

/** The finder's result: exact port matches (✓) first, as `findDevices` sorted them. */
export function formatFound(q: FindQuery, found: readonly FoundDevice[]): string {
  if (found.length === 0) return `No device in the catalogue has ${describeFindQuery(q)}.`;
  return [
    `Devices with ${describeFindQuery(q)}`,
    '',
    ...found.map(foundLine),
    '',
    '✓ exactly these ports · • more ports than asked',
  ].join('\n');
}

/** Widest a column gets before its longer values run past it. */
const MAX_COLUMN = 36;

/** Two devices side by side: one row per fact, `≠` marking the differences. */
export function formatComparison(c: Comparison): string {
  const width = (values: readonly string[]): number =>
    Math.min(MAX_COLUMN, Math.max(...values.map((v) => v.length)));
  const label = width(['', ...c.rows.map((r) => r.label)]);
  const a = width([c.a.title, ...c.rows.map((r) => r.a)]);
  const row = (mark: string, l: string, va: string, vb: string): string =>
    `${mark} ${l.padEnd(label)}  ${va.padEnd(a)}  ${vb}`.trimEnd();
  const differ = c.rows.filter((r) => !r.same).map((r) => r.label);
  return [
    `${c.a.title} vs ${c.b.title}`,
    '',
    row(' ', '', c.a.title, c.b.title),
    ...c.rows.map((r) => row(r.same ? ' ' : '≠', r.label, r.a, r.b)),
    '',
    `Differences: ${differ.length ? differ.join(', ') : 'none recorded'}.`,
    `Cards: /devices/${c.a.id} · /devices/${c.b.id} on the web server`,
  ].join('\n');
}
