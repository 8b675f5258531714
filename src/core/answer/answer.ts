import type { Decision, MatchResult } from '../match/matcher.js';
import type { Device, KnowledgeBase, Topic } from '../knowledge/schema.js';
import type { Advice } from '../advisor/advise.js';
import { compareDevices } from '../advisor/finder.js';
import { deviceSummary, deviceTitle, describePorts } from './device-text.js';

/** A reference to another entry, for buttons and "related" lists. */
export interface EntryRef {
  id: string;
  title: string;
}

/** An entry ready to show, whatever adapter shows it. */
export interface AnswerEntry {
  id: string;
  /**
   * `advice`: the wiring advisor's answer (see `Answer.advice`); `finder`: devices found in the
   * catalogue. Both are routed answers (route.ts) whose id is their web address (see `entryPath`).
   */
  type: 'topic' | 'device' | 'advice' | 'finder';
  title: string;
  summary: string;
  /** Long explanation (Markdown) — empty for devices. */
  body: string;
  caution?: string;
  category: string;
  related: EntryRef[];
  devices: EntryRef[];
  sources: string[];
  reviewed?: string;
  /** Diagram id, or null. */
  diagram: string | null;
  /** Device facts, for device cards. */
  device?: Device;
}

/** What Dialtone says to one question: the adapters only render this. */
export interface Answer {
  status: Decision;
  confidence: number;
  entry: AnswerEntry | null;
  suggestions: (EntryRef & { confidence: number })[];
  diagram: string | null;
  /** Set (ISO 639-1) when a post in another language got no sure answer: say Dialtone answers in English. */
  language?: string;
  /** The wiring advisor's whole answer when the question asked to connect two things (see route.ts). */
  advice?: Advice;
}

/** The one line for a post in another language that Dialtone could not match with certainty. */
export const ENGLISH_ONLY =
  'I answer in English and could not match this with confidence. Could you ask in English? Model numbers and terms (FXS, FXO, HT813…) help.';

/** The JSON contract of `dialtone ask --json` and `GET /api/ask`. */
export interface AnswerJson {
  status: Decision;
  confidence: number;
  entry: { id: string; title: string; summary: string } | null;
  suggestions: { id: string; title: string; confidence: number }[];
  diagram: string | null;
}

export const MAX_SUGGESTIONS = 3;

/** The web address of an entry: `/topics/<id>`, `/devices/<id>`, or a routed answer's own (`/wire/…`). */
export function entryPath(e: Pick<AnswerEntry, 'id' | 'type'>): string {
  if (e.type === 'advice' || e.type === 'finder') return `/${e.id}`;
  return `/${e.type === 'device' ? 'devices' : 'topics'}/${encodeURIComponent(e.id)}`;
}

/**
 * The view of one entry (topic or device), or undefined if the id is unknown. Built once per
 * knowledge base and entry, then shared (frozen): a loaded knowledge base never changes (an edit
 * or a reload makes a new one), and every answer to a common question rebuilt the same view (a
 * device's even scanned every topic for the ones linking to it).
 */
export function entryView(kb: KnowledgeBase, id: string): AnswerEntry | undefined {
  let views = viewsByKb.get(kb);
  if (!views) viewsByKb.set(kb, (views = new Map()));
  let view = views.get(id);
  if (view === undefined) {
    view = buildView(kb, id) ?? null;
    views.set(id, view);
  }
  return view ?? undefined;
}

/** Each knowledge base's entry views by id (null: no such entry); see `entryView`. */
const viewsByKb = new WeakMap<KnowledgeBase, Map<string, AnswerEntry | null>>();

/** A new view of entry `id`, frozen with the lists made for it (the knowledge's own are shared as they were). */
function buildView(kb: KnowledgeBase, id: string): AnswerEntry | undefined {
  const topic = kb.topics.get(id);
  const device = topic ? undefined : kb.devices.get(id);
  const view = topic ? topicView(kb, topic) : device && deviceView(kb, device);
  if (!view) return undefined;
  Object.freeze(view.related);
  Object.freeze(view.devices);
  return Object.freeze(view);
}

/** Title of any entry, or undefined. */
export function entryTitle(kb: KnowledgeBase, id: string): string | undefined {
  const t = kb.topics.get(id);
  if (t) return t.title;
  const d = kb.devices.get(id);
  return d ? deviceTitle(d) : undefined;
}

function refs(kb: KnowledgeBase, ids: readonly string[]): EntryRef[] {
  return ids.flatMap((id) => {
    const title = entryTitle(kb, id);
    return title ? [{ id, title }] : [];
  });
}

