/**
 * Free text routed to the wiring advisor: "how do I connect my fax to asterisk" gets the
 * advisor's path, equipment, examples, warnings and diagram instead of a topic. As with topics,
 * only when sure — a wrong routing is worse than none:
 *
 * - the question names exactly two different endpoints of the port model and no catalogue device;
 * - it asks to connect them (connect, hook up, plug, wire, attach, use … with, work with);
 * - it is no troubleshooting or explanation ("keeps failing", "no dial tone", "why"), no choice
 *   between the two ("landline or sip trunk?") and no long post;
 * - the matcher did not refuse it (spam, another domain, another language), and did not answer
 *   it confidently with a topic that is better: one above {@link KEEP_TOPIC_AT}, or one about
 *   either endpoint (see `topicIsAbout`) above {@link KEEP_ENDPOINT_TOPIC_AT}.
 */
import { advise, describeExample, type Advice } from '../advisor/advise.js';
import { parseFindQuestion } from '../advisor/device-question.js';
import { findDevices, type FindQuery, type FoundDevice } from '../advisor/finder.js';
import { namedEndpoints, readPlainEndpoints, type EndpointReading } from '../advisor/question.js';
import type { PortModel } from '../advisor/schema.js';
import type { Device, KnowledgeBase } from '../knowledge/schema.js';
import type { MatchResult } from '../match/matcher.js';
import { plainText } from '../match/text.js';
import { MAX_SUGGESTIONS, entryTitle, type Answer, type AnswerEntry } from './answer.js';
import { describeStatus } from './device-text.js';

/** A topic answered at least this confidently keeps the question. */
export const KEEP_TOPIC_AT = 0.9;
/**
 * A topic about either endpoint keeps the question from this confidence: below it the match is a
 * near thing ("connect my fax to asterisk" half-matches the fax-to-email topic) and the advisor's
 * path answers a connection question surely.
 */
export const KEEP_ENDPOINT_TOPIC_AT = 0.6;
/** Longer posts tell a story; the connection they name is rarely the question. */
const MAX_WORDS = 30;

/** A whole-word pattern of the alternatives (plain text: lowercase, no apostrophes). */
const words = (...alternatives: string[]): RegExp => new RegExp(`\\b(?:${alternatives.join('|')})\\b`);

const CONNECT = words(
  'connect\\w*',
  'hook\\w*',
  'plug\\w*',
  'wir(?:e|es|ed|ing)',
  'attach\\w*',
  'link(?:s|ed|ing)?',
  'interfac\\w*',
  'integrat\\w*',
  'tie (?:in|into)',
  'set ?up',
  'use',
  'using',
  'work(?:s|ing)? (?:with|on|through|over|behind)',
);
/** Something does not work: a troubleshooting topic's question, not a wiring one. */
const TROUBLE = [
  'why',
  'fail\\w*',
  'error\\w*',
  'not working',
  '(?:doesn|does not|didn|did not|won|will not|wont|cant|can not|cannot|isn|is not)t? (?:work|ring|connect|register|send|receive|hear)\\w*',
  'no (?:dial ?tone|audio|sound|voice|ring\\w*|answer)',
  'echo\\w*',
  'nois\\w*',
  'hum\\w*',
  'static',
  'crackl\\w*',
  'choppy',
  'garbled',
  'drop\\w*',
  'busy',
  'one way',
  'dead',
  'broken',
  'stopped',
  'problems?',
  'issues?',
  'troubles?',
  'keeps?',
];
/** A choice or a comparison between the two, not a connection. */
const CHOICE = ['vs\\.?', 'versus', 'differen\\w*', 'better', 'instead', 'or', 'either', 'replace\\w*'];
/** Configuration, features and explanations: topics' business. */
const CONFIG = [
  'port(?:ing|ed)? (?:my|our|the) number',
  'configur\\w*',
  'dial ?plan',
  'codecs?',
  'regist\\w*',
  'transfer\\w*',
  'forward\\w*',
  'flash',
  'off.hook',
  'on.hook',
  'caller ?id',
  'voicemail',
  'firmware',
  'mean\\w*',
  'explain\\w*',
  'stands? for',
];
/** No endpoint of the port model: a "phone app" is not an analog phone. */
const ELSEWHERE = [
  'apps?',
  'iphone',
  'android',
  'smartphone',
  'computer',
  'pc',
  'laptop',
  'teams',
  'zoom',
  'skype',
  'whatsapp',
];
const NOT_WIRING = words(...TROUBLE, ...CHOICE, ...CONFIG, ...ELSEWHERE);

