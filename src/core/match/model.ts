/**
 * A small logistic regression: P(this candidate is the right entry | its features). Trained by
 * full-batch gradient descent on standardised features with a little L2; deterministic.
 */

/** A trained scorer. Plain data, so it can be cached and printed. */
export interface LogisticModel {
  /** Feature names, in order (for reports). */
  names: readonly string[];
  weights: number[];
  bias: number;
  mean: number[];
  scale: number[];
}

export interface TrainOptions {
  iterations?: number;
  learningRate?: number;
  l2?: number;
}

/** Fits the model to feature rows and 0/1 labels. */
export function trainLogistic(
  names: readonly string[],
  rows: readonly number[][],
  labels: readonly number[],
  options: TrainOptions = {},
): LogisticModel {
  const { iterations = 250, learningRate = 0.5, l2 = 1e-3 } = options;
  const d = names.length;
  const n = rows.length;
  const { mean, scale } = standardisation(d, rows);
  // Standardised rows in one flat array: the loop below is the whole cost of training.
  const x = new Float64Array(n * d);
  rows.forEach((r, i) => {
    for (let j = 0; j < d; j++)
      x[i * d + j] = ((r[j] as number) - (mean[j] as number)) / (scale[j] as number);
  });
  const y = Float64Array.from(labels);
  const w = new Float64Array(d + 1); // last: bias
  const adam = new Adam(d + 1, learningRate);
  const grad = new Float64Array(d + 1);
  for (let it = 1; it <= iterations; it++) {
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      const o = i * d;
      let z = w[d] as number;
      for (let j = 0; j < d; j++) z += (w[j] as number) * (x[o + j] as number);
      const err = 1 / (1 + Math.exp(-z)) - (y[i] as number);
      for (let j = 0; j < d; j++) grad[j] = (grad[j] as number) + err * (x[o + j] as number);
      grad[d] = (grad[d] as number) + err;
    }
    for (let j = 0; j <= d; j++) grad[j] = (grad[j] as number) / n + (j < d ? l2 * (w[j] as number) : 0);
    adam.step(w, grad, it);
  }
  return { names, weights: Array.from(w.subarray(0, d)), bias: w[d] as number, mean, scale };
}

/** One question's candidates: their feature rows and which of them is right (1) or not (0). */
export interface RankingGroup {
  rows: readonly number[][];
  labels: readonly number[];
}

/**
 * Fits a ranker to lists of candidates (a conditional logit): for each question, the softmax of
 * the candidates' scores should put its mass on the right one. It learns what makes one candidate
 * beat the others of the same question, which is what ranking needs; a pointwise fit spends itself
 * on telling the many easy wrong candidates from the few right ones. Questions whose right entry
 * is not among their candidates teach nothing and are skipped. Same model shape as
 * `trainLogistic`, so `predict` serves both (its output is then a score, not a probability:
 * the calibrator turns rankings into probabilities).
 */
export function trainListwise(
  names: readonly string[],
  groups: readonly RankingGroup[],
  options: TrainOptions = {},
): LogisticModel {
  const { iterations = 250, learningRate = 0.5, l2 = 1e-3 } = options;
  const d = names.length;
  const useful = groups.filter((g) => g.labels.includes(1));
  const { mean, scale } = standardisation(
    d,
    useful.flatMap((g) => g.rows),
  );
  const n = useful.reduce((sum, g) => sum + g.rows.length, 0);
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  const starts = new Int32Array(useful.length + 1);
  let row = 0;
  useful.forEach((g, k) => {
    starts[k] = row;
    g.rows.forEach((r, i) => {
      for (let j = 0; j < d; j++)
        x[row * d + j] = ((r[j] as number) - (mean[j] as number)) / (scale[j] as number);
      y[row] = g.labels[i] as number;
      row++;
    });
  });
  starts[useful.length] = row;
  const w = new Float64Array(d);
  const adam = new Adam(d, learningRate);
  const z = new Float64Array(n);
  const grad = new Float64Array(d);
  for (let it = 1; it <= iterations; it++) {
    grad.fill(0);
    for (let k = 0; k < useful.length; k++) {
      const from = starts[k] as number;
      const to = starts[k + 1] as number;
      let max = -Infinity;
      for (let i = from; i < to; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (w[j] as number) * (x[i * d + j] as number);
        z[i] = s;
        if (s > max) max = s;
      }
      let total = 0;
      let positives = 0;
      for (let i = from; i < to; i++) {
        z[i] = Math.exp((z[i] as number) - max);
        total += z[i] as number;
        positives += y[i] as number;
      }
      for (let i = from; i < to; i++) {
        const err = (z[i] as number) / total - (y[i] as number) / positives;
        for (let j = 0; j < d; j++) grad[j] = (grad[j] as number) + err * (x[i * d + j] as number);
      }
    }
    for (let j = 0; j < d; j++) grad[j] = (grad[j] as number) / useful.length + l2 * (w[j] as number);
    adam.step(w, grad, it);
  }
  return { names, weights: Array.from(w), bias: 0, mean, scale };
}

