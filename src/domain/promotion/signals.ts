/** Review signals: what says a production trace may be a failure, how strongly, and the review priority they give. */
import { z } from 'zod';
import { RiskTierSchema, type RiskTier } from '../cases/CaseSchema.js';

/** Kinds of signal a flag carries (closed set). */
export const SignalKindSchema = z.enum([
  'manual',
  'negative_feedback',
  'unsupported_claim',
  'pii',
  'tool_error',
  'format',
  'judge',
  'canary',
  'drift',
]);
export type SignalKind = z.infer<typeof SignalKindSchema>;

/** Default strength (0..1) of each kind when the raiser gives none. */
export const DEFAULT_SIGNAL_STRENGTH: Record<SignalKind, number> = {
  manual: 0.7,
  negative_feedback: 0.5,
  unsupported_claim: 0.8,
  pii: 0.8,
  tool_error: 0.5,
  format: 0.4,
  judge: 0.7,
  canary: 0.6,
  drift: 0.5,
};

/** Risk each kind suggests when the raiser gives none (null: says nothing about risk). */
export const DEFAULT_SIGNAL_RISK: Record<SignalKind, RiskTier | null> = {
  manual: null,
  negative_feedback: null,
  unsupported_claim: 'high',
  pii: 'high',
  tool_error: 'medium',
  format: 'low',
  judge: null,
  canary: 'medium',
  drift: 'medium',
};

/** A signal as raised against a trace (what `flagTrace` takes). */
export const SignalInputSchema = z.strictObject({
  kind: SignalKindSchema,
  /** Who or what raised it: a user, `scorer:unsupported_claim@1`, `canary:checkout-v2`. */
  source: z.string().min(1).max(512),
  reason: z.string().min(1).max(10_000),
  /** 0..1; default per kind. */
  strength: z.number().min(0).max(1).optional(),
  riskHint: RiskTierSchema.optional(),
  /** Versions, scores, alert ids: kept in provenance. */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type SignalInput = z.infer<typeof SignalInputSchema>;

/** A signal merged into a review item. */
export interface ReviewSignal {
  flagId: string;
  kind: SignalKind;
  source: string;
  reason: string;
  strength: number;
  riskHint: RiskTier | null;
  details: Record<string, unknown>;
  /** ISO time the flag was raised. */
  at: string;
}

const RISK_WEIGHT: Record<RiskTier, number> = { low: 0.4, medium: 0.6, high: 0.8, critical: 1 };

/** The highest risk the signals suggest; `medium` when none says anything. */
export function riskOfSignals(signals: readonly ReviewSignal[]): RiskTier {
  let best: RiskTier | null = null;
  for (const s of signals) {
    if (s.riskHint && (best === null || RISK_WEIGHT[s.riskHint] > RISK_WEIGHT[best])) best = s.riskHint;
  }
  return best ?? 'medium';
}

/**
 * Review priority 0..100: signal strengths combined as independent evidence (1 - prod(1 - s)), one
 * signal per (kind, source) counted at its strongest, weighted by the highest risk suggested.
 */
export function computeReviewPriority(signals: readonly ReviewSignal[]): number {
  const strongest = new Map<string, number>();
  for (const s of signals) {
    const key = `${s.kind}\u0000${s.source}`;
    strongest.set(key, Math.max(strongest.get(key) ?? 0, s.strength));
  }
  let miss = 1;
  for (const strength of strongest.values()) miss *= 1 - strength;
  return Math.round(100 * (1 - miss) * RISK_WEIGHT[riskOfSignals(signals)]);
}

/** The signal a flag input becomes (defaults applied). */
export function toReviewSignal(input: SignalInput, flagId: string, at: Date): ReviewSignal {
  return {
    flagId,
    kind: input.kind,
    source: input.source,
    reason: input.reason,
    strength: input.strength ?? DEFAULT_SIGNAL_STRENGTH[input.kind],
    riskHint: input.riskHint ?? DEFAULT_SIGNAL_RISK[input.kind],
    details: input.details ?? {},
    at: at.toISOString(),
  };
}
