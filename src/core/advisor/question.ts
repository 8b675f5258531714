/**
 * Free text → advisor question ("how do I connect my fax to asterisk" → fax, Asterisk), and
 * endpoint autocomplete. For the matcher to call; it decides whether to route.
 */
import { escapeRegExp, plainText } from '../match/text.js';
import type { Endpoint, PortModel } from './schema.js';

/** Two endpoints named in a question, in the order they appear, and a count if one was given. */
export interface AdvisorQuestion {
  from: string;
  to: string;
  count?: number;
}

interface Mention {
  id: string;
  start: number;
  end: number;
}

/** Each alias as a whole-word pattern, longest first, built once per port model. */
const patternCache = new WeakMap<PortModel, AliasPattern[]>();

interface AliasPattern {
  id: string;
  alias: string;
  length: number;
  re: RegExp;
}

/**
 * What people call a device's ports ("an ATA with 2 phone ports", "the line port"): names of
 * ports, not of endpoints. They claim their words (so "phone" in them names no analog phone) but
 * name nothing; an endpoint alias that holds them ("isp router phone port") is longer and wins.
 */
const PORT_NAMES = ['phone port', 'phone ports', 'line port', 'line ports'];

function patternsOf(model: PortModel): AliasPattern[] {
  let list = patternCache.get(model);
  if (!list) {
    const names = [
      ...model.endpoints.flatMap((e) =>
        [e.label, ...e.aliases].map((a) => ({ id: e.id, alias: plainText(a).trim() })),
      ),
      ...PORT_NAMES.map((alias) => ({ id: '', alias })),
    ];
    names.sort((x, y) => y.alias.length - x.alias.length);
    list = names
      .filter((n) => n.alias)
      .map(({ id, alias }) => ({
        id,
        alias,
        length: alias.length,
        re: new RegExp(`(?<![a-z0-9])${escapeRegExp(alias)}(?![a-z0-9])`, 'g'),
      }));
    patternCache.set(model, list);
  }
  return list;
}

/** Every alias occurrence, longest first, each character claimed once. */
function mentions(model: PortModel, text: string): Mention[] {
  let taken: boolean[] | undefined; // made for the first alias found: most texts name none
  const found: Mention[] = [];
  for (const { id, alias, length, re } of patternsOf(model)) {
    // The pattern is the alias itself between word boundaries: most aliases are not in the text.
    if (!text.includes(alias)) continue;
    taken ??= new Array<boolean>(text.length).fill(false);
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + length;
      if (taken.slice(start, end).some(Boolean)) continue;
      for (let i = start; i < end; i++) taken[i] = true;
      if (id) found.push({ id, start, end }); // a port name claims its words, names nothing
    }
  }
  return found.sort((x, y) => x.start - y.start);
}

/** The distinct endpoint ids a text names, in order of first mention. */
export function namedEndpoints(model: PortModel, text: string): string[] {
  return distinctIds(mentions(model, plainText(text.slice(0, 4000))));
}

const distinctIds = (found: readonly Mention[]): string[] => [...new Set(found.map((m) => m.id))];

/** What a text says of the port model's endpoints: `namedEndpoints` and `parseAdvisorQuestion`. */
export interface EndpointReading {
  ids: string[];
  pair: AdvisorQuestion | undefined;
}

/**
 * `namedEndpoints` and `parseAdvisorQuestion` of a text that is already plain (`plainText`; it is
 * idempotent), from one scan of the aliases: the routes ask both of the same question.
 */
export function readPlainEndpoints(model: PortModel, plain: string): EndpointReading {
  const t = plain.slice(0, 4000);
  const found = mentions(model, t);
  return { ids: distinctIds(found), pair: pairOf(found, t) };
}

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
  twenty: 20,
};
const COUNT = new RegExp(
  `(?<![\\w.])(\\d{1,4}|${Object.keys(NUMBER_WORDS).join('|')})\\s*(?:x\\s*)?(?:[a-z-]+\\s+){0,2}?` +
    '(?:phones?|lines?|extensions?|faxe?s?|stations?|handsets?|ports?|trunks?|modems?|rooms?|classrooms?|speakers?|panels?|sims?|units?)\\b',
);

/**
 * The two endpoints a question names (first mentioned = `from`) and the count, or undefined
 * when it names fewer than two (one endpoint named twice counts as a pair).
 */
export function parseAdvisorQuestion(model: PortModel, text: string): AdvisorQuestion | undefined {
  const t = plainText(text.slice(0, 4000));
  return pairOf(mentions(model, t), t);
}

/** The pair (and count) a plain text asks for, from its alias mentions (see `parseAdvisorQuestion`). */
function pairOf(found: readonly Mention[], t: string): AdvisorQuestion | undefined {
  const ids: string[] = [];
  for (const m of found) if (!ids.includes(m.id)) ids.push(m.id);
  // "a phone into another phone": one endpoint named twice is a pair too.
  const [from, to] = ids.length === 1 && found.length > 1 ? [ids[0], ids[0]] : ids;
  if (!from || !to) return undefined;
  const n = COUNT.exec(t);
  const count = n?.[1] ? (NUMBER_WORDS[n[1]] ?? Number(n[1])) : undefined;
  return { from, to, ...(count && count > 1 && count <= 1000 ? { count } : {}) };
}

/** Endpoints for autocomplete: id/label/alias prefix first, then substring; at most `limit`. */
export function completeEndpoints(model: PortModel, typed: string, limit = 25): Endpoint[] {
  const q = plainText(typed).trim();
  if (!q) return model.endpoints.slice(0, limit);
  const names = (e: Endpoint): string[] => [e.id, e.label, ...e.aliases].map((s) => plainText(s));
  const rank = (e: Endpoint): number => {
    const all = names(e);
    if (all.some((s) => s === q)) return 0;
    if (all.some((s) => s.startsWith(q))) return 1;
    if (all.some((s) => s.includes(q))) return 2;
    return 3;
  };
  return model.endpoints
    .map((e, i) => ({ e, r: rank(e), i }))
    .filter((x) => x.r < 3)
    .sort((x, y) => x.r - y.r || x.i - y.i)
    .slice(0, limit)
    .map((x) => x.e);
}
