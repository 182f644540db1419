/**
 * Training of the action model: multinomial logistic regression over binary features
 * (actionFeatures.ts) with L2 regularization, fitted by full-batch Adam from zero weights. Pure and
 * deterministic: no randomness at all (the seed only matters to the callers' fold assignment), so the
 * same examples and options always give the same weights.
 */
import { ACTIONS, type Action } from '../facts/types.js';
import type { ActionModelWeights } from './actionModel.js';

/** One labelled response, already turned into feature names. */
export interface FeaturizedExample {
  action: Action;
  features: readonly string[];
}

/** Training options: L2 strength per example, iterations, a minimum number of examples per feature, Adam's step. */
export interface ActionTrainingOptions {
  l2: number;
  iterations: number;
  minCount: number;
  learningRate: number;
  /** Weights with every |w| below this are dropped from the exported model (compactness). */
  pruneBelow: number;
}

export const DEFAULT_TRAINING: ActionTrainingOptions = { l2: 0.0003, iterations: 250, minCount: 2, learningRate: 0.05, pruneBelow: 0.02 };

const K = ACTIONS.length;

/** The feature vocabulary: names seen in at least `minCount` examples, in first-seen order. */
function buildVocabulary(examples: readonly FeaturizedExample[], minCount: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of examples) for (const f of new Set(e.features)) counts.set(f, (counts.get(f) ?? 0) + 1);
  const vocab = new Map<string, number>();
  for (const [f, c] of counts) if (c >= minCount) vocab.set(f, vocab.size);
  return vocab;
}

function encode(examples: readonly FeaturizedExample[], vocab: Map<string, number>): { x: Int32Array[]; y: Int32Array } {
  const x = examples.map((e) => Int32Array.from(new Set(e.features.map((f) => vocab.get(f)).filter((i): i is number => i !== undefined))));
  const y = Int32Array.from(examples.map((e) => ACTIONS.indexOf(e.action)));
  return { x, y };
}

/** Softmax of `z` in place. */
function softmax(z: Float64Array): void {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let k = 0; k < z.length; k++) sum += z[k] = Math.exp(z[k]! - max);
  for (let k = 0; k < z.length; k++) z[k]! /= sum;
}

/** Fits the model on `examples`; the weights ready to serialize (pruned, rounded to 4 decimals). */
export function trainActionModel(examples: readonly FeaturizedExample[], options: ActionTrainingOptions = DEFAULT_TRAINING): ActionModelWeights {
  const vocab = buildVocabulary(examples, options.minCount);
  const { x, y } = encode(examples, vocab);
  const d = vocab.size + 1; // last row: the bias
  const w = new Float64Array(d * K);
  const g = new Float64Array(d * K);
  const m1 = new Float64Array(d * K);
  const m2 = new Float64Array(d * K);
  const z = new Float64Array(K);
  const n = examples.length;
  for (let it = 1; it <= options.iterations; it++) {
    g.fill(0);
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      for (let k = 0; k < K; k++) z[k] = w[vocab.size * K + k]!;
      for (const f of xi) for (let k = 0; k < K; k++) z[k]! += w[f * K + k]!;
      softmax(z);
      z[y[i]!]! -= 1;
      for (const f of xi) for (let k = 0; k < K; k++) g[f * K + k]! += z[k]! / n;
      for (let k = 0; k < K; k++) g[vocab.size * K + k]! += z[k]! / n;
    }
    for (let j = 0; j < vocab.size * K; j++) g[j]! += options.l2 * w[j]!;
    const b1 = 0.9, b2 = 0.999;
    const c1 = 1 - b1 ** it, c2 = 1 - b2 ** it;
    for (let j = 0; j < d * K; j++) {
      m1[j] = b1 * m1[j]! + (1 - b1) * g[j]!;
      m2[j] = b2 * m2[j]! + (1 - b2) * g[j]! * g[j]!;
      w[j]! -= (options.learningRate * (m1[j]! / c1)) / (Math.sqrt(m2[j]! / c2) + 1e-8);
    }
  }
  return exportWeights(w, vocab, options.pruneBelow);
}

const round = (v: number) => Math.round(v * 1e4) / 1e4 || 0;

function exportWeights(w: Float64Array, vocab: Map<string, number>, pruneBelow: number): ActionModelWeights {
  const features: Record<string, number[]> = {};
  const names = [...vocab.keys()].sort();
  for (const name of names) {
    const row = vocab.get(name)! * K;
    const ws = Array.from(w.subarray(row, row + K), round);
    if (ws.some((v) => Math.abs(v) >= pruneBelow)) features[name] = ws;
  }
  return { classes: [...ACTIONS], bias: Array.from(w.subarray(vocab.size * K, vocab.size * K + K), round), features };
}
