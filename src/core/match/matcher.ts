import { Bm25Index, type FieldTexts } from './bm25.js';
import type { Candidate } from './candidate.js';
import { APP_TERMS, DOMAIN_TERMS, HARDWARE_TERMS, bugReportFields, domainPhrases } from './domain.js';
import { ExampleIndex, termFeatures, type FeatureVector } from './examples.js';
import { calibrationRow } from './features.js';
import { GENERIC_TERMS, GENERIC_WEIGHT } from './generic.js';
import { heldAnchor, heldCount, TermHoldings, type EntryTerms } from './holdings.js';
import { detectLanguage } from './language.js';
import { predict, type LogisticModel } from './model.js';
import { MAX_QUESTION_CHARS, postSentences, workingOnlyTerms } from './post.js';
import { outOfScope } from './scope.js';
import { looksLikeSpam } from './spam.js';
import { Speller } from './speller.js';
import { STOPWORDS } from './stopwords.js';
import { compileSynonyms, synonymTerms, type SynonymRules } from './synonyms.js';
import { absentPhrases, affirms, polarity, type Polarity } from './negation.js';
import { escapeRegExp, nameTerms, nameWord, normalise, stem, terms, tokenize } from './text.js';
import { definitionKey, foreignDefinitionKey } from './definition.js';
import { preferByName, type NamedEntries, type RestReader } from './named.js';
import {
  SCORER_SIGNATURE,
  compareScorers,
  trainScorer,
  type ScorerScore,
  type Scored,
  type TrainingReport,
  type TrainingSource,
  type TrainingStore,
} from './training.js';

export { editDistance, osaDistance } from './speller.js';
export { FEATURES } from './features.js';
export {
  forgetTraining,
  trainsFromScratch,
  type ScorerScore,
  type TrainingReport,
  type TrainingStore,
} from './training.js';

/** What the matcher indexes: a topic or a device reduced to searchable text. */
export interface MatchEntry {
  id: string;
  title: string;
  aliases: readonly string[];
  keywords: readonly string[];
  /** Example questions (written and paraphrased from real posts): what the scorer learns from. */
  questions: readonly string[];
  /**
   * Where the paraphrased real posts start among `questions` (the rest are written questions):
   * the calibrator learns how sure to be from real posts. Absent: none are.
   */
  postsFrom?: number;
  summary: string;
  /** Long explanation, searched with a low weight. */
  body?: string;
  kind?: 'topic' | 'device';
  /** Ids of entries this one links to ("related", devices): a neighbour that half-answers it. */
  related?: readonly string[];
}

export type { Candidate } from './candidate.js';

export type Decision = 'answer' | 'suggest' | 'none';

/** The matcher's verdict on one question. */
export interface MatchResult {
  decision: Decision;
  /** Confidence of the best candidate (0 when there is none). */
  confidence: number;
  /** Best first; at most `MAX_CANDIDATES`. */
  candidates: Candidate[];
  /** Why the decision was `none` when it was not for lack of a good match. */
  reason?: 'spam' | 'out-of-scope' | 'empty' | 'language';
  /** Language of the message (ISO 639-1) when it is not English. */
  language?: string;
  /** Devices named in the question (by model or alias), in order of appearance. */
  mentioned?: string[];
}

export interface MatcherOptions {
  /** Trained models kept between runs (see `TrainingStore`). */
  store?: TrainingStore;
  /** Answer at or above this confidence (default: read off the cross-validated curve). */
  answerAt?: number;
  /** Suggest ("did you mean") at or above this confidence (default: from the curve). */
  suggestAt?: number;
  /** Built matchers kept between runs (see `Matcher.create`). */
  index?: MatcherIndexStore;
}

/**
 * A built matcher as plain data (everything but its entries, which the caller has): what
 * `Matcher.create` keeps in a {@link MatcherIndexStore} and restores on the next start.
 */
export interface MatcherSnapshot {
  version: number;
  /** The knowledge it was built from (`trainingKey`). */
  key: string;
  state: Record<string, unknown>;
}

/**
 * Built matchers by knowledge key (DATA_DIR/cache/index): restoring one costs a fraction of
 * building it (a third of the bot's start-up) and leaves none of the building's garbage in the
 * heap. A store must give back what it was given, or undefined; its keys must also change with
 * the matcher's code (the snapshot is its fields).
 */
export interface MatcherIndexStore {
  get(key: string): unknown;
  set(key: string, snapshot: MatcherSnapshot): void;
}

/** Changes when the snapshot's form does (not with the fields, which the store's key covers). */
const SNAPSHOT_VERSION = 1;
/** The fields holding class instances, each with how to make its saved copy an instance again. */
const REVIVE: Readonly<Record<string, (state: unknown) => unknown>> = {
  search: Bm25Index.revive,
  examples: ExampleIndex.revive,
  holdings: TermHoldings.revive,
  speller: Speller.revive,
};

