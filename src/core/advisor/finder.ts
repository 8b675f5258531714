/**
 * The device finder: the catalogue filtered by ports and features, sorted sensibly; and two
 * devices' facts side by side.
 */
import { describeStatus, deviceTitle } from '../answer/device-text.js';
import { DEVICE_KINDS, DEVICE_STATUSES, type Device } from '../knowledge/schema.js';
import { byStatus, layoutsOf, toRef, type DeviceRef, type PortLayout } from './catalogue.js';
import { devicesDot } from './device-dot.js';

/** What a member asks for: at least these ports, these features, this lifecycle state. */
export interface FindQuery {
  fxs?: number;
  fxo?: number;
  /** true: has a power-fail lifeline relay; false: known not to. */
  lifeline?: boolean;
  t38?: boolean;
  status?: (typeof DEVICE_STATUSES)[number];
  kind?: (typeof DEVICE_KINDS)[number];
}

/** A found device: its ports (of the matching order variant) and how many ports are spare. */
export interface FoundDevice extends DeviceRef {
  /** Ports beyond the ones asked for. */
  spare: number;
}

const spareOf = (l: PortLayout, q: FindQuery): number => l.fxs - (q.fxs ?? 0) + (l.fxo - (q.fxo ?? 0));
const fits = (l: PortLayout, q: FindQuery): boolean => l.fxs >= (q.fxs ?? 0) && l.fxo >= (q.fxo ?? 0);
const isExact = (l: PortLayout, q: FindQuery): boolean =>
  (q.fxs === undefined || l.fxs === q.fxs) && (q.fxo === undefined || l.fxo === q.fxo);

function featuresMatch(d: Device, q: FindQuery): boolean {
  if (q.lifeline !== undefined && d.lifeline !== q.lifeline) return false;
  if (q.t38 !== undefined && d.t38 !== q.t38) return false;
  if (q.status !== undefined && d.status !== q.status) return false;
  return q.kind === undefined || d.kind === q.kind;
}

/** The best order variant of `d` for the query, or undefined when none has the ports. */
function bestLayout(d: Device, q: FindQuery): { layout: PortLayout; variant?: string } | undefined {
  const asksPorts = q.fxs !== undefined || q.fxo !== undefined;
  const layouts = layoutsOf(d).filter((l) => fits(l.layout, q));
  if (layouts.length === 0) return asksPorts ? undefined : { layout: { fxs: d.fxs ?? -1, fxo: d.fxo ?? -1 } };
  return layouts.sort(
    (x, y) =>
      Number(!isExact(x.layout, q)) - Number(!isExact(y.layout, q)) ||
      spareOf(x.layout, q) - spareOf(y.layout, q),
  )[0];
}

/**
 * Devices with at least the asked ports and exactly the asked features: exact port matches
 * first, then current before end-of-sale, discontinued and end-of-life, then fewest spare ports.
 */
export function findDevices(devices: ReadonlyMap<string, Device>, q: FindQuery, limit = 25): FoundDevice[] {
  const found: FoundDevice[] = [];
  for (const d of devices.values()) {
    if (!featuresMatch(d, q)) continue;
    const match = bestLayout(d, q);
    if (!match) continue;
    const known = match.layout.fxs >= 0 && match.layout.fxo >= 0;
    const ref = toRef(devices, d, known ? match : undefined, known && isExact(match.layout, q));
    found.push({ ...ref, spare: known ? spareOf(match.layout, q) : Number.MAX_SAFE_INTEGER });
  }
  // The title only breaks ties after the spare ports: 8 FXS before 48 for "4 FXS".
  const order = byStatus<FoundDevice>(q.t38 === true, (a, b) => a.spare - b.spare);
  return found.sort(order).slice(0, limit);
}

/** One fact of two devices. */
export interface ComparisonRow {
  label: string;
  a: string;
  b: string;
  same: boolean;
}

/** Two devices side by side. */
export interface Comparison {
  a: { id: string; title: string };
  b: { id: string; title: string };
  rows: ComparisonRow[];
  /** Graphviz DOT: both devices with what plugs into each port (house style). */
  dot: string;
}

const yesNo = (v: boolean | undefined): string => (v === undefined ? 'unconfirmed' : v ? 'yes' : 'no');
const count = (n: number | undefined): string => (n === undefined ? 'unconfirmed' : String(n));

function facts(devices: ReadonlyMap<string, Device>, d: Device): [string, string][] {
  const next = d.successor ? devices.get(d.successor) : undefined;
  return [
    ['Kind', d.kind],
    ['FXS (phone) ports', count(d.fxs)],
    ['FXO (line) ports', count(d.fxo)],
    // Without an FXO port there is no line for a power-fail lifeline to fall back to (as on the device card).
    ['Lifeline relay', d.fxo === 0 && d.lifeline !== true ? 'no (no FXO port)' : yesNo(d.lifeline)],
    ['T.38 fax', yesNo(d.t38)],
    ['Ethernet ports', count(d.ethernet)],
    ['Router (WAN + LAN)', yesNo(d.router)],
    ['Power / PoE', d.power ?? 'unconfirmed'],
    ['Status', describeStatus(d, next ? deviceTitle(next) : undefined)],
    [
      'Order variants',
      d.variants.length
        ? d.variants.map((v) => `${v.model} (${v.fxs} FXS, ${v.fxo} FXO)`).join('; ')
        : 'none',
    ],
  ];
}

/** The facts of two devices, row by row, or undefined when either id is unknown. */
export function compareDevices(
  devices: ReadonlyMap<string, Device>,
  idA: string,
  idB: string,
): Comparison | undefined {
  const a = devices.get(idA);
  const b = devices.get(idB);
  if (!a || !b) return undefined;
  const fb = facts(devices, b);
  return {
    a: { id: a.id, title: deviceTitle(a) },
    b: { id: b.id, title: deviceTitle(b) },
    rows: facts(devices, a).map(([label, va], i) => {
      const vb = fb[i]?.[1] ?? '';
      return { label, a: va, b: vb, same: va === vb };
    }),
    dot: devicesDot([a, b]),
  };
}

/** A find query in a few words ("2 FXS, T.38 yes, current"), or "any". */
export function describeFindQuery(q: FindQuery): string {
  const parts = [
    q.fxs !== undefined ? `${q.fxs} FXS` : '',
    q.fxo !== undefined ? `${q.fxo} FXO` : '',
    q.lifeline !== undefined ? `lifeline ${q.lifeline ? 'yes' : 'no'}` : '',
    q.t38 !== undefined ? `T.38 ${q.t38 ? 'yes' : 'no'}` : '',
    q.status ?? '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'any';
}