/** The endpoint's family for "does this topic cover it": any IP-PBX product counts as an IP-PBX. */
const family = (id: string): string => (id.startsWith('ip-pbx') ? 'ip-pbx' : id);

/**
 * True when the topic the matcher answered with is about one of the two endpoints: its title,
 * without the examples in parentheses, names either ("Analog intercom or door phone with … 3CX",
 * "Rotary (pulse dial) phones on an ATA …"). Such a topic is the better answer (it knows that
 * endpoint's quirks); the advisor only takes a question whose answered topic is about something
 * else ("Digital PBX / key-system handsets (… Panasonic …) are not analog" for an old PBX's trunk).
 */
function topicIsAbout(model: PortModel, kb: KnowledgeBase, id: string, pair: readonly string[]): boolean {
  const title = (entryTitle(kb, id) ?? '').replace(/\([^)]*\)/g, ' ');
  const inTitle = new Set(namedEndpoints(model, title).map(family));
  return pair.some((e) => inTitle.has(family(e)));
}

/** The pair of endpoints a question asks to connect, or undefined when it is not sure. */
export function wiringQuestion(
  model: PortModel,
  kb: KnowledgeBase,
  question: string,
  match: MatchResult,
): { from: string; to: string; count?: number } | undefined {
  const t = routable(question, match);
  return t === undefined ? undefined : wiringPair(model, kb, t, match, readEndpoints(model, t));
}

/**
 * The question's plain text (`plainText`, trimmed) when either route may take it, or undefined:
 * both routes leave refused messages, named devices, long posts and troubleshooting, choice,
 * configuration or app words to the matcher. Read once for both.
 */
function routable(question: string, match: MatchResult): string | undefined {
  if (match.reason || (match.mentioned?.length ?? 0) > 0) return undefined;
  const t = plainText(question.slice(0, 4000)).trim();
  return t.split(' ').length > MAX_WORDS || NOT_WIRING.test(t) ? undefined : t;
}

/** The endpoints a routable text names, read on first use (see `readPlainEndpoints`). */
type Endpoints = () => EndpointReading;
const readEndpoints = (model: PortModel, t: string): Endpoints => {
  let read: EndpointReading | undefined;
  return () => (read ??= readPlainEndpoints(model, t));
};

/** `wiringQuestion` of a routable text (see `routable`). */
function wiringPair(
  model: PortModel,
  kb: KnowledgeBase,
  t: string,
  match: MatchResult,
  endpoints: Endpoints,
): { from: string; to: string; count?: number } | undefined {
  if (!CONNECT.test(t)) return undefined;
  const { ids, pair: parsed } = endpoints();
  if (ids.length !== 2) return undefined;
  if (!parsed) return undefined; // two distinct endpoints (ids.length === 2 above)
  // "Use my router with a VoIP provider": the network itself and a SIP endpoint is no wiring question.
  const [a, b] = [model.byId.get(parsed.from), model.byId.get(parsed.to)];
  if ((a?.network && b?.presents === 'ip') || (b?.network && a?.presents === 'ip')) return undefined;
  const top = match.candidates[0];
  if (match.decision === 'answer' && top) {
    if (
      top.confidence >= KEEP_TOPIC_AT ||
      (top.confidence >= KEEP_ENDPOINT_TOPIC_AT && topicIsAbout(model, kb, top.id, ids))
    )
      return undefined;
  }
  return parsed;
}

/** The web address of an advice: `/wire/<from>/<to>`, with `?count=N` above one. */
export function wirePath(a: Pick<Advice, 'from' | 'to'>): string {
  const count = Math.max(a.from.count, a.to.count);
  return `/wire/${a.from.id}/${a.to.id}${count > 1 ? `?count=${count}` : ''}`;
}