const MAX_CANDIDATES = 5;
/** Candidates taken from each retriever (BM25 over the entries, nearest examples). */
const RETRIEVE = 8;
/** At most this many query terms (the rarest) go to BM25. */
const MAX_RANKING_TERMS = 12;
/**
 * Words of prose beyond which a post is "long": the calibrator, learning from paraphrased posts
 * held out one at a time, is sure of itself on long stories it has never seen. Measured on the
 * development sets of unseen real posts (real-posts, holdout): answered from the usual threshold,
 * posts over about 40–45 words were wrong on a third of their answers whatever the knowledge's
 * own posts' lengths (its 99th percentile moved from 40 to 60 words in one session, and wrong
 * answers on unseen posts rose with it); below, as often right as the curve says.
 */
export const LONG_POST_WORDS = 45;

/**
 * A long post is answered from this confidence (or halfway from the answer threshold to 1, if
 * higher): on stories the calibrator, which learns from shorter posts, is surer than it should
 * be. Measured in session 14 (after the knowledge's misfiled examples were moved, which made it
 * surer): 0.725 → 0.75 turned three wrong answers on the read real-post sets into suggestions
 * (and one right answer), the blind sets unchanged; 0.775 and 0.8 cost right answers on both.
 */
export const LONG_POST_ANSWER_AT = 0.75;

/**
 * In another language a topic (not a device) is answered only from this confidence, or halfway
 * from the answer threshold if higher (see `sureInAnyLanguage`): after the session-14 knowledge
 * cleanup "mi teléfono analógico no tiene tono con el ATA" matched the ATA topic at 0.76.
 */
const FOREIGN_TOPIC_AT = 0.8;
/** Confidence when the question is exactly an entry's title, alias or example question. */
const EXACT_NAME_CONFIDENCE = 0.95;
/** Field boosts for BM25: a title or alias hit says more than a word in the long text. */
const BOOSTS = { title: 3, aliases: 3, keywords: 2, summary: 1, body: 0.3 } as const;
const FIELDS = Object.keys(BOOSTS) as (keyof typeof BOOSTS)[];

/** A processed question. */
interface Query {
  /** Distinct known terms with their weight (sentence weight × typo certainty × genericness). */
  terms: Map<string, number>;
  /** Terms from sentences that ask. */
  asking: Set<string>;
  /** Terms and pairs for the nearest-example search. */
  vector: FeatureVector;
  /** Terms the knowledge does not know. */
  unknown: number;
  /** Entries named by alias or model. */
  named: number[];
  /** How strongly each named entry is named: 1 in a sentence that asks (or a one-sentence post), less in backstory. */
  namedWeight: Map<number, number>;
  /** The whole question, processed, for exact-name lookups. */
  key: string;
  /** Telephony words and device names in the question, weighted by sentence (see domain.ts). */
  domain: number;
  /** Mobile-phone, app and PC-audio words in the question (see domain.ts), weighted by sentence. */
  app: number;
  /** App words, and no word or name of the hardware Dialtone knows (see `HARDWARE_TERMS`). */
  appOnly: boolean;
  /** The question's words with their negation, for titles about an absence. */
  polarity: Polarity;
  /** Words of prose (logs and dumps left out): see `LONG_POST_WORDS`. */
  words: number;
}

/**
 * Ranks knowledge entries for a chat question and says how sure it is.
 *
 * Two retrievers find candidates — BM25 over the entries' text (bm25.ts) and the nearest
 * example questions (TF-IDF over terms and term pairs) — and a listwise logistic ranker, trained
 * on the knowledge base's own example questions by leave-one-out, orders them; a calibrator turns
 * the ranking into the probability that the top one is right. The answer threshold is a fixed
 * probability, the suggest threshold is read off the off-topic curve (see training.ts). Typos are
 * corrected against the knowledge's own vocabulary (speller.ts), long posts are reduced to the
 * sentences that ask.
 */
export class Matcher {
  readonly answerAt: number;
  readonly suggestAt: number;
  readonly training: TrainingReport;
  private readonly entries: readonly MatchEntry[];
  private readonly indexById = new Map<string, number>();
  private readonly search: Bm25Index;
  private readonly examples: ExampleIndex;
  private readonly exampleTerms: Set<string>[];
  private readonly exampleTexts: string[];
  /** Per example: paraphrased from a real post (see `MatchEntry.postsFrom`). */
  private readonly examplePost: boolean[] = [];
  /** Term → the entries holding it: in how many of their fields and examples, as an anchor or not. */
  private readonly holdings: TermHoldings;
  /** How many texts (fields and example questions) each entry's `holdings` count over. */
  private readonly textCounts: number[] = [];
  private readonly titleTerms: string[][];
  /** Per entry, what its title says is absent ("no dial tone" → [dial, tone]); see negation.ts. */
  private readonly absent: string[][][] = [];
  private readonly idf = new Map<string, number>();
  private readonly maxIdf: number;
  /** Alias phrases (processed terms) by first term. */
  private readonly names = new Map<string, { terms: string[]; entry: number }[]>();
  private readonly exactNames = new Map<string, number>();
  /** The knowledge has telephony words at all (a knowledge base about something else is not gated on them). */
  private readonly knowsTelephony: boolean;
  private readonly synonyms: SynonymRules;
  private readonly speller: Speller;
  private readonly namePatterns = new Map<number, RegExp>();
  private readonly model: LogisticModel;
  private readonly calibrator: LogisticModel;

