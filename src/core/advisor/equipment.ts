/**
 * The equipment a path needs between two endpoints, sized for the count and illustrated with
 * catalogue devices that have exactly those ports.
 */
import type { Device } from '../knowledge/schema.js';
import { examplesById, examplesWith, sizeFor, unitSizes, type DeviceRef } from './catalogue.js';
import type { Endpoint } from './schema.js';

/** The classes of equipment the advisor recommends. */
export type EquipmentClass =
  'ata' | 'fxs-gateway' | 'fxo-gateway' | 'battery-source' | 'gsm-gateway' | 'gsm-terminal' | 'ip-pbx';

/** One box on the path: its class, how many ports of which type, and example models. */
export interface Equipment {
  class: EquipmentClass;
  /** "24-port FXS gateway", "ATA with 2 FXS ports". */
  label: string;
  /** Short label for the diagram node. */
  short: string;
  /** Ports needed in total (not per unit). */
  ports: { fxs: number; fxo: number };
  /** Ports per unit and how many units. */
  size: number;
  units: number;
  examples: DeviceRef[];
  /** Other ways to get the same ports (a card in the server, a channel bank). */
  alternatives: string[];
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The channel banks in the catalogue: 24 analog ports on one T1. */
const channelBanks = (devices: ReadonlyMap<string, Device>): DeviceRef[] =>
  examplesById(
    devices,
    [...devices.values()].filter((d) => /channel bank/i.test(`${d.model} ${d.notes ?? ''}`)).map((d) => d.id),
    2,
  );

function cardAlternative(devices: ReadonlyMap<string, Device>, type: 'fxs' | 'fxo', n: number): string {
  const cards = examplesWith(devices, type, n, { kinds: new Set(['card']), limit: 2 }).filter((c) => c.exact);
  const names = cards.map((c) => c.title + (c.variant ? ` (${c.variant})` : '')).join(', ');
  return `an ${type.toUpperCase()} card in the server itself (DAHDI)${names ? `, e.g. ${names}` : ''}`;
}

/** FXS ports for `n` stations: an ATA, a multi-port ATA or an FXS gateway (or a channel bank). */
export function fxsEquipment(
  devices: ReadonlyMap<string, Device>,
  n: number,
  options: { fax?: boolean; cards?: boolean } = {},
): Equipment {
  const { size, units } = sizeFor(n, unitSizes(devices.values(), 'fxs'));
  const cls: EquipmentClass = size <= 2 && units === 1 ? 'ata' : 'fxs-gateway';
  let label: string;
  if (units > 1) label = `${units} × ${size}-port FXS gateways`;
  else if (cls === 'ata') label = `ATA (analog telephone adapter) with ${plural(size, 'FXS port')}`;
  else label = `${size}-port FXS gateway${size <= 8 ? ' (multi-port ATA)' : ''}`;
  const alternatives: string[] = [];
  if (n > 8) {
    const banks = channelBanks(devices).map((b) => b.title);
    alternatives.push(
      `a channel bank (a T1 channel bank gives 24 FXS ports on one T1 card or T1 gateway)${banks.length ? `, e.g. ${banks.join(', ')}` : ''}`,
    );
  }
  if (options.cards && n <= 24) alternatives.push(cardAlternative(devices, 'fxs', size));
  return {
    class: cls,
    label,
    short:
      units > 1
        ? `${units} × ${size}-port FXS gateway`
        : cls === 'ata'
          ? `ATA\n${plural(size, 'FXS port')}`
          : `FXS gateway\n${size} FXS ports`,
    ports: { fxs: n, fxo: 0 },
    size,
    units,
    examples: examplesWith(devices, 'fxs', size, { preferT38: options.fax }),
    alternatives,
  };
}

/** FXO ports for `n` lines: an ATA with a line port or an FXO gateway. */
export function fxoEquipment(
  devices: ReadonlyMap<string, Device>,
  n: number,
  options: { cards?: boolean } = {},
): Equipment {
  const sizes = [...new Set([1, ...unitSizes(devices.values(), 'fxo')])].sort((a, b) => a - b);
  const { size, units } = sizeFor(n, sizes);
  const label =
    units > 1
      ? `${units} × ${size}-port FXO gateways`
      : size === 1
        ? 'ATA with an FXO (line) port, or a 1-port FXO gateway'
        : `${size}-port FXO gateway`;
  const alternatives = options.cards && n <= 24 ? [cardAlternative(devices, 'fxo', size)] : [];
  return {
    class: 'fxo-gateway',
    label,
    short: units > 1 ? `${units} × ${size}-port FXO gateway` : `FXO gateway\n${plural(size, 'FXO port')}`,
    ports: { fxs: 0, fxo: n },
    size,
    units,
    examples: examplesWith(devices, 'fxo', size),
    alternatives,
  };
}

/** The battery source two stations need between them: FXS ports for both sides. */
export function batterySource(devices: ReadonlyMap<string, Device>, stations: number): Equipment {
  const fxs = fxsEquipment(devices, stations);
  return {
    ...fxs,
    class: 'battery-source',
    label: `battery source with ${plural(stations, 'FXS port')}: ${stations <= 2 ? `a ${fxs.size}-port ATA on a PBX or SIP service, ` : ''}a line simulator, or a small PBX`,
    short: `Battery source\n${plural(stations, 'FXS port')}`,
    alternatives: [
      'a telephone line simulator (supplies battery, dial tone and ring between two stations)',
      'a small analog or IP-PBX with FXS ports',
    ],
  };
}

/** The line source two line sources need between them: an FXO port for each. */
export function lineBridge(devices: ReadonlyMap<string, Device>, lines: number): Equipment {
  const fxo = fxoEquipment(devices, lines);
  return {
    ...fxo,
    label: `PBX or gateway with ${plural(lines, 'FXO (line) port')} that bridges the lines`,
    short: `PBX / gateway\n${plural(lines, 'FXO port')}`,
  };
}

/** The GSM gateway that puts a SIM's calls on SIP. */
export function gsmGateway(devices: ReadonlyMap<string, Device>, mobile: Endpoint): Equipment {
  return {
    class: 'gsm-gateway',
    label: 'GSM-VoIP gateway (SIM slots, SIP on the LAN side)',
    short: 'GSM gateway\n(SIM)',
    ports: { fxs: 0, fxo: 0 },
    size: 1,
    units: 1,
    examples: examplesById(devices, mobile.examples),
    alternatives: [],
  };
}

/** A GSM terminal with an FXS port: the mobile network as a phone line. */
export function gsmTerminal(devices: ReadonlyMap<string, Device>, mobile: Endpoint, n: number): Equipment {
  return {
    class: 'gsm-terminal',
    label: 'GSM fixed-wireless terminal with an FXS port (a SIM in, a phone line out)',
    short: 'GSM terminal\nFXS port',
    ports: { fxs: n, fxo: 0 },
    size: 1,
    units: 1,
    examples: examplesById(devices, mobile.fxs_examples),
    alternatives: [],
  };
}

/** The registrar two IP endpoints without one need. */
export const IP_PBX: Equipment = {
  class: 'ip-pbx',
  label: 'IP-PBX (Asterisk/FreePBX, 3CX, FreeSWITCH) or a hosted PBX to register and route the calls',
  short: 'IP-PBX',
  ports: { fxs: 0, fxo: 0 },
  size: 1,
  units: 1,
  examples: [],
  alternatives: [],
};
