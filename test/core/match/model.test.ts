import { describe, expect, it } from 'vitest';
import { predict, trainListwise, trainLogistic, type RankingGroup } from '../../../src/core/match/model.js';

/** A tiny deterministic random source, so the data is the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * Ranking data where the right candidate of each question is the one with the highest first
 * feature *within its question*, while the level of that feature varies a lot between questions
 * (a long post scores higher everywhere); the second feature is noise.
 */
function groups(count: number, seed: number): RankingGroup[] {
  const rnd = random(seed);
  return Array.from({ length: count }, () => {
    const level = rnd() * 10;
    const rows = Array.from({ length: 5 }, () => [level + rnd(), rnd()]);
    const best = rows.reduce(
      (b, r, k) => ((r[0] as number) > ((rows[b] as number[])[0] as number) ? k : b),
      0,
    );
    return { rows, labels: rows.map((_, k) => (k === best ? 1 : 0)) };
  });
}

const top1 = (score: (row: number[]) => number, data: RankingGroup[]): number =>
  data.filter((g) => {
    const scores = g.rows.map((r) => score(r));
    return g.labels[scores.indexOf(Math.max(...scores))] === 1;
  }).length / data.length;

describe('trainListwise', () => {
  const train = groups(300, 1);
  const test = groups(300, 2);

  it('learns what makes a candidate beat the others of its own question', () => {
    const model = trainListwise(['signal', 'noise'], train);
    expect(top1((r) => predict(model, r), test)).toBeGreaterThan(0.9);
    expect(Math.abs(model.weights[0] as number)).toBeGreaterThan(Math.abs(model.weights[1] as number) * 3);
  });

  it('ranks at least as well as a pointwise fit of the same rows', () => {
    const listwise = trainListwise(['signal', 'noise'], train);
    const pointwise = trainLogistic(
      ['signal', 'noise'],
      train.flatMap((g) => g.rows),
      train.flatMap((g) => g.labels),
    );
    // Pointwise, one weight must separate right from wrong rows across all questions, whose
    // levels differ far more than candidates inside one question do; listwise only compares
    // candidates of the same question.
    expect(top1((r) => predict(listwise, r), test)).toBeGreaterThan(top1((r) => predict(pointwise, r), test));
  });

  it('skips questions whose right entry is not among their candidates', () => {
    const none: RankingGroup = { rows: [[100, 100]], labels: [0] };
    const model = trainListwise(['signal', 'noise'], [...train, none]);
    expect(model.weights.every(Number.isFinite)).toBe(true);
    expect(top1((r) => predict(model, r), test)).toBeGreaterThan(0.9);
  });
});
