/**
 * Free text → device finder question: "pap2t vs spa112" (compare), "which ATA has an FXO
 * port" (find), "does the ht813 do T.38" (one device). For the matcher to call; it decides
 * whether to route.
 */
import { escapeRegExp, plainText } from '../match/text.js';
import type { Device } from '../knowledge/schema.js';
import type { FindQuery } from './finder.js';

/** What a device question asks for. */
export type DeviceQuestion =
  | { kind: 'compare'; a: string; b: string }
  | { kind: 'find'; query: FindQuery }
  | { kind: 'device'; id: string };

/** One pattern per device for its model and aliases, built once per catalogue. */
const patternCache = new WeakMap<ReadonlyMap<string, Device>, { id: string; re: RegExp }[]>();

function patternsOf(devices: ReadonlyMap<string, Device>): { id: string; re: RegExp }[] {
  let list = patternCache.get(devices);
  if (!list) {
    list = [...devices.values()].flatMap((d) => {
      const names = [
        ...new Set([d.model, ...d.aliases].map((a) => plainText(a).trim()).filter((a) => a.length >= 3)),
      ];
      return names.length
        ? [{ id: d.id, re: new RegExp(`(?<![a-z0-9])(?:${names.map(escapeRegExp).join('|')})(?![a-z0-9])`) }]
        : [];
    });
    patternCache.set(devices, list);
  }
  return list;
}

/** Device ids named in the text, in order of appearance (model numbers and aliases). */
export function mentionedDevices(devices: ReadonlyMap<string, Device>, text: string): string[] {
  const t = plainText(text);
  const hits: { id: string; at: number }[] = [];
  for (const { id, re } of patternsOf(devices)) {
    const at = t.search(re);
    if (at >= 0) hits.push({ id, at });
  }
  return hits.sort((x, y) => x.at - y.at).map((h) => h.id);
}

const COMPARE = /\b(vs\.?|versus|compared?|comparison|difference|differences|diff|better)\b/;
/** "X or Y" compares only when it asks for a choice ("spa112 or ht802, which one?"). */
const CHOICE =
  /\bor\b.*\b(which|should i|best|buy|get|pick)\b|\b(which|should i|best|buy|get|pick)\b.*\bor\b/;
const FIND = /\b(which|what|any|recommend|suggest|need|looking for|find)\b/;
const KIND = /\b(atas?|adapters?|adaptors?|gateways?|boxe?s?|devices?|cards?|models?)\b/;
const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, eight: 8 };

function portCount(t: string, port: 'fxs' | 'fxo'): number | undefined {
  const m = new RegExp(
    `\\b(\\d{1,3}|an?|one|two|three|four|eight)\\s*(?:-\\s*)?(?:port\\s+)?${port}\\b`,
  ).exec(t);
  if (m?.[1]) return NUMBER_WORDS[m[1]] ?? Number(m[1]);
  return new RegExp(`\\b${port}\\b`).test(t) ? 1 : undefined;
}

function findQuery(t: string): FindQuery | undefined {
  const q: FindQuery = {};
  const fxs = portCount(t, 'fxs');
  const fxo = portCount(t, 'fxo');
  if (fxs !== undefined) q.fxs = fxs;
  if (fxo !== undefined) q.fxo = fxo;
  if (/\bt\.?38\b/.test(t)) q.t38 = true;
  if (/\blife ?line\b|power[- ]fail/.test(t)) q.lifeline = true;
  if (/\bstill (sold|made|available)\b|\bcurrent\b/.test(t)) q.status = 'current';
  return Object.keys(q).length ? q : undefined;
}

/**
 * The search a text asks for when it names no device: "which ATA has an FXO port" → `{fxo: 1}`;
 * undefined without a "which/any/need …" word, a kind of device, or a port or feature. For callers
 * that already know no model is named (the matcher found none): no scan of every device name.
 */
export function parseFindQuestion(text: string): FindQuery | undefined {
  const t = plainText(text.slice(0, 4000));
  return FIND.test(t) && KIND.test(t) ? findQuery(t) : undefined;
}

/** True when the text asks to compare ("vs", "difference", "better", "X or Y, which one"). */
export function asksToCompare(text: string): boolean {
  const t = plainText(text.slice(0, 4000));
  return COMPARE.test(t) || CHOICE.test(t);
}

/**
 * The device question in `text`, or undefined: two named devices with a comparison word are a
 * comparison; a "which ATA has …" with port or feature words is a search; one named device is
 * a question about that device.
 */
export function parseDeviceQuestion(
  devices: ReadonlyMap<string, Device>,
  text: string,
): DeviceQuestion | undefined {
  const t = plainText(text.slice(0, 4000));
  const named = mentionedDevices(devices, t);
  const [a, b] = named;
  if (a && b && asksToCompare(t)) return { kind: 'compare', a, b };
  if (!a && FIND.test(t) && KIND.test(t)) {
    const query = findQuery(t);
    return query ? { kind: 'find', query } : undefined;
  }
  return a && !b ? { kind: 'device', id: a } : undefined;
}
