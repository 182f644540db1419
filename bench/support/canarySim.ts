/** The canary benchmarks' simulated app: seeded per-trace observations with known rates and latency. */
import type { TraceObservation } from '../../src/domain/canary/TraceObservation.js';
import { normalInv } from '../../src/domain/stats/distributions.js';

/** Seeded PRNG (xoshiro128**), never Math.random. */
export function prng(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed, b = 0x243f6a88 ^ Math.imul(seed, 0x85ebca6b), c = 0xb7e15162, d = 0x12345678 ^ (seed >>> 3);
  const next = (): number => {
    const t = b << 9;
    let r = Math.imul(b, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9);
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = (d << 11) | (d >>> 21);
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 20; i += 1) next();
  return next;
}

/** Per-arm ground truth of the simulated app. */
export interface ArmModel {
  refusal: number; escalation: number; abstention: number; toolError: number; contentFilter: number; error: number;
  /** Latency multiplier as a function of the latency quantile u (1 = unchanged). */
  latencyFactor: (u: number) => number;
}
export const BASE: ArmModel = { refusal: 0.05, escalation: 0.03, abstention: 0.02, toolError: 0.02, contentFilter: 0.005, error: 0.01, latencyFactor: () => 1 };
// Tail-only slowdown: unchanged below the 75th percentile, ramping to ×1.3 from the 92nd: p95 +30%, median unchanged.
export const tailFactor = (u: number): number => 1 + 0.3 * Math.min(1, Math.max(0, (u - 0.75) / 0.17));

export function simulateTrace(m: ArmModel, rnd: () => number): TraceObservation {
  const toolCalls = rnd() < 0.6 ? 1 + Math.floor(-Math.log(1 - rnd()) * 1.5) : 0;
  const toolError = rnd() < m.toolError;
  const u = Math.min(1 - 1e-9, Math.max(1e-9, rnd()));
  const latencyMs = Math.exp(Math.log(1500) + 0.5 * normalInv(u)) * m.latencyFactor(u);
  const tokens = Math.round(Math.exp(Math.log(1200) + 0.6 * normalInv(Math.min(1 - 1e-9, Math.max(1e-9, rnd())))));
  const hasFeedback = rnd() < 0.1;
  return {
    refused: rnd() < m.refusal, escalated: rnd() < m.escalation, abstained: rnd() < m.abstention, toolError,
    retried: toolError ? rnd() < 0.5 : rnd() < 0.01, contentFilter: rnd() < m.contentFilter, error: rnd() < m.error,
    feedbackNegative: hasFeedback ? rnd() < 0.2 : null, latencyMs, ttftMs: rnd() < 0.9 ? latencyMs * (0.2 + 0.2 * rnd()) : null,
    costUsd: tokens * 2e-6, tokens, toolCalls, spanCount: 2 + 2 * toolCalls + (rnd() < 0.3 ? 1 : 0), judgeScore: null,
  };
}

