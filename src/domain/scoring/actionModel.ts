/**
 * Inference of the action model: a multinomial logistic regression over the binary features of
 * actionFeatures.ts. The weights are trained offline by scripts/train-action-model.ts and committed as
 * actionModelWeights.ts. Pure: an open-addressing table lookup per feature key and a softmax.
 */
import { ACTIONS, type Action } from '../facts/types.js';
import { toFeatureKey } from './actionFeatures.js';

/** Serialized weights: per feature name one weight per class (in `classes` order), and the biases. */
export interface ActionModelWeights {
  classes: Action[];
  bias: number[];
  features: Record<string, number[]>;
}

/** The model's decision: the most probable action, its probability, every class's probability (ACTIONS order), and the features that weighed most for it. */
export interface ActionPrediction {
  action: Action;
  probability: number;
  probabilities: number[];
  /** Up to two feature names with the largest weight towards `action` (words of the training vocabulary). */
  evidence: string[];
}

/** A loaded model: feature keys in an open-addressing table (slot -> key and row), K weights per row. */
export interface ActionModel {
  bias: Float64Array;
  mask: number;
  keys: Int32Array;
  rows: Int32Array;
  names: string[];
  weights: Float32Array;
  /** Per row, the call that last counted it (each feature counts once per response). */
  seen: Int32Array;
  calls: number;
}

const K = ACTIONS.length;
const EMPTY = 0;
const slotKey = (key: number) => key | 0 || 1;

/** Loads serialized weights; throws when the classes are not the known actions in order, or two names share a key. */
export function loadActionModel(weights: ActionModelWeights): ActionModel {
  if (weights.classes.join() !== ACTIONS.join()) throw new Error(`action model classes ${weights.classes.join()} do not match ${ACTIONS.join()}`);
  const entries = Object.entries(weights.features);
  let size = 16;
  while (size < entries.length * 2) size *= 2;
  const m: ActionModel = { bias: Float64Array.from(weights.bias), mask: size - 1, keys: new Int32Array(size), rows: new Int32Array(size), names: [], weights: new Float32Array(entries.length * K), seen: new Int32Array(entries.length), calls: 0 };
  for (const [name, ws] of entries) {
    const key = slotKey(toFeatureKey(name));
    let i = key & m.mask;
    while (m.keys[i] !== EMPTY) {
      if (m.keys[i] === key) throw new Error(`action model features ${m.names[m.rows[i]!]} and ${name} share a key`);
      i = (i + 1) & m.mask;
    }
    m.keys[i] = key;
    m.rows[i] = m.names.length;
    m.weights.set(ws, m.names.length * K);
    m.names.push(name);
  }
  return m;
}

/** The row of a feature key, or -1 when the model does not know the feature. */
function rowOf(m: ActionModel, key: number): number {
  const k = slotKey(key);
  for (let i = k & m.mask; m.keys[i] !== EMPTY; i = (i + 1) & m.mask) if (m.keys[i] === k) return m.rows[i]!;
  return -1;
}

/** The names of the (up to two) counted features with the largest positive weight for class `k`. */
function topEvidence(m: ActionModel, rows: readonly number[], k: number): string[] {
  let first = -1, second = -1;
  for (let j = 0; j < rows.length; j++) {
    const s = rows[j]!;
    const w = m.weights[s * K + k]!;
    if (w <= 0) continue;
    if (first < 0 || w > m.weights[first * K + k]!) (second = first), (first = s);
    else if (second < 0 || w > m.weights[second * K + k]!) second = s;
  }
  return [first, second].filter((s) => s >= 0).map((s) => m.names[s]!);
}

/** Class probabilities of one response's feature keys (each distinct feature counted once). */
export function predictAction(m: ActionModel, keys: readonly number[]): ActionPrediction {
  // Unrolled over the five actions (loadActionModel checks the classes).
  const z = [m.bias[0]!, m.bias[1]!, m.bias[2]!, m.bias[3]!, m.bias[4]!];
  const call = (m.calls = (m.calls + 1) | 0) || (m.seen.fill(0), (m.calls = 1));
  const rows: number[] = [];
  const w = m.weights;
  for (let j = 0; j < keys.length; j++) {
    const s = rowOf(m, keys[j]!);
    if (s < 0 || m.seen[s] === call) continue;
    m.seen[s] = call;
    rows.push(s);
    const o = s * K;
    z[0]! += w[o]!;
    z[1]! += w[o + 1]!;
    z[2]! += w[o + 2]!;
    z[3]! += w[o + 3]!;
    z[4]! += w[o + 4]!;
  }
  let max = -Infinity;
  for (let k = 0; k < K; k++) max = Math.max(max, z[k]!);
  let sum = 0;
  for (let k = 0; k < K; k++) sum += z[k] = Math.exp(z[k]! - max);
  let best = 0;
  for (let k = 0; k < K; k++) {
    z[k]! /= sum;
    if (z[k]! > z[best]!) best = k;
  }
  return { action: ACTIONS[best]!, probability: z[best]!, probabilities: z, evidence: topEvidence(m, rows, best) };
}
