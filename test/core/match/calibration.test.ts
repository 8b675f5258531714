import { describe, expect, it } from 'vitest';
import { FEATURES, calibrationRow } from '../../../src/core/match/features.js';
import { predict } from '../../../src/core/match/model.js';
import {
  forgetTraining,
  trainScorer,
  type Scored,
  type TrainingSource,
} from '../../../src/core/match/training.js';

/** A feature row with the given named features set (the rest 0). */
const row = (set: Partial<Record<(typeof FEATURES)[number], number>>): number[] =>
  FEATURES.map((name) => set[name] ?? 0);

/**
 * A knowledge of 300 written examples that rank their entry clearly first and 300 paraphrased
 * posts whose two candidates look alike (the ranker picks the right one about half the time).
 */
function source(postsMarked: boolean): TrainingSource {
  const written = 300;
  const texts = Array.from(
    { length: 600 },
    (_, ex) => `example number ${ex} ${ex < written ? 'written' : 'post'}`,
  );
  const owner = (ex: number): number => ex % 10;
  const byText = new Map(texts.map((t, ex) => [t, ex]));
  return {
    exampleCount: texts.length,
    exampleText: (ex) => texts[ex] ?? '',
    exampleOwner: owner,
    examplePost: (ex) => postsMarked && ex >= written,
    linked: () => false,
    scored(text): { scored: Scored[]; domain: number } {
      const ex = byText.get(text.replace(/^.*\. /, '')) ?? -1;
      if (ex < 0) return { scored: [{ entry: 0, features: row({ bm25Rel: 0.2 }) }], domain: 0 };
      const right = owner(ex);
      const other = (right + 1) % 10;
      const domainLog = Math.log1p(2);
      if (ex < written) {
        return {
          scored: [
            { entry: right, features: row({ bm25Rel: 1, coverage: 0.9, anchorShare: 0.8, domainLog }) },
            { entry: other, features: row({ bm25Rel: 0.2, coverage: 0.2, domainLog }) },
          ],
          domain: 2,
        };
      }
      // A post: the right entry and a neighbour look alike; which one leads flips with the example.
      const lead = ex % 2 === 0 ? right : other;
      const second = lead === right ? other : right;
      return {
        scored: [
          { entry: lead, features: row({ bm25Rel: 0.61, coverage: 0.5, anchorShare: 0.4, domainLog }) },
          { entry: second, features: row({ bm25Rel: 0.6, coverage: 0.5, anchorShare: 0.4, domainLog }) },
        ],
        domain: 2,
      };
    },
  };
}

describe('the calibrator learns how sure to be from real posts', () => {
  it('is less sure of a post-like ranking when it learned from the paraphrased posts', () => {
    const ranked = [
      { p: 0.6, features: row({ bm25Rel: 0.61, coverage: 0.5, anchorShare: 0.4, domainLog: Math.log1p(2) }) },
      { p: 0.59, features: row({ bm25Rel: 0.6, coverage: 0.5, anchorShare: 0.4, domainLog: Math.log1p(2) }) },
    ];
    forgetTraining();
    const onPosts = trainScorer(source(true), 'calibration-test-posts');
    forgetTraining(); // the same number of examples would reuse the first model
    const onAll = trainScorer(source(false), 'calibration-test-all');
    const sureOnPosts = predict(onPosts.calibrator, calibrationRow(ranked));
    const sureOnAll = predict(onAll.calibrator, calibrationRow(ranked));
    expect(sureOnPosts).toBeLessThan(sureOnAll);
    expect(sureOnPosts).toBeLessThan(0.75);
  });

  it('counts whether a message talks telephony, not how much', () => {
    const at = (domainLog: number) =>
      calibrationRow([{ p: 0.9, features: row({ domainLog }) }])[CALIBRATION_TELEPHONY];
    expect(at(0)).toBe(0);
    expect(at(Math.log1p(1))).toBeCloseTo(Math.log1p(1));
    expect(at(Math.log1p(20))).toBe(at(Math.log1p(3)));
  });
});

const CALIBRATION_TELEPHONY = 8;
