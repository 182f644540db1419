import { normalCdf } from './distributions.js';

/**
 * Sequential evidence for an asymptotically normal estimate θ̂ with standard error `se`
 * (H0: θ = 0). Every statistic here is the log of a likelihood ratio (or of a mixture of
 * them), so by Ville's inequality P(sup over looks of logLR ≥ ln(1/α)) ≤ α under H0 —
 * valid however often one looks. The always-valid p-value is min(1, exp(−max logLR)).
 */
export interface SequentialInput {
  /** Point estimate (e.g. p_c − p_b, or an HL shift on log latency). */
  estimate: number;
  /** Standard error of the estimate at this look (> 0). */
  se: number;
}

/** mSPRT (Johari et al.) log Λ with a N(0, τ²) mixture over θ: two-sided. */
export function msprtLogLr({ estimate, se, tau }: SequentialInput & { tau: number }): number {
  const s2 = se * se;
  const t2 = tau * tau;
  return 0.5 * Math.log(s2 / (s2 + t2)) + (t2 * estimate * estimate) / (2 * s2 * (s2 + t2));
}

/** One-sided mSPRT: half-normal mixture over θ > 0 (evidence that θ is positive). */
export function oneSidedMsprtLogLr(input: SequentialInput & { tau: number }): number {
  const s2 = input.se * input.se;
  const t2 = input.tau * input.tau;
  const arg = (input.estimate * input.tau) / Math.sqrt(s2 * (s2 + t2));
  const tail = 2 * normalCdf(arg);
  return msprtLogLr(input) + Math.log(Math.max(tail, 1e-300));
}

/**
 * Wald SPRT log-LR of the point alternative θ = `effect` (> 0) against θ = 0:
 * (effect·θ̂ − effect²/2) / se². A mixture with all its mass on `effect`; in continuous
 * time its crossing probability of ln(1/α) under H0 is exactly α.
 */
export function sprtLogLr({ estimate, se, effect }: SequentialInput & { effect: number }): number {
  return (effect * estimate - (effect * effect) / 2) / (se * se);
}

/** Always-valid p-value from the running maximum of a sequential log-LR. */
export function alwaysValidP(maxLogLr: number): number {
  return Math.min(1, Math.exp(-maxLogLr));
}
