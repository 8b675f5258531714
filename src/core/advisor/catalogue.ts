/**
 * The device catalogue seen through ports: which models have exactly the ports a path needs,
 * and which port count to buy for N analog devices.
 */
import { deviceTitle } from '../answer/device-text.js';
import type { Device } from '../knowledge/schema.js';

/** A port layout: FXS (phone) ports and FXO (line) ports. */
export interface PortLayout {
  fxs: number;
  fxo: number;
}

/** A catalogue device offered as an example, with the order variant that has the ports. */
export interface DeviceRef {
  id: string;
  title: string;
  status: Device['status'];
  /** Set when the device is no longer sold and the catalogue names a successor. */
  successor?: { id: string; title: string };
  /** Order variant with these ports (e.g. "MP-124/FXS"), when the family has several. */
  variant?: string;
  fxs?: number;
  fxo?: number;
  t38?: boolean;
  lifeline?: boolean;
  /** True when the device has exactly the requested ports (no extra port of the other type). */
  exact: boolean;
}

const STATUS_ORDER: Record<Device['status'], number> = {
  current: 0,
  unconfirmed: 0.5,
  'end-of-sale': 1,
  discontinued: 2,
  'end-of-life': 3,
};

/** Every port layout a device can be ordered with: its own and its variants'. */
export function layoutsOf(d: Device): { layout: PortLayout; variant?: string }[] {
  const own = d.fxs !== undefined && d.fxo !== undefined ? [{ layout: { fxs: d.fxs, fxo: d.fxo } }] : [];
  return [...own, ...d.variants.map((v) => ({ layout: { fxs: v.fxs, fxo: v.fxo }, variant: v.model }))];
}

/** A device as a {@link DeviceRef}; `match` picks the variant whose layout satisfies it. */
export function toRef(
  devices: ReadonlyMap<string, Device>,
  d: Device,
  match?: { layout: PortLayout; variant?: string },
  exact = true,
): DeviceRef {
  const next = d.status !== 'current' && d.successor ? devices.get(d.successor) : undefined;
  return {
    id: d.id,
    title: deviceTitle(d),
    status: d.status,
    ...(next ? { successor: { id: next.id, title: deviceTitle(next) } } : {}),
    ...(match?.variant ? { variant: match.variant } : {}),
    fxs: match?.layout.fxs ?? d.fxs,
    fxo: match?.layout.fxo ?? d.fxo,
    ...(d.t38 !== undefined ? { t38: d.t38 } : {}),
    ...(d.lifeline !== undefined ? { lifeline: d.lifeline } : {}),
    exact,
  };
}

/**
 * Exact port matches first, then current, end-of-sale, discontinued, end-of-life; T.38 first when
 * asked; then `then` (e.g. fewest spare ports); then by title.
 */
export function byStatus<T extends DeviceRef>(preferT38 = false, then: (a: T, b: T) => number = () => 0) {
  return (a: T, b: T): number =>
    Number(!a.exact) - Number(!b.exact) ||
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    (preferT38 ? Number(b.t38 === true) - Number(a.t38 === true) : 0) ||
    then(a, b) ||
    a.title.localeCompare(b.title);
}

type PortType = 'fxs' | 'fxo';
const other = (t: PortType): PortType => (t === 'fxs' ? 'fxo' : 'fxs');
const GATEWAY_KINDS: ReadonlySet<Device['kind']> = new Set(['ata', 'gateway']);

/**
 * The port counts one unit of the given type comes in (ATAs and gateways with no port of the
 * other type), ascending: e.g. FXS 1, 2, 4, 8, 16, 24, 32, 48.
 */
export function unitSizes(devices: Iterable<Device>, type: PortType, kinds = GATEWAY_KINDS): number[] {
  const sizes = new Set<number>();
  for (const d of devices) {
    if (!kinds.has(d.kind)) continue;
    for (const { layout } of layoutsOf(d))
      if (layout[type] > 0 && layout[other(type)] === 0) sizes.add(layout[type]);
  }
  return [...sizes].sort((a, b) => a - b);
}

/** How to buy `n` ports: the smallest unit that holds them, or several of the largest. */
export function sizeFor(n: number, sizes: readonly number[]): { size: number; units: number } {
  const fit = sizes.find((s) => s >= n);
  if (fit !== undefined || sizes.length === 0) return { size: fit ?? n, units: 1 };
  const max = sizes[sizes.length - 1] ?? n;
  return { size: max, units: Math.ceil(n / max) };
}

/**
 * Catalogue devices with `size` ports of `type`: exactly that layout first (no port of the other
 * type), then the same count with extra ports of the other type; current models before retired ones.
 */
export function examplesWith(
  devices: ReadonlyMap<string, Device>,
  type: PortType,
  size: number,
  options: { kinds?: ReadonlySet<Device['kind']>; preferT38?: boolean; limit?: number } = {},
): DeviceRef[] {
  const kinds = options.kinds ?? GATEWAY_KINDS;
  const refs: DeviceRef[] = [];
  for (const d of devices.values()) {
    if (!kinds.has(d.kind)) continue;
    const layouts = layoutsOf(d).filter((l) => l.layout[type] === size);
    const exact = layouts.find((l) => l.layout[other(type)] === 0);
    const match = exact ?? layouts[0];
    if (match) refs.push(toRef(devices, d, match, exact !== undefined));
  }
  const sorted = refs.sort(byStatus(options.preferT38));
  const hasExact = sorted.some((r) => r.exact);
  return sorted.filter((r) => r.exact || !hasExact).slice(0, options.limit ?? 5);
}

/** Catalogue devices by id (unknown ids are skipped), current first. */
export function examplesById(
  devices: ReadonlyMap<string, Device>,
  ids: readonly string[],
  limit = 5,
): DeviceRef[] {
  return ids
    .flatMap((id) => {
      const d = devices.get(id);
      return d ? [toRef(devices, d)] : [];
    })
    .sort(byStatus())
    .slice(0, limit);
}