  /** `key` is the knowledge's fingerprint when the caller has it already (see `create`). */
  constructor(
    entries: readonly MatchEntry[],
    synonyms: Record<string, string[]> = {},
    options: MatcherOptions = {},
    key: string = fingerprint(entries, synonyms),
  ) {
    this.entries = entries;
    entries.forEach((e, i) => {
      if (!this.indexById.has(e.id)) this.indexById.set(e.id, i);
    });
    this.synonyms = compileSynonyms(synonyms);
    const seen = new Map<string, string[]>();
    const termsOf = (text: string): string[] => {
      let t = seen.get(text);
      if (!t) seen.set(text, (t = terms(text)));
      return t;
    };
    const docs: FieldTexts[] = [];
    const df = new Map<string, number>();
    const exampleList: { entry: number; terms: string[] }[] = [];
    this.exampleTerms = [];
    this.exampleTexts = [];
    const entryTerms: EntryTerms[] = [];
    this.titleTerms = [];
    entries.forEach((e, i) => {
      const fields = {
        title: termsOf(e.title),
        aliases: e.aliases.flatMap(termsOf),
        keywords: e.keywords.flatMap(termsOf),
        summary: termsOf(e.summary),
        body: e.body ? termsOf(e.body) : [],
      };
      docs.push(FIELDS.map((f) => fields[f].join(' ')));
      const counts = new Map<string, number>();
      const count = (ts: Iterable<string>): void => {
        for (const t of new Set(ts)) counts.set(t, (counts.get(t) ?? 0) + 1);
      };
      for (const f of FIELDS) count(fields[f]);
      e.questions.forEach((q, k) => {
        this.examplePost.push(e.postsFrom !== undefined && k >= e.postsFrom);
        const qt = termsOf(q);
        exampleList.push({ entry: i, terms: qt });
        // What an example says works is not what its entry is about (see `workingOnlyTerms`).
        const working = workingOnlyTerms(q);
        const held = working.size ? qt.filter((t) => !working.has(t)) : qt;
        this.exampleTerms.push(new Set(held));
        this.exampleTexts.push(q);
        count(held);
      });
      this.textCounts.push(FIELDS.length + e.questions.length);
      for (const t of counts.keys()) df.set(t, (df.get(t) ?? 0) + 1);
      entryTerms.push({ counts, anchors: new Set([...fields.title, ...fields.aliases, ...fields.keywords]) });
      this.titleTerms.push([...new Set(fields.title)]);
      this.absent.push(absentPhrases(e.title));
      this.indexNames(e, i);
    });
    this.search = new Bm25Index(
      FIELDS.map((f) => BOOSTS[f]),
      docs,
    );
    this.examples = new ExampleIndex(exampleList, entries.length);
    this.holdings = new TermHoldings(entryTerms);
    const n = Math.max(entries.length, 1);
    for (const [t, d] of df) this.idf.set(t, Math.log(1 + (n - d + 0.5) / (d + 0.5)));
    this.maxIdf = Math.log(1 + (n + 0.5) / 0.5);
    this.speller = new Speller(
      entries.flatMap((e) => [e.title, ...e.aliases, ...e.keywords, e.summary, e.body ?? '', ...e.questions]),
      df,
    );
    this.knowsTelephony = [...DOMAIN_TERMS].some((t) => df.has(t));
    this.training = trainScorer(this.trainingSource(), key, options.store);
    this.model = this.training.model;
    this.calibrator = this.training.calibrator;
    this.answerAt = options.answerAt ?? this.training.answerAt;
    this.suggestAt = Math.min(options.suggestAt ?? this.training.suggestAt, this.answerAt);
  }

  /**
   * A matcher for `entries`: restored from `options.index` when it holds one built from the same
   * knowledge, else built (and given to the store). Answers exactly as `new Matcher` does.
   */
  static create(
    entries: readonly MatchEntry[],
    synonyms: Record<string, string[]> = {},
    options: MatcherOptions = {},
  ): Matcher {
    const { index } = options;
    if (!index) return new Matcher(entries, synonyms, options);
    const key = fingerprint(entries, synonyms);
    let saved: unknown;
    try {
      saved = index.get(key);
    } catch {
      saved = undefined; // an unreadable cache is a miss
    }
    const restored = Matcher.restore(entries, saved, key, options);
    if (restored) return restored;
    const built = new Matcher(entries, synonyms, options, key);
    index.set(key, built.snapshot(key));
    return built;
  }