function topicView(kb: KnowledgeBase, t: Topic): AnswerEntry {
  return {
    id: t.id,
    type: 'topic',
    title: t.title,
    summary: t.summary,
    body: t.body,
    caution: t.caution,
    category: t.category,
    related: refs(kb, t.related),
    devices: refs(kb, t.devices),
    sources: t.sources,
    reviewed: t.reviewed,
    diagram: t.diagram && kb.diagrams.has(t.diagram) ? t.diagram : null,
  };
}

function deviceView(kb: KnowledgeBase, d: Device): AnswerEntry {
  const related = [...kb.topics.values()].filter((t) => t.devices.includes(d.id)).map((t) => t.id);
  return {
    id: d.id,
    type: 'device',
    title: deviceTitle(d),
    summary: deviceSummary(d),
    body: [describePorts(d) + '.', d.notes ?? ''].filter(Boolean).join('\n\n'),
    category: 'devices',
    related: refs(kb, related.slice(0, 5)),
    devices: [],
    sources: d.sources,
    diagram: null,
    device: d,
  };
}

/** Turns a match into an answer: the entry for `answer`, up to three suggestions otherwise. */
export function buildAnswer(kb: KnowledgeBase, match: MatchResult): Answer {
  const top = match.candidates[0];
  const found = match.decision === 'answer' && top ? (entryView(kb, top.id) ?? null) : null;
  const entry = found ? withNamedDevices(kb, found, match.mentioned ?? []) : null;
  const suggestions =
    match.decision === 'none'
      ? []
      : match.candidates
          .filter((c) => c.id !== entry?.id)
          .slice(0, MAX_SUGGESTIONS)
          .flatMap((c) => {
            const title = entryTitle(kb, c.id);
            return title ? [{ id: c.id, title, confidence: c.confidence }] : [];
          });
  const answer: Answer = {
    status: match.decision,
    confidence: match.confidence,
    entry,
    suggestions,
    diagram: entry?.diagram ?? null,
  };
  if (match.reason === 'language' && match.language) answer.language = match.language;
  return answer;
}

/**
 * "PAP2T vs SPA112": the two devices' facts side by side, as one answer every adapter can show
 * (the title names both, the summary has one line per fact, both cards are linked).
 */
export function comparisonAnswer(kb: KnowledgeBase, idA: string, idB: string): Answer | undefined {
  const c = compareDevices(kb.devices, idA, idB);
  if (!c) return undefined;
  const lines = c.rows
    .filter((r) => r.label !== 'Order variants' || !r.same)
    .map((r) => (r.same ? `${r.label}: both ${r.a}` : `${r.label}: ${r.a} | ${r.b}`));
  const view = entryView(kb, idA);
  if (!view) return undefined;
  const entry: AnswerEntry = {
    ...view,
    title: `${c.a.title} vs ${c.b.title}`,
    summary: [`${c.a.title} | ${c.b.title}`, ...lines].join('\n'),
    body: '',
    devices: refs(kb, [idA, idB]),
    sources: [...new Set([...(kb.devices.get(idA)?.sources ?? []), ...(kb.devices.get(idB)?.sources ?? [])])],
  };
  delete entry.device;
  return { status: 'answer', confidence: 1, entry, suggestions: [], diagram: null };
}

/** At most this many named devices get their facts added to a topic answer. */
const MAX_NAMED_DEVICES = 2;

/**
 * A topic answer to a question that names a device ("is the ht802 good for fax") carries that
 * device's own facts after the topic's summary, so the member gets both at once.
 */
/** A topic answer with the facts of the devices the question names added to its summary. */
export function withNamedDevices(
  kb: KnowledgeBase,
  entry: AnswerEntry,
  named: readonly string[],
): AnswerEntry {
  if (entry.type !== 'topic') return entry;
  const facts = named.slice(0, MAX_NAMED_DEVICES).flatMap((id) => {
    const d = kb.devices.get(id);
    return d ? [deviceSummary(d)] : [];
  });
  if (facts.length === 0) return entry;
  return { ...entry, summary: [entry.summary, ...facts].join('\n\n') };
}

/** The stable JSON shape (no long text, no device facts). */
export function toAnswerJson(a: Answer): AnswerJson {
  return {
    status: a.status,
    confidence: a.confidence,
    entry: a.entry ? { id: a.entry.id, title: a.entry.title, summary: a.entry.summary } : null,
    suggestions: a.suggestions.map(({ id, title, confidence }) => ({ id, title, confidence })),
    diagram: a.diagram,
  };
}
