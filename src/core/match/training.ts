/**
 * Training the matcher's scorer: leave-one-out over the knowledge's example questions, a logistic
 * ranker and a calibrator, thresholds from the cross-validated curve, and where trained models are
 * kept (in this process, in a `TrainingStore`, shipped with the knowledge).
 */
import { DOMAIN_TERMS } from './domain.js';
import {
  CALIBRATION_FEATURES,
  FEATURES,
  PRIOR,
  PRIOR_ANSWER_AT,
  PRIOR_CALIBRATOR,
  PRIOR_SUGGEST_AT,
  calibrationRow,
} from './features.js';
import {
  curve,
  predict,
  trainListwise,
  trainLogistic,
  type CalibrationPoint,
  type CurvePoint,
  type LogisticModel,
} from './model.js';
import { OFF_TOPIC_SAMPLES } from './offtopic.js';
import { terms } from './text.js';

/** One candidate entry of a question with its features (see `FEATURES`). */
export interface Scored {
  entry: number;
  features: number[];
}

/** What training needs from a matcher: its example questions and a way to score a question. */
export interface TrainingSource {
  readonly exampleCount: number;
  exampleText(ex: number): string;
  /** The entry an example belongs to. */
  exampleOwner(ex: number): number;
  /** True when an example is paraphrased from a real post (not written for the knowledge). */
  examplePost(ex: number): boolean;
  /** Candidates with features for `text`, example `exclude` held out; and its telephony words. */
  scored(text: string, exclude?: number): { scored: Scored[]; domain: number };
  /** True when two entries link to each other (a neighbour that half-answers). */
  linked(a: number, b: number): boolean;
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

/**
 * Somewhere to keep trained models between runs (a file cache in DATA_DIR, say), keyed by a
 * fingerprint of the knowledge and of the scorer's code: a restart with unchanged knowledge
 * skips training. Synchronous, because a Matcher is built synchronously.
 */
export interface TrainingStore {
  get(key: string): unknown;
  set(key: string, report: TrainingReport): void;
}

/**
 * Answer when the calibrated probability that the top entry is right reaches 0.45. The calibrator
 * learns from held-out knowledge examples, whose label is stricter than a reader's (a linked
 * neighbour earns half) and which are harder than real posts (72% ranked first against 96–98% of
 * real posts), so it is careful: on the three labelled sets (202 on-topic real and written
 * questions) lowering the threshold from 0.5 to 0.45 answers 9 more rightly and none wrongly,
 * while the held-out curve is flat here (precision 84–85%), so a threshold read off one point of
 * it would move with every edit. A fixed probability does not. `dialtone eval` prints the curve.
 */
export const ANSWER_AT = 0.45;
/** The suggest threshold is read off the off-topic curve, but never below this. */
export const MIN_SUGGEST_AT = 0.2;
/**
 * Credit for a held-out example whose top candidate is not its own entry but one linked to it
 * (either way): the reply shows that neighbour with the entry one click away, and its text often
 * carries the concept asked about — half right, not wrong.
 */
const RELATED_CREDIT = 0.5;
/**
 * Off-topic training messages that may reach the "did you mean" band. The samples include
 * near-misses in telephony words (a phone app's echo, a dialer that crashes), harder than chat:
 * at 15% the line sat at 0.35, past most right suggestions on real posts.
 */
const SUGGEST_OFF_TOPIC = 0.2;
/**
 * Bump when the features or the training change in a way their names do not show: a stored model
 * (DATA_DIR cache, knowledge/trained-model.json) from other code must not be used.
 */
const SCORER_VERSION = 16;
/** Held-out examples used to train (those with the smallest text hash: all of today's knowledge). */
const MAX_TRAINING_QUESTIONS = 5000;
/** Below this many examples the knowledge is too small to learn from: use the prior model. */
const MIN_TRAINING_QUESTIONS = 60;

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
 * Trains the scorer by leave-one-out over the example questions of `source`, or takes the model
 * kept under `key` (in this process, in `store`); see the README's "How matching works".
 */
export function trainScorer(source: TrainingSource, key: string, store?: TrainingStore): TrainingReport {
  const total = source.exampleCount;
  const cached = trainedCache.get(key) ?? asReport(store?.get(key));
  if (cached) {
    trainedCache.set(key, cached);
    // A model read from a store is as good a base for the next small edit as one trained here.
    if (!cached.prior) lastTraining = { report: cached, examples: total };
    return cached;
  }
  if (lastTraining && smallEditOfLast(total)) {
    trainedCache.set(key, lastTraining.report);
    store?.set(key, lastTraining.report);
    return lastTraining.report;
  }
  if (total < MIN_TRAINING_QUESTIONS) return PRIOR_REPORT;
  const set = heldOutSet(source);
  const model = trainListwise(
    FEATURES,
    set.groups.map((g) => ({ rows: set.rows.slice(g.from, g.to), labels: set.labels.slice(g.from, g.to) })),
  );
  const report = calibrate(source, set, model);
  if (trainedCache.size > 8) trainedCache.clear();
  trainedCache.set(key, report);
  store?.set(key, report);
  lastTraining = { report, examples: total };
  return report;
}

/**
 * True when `trainScorer` would train from scratch for this key and number of examples (seconds
 * of CPU): no model is kept for the key (in this process or in `store`) and the change from the
 * last training is larger than a small edit. Callers can then train elsewhere (a worker thread)
 * and hand the model in through a store.
 */
export function trainsFromScratch(key: string, examples: number, store?: TrainingStore): boolean {
  if (examples < MIN_TRAINING_QUESTIONS || trainedCache.has(key) || asReport(store?.get(key))) return false;
  return !smallEditOfLast(examples);
}

/** True when `examples` is a small edit away from the last training's (its weights are reused). */
function smallEditOfLast(examples: number): boolean {
  return (
    lastTraining !== undefined &&
    examples >= MIN_TRAINING_QUESTIONS &&
    Math.abs(examples - lastTraining.examples) <= REUSE_SHARE * lastTraining.examples
  );
}

/** The model of a knowledge base too small to learn from. */
const PRIOR_REPORT: TrainingReport = {
  model: PRIOR,
  calibrator: PRIOR_CALIBRATOR,
  examples: 0,
  top1: 0,
  curve: [],
  answerAt: PRIOR_ANSWER_AT,
  suggestAt: PRIOR_SUGGEST_AT,
  prior: true,
};

/** Candidate rows of every held-out question, grouped by question. */
interface HeldOutSet {
  rows: number[][];
  labels: number[];
  entriesOf: number[];
  /** Each question's rows [from, to); `fold` (its text hash mod 5) splits them for comparisons. */
  groups: {
    from: number;
    to: number;
    right: number;
    offTopic: boolean;
    silent: boolean;
    fold: number;
    /** A held-out paraphrase of a real post. */
    post: boolean;
  }[];
}

/**
 * The unrelated sentences a held-out example is wrapped in: the off-topic samples without a
 * telephony word (a near-miss about a phone app is no neutral story, and adding one must not
 * reshuffle which story each example gets).
 */
const STORY_NOISE = OFF_TOPIC_SAMPLES.filter((q) => !terms(q).some((t) => DOMAIN_TERMS.has(t)));

/** Every example held out in turn (alone and inside a story), and the off-topic samples. */
function heldOutSet(source: TrainingSource): HeldOutSet {
  const set: HeldOutSet = { rows: [], labels: [], entriesOf: [], groups: [] };
  const add = (scored: Scored[], group: Omit<HeldOutSet['groups'][number], 'from' | 'to'>): void => {
    const from = set.rows.length;
    for (const s of scored) {
      set.rows.push(s.features);
      set.labels.push(s.entry === group.right ? 1 : 0);
      set.entriesOf.push(s.entry);
    }
    set.groups.push({ from, to: set.rows.length, ...group });
  };
  // The held-out examples are the ones with the smallest hash of their text, not every n-th:
  // an edit that adds or removes a few examples changes a few of them, not the whole sample
  // (and with it the model).
  const held = Array.from({ length: source.exampleCount }, (_, ex) => ({
    ex,
    h: hashText(source.exampleText(ex)),
  }))
    .sort((a, b) => a.h - b.h || a.ex - b.ex)
    .slice(0, MAX_TRAINING_QUESTIONS);
  for (const { ex, h } of held) {
    const owner = source.exampleOwner(ex);
    const text = source.exampleText(ex);
    const group = {
      right: owner,
      offTopic: false,
      silent: false,
      fold: h % FOLDS,
      post: source.examplePost(ex),
    };
    add(source.scored(text, ex).scored, group);
    // The same question inside a story: real posts wrap the question in unrelated sentences.
    const noise = STORY_NOISE[h % STORY_NOISE.length] ?? '';
    add(source.scored(`${noise}. ${text}`, ex).scored, group);
  }
  for (const q of OFF_TOPIC_SAMPLES) {
    const { scored, domain } = source.scored(q);
    add(scored, { right: -1, offTopic: true, silent: domain === 0, fold: hashText(q) % FOLDS, post: false });
  }
  return set;
}

/**
 * Second stage: from each ranked list, the probability that its top candidate is right (a linked
 * neighbour earns RELATED_CREDIT); then the thresholds and the report.
 */
function calibrate(source: TrainingSource, set: HeldOutSet, model: LogisticModel): TrainingReport {
  const calRows: number[][] = [];
  const calLabels: number[] = [];
  let top1 = 0;
  for (const g of set.groups) {
    const ranked: { p: number; features: number[]; label: number; entry: number }[] = [];
    for (let r = g.from; r < g.to; r++) {
      const features = set.rows[r] as number[];
      ranked.push({
        p: predict(model, features),
        features,
        label: set.labels[r] as number,
        entry: set.entriesOf[r] as number,
      });
    }
    ranked.sort((a, b) => b.p - a.p);
    const right = ranked[0]?.label === 1;
    if (!g.offTopic && right) top1++;
    calRows.push(calibrationRow(ranked));
    calLabels.push(right ? 1 : source.linked(ranked[0]?.entry ?? -1, g.right) ? RELATED_CREDIT : 0);
  }
  // Confidence is learned from the paraphrased real posts when the knowledge has enough of them:
  // the written examples and the device templates are shorter and plainer than what people post,
  // and a calibrator learned on them is sure of itself on real posts.
  const posts = set.groups.filter((g) => g.post).length;
  const learnFrom = (k: number): boolean =>
    posts < MIN_POSTS_TO_CALIBRATE || Boolean(set.groups[k]?.post || set.groups[k]?.offTopic);
  const trainRows = calRows.filter((_, k) => learnFrom(k));
  const trainLabels = calLabels.filter((_, k) => learnFrom(k));
  // Off-topic messages are few next to the examples: repeat them so silence weighs as much as recall.
  const offRows = calRows.filter((_, k) => set.groups[k]?.offTopic);
  const repeat = Math.max(1, Math.round(trainRows.length / 4 / Math.max(offRows.length, 1)));
  const calibrator = trainLogistic(
    CALIBRATION_FEATURES,
    [...trainRows, ...Array.from({ length: repeat - 1 }, () => offRows).flat()],
    [...trainLabels, ...new Array<number>(offRows.length * (repeat - 1)).fill(0)],
  );
  const points: CalibrationPoint[] = set.groups.map((g, k) => ({
    p: predict(calibrator, calRows[k] as number[]),
    right: calLabels[k] as number,
    offTopic: g.offTopic,
  }));
  // Messages without a telephony word never reach the "did you mean" band (see match): on the
  // off-topic curve for the suggest threshold they count as silent. Suggest where few off-topic
  // training messages get through.
  const couldSuggest = curve(points.map((pt, k) => (set.groups[k]?.silent ? { ...pt, p: 0 } : pt)));
  const suggestAt = Math.min(
    ANSWER_AT,
    couldSuggest.find((pt) => pt.threshold >= MIN_SUGGEST_AT && pt.offTopicAnswered <= SUGGEST_OFF_TOPIC)
      ?.threshold ?? ANSWER_AT,
  );
  const onTopic = set.groups.length - OFF_TOPIC_SAMPLES.length;
  return {
    model,
    calibrator,
    examples: onTopic,
    top1: onTopic ? top1 / onTopic : 0,
    curve: curve(points),
    answerAt: ANSWER_AT,
    suggestAt,
    prior: false,
  };
}

/** Held-out real-post paraphrases (alone and in a story) needed to calibrate on them alone. */
const MIN_POSTS_TO_CALIBRATE = 200;

/** Folds for comparing scorers: each held-out question's fold is its text hash mod FOLDS. */
const FOLDS = 5;

/** One ranking method's cross-validated top-1 (see `compareScorers`). */
export interface ScorerScore {
  name: string;
  /** Share of held-out questions (examples alone and inside a story) whose own entry ranked first. */
  top1: number;
  /** The same over the examples alone. */
  top1Plain: number;
}

/**
 * Ranking methods side by side on the same held-out questions and the same 5 folds (trained on
 * four, measured on the fifth): single features as a baseline (BM25 over the entries' text,
 * nearest example question, naive-Bayes word likelihood), a pointwise logistic fit and the
 * listwise fit the matcher ships. `dialtone eval --compare` prints it; the README keeps the table.
 */
export function compareScorers(source: TrainingSource): ScorerScore[] {
  const set = heldOutSet(source);
  const at = (name: (typeof FEATURES)[number]): number => FEATURES.indexOf(name);
  const feature = (name: (typeof FEATURES)[number]) => (): ((row: number[]) => number) => (row) =>
    row[at(name)] ?? 0;
  const groupsOf = (fold: number, inFold: boolean) =>
    set.groups.filter((g) => !g.offTopic && (g.fold === fold) === inFold);
  const methods: { name: string; fit: (train: HeldOutSet['groups']) => (row: number[]) => number }[] = [
    { name: 'BM25 over title, aliases, keywords, text', fit: feature('bm25Rel') },
    { name: 'Nearest example question (TF-IDF)', fit: feature('knnBest') },
    { name: 'Naive-Bayes word likelihood', fit: feature('likelihoodGap') },
    {
      name: 'Logistic regression, pointwise, all features',
      fit: (train) => {
        const rows = train.flatMap((g) => set.rows.slice(g.from, g.to));
        const model = trainLogistic(
          FEATURES,
          rows,
          train.flatMap((g) => set.labels.slice(g.from, g.to)),
        );
        return (row) => predict(model, row);
      },
    },
    {
      name: 'Logistic ranker, listwise, all features (shipped)',
      fit: (train) => {
        const model = trainListwise(
          FEATURES,
          train.map((g) => ({ rows: set.rows.slice(g.from, g.to), labels: set.labels.slice(g.from, g.to) })),
        );
        return (row) => predict(model, row);
      },
    },
  ];
  return methods.map(({ name, fit }) => {
    let right = 0;
    let total = 0;
    let rightPlain = 0;
    let totalPlain = 0;
    for (let fold = 0; fold < FOLDS; fold++) {
      const score = fit(groupsOf(fold, false));
      groupsOf(fold, true).forEach((g, k) => {
        let best = -1;
        let bestScore = -Infinity;
        for (let r = g.from; r < g.to; r++) {
          const v = score(set.rows[r] as number[]);
          if (v > bestScore) [best, bestScore] = [r, v];
        }
        const hit = best >= 0 && set.labels[best] === 1 ? 1 : 0;
        right += hit;
        total++;
        // Groups come in pairs: the example alone, then inside a story.
        if (k % 2 === 0) {
          rightPlain += hit;
          totalPlain++;
        }
      });
    }
    return { name, top1: right / Math.max(total, 1), top1Plain: rightPlain / Math.max(totalPlain, 1) };
  });
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
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) & 0x7fffffff;
}

/** What the scorer is made of, for the keys trained models are kept under. */
export const SCORER_SIGNATURE = [
  ...FEATURES,
  ...CALIBRATION_FEATURES,
  ...OFF_TOPIC_SAMPLES,
  ...DOMAIN_TERMS,
  String([
    SCORER_VERSION,
    ANSWER_AT,
    MIN_SUGGEST_AT,
    SUGGEST_OFF_TOPIC,
    RELATED_CREDIT,
    MAX_TRAINING_QUESTIONS,
  ]),
].join('|');
