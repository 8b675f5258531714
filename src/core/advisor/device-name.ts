/**
 * A device named as people type it ("pap2t", "SPA-112", "Cisco SPA112", "linksys-pap2t") → its
 * id, exactly (no guessing); and the close names for a name that is not one.
 */
import { deviceTitle } from '../answer/device-text.js';
import type { Device } from '../knowledge/schema.js';
import { Autocomplete, type Choice } from '../match/autocomplete.js';
import { normalise } from '../match/text.js';

/** Longest name read (the longest title or alias is far shorter). */
const MAX_NAME = 80;

/** A name without case, accents, spaces, hyphens, underscores or plus signs. */
const compact = (name: string): string => normalise(name.slice(0, MAX_NAME)).replace(/[\s_+-]+/g, '');

const names = new WeakMap<ReadonlyMap<string, Device>, Map<string, string>>();

function nameIndex(devices: ReadonlyMap<string, Device>): Map<string, string> {
  let index = names.get(devices);
  if (!index) {
    index = new Map();
    // Ids first: an id always names its own device, whatever another device's alias is.
    for (const d of devices.values()) index.set(compact(d.id), d.id);
    for (const d of devices.values())
      for (const n of [deviceTitle(d), d.model, ...d.aliases]) {
        const key = compact(n);
        if (key && !index.has(key)) index.set(key, d.id);
      }
    names.set(devices, index);
  }
  return index;
}

/** The id of the device with this id, title, model or alias; undefined when none has it. */
export function deviceIdByName(devices: ReadonlyMap<string, Device>, name: string): string | undefined {
  if (devices.has(name)) return name;
  const key = compact(name);
  return key ? nameIndex(devices).get(key) : undefined;
}

/** Up to `limit` devices whose names come close to `name` (prefixes, then typos). */
export function closeDevices(devices: ReadonlyMap<string, Device>, name: string, limit = 3): Choice[] {
  if (!name.trim()) return [];
  const choices = new Autocomplete(
    [...devices.values()].map((d) => ({ id: d.id, title: deviceTitle(d), aliases: d.aliases })),
  );
  return choices.complete(name.slice(0, MAX_NAME), limit);
}