  /** This matcher as plain data, for {@link Matcher.create}'s store. */
  snapshot(key: string): MatcherSnapshot {
    const state: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(this)) if (name !== 'entries') state[name] = value;
    return { version: SNAPSHOT_VERSION, key, state };
  }

  /** The matcher `saved` holds for `entries`, or undefined when it is not one for them. */
  private static restore(
    entries: readonly MatchEntry[],
    saved: unknown,
    key: string,
    options: MatcherOptions,
  ): Matcher | undefined {
    const snap = saved as Partial<MatcherSnapshot> | undefined;
    const state = snap?.state;
    if (snap?.version !== SNAPSHOT_VERSION || snap.key !== key || typeof state !== 'object' || !state)
      return undefined;
    if (!(state.indexById instanceof Map) || state.indexById.size > entries.length) return undefined;
    let matcher: Matcher;
    try {
      const parts = Object.fromEntries(
        Object.entries(REVIVE).map(([name, revive]) => [name, revive(state[name])]),
      );
      matcher = Object.assign(Object.create(Matcher.prototype) as Matcher, state, parts, { entries });
    } catch {
      return undefined;
    }
    // Through the training cache, as a build from a stored model goes: the next small edit
    // reuses these weights instead of training anew.
    const training = trainScorer(matcher.trainingSource(), key, {
      get: () => state.training,
      set: () => {},
    });
    return Object.assign(matcher, {
      training,
      model: training.model,
      calibrator: training.calibrator,
      answerAt: options.answerAt ?? training.answerAt,
      suggestAt: Math.min(options.suggestAt ?? training.suggestAt, options.answerAt ?? training.answerAt),
    });
  }

  /** An entry's title and aliases (and its example questions) as exact names; aliases for spotting names in text. */
  private indexNames(e: MatchEntry, i: number): void {
    for (const name of [e.title, ...e.aliases]) {
      const nt = nameTerms(name);
      const key = nt.join(' ');
      if (!key) continue;
      if (!this.exactNames.has(key)) this.exactNames.set(key, i);
      if (e.aliases.includes(name)) {
        const list = this.names.get(nt[0] as string) ?? [];
        list.push({ terms: nt, entry: i });
        this.names.set(nt[0] as string, list);
      }
    }
    for (const q of e.questions) {
      const key = nameTerms(q).join(' ');
      if (key && !this.exactNames.has(key)) this.exactNames.set(key, i);
    }
  }

  /** What training reads of this matcher: its examples, and scoring with one held out. */
  private trainingSource(): TrainingSource {
    return {
      exampleCount: this.examples.size,
      exampleText: (ex) => this.exampleTexts[ex] ?? '',
      exampleOwner: (ex) => this.examples.owner[ex] ?? -1,
      examplePost: (ex) => this.examplePost[ex] ?? false,
      scored: (text, exclude) => {
        const query = this.analyse(text);
        return { scored: this.score(query, exclude), domain: query.domain };
      },
      linked: (a, b) => this.linked(a, b),
    };
  }

  /**
   * Every example question ranked with itself held out (leave-one-out, the trained weights): the
   * entry it belongs to and the entry ranked first. For knowledge work: `dialtone kb confusions`.
   */
  heldOutRanking(): { text: string; owner: string; first: string }[] {
    const source = this.trainingSource();
    return Array.from({ length: source.exampleCount }, (_, ex) => {
      let first = -1;
      let best = -Infinity;
      for (const s of source.scored(source.exampleText(ex), ex).scored) {
        const p = predict(this.model, s.features);
        if (p > best) [best, first] = [p, s.entry];
      }
      return {
        text: source.exampleText(ex),
        owner: this.entries[source.exampleOwner(ex)]?.id ?? '',
        first: this.entries[first]?.id ?? '',
      };
    });
  }

  /** Ranking methods compared on this knowledge's held-out examples (slow: trains each 5 times). */
  compareScorers(): ScorerScore[] {
    return compareScorers(this.trainingSource());
  }

  /** Number of indexed entries. */
  get size(): number {
    return this.entries.length;
  }

  /** Matches one question. Pure and synchronous: safe to call inside a message handler. */
  match(input: string): MatchResult {
    // Cap at the door: nothing below reads more than a long forum post.
    const question = input.length > MAX_QUESTION_CHARS ? input.slice(0, MAX_QUESTION_CHARS) : input;
    if (looksLikeSpam(question)) return { decision: 'none', confidence: 0, candidates: [], reason: 'spam' };
    if (outOfScope(question))
      return { decision: 'none', confidence: 0, candidates: [], reason: 'out-of-scope' };
    const query = this.analyse(question);
    if (query.terms.size === 0 && query.unknown === 0) {
      return { decision: 'none', confidence: 0, candidates: [], reason: 'empty' };
    }
    const ranked = this.rank(query);
    const exact =
      this.exactNames.get(query.key) ??
      this.exactNames.get(definitionKey(query.key)) ??
      this.exactNames.get(foreignDefinitionKey(question));
    if (exact !== undefined) {
      const id = this.entries[exact]?.id ?? '';
      const rest = ranked.filter((c) => c.id !== id);
      const mine = ranked.find((c) => c.id === id);
      ranked.splice(
        0,
        ranked.length,
        {
          id,
          score: Math.max(mine?.score ?? 0, (ranked[0]?.score ?? 0) + 1),
          confidence: Math.max(mine?.confidence ?? 0, EXACT_NAME_CONFIDENCE),
        },
        ...rest,
      );
    }
    if (query.named.length)
      preferByName(this.namedEntries(), question, this.restReader(question), query.named, ranked);
    const candidates = ranked
      .slice(0, MAX_CANDIDATES)
      .map((c) => ({ ...c, confidence: round(c.confidence) }));
    const best = candidates[0]?.confidence ?? 0;
    const { suggestAt, answerAt } = this.bands(query);
    let decision: Decision = best >= answerAt ? 'answer' : best >= suggestAt ? 'suggest' : 'none';
    const mentioned = query.named
      .filter((i) => this.entries[i]?.kind === 'device')
      .map((i) => this.entries[i]?.id ?? '');
    const result: MatchResult = { decision, confidence: round(best), candidates };
    if (mentioned.length) result.mentioned = [...new Set(mentioned)];
    const language = detectLanguage(question);
    if (language !== 'en') {
      result.language = language;
      if (!(decision === 'answer' && this.sureInAnyLanguage(question, query, candidates[0]))) {
        decision = 'none';
        return { ...result, decision, reason: 'language' };
      }
    }
    return result;
  }

  /**
   * The confidence a question needs for a "did you mean" and for an answer. A message with no
   * telephony word at all ("my wifi keeps dropping") needs more evidence: it is suggested only
   * from the answer threshold, and answered halfway from there to 1. So is a long post
   * (`LONG_POST_WORDS`) answered: on stories around the question the calibrator was confidently
   * wrong on a third of those it answered, and those answers are right as a "did you mean". One
   * about a phone app or a PC's audio that names none of the hardware we know ("echo on every
   * call from my Samsung's phone app") is at most a "did you mean": every entry is about hardware
   * it lacks, so a confident answer would be a wrong one.
   */
  private bands(query: Query): { suggestAt: number; answerAt: number } {
    const plain = (query.domain === 0 || query.appOnly) && this.knowsTelephony;
    const halfway = (this.answerAt + 1) / 2;
    const long = query.words > LONG_POST_WORDS ? Math.max(halfway, LONG_POST_ANSWER_AT) : 0;
    return {
      suggestAt: plain ? this.answerAt : this.suggestAt,
      answerAt: query.appOnly ? Infinity : Math.max(plain ? halfway : this.answerAt, long),
    };
  }

  /** Ranks entries for a processed question; `exclude` holds one example out (training). */
  private rank(query: Query, exclude = -1): Candidate[] {
    const ranked = this.score(query, exclude)
      // Object literals, not `{ ...s, p }`: a spread copy was a tenth of the matcher's time.
      .map((s) => ({ entry: s.entry, features: s.features, p: predict(this.model, s.features) }))
      .sort((a, b) => b.p - a.p);
    const top = ranked.length ? predict(this.calibrator, calibrationRow(ranked)) : 0;
    const topP = ranked[0]?.p ?? 1;
    return ranked.map((s, k) => ({
      id: this.entries[s.entry]?.id ?? '',
      // The top candidate's confidence is calibrated; the others keep their share of it.
      confidence: k === 0 ? top : Math.min(top, (top * s.p) / Math.max(topP, 1e-9)),
      score: Math.log(s.p / (1 - s.p + 1e-12)),
    }));
  }

  /**
   * In another language only a sure match on a name is answered: a device's model number, a
   * topic's name (an acronym, a driver) matched from halfway between the answer threshold and 1,
   * or one that is nearly the whole question ("FXS?"). A topic named in a sentence we cannot
   * read and matched no better ("mi teléfono no tiene tono con el ATA", 0.65) is not what it asks.
   */
  private sureInAnyLanguage(question: string, query: Query, top: Candidate | undefined): boolean {
    const index = this.indexOf(top?.id);
    const entry = this.entries[index];
    if (!top || !entry || !query.named.includes(index)) return false;
    if (entry.kind === 'device' || top.confidence >= Math.max((this.answerAt + 1) / 2, FOREIGN_TOPIC_AT))
      return true;
    const rest = tokenize(this.withoutName(question, index));
    return rest.filter((w) => w.length > 2).length <= 1;
  }

  /** The entries as the name rules (named.ts) read them. */
  private namedEntries(): NamedEntries {
    return {
      kindOf: (i) => this.entries[i]?.kind,
      idOf: (i) => this.entries[i]?.id,
      indexOf: (id) => this.indexOf(id),
    };
  }

  /**
   * The question without the name of entry `index`, processed, and its ranking: read once per
   * match however many rules ask (see the `prefer…` rules), and ranked only when one needs it.
   */
  private restReader(question: string): RestReader {
    const seen = new Map<number, { query: Query; ranked?: Candidate[] }>();
    return (index) => {
      let rest = seen.get(index);
      if (!rest) {
        seen.set(index, (rest = { query: this.analyse(this.withoutName(question, index)) }));
      }
      const read = rest;
      return { terms: read.query.terms, ranked: () => (read.ranked ??= this.rank(read.query)) };
    };
  }

  /** The question with entry `index`'s title and aliases taken out (as it is when there is no such entry). */
  private withoutName(question: string, index: number): string {
    const entry = this.entries[index];
    return entry ? normalise(question).replace(this.namePattern(index, entry), ' ') : question;
  }

  /** One pattern for an entry's title and aliases, built on first use. */
  private namePattern(index: number, entry: MatchEntry): RegExp {
    let re = this.namePatterns.get(index);
    if (!re) {
      const names = [entry.title, ...entry.aliases]
        .map((n) => escapeRegExp(normalise(n)))
        .filter(Boolean)
        .sort((a, b) => b.length - a.length);
      re = new RegExp(`\\b(?:${names.join('|')})\\b`, 'g');
      this.namePatterns.set(index, re);
    }
    return re;
  }

  /**
   * The entries whose alias `said` (a sentence's words as names read them) holds, into `named`,
   * each with the sentence's name weight `w` (the highest it is named with).
   */
  private spotNames(
    said: readonly string[],
    w: number,
    named: number[],
    namedWeight: Map<number, number>,
  ): void {
    for (let k = 0; k < said.length; k++) {
      for (const cand of this.names.get(said[k] as string) ?? []) {
        if (!cand.terms.every((t, j) => said[k + j] === t)) continue;
        named.push(cand.entry);
        namedWeight.set(cand.entry, Math.max(namedWeight.get(cand.entry) ?? 0, w));
      }
    }
  }

  /**
   * How much a question talks telephony (see domain.ts): the devices it names, its telephony
   * words (each as much as its sentence weighs, at most 1) and its jargon phrases (`inOrder`: its
   * terms in order, sentences apart).
   */
  private telephonyTalk(
    named: readonly number[],
    terms: ReadonlyMap<string, number>,
    inOrder: string[],
  ): number {
    let domain = new Set(named.filter((i) => this.entries[i]?.kind === 'device')).size;
    for (const [t, w] of terms) if (DOMAIN_TERMS.has(t)) domain += Math.min(w, 1);
    return domain + domainPhrases(inOrder);
  }

  /** True when a question names a device or uses a word of the hardware Dialtone knows (`HARDWARE_TERMS`). */
  private namesHardware(named: readonly number[], terms: ReadonlyMap<string, number>): boolean {
    return (
      named.some((i) => this.entries[i]?.kind === 'device') ||
      [...terms.keys()].some((t) => HARDWARE_TERMS.has(t))
    );
  }

  /** True when entry `a` and entry `b` link to each other in either direction. */
  private linked(a: number, b: number): boolean {
    const ea = this.entries[a];
    const eb = this.entries[b];
    if (!ea || !eb || a === b) return false;
    return Boolean(ea.related?.includes(eb.id) || eb.related?.includes(ea.id));
  }

  private indexOf(id: string | undefined): number {
    return id === undefined ? -1 : (this.indexById.get(id) ?? -1);
  }

  /** Candidates with their features. */
  private score(query: Query, exclude = -1): Scored[] {
    const held = exclude >= 0 ? this.exampleTerms[exclude] : undefined;
    const heldEntry = exclude >= 0 ? (this.examples.owner[exclude] ?? -1) : -1;
    // Each term's IDF read once, not twice per comparison (the same stable order).
    const searchTerms = [...query.terms.keys()]
      .map((t) => ({ t, idf: this.idf.get(t) ?? 0 }))
      .sort((a, b) => b.idf - a.idf)
      .slice(0, MAX_RANKING_TERMS);
    const found = searchTerms.length
      ? this.search.search(
          searchTerms.map(({ t }) => t),
          (t) => query.terms.get(t) ?? 1,
          RETRIEVE,
        )
      : undefined;
    const bm25 = (i: number): number => found?.scores[i] ?? 0;
    const knn = this.examples.scores(query.vector, exclude);
    const pool = new Set<number>(found?.best.map((h) => h.id));
    for (const i of topIndexes(knn.best, RETRIEVE)) pool.add(i);
    for (const i of query.named) pool.add(i);
    if (pool.size === 0) return [];
    const list = [...pool];
    let bmTop = 1e-9;
    for (const i of list) bmTop = Math.max(bmTop, bm25(i));
    const knnBestOf = list.map((i) => knn.best[i] ?? 0);
    // Each candidate's nearest-example margin is against the best of the others.
    const [knnFirst, knnSecond] = firstTwo(knnBestOf);
    const namedSet = new Set(query.named);
    const { totalMass, askMass, qLen, unknownShare } = this.mass(query);
    const table = this.termTable(query);
    const holdings = this.holdings.of(table.terms, list);
    const evidence = list.map((i, k) =>
      this.evidence(table, holdings, k, i, i === heldEntry ? held : undefined),
    );
    const likelihood = evidence.map((e) => e.likelihood);
    const bestLikelihood = Math.max(...likelihood);
    let weight = 0;
    for (const w of query.terms.values()) weight += w;
    return list.map((i, k) => {
      const { covered, askCovered, anchorMass } = evidence[k] as Evidence;
      const bm = bm25(i);
      const best = knnBestOf[k] ?? 0;
      const otherBest = best === knnFirst ? knnSecond : knnFirst;
      const title = this.titleTerms[i] ?? [];
      let inTitle = 0;
      for (const t of title) if (query.terms.has(t)) inTitle++;
      const titleCover = title.length ? inTitle / title.length : 0;
      const features = [
        bm / bmTop,
        bm >= bmTop ? 1 : 0,
        Math.log1p(bm),
        best,
        knn.second[i] ?? 0,
        best - otherBest,
        best >= otherBest && best > 0 ? 1 : 0,
        totalMass > 0 ? covered / totalMass : 0,
        askMass > 0 ? askCovered / askMass : totalMass > 0 ? covered / totalMass : 0,
        Math.log1p(anchorMass),
        query.namedWeight.get(i) ?? 0,
        namedSet.size > 0 && !namedSet.has(i) ? 1 : 0,
        titleCover,
        this.entries[i]?.kind === 'device' ? 1 : 0,
        qLen,
        unknownShare,
        Math.log1p(covered),
        Math.log1p(query.domain),
        totalMass > 0 ? anchorMass / totalMass : 0,
        weight > 0 ? ((likelihood[k] ?? 0) - bestLikelihood) / weight : 0,
        (this.absent[i] ?? []).some((phrase) => affirms(query.polarity, phrase)) ? 1 : 0,
        Math.log1p(query.app),
      ];
      return { entry: i, features };
    });
  }

  /** Per query term, once: its weight, its IDF mass, whether a sentence that asks holds it. */
  private termTable(query: Query): TermTable {
    const table: TermTable = { terms: [], weights: [], mass: [], asked: [] };
    for (const [t, w] of query.terms) {
      table.terms.push(t);
      table.weights.push(w);
      table.mass.push((this.idf.get(t) ?? this.maxIdf) * w);
      table.asked.push(query.asking.has(t));
    }
    return table;
  }

  /**
   * One pass over the question's terms for entry `i`: how much of the question it covers (all of
   * it, the asking sentences', its anchors'), and the naive-Bayes word likelihood — how likely the
   * question's words are among the entry's texts (the weighted sum of log P(word | entry), each
   * the smoothed share of the entry's texts that contain it), so "echo" speaks for the echo topic
   * much more than "pbx" for any of the many PBX topics. `holdings` are the question's terms'
   * holdings by the candidates (`TermHoldings.of`), entry `i` the `k`th; `held` is a held-out
   * example's terms, taken out of its entry.
   */
  private evidence(
    table: TermTable,
    holdings: Int32Array,
    k: number,
    i: number,
    held: Set<string> | undefined,
  ): Evidence {
    const texts = (this.textCounts[i] ?? 1) - (held ? 1 : 0);
    const width = table.terms.length;
    const out: Evidence = { likelihood: 0, covered: 0, askCovered: 0, anchorMass: 0 };
    for (let j = 0; j < width; j++) {
      const t = table.terms[j] as string;
      const packed = holdings[k * width + j] as number;
      const c = heldCount(packed) - (held?.has(t) ? 1 : 0);
      out.likelihood +=
        (table.weights[j] as number) *
        Math.log((c + LIKELIHOOD_SMOOTHING) / (texts + 2 * LIKELIHOOD_SMOOTHING));
      if (c > 0) {
        const m = table.mass[j] as number;
        out.covered += m;
        if (table.asked[j]) out.askCovered += m;
        if (heldAnchor(packed)) out.anchorMass += m;
      }
    }
    return out;
  }

  /** The question's IDF-weighted mass (all of it, the asking sentences'), its length, its unknown share. */
  private mass(query: Query): { totalMass: number; askMass: number; qLen: number; unknownShare: number } {
    let totalMass = 0;
    let askMass = 0;
    for (const [t, w] of query.terms) {
      const m = (this.idf.get(t) ?? this.maxIdf) * w;
      totalMass += m;
      if (query.asking.has(t)) askMass += m;
    }
    totalMass += query.unknown * this.maxIdf;
    return {
      totalMass,
      askMass,
      qLen: Math.log(1 + query.terms.size + query.unknown),
      unknownShare: query.unknown / Math.max(query.terms.size + query.unknown, 1),
    };
  }

  /** Sentences → weighted known terms, the example-search vector and the names it mentions. */
  private analyse(question: string): Query {
    const termWeights = new Map<string, number>();
    const repeats = new Map<string, number>();
    const asking = new Set<string>();
    const vector: FeatureVector = new Map();
    const named: number[] = [];
    const namedWeight = new Map<number, number>();
    const appSeen = new Set<string>();
    let app = bugReportFields(question);
    const sentences = postSentences(question);
    const oneSentence = new Set(sentences.map((s) => s.whole ?? s.text)).size === 1;
    let unknown = 0;
    const unknownSeen = new Set<string>();
    let prose = 0;
    const inOrder: string[] = [];
    for (const s of sentences) {
      // Words as typed (a typo is corrected against the knowledge's words before stemming), then
      // the terms the synonyms add. Names are spotted in the words as typed, filler dropped
      // (`nameTerms`): "I cannot call out" names the topic whose alias is "cannot call out".
      const fixed: string[] = [];
      const said: string[] = [];
      // `t`: the word's stem, which the caller has; a known term is taken as it is, with no object.
      const take = (word: string, t = stem(word)): string | undefined => {
        const known = this.idf.has(t);
        const c = known ? null : this.speller.correct(word);
        if (!known && !c) {
          if (!unknownSeen.has(t)) unknown += s.weight >= 1 ? 1 : 0;
          unknownSeen.add(t);
          return undefined;
        }
        const term = c?.term ?? t;
        const weight = c?.weight ?? 1;
        fixed.push(term);
        const w = s.weight * weight * (GENERIC_TERMS.has(term) ? GENERIC_WEIGHT : 1);
        termWeights.set(term, Math.max(termWeights.get(term) ?? 0, w));
        repeats.set(term, (repeats.get(term) ?? 0) + 1);
        if (s.weight > 1) asking.add(term);
        return term;
      };
      const words = tokenize(s.text);
      if (s.weight >= 1) prose += words.length; // logs and dumps are not prose
      for (const word of words) {
        const stemmed = stem(word);
        if (APP_TERMS.has(stemmed) && !appSeen.has(word)) {
          appSeen.add(word);
          app += Math.min(s.weight, 1);
        }
        if (STOPWORDS.has(word)) {
          const w = nameWord(word); // a stopword as names read it
          if (w !== undefined) said.push(w);
        } else said.push(take(word, stemmed) ?? word);
      }
      for (const t of terms(synonymTerms(s.text, this.synonyms))) take(t);
      termFeatures(fixed, s.weight, vector);
      inOrder.push(...fixed, '');
      this.spotNames(said, s.weight > 1 || oneSentence ? 1 : BACKSTORY_NAME, named, namedWeight);
    }
    // A post repeats what it is about ("echo" in the title and again in the question).
    for (const [t, n] of repeats)
      if (n > 1) termWeights.set(t, (termWeights.get(t) ?? 0) * (1 + REPEAT_WEIGHT * Math.log(n)));
    return {
      terms: termWeights,
      asking,
      vector,
      unknown,
      named,
      namedWeight,
      app,
      appOnly: app > 0 && !this.namesHardware(named, termWeights),
      key: nameTerms(question).join(' '),
      domain: this.telephonyTalk(named, termWeights, inOrder),
      polarity: polarity(question),
      words: prose,
    };
  }
}

