/**
 * Free text → device finder question: "pap2t vs spa112" asks to compare, "which ATA has an FXO
 * port" is a search. The engine, which knows the devices the matcher found named, decides
 * whether to route (see core/answer/route.ts).
 */
import { plainText } from '../match/text.js';
import type { FindQuery } from './finder.js';

const COMPARE = /\b(vs\.?|versus|compared?|comparison|difference|differences|diff|better)\b/;
/** "X or Y" compares only when it asks for a choice ("spa112 or ht802, which one?"). */
const CHOICE =
  /\bor\b.*\b(which|should i|best|buy|get|pick)\b|\b(which|should i|best|buy|get|pick)\b.*\bor\b/;
/** "ht801 or ht802?": a bare "X or Y" of a word or two each is a choice too. */
const BARE_CHOICE = /^\W*[\w.-]+(?:\s+[\w.-]+)?\s+or\s+[\w.-]+(?:\s+[\w.-]+)?\W*$/;
const FIND =
  /\b(which|what|any|recommend|suggest|need|looking for|find)\b|^\W*(?:an?\s+)?(?:atas?|adapters?|adaptors?|gateways?|cards?)\s+(?:with|that (?:has|have))\b/;
const KIND = /\b(atas?|adapters?|adaptors?|gateways?|boxe?s?|devices?|cards?|models?)\b/;
const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, eight: 8 };

/** What people call each port besides its name: "2 phone ports" are FXS, "a line port" FXO. */
const PORT_WORDS = { fxs: 'fxs|phone ports?', fxo: 'fxo|line ports?' } as const;

function portCount(t: string, port: 'fxs' | 'fxo'): number | undefined {
  const name = PORT_WORDS[port];
  const m = new RegExp(
    `\\b(\\d{1,3}|an?|one|two|three|four|eight)\\s*(?:-\\s*)?(?:port\\s+)?(?:${name})\\b`,
  ).exec(t);
  if (m?.[1]) return NUMBER_WORDS[m[1]] ?? Number(m[1]);
  return new RegExp(`\\b(?:${name})\\b`).test(t) ? 1 : undefined;
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

/** True when the text asks to compare ("vs", "difference", "better", "X or Y, which one", "X or Y?"). */
export function asksToCompare(text: string): boolean {
  const t = plainText(text.slice(0, 4000));
  return COMPARE.test(t) || CHOICE.test(t) || BARE_CHOICE.test(t);
}
