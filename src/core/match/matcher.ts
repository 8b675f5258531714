import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { ExampleIndex, termFeatures, type FeatureVector } from './examples.js';
import { GENERIC_TERMS, GENERIC_WEIGHT } from './generic.js';
import { DOMAIN_TERMS } from './domain.js';
import { detectLanguage } from './language.js';
import {
  curve,
  predict,
  trainLogistic,
  type CalibrationPoint,
  type CurvePoint,
  type LogisticModel,
} from './model.js';
import { OFF_TOPIC_SAMPLES } from './offtopic.js';
import { MAX_QUESTION_CHARS, postSentences } from './post.js';
import { outOfScope } from './scope.js';
import { looksLikeSpam } from './spam.js';
import { normalise, stem, terms, tokenize } from './text.js';
import { STOPWORDS } from './stopwords.js';
import { compileSynonyms, synonymTerms, type SynonymRule } from './synonyms.js';

/** What the matcher indexes: a topic or a device reduced to searchable text. */
export interface MatchEntry {
  id: string;
  title: string;
  aliases: readonly string[];
  keywords: readonly string[];
  /** Example questions (written and paraphrased from real posts): what the scorer learns from. */
  questions: readonly string[];
  summary: string;
  /** Long explanation, searched with a low weight. */
  body?: string;
  kind?: 'topic' | 'device';
  /** Ids of entries this one links to ("related", devices): a neighbour that half-answers it. */
  related?: readonly string[];
}

/** One ranked candidate. `confidence` is the estimated probability that it is the right entry. */
export interface Candidate {
  id: string;
  confidence: number;
  /** Ranking score (the scorer's log-odds). */
  score: number;
}

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

/**
 * Somewhere to keep trained models between runs (a file cache in DATA_DIR, say), keyed by a
 * fingerprint of the knowledge and of the scorer's code: a restart with unchanged knowledge
 * skips training. Synchronous, because a Matcher is built synchronously.
 */
export interface TrainingStore {
  get(key: string): unknown;
  set(key: string, report: TrainingReport): void;
}

export interface MatcherOptions {
  /** Trained models kept between runs (see `TrainingStore`). */
  store?: TrainingStore;
  /** Answer at or above this confidence (default: read off the cross-validated curve). */
  answerAt?: number;
  /** Suggest ("did you mean") at or above this confidence (default: from the curve). */
  suggestAt?: number;
}

/** How the scorer was trained and where its thresholds come from. */
export interface TrainingReport {
  model: LogisticModel;
  /** P(the top candidate is right), from the ranking and the margin to the runner-up. */
  calibrator: LogisticModel;
  /** Held-out example questions scored (leave-one-out). */
  examples: number;
  /** Share of held-out examples whose own entry ranked first. */
  top1: number;
  curve: CurvePoint[];
  answerAt: number;
  suggestAt: number;
  /** True when the knowledge had too few examples and the prior model was used. */
  prior: boolean;
}

const MAX_CANDIDATES = 5;
/** Candidates taken from each retriever (BM25 over the entries, nearest examples). */
const RETRIEVE = 8;
/** At most this many query terms (the rarest) go to BM25. */
const MAX_RANKING_TERMS = 12;
/** Confidence when the question is exactly an entry's title, alias or example question. */
const EXACT_NAME_CONFIDENCE = 0.95;
/**
 * Answer when the calibrated probability that the top entry is right is above even: more likely
 * right than not. The calibrator is trained on held-out examples whose label is stricter than a
 * reader's (a linked neighbour topic earns half), and the cross-validated curve is flat in this
 * range, so a threshold taken from one point of it would move with every edit; a fixed
 * probability does not. Measured: 0 wrong answers on the forum and dev sets at 0.5 (2 of 56 at
 * 0.475). `dialtone eval` prints the held-out curve around it.
 */
const ANSWER_AT = 0.5;
/** The suggest threshold is read off the off-topic curve, but never below this. */
const MIN_SUGGEST_AT = 0.25;
/**
 * Credit for a held-out example whose top candidate is not its own entry but one linked to it
 * (either way): the reply shows that neighbour with the entry one click away, and its text often
 * carries the concept asked about — half right, not wrong.
 */
const RELATED_CREDIT = 0.5;
/** Off-topic training messages that may reach the "did you mean" band. */
const SUGGEST_OFF_TOPIC = 0.15;
/**
 * Bump when the features or the training change in a way their names do not show: a stored model
 * (DATA_DIR cache, knowledge/trained-model.json) from other code must not be used.
 */
