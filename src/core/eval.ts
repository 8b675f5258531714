import type { Engine } from './engine.js';
import { STOPWORDS } from './match/stopwords.js';
import { hashText } from './match/training.js';
import type { MatchResult } from './match/matcher.js';
import { entryTitle, entryView, withNamedDevices, type AnswerEntry } from './answer/answer.js';

/**
 * One labelled question. On-topic questions name the right entry (`expect_id`, one or more
 * acceptable ids) or give a `must` regex that the right answer's title + summary matches;
 * `must: null` (or `offtopic: true`) marks a message that must get no answer.
 */
export interface LabelledQuestion {
  q: string;
  must?: string | null;
  expect_id?: string | string[];
  offtopic?: boolean;
}

export interface EvalMiss {
  q: string;
  status: string;
  got: string | null;
  confidence: number;
  expected: string;
  /** The top candidate was right (shown as a suggestion, or answered on an off-topic post: false). */
  topRight: boolean;
}

/** Figures for a labelled set. Rates are in [0, 1]. */
export interface EvalReport {
  onTopic: number;
  offTopic: number;
  /** The right entry ranked first, whatever the decision. */
  top1: number;
  /** Answered confidently with the right entry. */
  answeredCorrectly: number;
  /** Answered confidently with a wrong entry. */
  wrongAnswers: number;
  /** Not answered, but the right entry is among the suggestions. */
  suggestionRecall: number;
  /** Answered correctly, or the right entry first among the suggestions. */
  correctOrFirstSuggestion: number;
  /** Off-topic messages that got `none`. */
  offTopicRejected: number;
  /**
   * Off-topic messages answered outright (or routed): what an answer channel would post
   * unprompted. The rest of those not rejected got a "did you mean", shown only when asked.
   */
  offTopicAnswered: number;
  /** On-topic questions with one typo in one content word that keep the clean question's top entry. */
  typoAgreement: number;
  misses: EvalMiss[];
}

/** Typo'd versions measured per question: one alone swings with which word it happens to hit. */
const TYPO_VARIANTS = 3;

/**
 * The question with one typo in one content word (three letters or more, not a stopword): a letter
 * dropped, doubled, swapped with its neighbour or replaced by the next key, chosen
 * deterministically from the text (and `variant`) so every run measures the same typos.
 */
export function withTypo(question: string, variant = 0): string {
  const words = [...question.matchAll(/\p{L}{3,}/gu)].filter((w) => !STOPWORDS.has(w[0].toLowerCase()));
  if (words.length === 0) return question;
  const h = hashText(variant ? `${variant}\u0000${question}` : question);
  const w = words[h % words.length] as RegExpMatchArray;
  const word = w[0];
  const k = 1 + (h % (word.length - 2)); // never the first letter: people rarely miss that one
  const typo = [
    word.slice(0, k) + word.slice(k + 1), // dropped
    word.slice(0, k) + (word[k] ?? '') + word.slice(k), // doubled
    word.slice(0, k) + (word[k + 1] ?? '') + (word[k] ?? '') + word.slice(k + 2), // swapped
    word.slice(0, k) + String.fromCharCode((word.charCodeAt(k) % 26) + 97) + word.slice(k + 1), // replaced
  ][(h >> 3) % 4] as string;
  return question.slice(0, w.index) + typo + question.slice((w.index ?? 0) + word.length);
}

/** Parses JSON Lines, naming the line of any bad row. */
export function parseLabelled(text: string, file: string): LabelledQuestion[] {
  const out: LabelledQuestion[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (e) {
      throw new Error(`${file}:${i + 1}: not valid JSON (${(e as Error).message})`);
    }
    if (!row || typeof row !== 'object' || typeof (row as { q?: unknown }).q !== 'string') {
      throw new Error(`${file}:${i + 1}: each line needs a "q" string`);
    }
    out.push(row as LabelledQuestion);
  });
  return out;
}

const isOffTopic = (l: LabelledQuestion): boolean =>
  l.offtopic === true || (l.must === null && l.expect_id === undefined);

