/**
 * What the learned scorer looks at: the candidate features (in order), the calibrator's
 * features, and the prior models used when a knowledge base is too small to learn from.
 */
import type { LogisticModel } from './model.js';

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
  'likelihoodGap',
  'absentInTitle',
  'appLog',
] as const;

/**
 * Prior weights, learned on the shipped knowledge base: used when a knowledge base is too small
 * to learn from (tests, a fresh overlay-only install). Same feature order as `FEATURES`.
 */
export const PRIOR: LogisticModel = {
  names: FEATURES,
  weights: [
    0.6, 0.4, 0.3, 1.4, 0.4, 0.9, 0.5, 0.9, 0.4, 0.5, 0.8, -0.4, 0.3, 0, -0.3, -0.4, 0.3, 0, 0, 0, -1, 0,
  ],
  bias: -3,
  mean: [
    0.5, 0.2, 1.5, 0.3, 0.2, -0.1, 0.2, 0.4, 0.4, 1.5, 0.05, 0.05, 0.2, 0.3, 1.8, 0.2, 2, 1, 0.3, -1, 0.02,
    0.05,
  ],
  scale: [
    0.35, 0.4, 1, 0.2, 0.15, 0.2, 0.4, 0.3, 0.3, 1, 0.2, 0.2, 0.3, 0.45, 0.6, 0.2, 1, 0.5, 0.3, 1, 0.15, 0.2,
  ],
};
export const PRIOR_ANSWER_AT = 0.5;
/** The calibrator's features: how strong the top candidate is and how far ahead. */
export const CALIBRATION_FEATURES = [
  'topScore',
  'top',
  'margin',
  'knnBest',
  'coverage',
  'askCoverage',
  'aliasHit',
  'anchorShare',
  'telephony',
  'appLog',
] as const;
export const PRIOR_CALIBRATOR: LogisticModel = {
  names: CALIBRATION_FEATURES,
  weights: [0.4, 1.4, -0.4, -0.1, 0.4, -0.4, 0.1, -0.1, 1, -0.25],
  bias: 0.25,
  mean: [0.97, 0.7, 0.57, 0.17, 0.49, 0.53, 0.23, 0.3, 1, 0.12],
  scale: [0.1, 0.25, 0.35, 0.1, 0.22, 0.28, 0.41, 0.17, 0.5, 0.3],
};

/**
 * Calibration features of a ranked list (best first): the top candidate's share of the list (a
 * softmax of the ranker's scores: a near tie is a small share however high both scores are), its
 * lead over the runner-up, its evidence.
 */
export function calibrationRow(ranked: readonly { p: number; features: readonly number[] }[]): number[] {
  const top = ranked[0];
  if (!top) return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const f = (name: (typeof FEATURES)[number]): number => top.features[FEATURES.indexOf(name)] ?? 0;
  const logit = (p: number): number => Math.log(Math.max(p, 1e-12) / Math.max(1 - p, 1e-12));
  const best = logit(top.p);
  const total = ranked.reduce((sum, c) => sum + Math.exp(logit(c.p) - best), 0);
  const share = (c: { p: number } | undefined): number => (c ? Math.exp(logit(c.p) - best) / total : 0);
  return [
    top.p,
    share(top),
    share(top) - share(ranked[1]),
    f('knnBest'),
    f('coverage'),
    f('askCoverage'),
    f('aliasHit'),
    f('anchorShare'),
    // Whether the message talks telephony at all, not how much: a long post has many telephony
    // words and is no likelier to be answered right for it.
    Math.min(f('domainLog'), TELEPHONY_CAP),
    f('appLog'),
  ];
}
export const PRIOR_SUGGEST_AT = 0.2;

/**
 * The calibrator's `telephony` feature stops growing at three telephony words (log1p(3)): a
 * message that talks telephony at all is what it tells apart from chat; a long post with twenty
 * such words is no likelier to be answered right, and a calibrator that counted them all was sure
 * of itself on long real posts it had never seen the like of (wrong on 23–50% of them).
 */
const TELEPHONY_CAP = Math.log1p(3);
