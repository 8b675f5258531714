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
 *   this very pair (see `topicCoversPair`).
 */
import { advise, describeExample, type Advice } from '../advisor/advise.js';
import { namedEndpoints, parseAdvisorQuestion } from '../advisor/question.js';
import type { PortModel } from '../advisor/schema.js';
import type { KnowledgeBase } from '../knowledge/schema.js';
import type { MatchResult } from '../match/matcher.js';
import { plainText } from '../match/text.js';
import { MAX_SUGGESTIONS, entryTitle, type Answer, type AnswerEntry } from './answer.js';

/** A topic answered at least this confidently keeps the question. */
export const KEEP_TOPIC_AT = 0.9;
/** Longer posts tell a story; the connection they name is rarely the question. */
const MAX_WORDS = 30;

const CONNECT =
  /\b(connect\w*|hook\w*|plug\w*|wir(?:e|es|ed|ing)|attach\w*|link(?:s|ed|ing)?|interfac\w*|integrat\w*|tie (?:in|into)|set ?up|use|using|work(?:s|ing)? (?:with|on|through|over|behind))\b/;
/** Troubleshooting, explanations and choices are topics' business. */
const NOT_WIRING =
  /\b(why|fail\w*|error\w*|not working|(?:doesn|does not|didn|did not|won|will not|wont|cant|can not|cannot|isn|is not)t? (?:work|ring|connect|register|send|receive|hear)\w*|no (?:dial ?tone|audio|sound|voice|ring\w*|answer)|echo\w*|nois\w*|hum\w*|static|crackl\w*|choppy|garbled|drop\w*|busy|one way|dead|broken|stopped|problems?|issues?|troubles?|keeps?|vs\.?|versus|differen\w*|better|instead|or|either|replace\w*|port(?:ing|ed)? (?:my|our|the) number|configur\w*|dial ?plan|codecs?|regist\w*|transfer\w*|forward\w*|flash|off.hook|on.hook|caller ?id|voicemail|firmware)\b/;

/** The endpoint's family for "does this topic cover it": any IP-PBX product counts as an IP-PBX. */
const family = (id: string): string => (id.startsWith('ip-pbx') ? 'ip-pbx' : id);

/**
 * True when the top entry is about this very pair: its title names both endpoints ("Analog
 * intercom or door phone with … 3CX" for an intercom and 3CX). A topic about one of them only
 * ("Rotary (pulse dial) phones on an ATA …") stays one click away, as "see also".
 */
function topicCoversPair(model: PortModel, kb: KnowledgeBase, id: string, pair: readonly string[]): boolean {
  const inTitle = new Set(namedEndpoints(model, entryTitle(kb, id) ?? '').map(family));
  return pair.every((e) => inTitle.has(family(e)));
}

/** The pair of endpoints a question asks to connect, or undefined when it is not sure. */
export function wiringQuestion(
  model: PortModel,
  kb: KnowledgeBase,
  question: string,
  match: MatchResult,
): { from: string; to: string; count?: number } | undefined {
  if (match.reason || (match.mentioned?.length ?? 0) > 0) return undefined;
  const t = plainText(question.slice(0, 4000)).trim();
  if (t.split(' ').length > MAX_WORDS || !CONNECT.test(t) || NOT_WIRING.test(t)) return undefined;
  const ids = namedEndpoints(model, t);
  if (ids.length !== 2) return undefined;
  const parsed = parseAdvisorQuestion(model, t);
  if (!parsed || parsed.from === parsed.to) return undefined;
  const top = match.candidates[0];
  if (match.decision === 'answer' && top) {
    if (top.confidence >= KEEP_TOPIC_AT || topicCoversPair(model, kb, top.id, ids)) return undefined;
  }
  return parsed;
}

/** The web address of an advice: `/wire/<from>/<to>`, with `?count=N` above one. */
export function wirePath(a: Pick<Advice, 'from' | 'to'>): string {
  const count = Math.max(a.from.count, a.to.count);
  return `/wire/${a.from.id}/${a.to.id}${count > 1 ? `?count=${count}` : ''}`;
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
  const suggestions =
    match && match.decision !== 'none'
      ? match.candidates.slice(0, MAX_SUGGESTIONS).flatMap((c) => {
          const title = entryTitle(kb, c.id);
          return title ? [{ id: c.id, title, confidence: c.confidence }] : [];
        })
      : [];
  return { status: 'answer', confidence: 1, entry, suggestions, diagram: null, advice };
}

/** The advisor's answer to a question that asks to connect two endpoints, or undefined. */
export function routeToAdvisor(
  model: PortModel,
  kb: KnowledgeBase,
  question: string,
  match: MatchResult,
): Answer | undefined {
  const q = wiringQuestion(model, kb, question, match);
  if (!q) return undefined;
  return adviceAnswer(kb, advise(model, kb.devices, q.from, q.to, q.count ?? 1), match);
}
