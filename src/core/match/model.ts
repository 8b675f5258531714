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
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (r[j] as number) / n;
  for (const r of rows) {
    for (let j = 0; j < d; j++)
      scale[j] = (scale[j] as number) + ((r[j] as number) - (mean[j] as number)) ** 2 / n;
  }
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j] as number) || 1;
  // Standardised rows in one flat array: the loop below is the whole cost of training.
  const x = new Float64Array(n * d);
  rows.forEach((r, i) => {
    for (let j = 0; j < d; j++)
      x[i * d + j] = ((r[j] as number) - (mean[j] as number)) / (scale[j] as number);
  });
  const y = Float64Array.from(labels);
  const w = new Float64Array(d + 1); // last: bias
  const m = new Float64Array(d + 1);
  const v = new Float64Array(d + 1);
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
    // Adam: converges in a few hundred steps whatever the feature scales.
    for (let j = 0; j <= d; j++) {
      const g = (grad[j] as number) / n + (j < d ? l2 * (w[j] as number) : 0);
      m[j] = 0.9 * (m[j] as number) + 0.1 * g;
      v[j] = 0.999 * (v[j] as number) + 0.001 * g * g;
      const mHat = (m[j] as number) / (1 - 0.9 ** it);
      const vHat = (v[j] as number) / (1 - 0.999 ** it);
      w[j] = (w[j] as number) - (learningRate * 0.1 * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
  }
  return { names, weights: Array.from(w.subarray(0, d)), bias: w[d] as number, mean, scale };
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
