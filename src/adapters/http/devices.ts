/**
 * The device catalogue's filter: `?fxs=N&fxo=N&kind=ata`. Port counts match exactly; a device
 * whose count is unconfirmed never matches a count filter.
 */
import { DEVICE_KINDS, type Device } from '../../core/knowledge/schema.js';
import { deviceTitle } from '../../core/answer/device-text.js';

/** One device kind (`ata`, `gateway`, …). */
export type DeviceKind = Device['kind'];

/** A parsed device filter; absent fields do not filter. */
export interface DeviceFilter {
  fxs?: number;
  fxo?: number;
  kind?: DeviceKind;
}

/** Result of parsing: the filter, or the problems to show the user. */
export type ParsedFilter =
  { ok: true; filter: DeviceFilter } | { ok: false; errors: string[]; filter: DeviceFilter };

const COUNT = /^\d{1,4}$/;

const isKind = (v: string): v is DeviceKind => (DEVICE_KINDS as readonly string[]).includes(v);

/** Parses the filter from a query string; empty values are ignored, bad ones reported. */
export function parseDeviceFilter(params: URLSearchParams): ParsedFilter {
  const filter: DeviceFilter = {};
  const errors: string[] = [];
  for (const key of ['fxs', 'fxo'] as const) {
    const raw = params.get(key)?.trim();
    if (!raw) continue;
    if (COUNT.test(raw) && Number(raw) <= 1000) filter[key] = Number(raw);
    else errors.push(`${key.toUpperCase()} must be a whole number from 0 to 1000.`);
  }
  const kind = params.get('kind')?.trim();
  if (kind) {
    if (isKind(kind)) filter.kind = kind;
    else errors.push(`Kind must be one of: ${DEVICE_KINDS.join(', ')}.`);
  }
  return errors.length ? { ok: false, errors, filter } : { ok: true, filter };
}

/** True when the filter has at least one condition. */
export const isFiltering = (f: DeviceFilter): boolean =>
  f.fxs !== undefined || f.fxo !== undefined || f.kind !== undefined;

/** Devices matching `filter`, sorted by vendor and model. */
export function filterDevices(devices: Iterable<Device>, filter: DeviceFilter): Device[] {
  return [...devices]
    .filter(
      (d) =>
        (filter.fxs === undefined || d.fxs === filter.fxs) &&
        (filter.fxo === undefined || d.fxo === filter.fxo) &&
        (filter.kind === undefined || d.kind === filter.kind),
    )
    .sort((a, b) => deviceTitle(a).localeCompare(deviceTitle(b)));
}