/** Runs every labelled question through the engine and measures the answers. */
export function evaluate(engine: Engine, labelled: readonly LabelledQuestion[]): EvalReport {
  let onTopic = 0;
  let offTopic = 0;
  let top1 = 0;
  let answeredCorrectly = 0;
  let wrong = 0;
  let suggested = 0;
  let firstSuggestion = 0;
  let rejected = 0;
  let offAnswered = 0;
  let typoAgree = 0;
  const misses: EvalMiss[] = [];
  for (const l of labelled) {
    const match = engine.match(l.q);
    const topId = match.candidates[0]?.id ?? null;
    const routedEntry = routed(engine, l.q, match);
    if (isOffTopic(l)) {
      offTopic++;
      if (match.decision === 'none' && !routedEntry) {
        rejected++;
        continue;
      }
      if (match.decision === 'answer' || routedEntry) offAnswered++;
      misses.push({
        q: l.q,
        status: match.decision,
        got: topId,
        confidence: match.confidence,
        expected: '(none)',
        topRight: false,
      });
      continue;
    }
    onTopic++;
    for (let v = 0; v < TYPO_VARIANTS; v++) {
      if (engine.match(withTypo(l.q, v)).candidates[0]?.id === topId) typoAgree++;
    }
    const ok = acceptor(engine, l);
    // The answer is judged as shown: a topic answer carries the facts of the devices named, and a
    // question routed to the wiring advisor or the device finder gets that answer instead.
    const topOk = routedEntry ? routedRight(routedEntry, l) : topId !== null && ok(topId, match.mentioned);
    if (topOk) top1++;
    if (match.decision === 'answer' || routedEntry) {
      if (topOk) answeredCorrectly++;
      else wrong++;
    } else if (match.decision === 'suggest') {
      const ids = match.candidates.slice(0, 3).map((c) => c.id);
      if (ids.some((id) => ok(id))) suggested++;
      if (topOk) firstSuggestion++;
    }
    if (!((match.decision === 'answer' || routedEntry) && topOk)) {
      misses.push({
        q: l.q,
        status: match.decision,
        got: topId,
        confidence: match.confidence,
        expected: l.expect_id ? [l.expect_id].flat().join('|') : `/${l.must}/`,
        topRight: topOk,
      });
    }
  }
  const rate = (n: number, d: number): number => (d ? Math.round((n / d) * 1000) / 1000 : 0);
  return {
    onTopic,
    offTopic,
    top1: rate(top1, onTopic),
    answeredCorrectly: rate(answeredCorrectly, onTopic),
    wrongAnswers: rate(wrong, onTopic),
    suggestionRecall: rate(suggested, onTopic),
    correctOrFirstSuggestion: rate(answeredCorrectly + firstSuggestion, onTopic),
    offTopicRejected: rate(rejected, offTopic),
    offTopicAnswered: rate(offAnswered, offTopic),
    typoAgreement: rate(typoAgree, onTopic * TYPO_VARIANTS),
    misses,
  };
}

/** The wiring advisor's or device finder's answer when `Engine.ask` routes the question there. */
function routed(engine: Engine, question: string, match: MatchResult): AnswerEntry | undefined {
  const entry = engine.answerFor(question, match).entry;
  return entry && (entry.type === 'advice' || entry.type === 'finder') ? entry : undefined;
}

/** A routed answer is right when it shows the concept asked for (an entry id label never matches it). */
function routedRight(entry: AnswerEntry, l: LabelledQuestion): boolean {
  return l.expect_id === undefined && new RegExp(l.must ?? '$^', 'i').test(`${entry.title} ${entry.summary}`);
}

function acceptor(engine: Engine, l: LabelledQuestion): (id: string, named?: readonly string[]) => boolean {
  if (l.expect_id !== undefined) {
    const ids = new Set([l.expect_id].flat());
    return (id) => ids.has(id);
  }
  const re = new RegExp(l.must ?? '$^', 'i');
  return (id, named = []) => {
    const view = entryView(engine.kb, id);
    const e = view && withNamedDevices(engine.kb, view, named);
    return e !== undefined && re.test(`${entryTitle(engine.kb, id) ?? ''} ${e.summary}`);
  };
}