const SCORER_VERSION = 4;
/** Held-out examples used to train (those with the smallest text hash: all of today's knowledge). */
const MAX_TRAINING_QUESTIONS = 5000;
/** Below this many examples the knowledge is too small to learn from: use the prior model. */
const MIN_TRAINING_QUESTIONS = 60;
/** Field boosts for BM25: a title or alias hit says more than a word in the long text. */
const BOOSTS = { title: 3, aliases: 3, keywords: 2, summary: 1, body: 0.3 } as const;
const FIELDS = Object.keys(BOOSTS) as (keyof typeof BOOSTS)[];

/** Short acronyms worth correcting a one-letter typo into ("fxp" → "fxo", "fsx" → "fxs"). */
const SHORT_DOMAIN_TERMS = ['fxs', 'fxo', 'ata', 'pbx', 'pstn', 'pots', 'dect', 'isdn', 'voip', 'dahdi'];

/**
 * What a device card answers: with only these words left besides the model ("spa8800 ports? fxs
 * and fxo both?", "is the spa3102 still sold"), a question naming a device is about the device.
 */
const DEVICE_FACT_TERMS: ReadonlySet<string> = new Set(
  terms(`port ports fxs fxo line lines phone phones many much specs spec specification status sold
    discontinued eol end life replace replaced replacement successor lifeline relay router ethernet
    power supply poe model variant version have has both just only landline analog connect attach
    plug hook support supports work works still pstn outside wall jack grandstream cisco linksys
    obihai poly audiocodes patton sangoma digium yealink fanvil`),
);

/** The scorer's features, in order. */
export const FEATURES = [
  'bm25Rel',
  'bm25Top',
  'bm25Log',
  'knnBest',
  'knnSecond',
  'knnMargin',
  'knnTop',
  'coverage',
  'askCoverage',
  'anchorLog',
  'aliasHit',
  'otherAliasHit',
  'titleCover',
  'isDevice',
  'queryLenLog',
  'unknownShare',
  'coveredLog',
  'domainLog',
  'anchorShare',
] as const;

/**
 * Prior weights, learned on the shipped knowledge base: used when a knowledge base is too small
 * to learn from (tests, a fresh overlay-only install). Same feature order as `FEATURES`.
 */
const PRIOR: LogisticModel = {
  names: FEATURES,
  weights: [0.6, 0.4, 0.3, 1.4, 0.4, 0.9, 0.5, 0.9, 0.4, 0.5, 0.8, -0.4, 0.3, 0, -0.3, -0.4, 0.3, 0, 0],
  bias: -3,
  mean: [0.5, 0.2, 1.5, 0.3, 0.2, -0.1, 0.2, 0.4, 0.4, 1.5, 0.05, 0.05, 0.2, 0.3, 1.8, 0.2, 2, 1, 0.3],
  scale: [0.35, 0.4, 1, 0.2, 0.15, 0.2, 0.4, 0.3, 0.3, 1, 0.2, 0.2, 0.3, 0.45, 0.6, 0.2, 1, 0.5, 0.3],
};
const PRIOR_ANSWER_AT = 0.5;
/** The calibrator's features: how strong the top candidate is and how far ahead. */
const CALIBRATION_FEATURES = [
  'top',
  'margin',
  'knnBest',
  'coverage',
  'askCoverage',
  'aliasHit',
  'anchorLog',
  'coveredLog',
  'domainLog',
] as const;
const PRIOR_CALIBRATOR: LogisticModel = {
  names: CALIBRATION_FEATURES,
  weights: [1.5, 0.8, 0.5, 0.5, 0.3, 0.3, 0.5, 0.8, 0.8],
  bias: 0,
  mean: [0.5, 0.3, 0.4, 0.5, 0.5, 0.1, 1.5, 2, 1],
  scale: [0.3, 0.3, 0.2, 0.3, 0.3, 0.3, 1, 1, 0.5],
};