/** The question's terms as parallel arrays (see `Matcher.termTable`). */
interface TermTable {
  terms: string[];
  weights: number[];
  mass: number[];
  asked: boolean[];
}

/** What one candidate's entry holds of the question (see `Matcher.evidence`). */
interface Evidence {
  likelihood: number;
  covered: number;
  askCovered: number;
  anchorMass: number;
}

/** The largest and second-largest of non-negative values (0 where missing). */
function firstTwo(values: readonly number[]): [number, number] {
  let first = 0;
  let second = 0;
  for (const v of values) {
    if (v > first) [first, second] = [v, first];
    else if (v > second) second = v;
  }
  return [first, second];
}

/**
 * Indexes of the `k` largest positive values, largest first, ties in index order (what a stable
 * sort after each insertion gave): each index goes in after every kept one at least as large.
 */
function topIndexes(values: Float64Array, k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v <= 0) continue;
    if (out.length === k) {
      if (v <= (values[out[k - 1] as number] as number)) continue;
      out.pop();
    }
    let at = out.length;
    while (at > 0 && (values[out[at - 1] as number] as number) < v) at--;
    out.splice(at, 0, i);
  }
  return out;
}

/** An alias hit in backstory, against one in the sentence that asks (the `aliasHit` feature). */
const BACKSTORY_NAME = 0.5;