/** The matcher's own candidates, kept one click away under a routed answer. */
function seeAlso(kb: KnowledgeBase, match: MatchResult | undefined): Answer['suggestions'] {
  if (!match || match.decision === 'none') return [];
  return match.candidates.slice(0, MAX_SUGGESTIONS).flatMap((c) => {
    const title = entryTitle(kb, c.id);
    return title ? [{ id: c.id, title, confidence: c.confidence }] : [];
  });
}

/**
 * An advice as an answer every adapter can show: the title names the pair, the summary holds the
 * advice and the path, the example devices are linked; `advice` carries the rest (equipment,
 * warnings, the diagram's DOT) for adapters that render it in full. The matcher's own candidates
 * stay as "see also".
 */
export function adviceAnswer(kb: KnowledgeBase, advice: Advice, match?: MatchResult): Answer {
  const times = (n: number): string => (n > 1 ? `${n} × ` : '');
  const examples = advice.equipment.flatMap((e) => e.examples);
  const buy = advice.equipment.map((e) => e.label).join('; then ');
  const entry: AnswerEntry = {
    id: wirePath(advice).slice(1),
    type: 'advice',
    title: `${times(advice.from.count)}${advice.from.label} → ${times(advice.to.count)}${advice.to.label}`,
    summary: [
      advice.summary,
      `Path: ${advice.pathText}`,
      ...(buy ? [`What to buy: ${buy}.`] : []),
      ...(examples.length ? [`Examples: ${examples.map(describeExample).join('; ')}.`] : []),
      ...(advice.fix ? [`Fix: ${advice.fix}`] : []),
    ].join('\n\n'),
    body: '',
    ...(advice.warnings.length ? { caution: advice.warnings.map((w) => w.text).join(' ') } : {}),
    category: 'wiring',
    related: [],
    devices: [...new Map(examples.map((d) => [d.id, { id: d.id, title: d.title }])).values()],
    sources: [],
    diagram: null,
  };
  return { status: 'answer', confidence: 1, entry, suggestions: seeAlso(kb, match), diagram: null, advice };
}

/** The advisor's answer to a question that asks to connect two endpoints, or undefined. */
export function routeToAdvisor(
  model: PortModel,
  kb: KnowledgeBase,
  question: string,
  match: MatchResult,
): Answer | undefined {
  const q = wiringQuestion(model, kb, question, match);
  return q && advisorAnswer(model, kb, q, match);
}

function advisorAnswer(
  model: PortModel,
  kb: KnowledgeBase,
  q: { from: string; to: string; count?: number },
  match: MatchResult,
): Answer {
  return adviceAnswer(kb, advise(model, kb.devices, q.from, q.to, q.count ?? 1), match);
}

/**
 * `routeToAdvisor`, else `routeToFinder` (without a port model, only the finder), reading the
 * question once for both: its plain text, the checks they share and the endpoints it names.
 */
export function routeQuestion(
  kb: KnowledgeBase,
  question: string,
  match: MatchResult,
  model?: PortModel,
): Answer | undefined {
  return route(kb, question, match, model, true);
}

/** Devices shown for a finder question at most (the rest are one click away on the web). */
const MAX_FOUND = 8;
const KINDS: readonly [RegExp, Device['kind'], string][] = [
  [/\b(atas?|adapters?|adaptors?)\b/, 'ata', 'ATAs'],
  [/\bgateways?\b/, 'gateway', 'Gateways'],
  [/\bcards?\b/, 'card', 'Telephony cards'],
];