/** Calibration features of a ranked list: the top candidate's ranking probability, its lead, its evidence. */
function calibrationRow(ranked: readonly { p: number; features: readonly number[] }[]): number[] {
  const top = ranked[0];
  if (!top) return [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const f = (name: (typeof FEATURES)[number]): number => top.features[FEATURES.indexOf(name)] ?? 0;
  return [
    top.p,
    top.p - (ranked[1]?.p ?? 0),
    f('knnBest'),
    f('coverage'),
    f('askCoverage'),
    f('aliasHit'),
    f('anchorLog'),
    f('coveredLog'),
    f('domainLog'),
  ];
}
const PRIOR_SUGGEST_AT = 0.2;

interface IndexedDoc {
  id: number;
  title: string;
  aliases: string;
  keywords: string;
  summary: string;
  body: string;
}

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
  /** The whole question, processed, for exact-name lookups. */
  key: string;
  /** Telephony words and device names in the question, weighted by sentence (see domain.ts). */
  domain: number;
}

interface Scored {
  entry: number;
  features: number[];
}

/** Trained models by knowledge fingerprint: a reload of unchanged knowledge does not retrain. */
const trainedCache = new Map<string, TrainingReport>();
/**
 * The last full training. The scorer's weights are about how evidence looks, not about any one
 * entry (the entries' examples live in the indexes, rebuilt on every change), so a small edit
 * (a moderator's add, teach or alias) reuses them; a change of more than REUSE_SHARE of the
 * examples trains anew.
 */
let lastTraining: { report: TrainingReport; examples: number } | undefined;
const REUSE_SHARE = 0.05;

/**
 * Ranks knowledge entries for a chat question and says how sure it is.
 *
 * Two retrievers find candidates — BM25 over the entries' text (MiniSearch) and the nearest
 * example questions (TF-IDF over terms and term pairs) — and a logistic scorer, trained on the
 * knowledge base's own example questions by leave-one-out, turns each candidate's features into
 * the probability that it is right. The answer and suggest thresholds are read off the
 * cross-validated accuracy/coverage curve. Typos are corrected against the knowledge's own
 * vocabulary (fuse.js), long posts are reduced to the sentences that ask.
 */
export class Matcher {
  readonly answerAt: number;
  readonly suggestAt: number;
  readonly training: TrainingReport;
  private readonly entries: readonly MatchEntry[];
  private readonly search: MiniSearch<IndexedDoc>;
  private readonly examples: ExampleIndex;
  private readonly exampleTerms: Set<string>[];
  private readonly exampleText: string[];
  /** Per entry: term → how many of its fields and examples hold it. */
  private readonly termCounts: Map<string, number>[];
  private readonly anchors: Set<string>[];
  private readonly titleTerms: string[][];
  private readonly idf = new Map<string, number>();
  private readonly maxIdf: number;
  /** Alias phrases (processed terms) by first term. */
  private readonly names = new Map<string, { terms: string[]; entry: number }[]>();
  private readonly exactNames = new Map<string, number>();
  private readonly vocabulary = new Map<string, Fuse<string>>();
  /** Short domain terms ("fxo", "ata", "pbx") for correcting three- and four-letter typos. */
  private readonly shortTerms: string[];
  private readonly corrections = new Map<string, { term: string; weight: number } | null>();
  /** The knowledge has telephony words at all (a knowledge base about something else is not gated on them). */
  private readonly knowsTelephony: boolean;
  /** Words of four letters or more as the knowledge writes them → their stems (for typo correction). */
  private readonly rawWords = new Map<string, string>();
  private readonly synonyms: SynonymRule[];
  private readonly model: LogisticModel;
  private readonly calibrator: LogisticModel;