/** How much a word's repetitions in a post add to its weight (times the log of its count). */
const REPEAT_WEIGHT = 0.5;

/** Add-k smoothing of the naive-Bayes word shares: an unseen word costs, but does not veto. */
const LIKELIHOOD_SMOOTHING = 0.5;

const round = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * The key a trained model is kept under: a hash of the entries, the synonyms and what the scorer
 * is made of (features, off-topic samples, thresholds). A model is reused only under its key.
 */
export function trainingKey(entries: readonly MatchEntry[], synonyms: Record<string, string[]> = {}): string {
  return fingerprint(entries, synonyms);
}

/** A cheap content key for the training cache: the knowledge, and what the scorer is made of. */
function fingerprint(entries: readonly MatchEntry[], synonyms: Record<string, string[]>): string {
  let h1 = 0x811c9dc5;
  let h2 = 0;
  const feed = (s: string): void => {
    for (let i = 0; i < s.length; i++) {
      h1 = Math.imul(h1 ^ s.charCodeAt(i), 0x01000193);
      h2 = (h2 * 31 + s.charCodeAt(i)) | 0;
    }
  };
  for (const e of entries) {
    feed(e.id);
    feed(e.title);
    feed(e.aliases.join('|'));
    feed(e.keywords.join('|'));
    feed(e.questions.join('|'));
    feed(String(e.postsFrom ?? -1));
    feed(e.summary);
    feed(e.body ?? '');
  }
  feed(JSON.stringify(synonyms));
  feed(SCORER_SIGNATURE);
  return `${entries.length}-${h1 >>> 0}-${h2 >>> 0}`;
}
