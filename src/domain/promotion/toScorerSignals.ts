/**
 * Scorer results as review signals: which scorer flags say "this trace may be a failure", with the
 * scorer's name@version kept as the signal's source and details. Pure.
 */
import type { TraceScoring } from '../scoring/types.js';
import type { SignalInput } from './signals.js';

/** Scorer flag -> signal kind, strength and the scorer that raises it. Flags not listed (budgets) raise no signal. */
const FLAG_SIGNALS: Record<string, { kind: SignalInput['kind']; strength: number; scorer: string }> = {
  unsupported_claim: { kind: 'unsupported_claim', strength: 0.8, scorer: 'groundedness' },
  unknown_citation: { kind: 'unsupported_claim', strength: 0.5, scorer: 'groundedness' },
  pii_email: { kind: 'pii', strength: 0.8, scorer: 'pii' },
  pii_phone: { kind: 'pii', strength: 0.8, scorer: 'pii' },
  pii_card: { kind: 'pii', strength: 0.9, scorer: 'pii' },
  pii_secret: { kind: 'pii', strength: 0.9, scorer: 'pii' },
  tool_error: { kind: 'tool_error', strength: 0.5, scorer: 'tool_errors' },
  tool_soft_error: { kind: 'tool_error', strength: 0.4, scorer: 'tool_errors' },
  format_invalid: { kind: 'format', strength: 0.4, scorer: 'format' },
};

/** One signal per failure flag of the scoring (source `scorer:NAME@VERSION`, details with the score). */
export function toScorerSignals(scoring: TraceScoring): SignalInput[] {
  const out: SignalInput[] = [];
  for (const flag of scoring.flags) {
    const m = FLAG_SIGNALS[flag];
    if (!m) continue;
    const score = scoring.scores.find((s) => s.name === m.scorer);
    const version = score ? `${score.name}@${score.version}` : m.scorer;
    out.push({
      kind: m.kind,
      source: `scorer:${version}`,
      reason: `${flag}${score?.reason ? `: ${score.reason}` : ''}`.slice(0, 10_000),
      strength: m.strength,
      details: { flag, scorerVersion: version, value: score?.value ?? null, label: score?.label ?? null },
    });
  }
  return out;
}