  constructor(
    entries: readonly MatchEntry[],
    synonyms: Record<string, string[]> = {},
    options: MatcherOptions = {},
  ) {
    this.entries = entries;
    this.synonyms = compileSynonyms(synonyms);
    const seen = new Map<string, string[]>();
    const termsOf = (text: string): string[] => {
      let t = seen.get(text);
      if (!t) seen.set(text, (t = terms(text)));
      return t;
    };
    this.search = new MiniSearch<IndexedDoc>({
      fields: [...FIELDS],
      tokenize: (text) => text.split(' '),
      processTerm: (t) => t || null,
      searchOptions: { processTerm: (t) => t || null },
    });
    const docs: IndexedDoc[] = [];
    const df = new Map<string, number>();
    const exampleList: { entry: number; terms: string[] }[] = [];
    this.exampleTerms = [];
    this.exampleText = [];
    this.termCounts = [];
    this.anchors = [];
    this.titleTerms = [];
    entries.forEach((e, i) => {
      const fields = {
        title: termsOf(e.title),
        aliases: e.aliases.flatMap(termsOf),
        keywords: e.keywords.flatMap(termsOf),
        summary: termsOf(e.summary),
        body: e.body ? termsOf(e.body) : [],
      };
      docs.push({
        id: i,
        title: fields.title.join(' '),
        aliases: fields.aliases.join(' '),
        keywords: fields.keywords.join(' '),
        summary: fields.summary.join(' '),
        body: fields.body.join(' '),
      });
      const counts = new Map<string, number>();
      const count = (ts: Iterable<string>): void => {
        for (const t of new Set(ts)) counts.set(t, (counts.get(t) ?? 0) + 1);
      };
      for (const f of FIELDS) count(fields[f]);
      for (const q of e.questions) {
        const qt = termsOf(q);
        exampleList.push({ entry: i, terms: qt });
        this.exampleTerms.push(new Set(qt));
        this.exampleText.push(q);
        count(qt);
      }
      this.termCounts.push(counts);
      for (const t of counts.keys()) df.set(t, (df.get(t) ?? 0) + 1);
      this.anchors.push(new Set([...fields.title, ...fields.aliases, ...fields.keywords]));
      this.titleTerms.push([...new Set(fields.title)]);
      for (const name of [e.title, ...e.aliases]) {
        const nt = termsOf(name);
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
        const key = termsOf(q).join(' ');
        if (key && !this.exactNames.has(key)) this.exactNames.set(key, i);
      }
    });
    this.search.addAll(docs);
    this.examples = new ExampleIndex(exampleList, entries.length);
    const n = Math.max(entries.length, 1);
    for (const [t, d] of df) this.idf.set(t, Math.log(1 + (n - d + 0.5) / (d + 0.5)));
    this.maxIdf = Math.log(1 + (n + 0.5) / 0.5);
    // Typos are corrected against the words as written in the knowledge (not their stems:
    // "devives" is one edit from "devices" but two from the stem "devic").
    const byLetter = new Map<string, string[]>();
    for (const e of entries) {
      for (const text of [e.title, ...e.aliases, ...e.keywords, e.summary, e.body ?? '', ...e.questions]) {
        for (const w of tokenize(text)) {
          if (w.length < 4 || /\d/.test(w) || STOPWORDS.has(w) || this.rawWords.has(w)) continue;
          this.rawWords.set(w, stem(w));
          const list = byLetter.get(w[0] ?? '') ?? [];
          list.push(w);
          byLetter.set(w[0] ?? '', list);
        }
      }
    }
    this.shortTerms = SHORT_DOMAIN_TERMS.filter((t) => df.has(t));
    this.knowsTelephony = [...DOMAIN_TERMS].some((t) => df.has(t));
    for (const [letter, list] of byLetter) {
      this.vocabulary.set(
        letter,
        new Fuse(list, { includeScore: true, threshold: 0.34, ignoreLocation: true }),
      );
    }
    this.training = this.train(fingerprint(entries, synonyms), options.store);
    this.model = this.training.model;
    this.calibrator = this.training.calibrator;
    this.answerAt = options.answerAt ?? this.training.answerAt;
    this.suggestAt = Math.min(options.suggestAt ?? this.training.suggestAt, this.answerAt);
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
    const exact = this.exactNames.get(query.key);
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
    this.preferTopicOverNamedDevice(question, query, ranked);
    const candidates = ranked
      .slice(0, MAX_CANDIDATES)
      .map((c) => ({ ...c, confidence: round(c.confidence) }));
    const best = candidates[0]?.confidence ?? 0;
    // A message with no telephony word at all ("my wifi keeps dropping") needs more evidence:
    // it is suggested only from the answer threshold, and answered halfway from there to 1.
    const plain = query.domain === 0 && this.knowsTelephony;
    const suggestAt = plain ? this.answerAt : this.suggestAt;
    const answerAt = plain ? (this.answerAt + 1) / 2 : this.answerAt;
    let decision: Decision = best >= answerAt ? 'answer' : best >= suggestAt ? 'suggest' : 'none';
    const mentioned = query.named
      .filter((i) => this.entries[i]?.kind === 'device')
      .map((i) => this.entries[i]?.id ?? '');
    const result: MatchResult = { decision, confidence: round(best), candidates };
    if (mentioned.length) result.mentioned = [...new Set(mentioned)];
    const language = detectLanguage(question);
    if (language !== 'en') {
      result.language = language;
      // In another language only a sure match on a name (a model number, an acronym) is answered.
      const sure = decision === 'answer' && query.named.includes(this.indexOf(candidates[0]?.id));
      if (!sure) {
        decision = 'none';
        return { ...result, decision, reason: 'language' };
      }
    }
    return result;
  }

