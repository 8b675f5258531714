import type { Device } from '../knowledge/schema.js';

const KIND_LABEL: Record<Device['kind'], string> = {
  ata: 'analog telephone adapter (ATA)',
  gateway: 'VoIP gateway',
  card: 'telephony card',
  pbx: 'IP-PBX',
  router: 'router',
};

/** "Vendor Model" as people write it. */
export const deviceTitle = (d: Device): string => `${d.vendor} ${d.model}`;

const ports = (n: number | undefined, what: string): string =>
  n === undefined ? `${what} count unconfirmed` : `${n} ${what}`;

/** One line on the ports: "2 FXS (phone) ports, 0 FXO (line) ports". */
export function describePorts(d: Device): string {
  return `${ports(d.fxs, 'FXS (phone)')} port${d.fxs === 1 ? '' : 's'}, ${ports(d.fxo, 'FXO (line)')} port${d.fxo === 1 ? '' : 's'}`;
}

/** The chat-length summary of a device, built only from its recorded facts. */
export function deviceSummary(d: Device): string {
  const parts = [`${deviceTitle(d)}: ${KIND_LABEL[d.kind]} with ${describePorts(d)}.`];
  if (d.lifeline === true) parts.push('Power-fail lifeline relay (FXS to FXO).');
  if (d.lifeline === false) parts.push('No power-fail lifeline relay.');
  if (d.t38 === true) parts.push('Supports T.38 fax.');
  if (d.t38 === false) parts.push('No T.38 fax.');
  if (d.router === true) parts.push('Built-in router (WAN + LAN).');
  parts.push(describeStatus(d) + '.');
  return parts.join(' ');
}

const STATUS_LABEL: Record<Device['status'], string> = {
  current: 'Current model',
  unconfirmed: 'Lifecycle unconfirmed (check it is still sold before buying)',
  'end-of-sale': 'End of sale',
  'end-of-life': 'End of life',
  discontinued: 'Discontinued',
};

/** "End of life (2023); successor: ata191" — the lifecycle in a few words. */
export function describeStatus(d: Device, successorTitle?: string): string {
  let s = STATUS_LABEL[d.status];
  if (d.status_year !== undefined && isRetired(d)) s += ` (${d.status_year})`;
  const next = successorTitle ?? d.successor;
  if (next && isRetired(d)) s += `; successor: ${next}`;
  return s;
}

/** True when a device is known to be no longer sold, whatever its support state. */
export function isRetired(d: Device): boolean {
  return d.status !== 'current' && d.status !== 'unconfirmed';
}