/** Per-feature mean and standard deviation (1 where a feature is constant). */
function standardisation(
  d: number,
  rows: readonly (readonly number[])[],
): { mean: number[]; scale: number[] } {
  const n = Math.max(rows.length, 1);
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (r[j] as number) / n;
  for (const r of rows) {
    for (let j = 0; j < d; j++)
      scale[j] = (scale[j] as number) + ((r[j] as number) - (mean[j] as number)) ** 2 / n;
  }
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j] as number) || 1;
  return { mean, scale };
}

/** Adam: converges in a few hundred steps whatever the feature scales. */
class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  constructor(
    size: number,
    private readonly learningRate: number,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  /** One step of `w` against the (already averaged and regularised) gradient at iteration `it` (from 1). */
  step(w: Float64Array, grad: Float64Array, it: number): void {
    for (let j = 0; j < w.length; j++) {
      const g = grad[j] as number;
      this.m[j] = 0.9 * (this.m[j] as number) + 0.1 * g;
      this.v[j] = 0.999 * (this.v[j] as number) + 0.001 * g * g;
      const mHat = (this.m[j] as number) / (1 - 0.9 ** it);
      const vHat = (this.v[j] as number) / (1 - 0.999 ** it);
      w[j] = (w[j] as number) - (this.learningRate * 0.1 * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
  }
}

/** P(right) for one feature row. */
export function predict(model: LogisticModel, row: readonly number[]): number {
  let z = model.bias;
  for (let j = 0; j < model.weights.length; j++) {
    z +=
      (model.weights[j] as number) *
      (((row[j] as number) - (model.mean[j] as number)) / (model.scale[j] as number));
  }
  return 1 / (1 + Math.exp(-z));
}

/** One cross-validated decision: the top candidate's probability and whether it was right. */
export interface CalibrationPoint {
  p: number;
  /**
   * Credit for the top candidate: 1 when it was the right entry, a part when it was a neighbour
   * that links to it (see `RELATED_CREDIT`), 0 when wrong or off-topic.
   */
  right: number;
  offTopic: boolean;
}

/** A point of the accuracy/coverage curve: answering at `threshold`. */
export interface CurvePoint {
  threshold: number;
  /** Share of on-topic questions answered (right or wrong). */
  coverage: number;
  /** Share of on-topic questions answered rightly. */
  right: number;
  /** Share of on-topic questions answered wrongly. */
  wrong: number;
  /** Share of off-topic messages answered. */
  offTopicAnswered: number;
}

/** The accuracy/coverage curve over a grid of thresholds. */
export function curve(points: readonly CalibrationPoint[], grid = 40): CurvePoint[] {
  const on = points.filter((p) => !p.offTopic);
  const off = points.filter((p) => p.offTopic);
  const out: CurvePoint[] = [];
  for (let k = 0; k <= grid; k++) {
    const threshold = k / grid;
    const answered = on.filter((p) => p.p >= threshold);
    const right = answered.reduce((sum, p) => sum + p.right, 0);
    out.push({
      threshold,
      coverage: answered.length / Math.max(on.length, 1),
      right: right / Math.max(on.length, 1),
      wrong: (answered.length - right) / Math.max(on.length, 1),
      offTopicAnswered: off.filter((p) => p.p >= threshold).length / Math.max(off.length, 1),
    });
  }
  return out;
}