  /** Ranks entries for a processed question; `exclude` holds one example out (training). */
  private rank(query: Query, exclude = -1): Candidate[] {
    const ranked = this.score(query, exclude)
      .map((s) => ({ ...s, p: predict(this.model, s.features) }))
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
   * "Is the HT802 good for fax" names a device but asks a topic's question: when the best
   * candidate is a device the question names, the question is matched again without the name;
   * if the rest is more than device facts and a topic stands out for it, that topic leads (the
   * answer adds the device's facts) and the device follows. A bare name or a spec question ("how many ports does the HT814
   * have") leaves nothing a topic answers, so the device card stays first.
   */
  private preferTopicOverNamedDevice(question: string, query: Query, ranked: Candidate[]): void {
    const top = ranked[0];
    const index = this.indexOf(top?.id);
    const entry = this.entries[index];
    if (!top || entry?.kind !== 'device' || !query.named.includes(index)) return;
    let rest = normalise(question);
    for (const name of [entry.title, ...entry.aliases]) {
      const n = normalise(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (n) rest = rest.replace(new RegExp(`\\b${n}\\b`, 'g'), ' ');
    }
    const asked = this.analyse(rest);
    if (![...asked.terms.keys()].some((t) => !DEVICE_FACT_TERMS.has(t) && !GENERIC_TERMS.has(t))) return;
    const again = this.rank(asked);
    const topic = again[0];
    if (!topic || topic.confidence < MIN_SUGGEST_AT || this.entries[this.indexOf(topic.id)]?.kind !== 'topic')
      return;
    // The name made the match sure and the answer carries the device's facts: the topic takes
    // the device's confidence.
    const others = ranked.filter((c) => c.id !== topic.id && c.id !== top.id);
    ranked.splice(
      0,
      ranked.length,
      { ...topic, confidence: top.confidence },
      { ...top, confidence: topic.confidence },
      ...others,
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
    return id === undefined ? -1 : this.entries.findIndex((e) => e.id === id);
  }

  /** Candidates with their features. */
  private score(query: Query, exclude = -1): Scored[] {
    const held = exclude >= 0 ? this.exampleTerms[exclude] : undefined;
    const heldEntry = exclude >= 0 ? (this.examples.owner[exclude] ?? -1) : -1;
    const searchTerms = [...query.terms.entries()]
      .sort((a, b) => (this.idf.get(b[0]) ?? 0) - (this.idf.get(a[0]) ?? 0))
      .slice(0, MAX_RANKING_TERMS);
    const hits = searchTerms.length
      ? this.search.search(searchTerms.map(([t]) => t).join(' '), {
          combineWith: 'OR',
          boost: BOOSTS,
          boostTerm: (t) => query.terms.get(t) ?? 1,
        })
      : [];
    const bm25 = new Map<number, number>();
    for (const h of hits) bm25.set(h.id as number, h.score);
    const knn = this.examples.scores(query.vector, exclude);
    const pool = new Set<number>(hits.slice(0, RETRIEVE).map((h) => h.id as number));
    for (const i of topIndexes(knn.best, RETRIEVE)) pool.add(i);
    for (const i of query.named) pool.add(i);
    if (pool.size === 0) return [];
    const list = [...pool];
    const bmTop = Math.max(...list.map((i) => bm25.get(i) ?? 0), 1e-9);
    const knnBestOf = list.map((i) => knn.best[i] ?? 0);
    // The best and second-best nearest-example scores in the pool: each candidate's margin is
    // against the best of the others.
    let knnFirst = 0;
    let knnSecond = 0;
    for (const v of knnBestOf) {
      if (v > knnFirst) [knnFirst, knnSecond] = [v, knnFirst];
      else if (v > knnSecond) knnSecond = v;
    }
    const namedSet = new Set(query.named);
    let totalMass = 0;
    let askMass = 0;
    for (const [t, w] of query.terms) {
      const m = (this.idf.get(t) ?? this.maxIdf) * w;
      totalMass += m;
      if (query.asking.has(t)) askMass += m;
    }
    totalMass += query.unknown * this.maxIdf;
    const qLen = Math.log(1 + query.terms.size + query.unknown);
    const unknownShare = query.unknown / Math.max(query.terms.size + query.unknown, 1);
    return list.map((i, k) => {
      const counts = this.termCounts[i] as Map<string, number>;
      const has = (t: string): boolean =>
        (counts.get(t) ?? 0) - (i === heldEntry && held?.has(t) ? 1 : 0) > 0;
      let covered = 0;
      let askCovered = 0;
      let anchorMass = 0;
      for (const [t, w] of query.terms) {
        if (!has(t)) continue;
        const m = (this.idf.get(t) ?? this.maxIdf) * w;
        covered += m;
        if (query.asking.has(t)) askCovered += m;
        if (this.anchors[i]?.has(t)) anchorMass += m;
      }
      const bm = bm25.get(i) ?? 0;
      const best = knnBestOf[k] ?? 0;
      const otherBest = best === knnFirst ? knnSecond : knnFirst;
      const title = this.titleTerms[i] ?? [];
      const titleCover = title.length ? title.filter((t) => query.terms.has(t)).length / title.length : 0;
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
        namedSet.has(i) ? 1 : 0,
        namedSet.size > 0 && !namedSet.has(i) ? 1 : 0,
        titleCover,
        this.entries[i]?.kind === 'device' ? 1 : 0,
        qLen,
        unknownShare,
        Math.log1p(covered),
        Math.log1p(query.domain),
        totalMass > 0 ? anchorMass / totalMass : 0,
      ];
      return { entry: i, features };
    });
  }

  /** Sentences → weighted known terms, the example-search vector and the names it mentions. */
  private analyse(question: string): Query {
    const termWeights = new Map<string, number>();
    const asking = new Set<string>();
    const vector: FeatureVector = new Map();
    const named: number[] = [];
    let unknown = 0;
    const unknownSeen = new Set<string>();
    const allTerms: string[] = [];
    for (const s of postSentences(question)) {
      // Words as typed (a typo is corrected against the knowledge's words before stemming), then
      // the terms the synonyms add.
      const raw = [
        ...tokenize(s.text).filter((w) => !STOPWORDS.has(w)),
        ...terms(synonymTerms(s.text, this.synonyms)),
      ];
      const fixed: string[] = [];
      for (const word of raw) {
        const t = stem(word);
        const c = this.idf.has(t) ? { term: t, weight: 1 } : this.correct(word);
        if (!c) {
          if (!unknownSeen.has(t)) {
            unknownSeen.add(t);
            unknown += s.weight >= 1 ? 1 : 0;
          }
          continue;
        }
        fixed.push(c.term);
        const w = s.weight * c.weight * (GENERIC_TERMS.has(c.term) ? GENERIC_WEIGHT : 1);
        termWeights.set(c.term, Math.max(termWeights.get(c.term) ?? 0, w));
        if (s.weight > 1) asking.add(c.term);
      }
      termFeatures(fixed, s.weight, vector);
      allTerms.push(...fixed);
      for (let k = 0; k < fixed.length; k++) {
        for (const cand of this.names.get(fixed[k] as string) ?? []) {
          if (cand.terms.every((t, j) => fixed[k + j] === t)) named.push(cand.entry);
        }
      }
    }
    let domain = new Set(named.filter((i) => this.entries[i]?.kind === 'device')).size;
    for (const [t, w] of termWeights) if (DOMAIN_TERMS.has(t)) domain += Math.min(w, 1);
    return {
      terms: termWeights,
      asking,
      vector,
      unknown,
      named,
      key: terms(question).join(' '),
      domain,
    };
  }

  /** The knowledge's term for a mistyped word, or null. */
  private correct(word: string): { term: string; weight: number } | null {
    if (/\d/.test(word) || word.length < 3) return null;
    const cached = this.corrections.get(word);
    if (cached !== undefined) return cached;
    let found: { term: string; weight: number } | null = null;
    if (word.length <= 4) {
      // Short words: the knowledge's own acronyms ("fox" → "fxo", "fsx" → "fxs"), else for four
      // letters a word of the knowledge one edit away ("modm" → "modem"); only when exactly one is.
      const near = this.shortTerms.filter((t) => t[0] === word[0] && osaDistance(word, t, 1) <= 1);
      if (near.length === 1) found = { term: near[0] as string, weight: 0.8 };
      else if (near.length === 0 && word.length === 4) {
        const close: string[] = [];
        for (const r of this.vocabulary.get(word[0] ?? '')?.search(word, { limit: 8 }) ?? []) {
          if (r.item.length <= 5 && osaDistance(word, r.item, 1) <= 1) close.push(r.item);
        }
        const stems = new Set<string>();
        for (const w of close) stems.add(this.rawWords.get(w) ?? w);
        const [only] = stems;
        if (stems.size === 1 && only) found = { term: only, weight: 0.7 };
      }
    } else {
      const limit = word.length >= 8 ? 2 : 1;
      for (const r of this.vocabulary.get(word[0] ?? '')?.search(word, { limit: 5 }) ?? []) {
        if (Math.abs(r.item.length - word.length) > 2) continue;
        const term = this.rawWords.get(r.item);
        if (term && osaDistance(word, r.item, limit) <= limit) {
          found = { term, weight: 1 - (r.score ?? 0) };
          break;
        }
      }
    }
    if (this.corrections.size > 5000) this.corrections.clear();
    this.corrections.set(word, found);
    return found;
  }

  /** Trains the scorer by leave-one-out over the example questions, or takes the cached one. */
  private train(key: string, store?: TrainingStore): TrainingReport {
    const cached = trainedCache.get(key) ?? asReport(store?.get(key));
    if (cached) {
      trainedCache.set(key, cached);
      return cached;
    }
    const total = this.examples.size;
    if (
      lastTraining &&
      total >= MIN_TRAINING_QUESTIONS &&
      Math.abs(total - lastTraining.examples) <= REUSE_SHARE * lastTraining.examples
    ) {
      trainedCache.set(key, lastTraining.report);
      store?.set(key, lastTraining.report);
      return lastTraining.report;
    }
    if (total < MIN_TRAINING_QUESTIONS) {
      return {
        model: PRIOR,
        calibrator: PRIOR_CALIBRATOR,
        examples: 0,
        top1: 0,
        curve: [],
        answerAt: PRIOR_ANSWER_AT,
        suggestAt: PRIOR_SUGGEST_AT,
        prior: true,
      };
    }
    // The held-out examples are the ones with the smallest hash of their text, not every n-th:
    // an edit that adds or removes a few examples changes a few of them, not the whole sample
    // (and with it the model).
    const held = [...this.exampleText.keys()]
      .map((ex) => ({ ex, h: hashText(this.exampleText[ex] ?? '') }))
      .sort((a, b) => a.h - b.h || a.ex - b.ex)
      .slice(0, MAX_TRAINING_QUESTIONS);
    const rows: number[][] = [];
    const labels: number[] = [];
    const entriesOf: number[] = [];
    const groups: { from: number; to: number; right: number; offTopic: boolean; silent?: boolean }[] = [];
    const add = (scored: Scored[], right: number, offTopic: boolean, silent = false): void => {
      const from = rows.length;
      for (const s of scored) {
        rows.push(s.features);
        labels.push(s.entry === right ? 1 : 0);
        entriesOf.push(s.entry);
      }
      groups.push({ from, to: rows.length, right, offTopic, silent });
    };
    for (const { ex, h } of held) {
      const owner = this.examples.owner[ex] ?? -1;
      // An entry with a single example has nothing left to learn from when it is held out.
      const text = this.exampleText[ex] ?? '';
      add(this.score(this.analyse(text), ex), owner, false);
      // The same question inside a story: real posts wrap the question in unrelated sentences.
      const noise = OFF_TOPIC_SAMPLES[h % OFF_TOPIC_SAMPLES.length] ?? '';
      add(this.score(this.analyse(`${noise}. ${text}`), ex), owner, false);
    }
    for (const q of OFF_TOPIC_SAMPLES) {
      const query = this.analyse(q);
      add(this.score(query), -1, true, query.domain === 0);
    }
    const model = trainLogistic(FEATURES, rows, labels);
    // Second stage: from the ranked list, the probability that its top candidate is right.
    const calRows: number[][] = [];
    const calLabels: number[] = [];
    let top1 = 0;
    let onTopic = 0;
    for (const g of groups) {
      const ranked: { p: number; features: number[]; label: number; entry: number }[] = [];
      for (let r = g.from; r < g.to; r++) {
        ranked.push({
          p: predict(model, rows[r] as number[]),
          features: rows[r] as number[],
          label: labels[r] as number,
          entry: entriesOf[r] as number,
        });
      }
      ranked.sort((a, b) => b.p - a.p);
      const right = ranked[0]?.label === 1;
      if (!g.offTopic) {
        onTopic++;
        if (right) top1++;
      }
      calRows.push(calibrationRow(ranked));
      calLabels.push(right ? 1 : this.linked(ranked[0]?.entry ?? -1, g.right) ? RELATED_CREDIT : 0);
    }
    // Off-topic messages are few next to the examples: repeat them so silence weighs as much as recall.
    const offRows = calRows.filter((_, k) => groups[k]?.offTopic);
    const repeat = Math.max(1, Math.round(calRows.length / 4 / Math.max(offRows.length, 1)));
    const calibrator = trainLogistic(
      CALIBRATION_FEATURES,
      [...calRows, ...Array.from({ length: repeat - 1 }, () => offRows).flat()],
      [...calLabels, ...new Array<number>(offRows.length * (repeat - 1)).fill(0)],
    );
    const points: CalibrationPoint[] = groups.map((g, k) => ({
      p: predict(calibrator, calRows[k] as number[]),
      right: calLabels[k] as number,
      offTopic: g.offTopic,
    }));
    const c = curve(points);
    // Messages without a telephony word never reach the "did you mean" band (see match): on the
    // off-topic curve for the suggest threshold they count as silent.
    const couldSuggest = curve(points.map((pt, k) => (groups[k]?.silent ? { ...pt, p: 0 } : pt)));
    // Suggest where few off-topic training messages get through.
    const answerAt = ANSWER_AT;
    const suggestAt = Math.min(
      answerAt,
      couldSuggest.find((pt) => pt.threshold >= MIN_SUGGEST_AT && pt.offTopicAnswered <= SUGGEST_OFF_TOPIC)
        ?.threshold ?? answerAt,
    );
    const report: TrainingReport = {
      model,
      calibrator,
      examples: groups.length - OFF_TOPIC_SAMPLES.length,
      top1: onTopic ? top1 / onTopic : 0,
      curve: c,
      answerAt,
      suggestAt,
      prior: false,
    };
    if (trainedCache.size > 8) trainedCache.clear();
    trainedCache.set(key, report);
    store?.set(key, report);
    lastTraining = { report, examples: total };
    return report;
  }
}

/** Indexes of the `k` largest positive values. */
function topIndexes(values: Float64Array, k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v <= 0) continue;
    if (out.length < k) {
      out.push(i);
      out.sort((a, b) => (values[b] as number) - (values[a] as number));
    } else if (v > (values[out[k - 1] as number] as number)) {
      out[k - 1] = i;
      out.sort((a, b) => (values[b] as number) - (values[a] as number));
    }
  }
  return out;
}

/** Forgets the models trained in this process (tests and benchmarks: a cold start without restarting). */
export function forgetTraining(): void {
  trainedCache.clear();
  lastTraining = undefined;
}

/** A stored report, if it has the shape this code trains (else it is retrained). */
function asReport(value: unknown): TrainingReport | undefined {
  const r = value as Partial<TrainingReport> | undefined;
  const fits = (m: LogisticModel | undefined, names: readonly string[]): boolean =>
    m !== undefined &&
    Array.isArray(m.weights) &&
    m.weights.length === names.length &&
    names.every((n, i) => m.names[i] === n) &&
    m.weights.every((w) => Number.isFinite(w));
  return r &&
    fits(r.model, FEATURES) &&
    fits(r.calibrator, CALIBRATION_FEATURES) &&
    typeof r.answerAt === 'number' &&
    typeof r.suggestAt === 'number' &&
    Array.isArray(r.curve)
    ? (r as TrainingReport)
    : undefined;
}

/** A stable 31-bit hash of a text (FNV-1a). */
function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) & 0x7fffffff;
}

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
    feed(e.summary);
    feed(e.body ?? '');
  }
  feed(JSON.stringify(synonyms));
  feed([...FEATURES, ...CALIBRATION_FEATURES, ...OFF_TOPIC_SAMPLES, ...DOMAIN_TERMS].join('|'));
  feed(String([SCORER_VERSION, ANSWER_AT, MIN_SUGGEST_AT, SUGGEST_OFF_TOPIC, RELATED_CREDIT, MAX_TRAINING_QUESTIONS]));
  return `${entries.length}-${h1 >>> 0}-${h2 >>> 0}`;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Levenshtein distance with an early exit above `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  return distance(a, b, limit, false);
}

/** Edit distance counting a swap of two neighbouring letters as one edit ("fsx" → "fxs"). */
export function osaDistance(a: string, b: string, limit: number): number {
  return distance(a, b, limit, true);
}

function distance(a: string, b: string, limit: number, swaps: boolean): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (swaps && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      }
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length] ?? limit + 1;
}