/** A finder question asks what a device has: "which ATA has …", "a gateway with …", "supports T.38". */
const HAS = /\b(has|have|having|with|supports?|supporting|does|do|comes?)\b/;
/** "What does 4 FXS on my gateway mean", "what is an FXO gateway": explanations, topics' business. */
const EXPLAIN = /\bwhat (?:is|are|does)\b/;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "2 FXS ports, 1 FXO port, T.38, still sold". */
function describeFind(q: FindQuery): string {
  return [
    q.fxs !== undefined ? plural(q.fxs, 'FXS port') : '',
    q.fxo !== undefined ? plural(q.fxo, 'FXO port') : '',
    q.lifeline ? 'a power-fail lifeline relay' : '',
    q.t38 ? 'T.38 fax' : '',
    q.status === 'current' ? 'still sold' : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** `devices?fxs=…&fxo=…&kind=…`: the catalogue page with the filters it has (exact port counts). */
function catalogueId(q: FindQuery): string {
  const params = new URLSearchParams();
  if (q.fxs !== undefined) params.set('fxs', String(q.fxs));
  if (q.fxo !== undefined) params.set('fxo', String(q.fxo));
  if (q.kind) params.set('kind', q.kind);
  const query = params.toString();
  return query ? `devices?${query}` : 'devices';
}

/** Found devices as an answer: one line each, exact port matches (✓) first, current before retired. */
export function finderAnswer(
  kb: KnowledgeBase,
  query: FindQuery,
  found: readonly FoundDevice[],
  match?: MatchResult,
): Answer {
  const what = KINDS.find(([, kind]) => kind === query.kind)?.[2] ?? 'Devices';
  const shown = found.slice(0, MAX_FOUND);
  const lines = shown.map((d) => {
    const device = kb.devices.get(d.id);
    const successor = d.successor?.title;
    const status = device ? describeStatus(device, successor) : d.status;
    const ports = `${d.fxs ?? '?'} FXS + ${d.fxo ?? '?'} FXO${d.variant ? ` (${d.variant})` : ''}`;
    return `${d.exact ? '✓' : '•'} ${d.title}: ${ports}. ${status}.`;
  });
  const entry: AnswerEntry = {
    id: catalogueId(query),
    type: 'finder',
    title: `${what} with ${describeFind(query)}`,
    summary: [...lines, '', '✓ exactly these ports · • more ports than asked'].join('\n'),
    body: '',
    category: 'devices',
    related: [],
    devices: shown.map((d) => ({ id: d.id, title: d.title })),
    sources: [],
    diagram: null,
  };
  return { status: 'answer', confidence: 1, entry, suggestions: seeAlso(kb, match), diagram: null };
}

/**
 * The device finder's answer to a short "which ATA has an FXO port" question (a kind of device
 * that has, comes with or supports some ports or features; no model named), or undefined. Same
 * care as for the advisor: no troubleshooting or explanation words, no refused message, no
 * endpoints to size for ("… for 4 copper lines into FreePBX"), never over a topic answered at
 * {@link KEEP_TOPIC_AT} or above, and nothing when the catalogue has no such device.
 */
export function routeToFinder(
  kb: KnowledgeBase,
  question: string,
  match: MatchResult,
  model?: PortModel,
): Answer | undefined {
  return route(kb, question, match, model, false);
}

/**
 * The question read once (its plain text, the checks both routes share, the endpoints it names),
 * then the advisor when `advise` and a wiring pair is there, else the finder.
 */
function route(
  kb: KnowledgeBase,
  question: string,
  match: MatchResult,
  model: PortModel | undefined,
  advise: boolean,
): Answer | undefined {
  const t = routable(question, match);
  if (t === undefined) return undefined;
  const endpoints = model && readEndpoints(model, t);
  const pair = advise && model && endpoints && wiringPair(model, kb, t, match, endpoints);
  if (model && pair) return advisorAnswer(model, kb, pair, match);
  return finderFor(kb, t, match, endpoints);
}

/** `routeToFinder` of a routable text (see `routable`); no port model, no `endpoints`. */
function finderFor(
  kb: KnowledgeBase,
  t: string,
  match: MatchResult,
  endpoints: Endpoints | undefined,
): Answer | undefined {
  if (EXPLAIN.test(t) || !HAS.test(t)) return undefined;
  // "What FXO gateway for 4 copper lines into FreePBX": a sizing question (topics, the advisor).
  if (endpoints && endpoints().ids.length > 0) return undefined;
  // The matcher found no model named (checked above), so only the search itself is read.
  const asked = parseFindQuestion(t);
  if (!asked) return undefined;
  const top = match.candidates[0];
  if (match.decision === 'answer' && top && top.confidence >= KEEP_TOPIC_AT) return undefined;
  const kind = KINDS.find(([re]) => re.test(t))?.[1];
  const query: FindQuery = { ...asked, ...(kind ? { kind } : {}) };
  const found = findDevices(kb.devices, query, MAX_FOUND);
  return found.length ? finderAnswer(kb, query, found, match) : undefined;
}
