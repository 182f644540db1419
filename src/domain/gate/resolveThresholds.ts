/** Overlay resolution: built-in defaults < policy defaults < risk-tier overlay < bucket overlay. */
import type { RiskTier } from '../cases/CaseSchema.js';
import type { BlockerCode } from './blockers.js';
import { DEFAULT_THRESHOLDS, type GatePolicy, type ThresholdOverlay } from './GatePolicySchema.js';
import { parseThreshold, type Threshold } from './Ratio.js';

/** Fully resolved thresholds for one case (or the strictest over a bucket). */
export interface ResolvedThresholds {
  minCaseScore: Threshold;
  minBucketAverageScore: Threshold;
  minBucketPassRate: Threshold;
  minBehaviorMatchRate: Threshold;
  /** null: no limit. */
  maxBucketBlockers: number | null;
  maxNewFailures: number;
  maxNewBlockingFailures: number;
  blockingBlockers: BlockerCode[];
  failOnAnyBlocker: boolean;
}

// Resolved thresholds per policy and (tier, bucket): a dataset has few distinct pairs, and thresholds are immutable.
const cache = new WeakMap<GatePolicy, Map<RiskTier | null, Map<string | null, ResolvedThresholds>>>();

/** Resolves thresholds for a case of `riskTier` in `bucket`; later overlays win field by field (memoized per policy; do not mutate the result). */
export function resolveThresholds(policy: GatePolicy, riskTier: RiskTier | null, bucket: string | null): ResolvedThresholds {
  let byTier = cache.get(policy);
  if (!byTier) cache.set(policy, (byTier = new Map()));
  let byBucket = byTier.get(riskTier);
  if (!byBucket) byTier.set(riskTier, (byBucket = new Map()));
  let hit = byBucket.get(bucket);
  if (!hit) byBucket.set(bucket, (hit = resolveUncached(policy, riskTier, bucket)));
  return hit;
}

function resolveUncached(policy: GatePolicy, riskTier: RiskTier | null, bucket: string | null): ResolvedThresholds {
  const layers: ThresholdOverlay[] = [DEFAULT_THRESHOLDS as unknown as ThresholdOverlay, policy.defaults];
  if (riskTier) layers.push(policy.riskTiers[riskTier] ?? {});
  if (bucket) layers.push(policy.buckets[bucket] ?? {});
  const merged: ThresholdOverlay = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return {
    minCaseScore: rate(merged.minCaseScore),
    minBucketAverageScore: rate(merged.minBucketAverageScore),
    minBucketPassRate: rate(merged.minBucketPassRate),
    minBehaviorMatchRate: rate(merged.minBehaviorMatchRate),
    maxBucketBlockers: merged.maxBucketBlockers ?? null,
    maxNewFailures: merged.maxNewFailures!,
    maxNewBlockingFailures: merged.maxNewBlockingFailures!,
    blockingBlockers: [...merged.blockingBlockers!],
    failOnAnyBlocker: merged.failOnAnyBlocker!,
  };
}

function rate(v: number | string | undefined): Threshold {
  const t = parseThreshold(v ?? 0);
  if (!t) throw new Error(`unvalidated threshold ${String(v)}`); // the schema already rejected these
  return t;
}

function higher(a: Threshold, b: Threshold): Threshold {
  return a.num * b.den >= b.num * a.den ? a : b;
}

function lowerLimit(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/** The strictest of several resolved thresholds (a bucket mixing tiers uses the strictest member's). */
export function strictestThresholds(items: readonly ResolvedThresholds[]): ResolvedThresholds {
  const [first, ...rest] = items;
  if (!first) throw new Error('strictestThresholds needs at least one item');
  return rest.reduce<ResolvedThresholds>(
    (acc, t) =>
      acc === t
        ? acc
        : {
            minCaseScore: higher(acc.minCaseScore, t.minCaseScore),
            minBucketAverageScore: higher(acc.minBucketAverageScore, t.minBucketAverageScore),
            minBucketPassRate: higher(acc.minBucketPassRate, t.minBucketPassRate),
            minBehaviorMatchRate: higher(acc.minBehaviorMatchRate, t.minBehaviorMatchRate),
            maxBucketBlockers: lowerLimit(acc.maxBucketBlockers, t.maxBucketBlockers),
            maxNewFailures: Math.min(acc.maxNewFailures, t.maxNewFailures),
            maxNewBlockingFailures: Math.min(acc.maxNewBlockingFailures, t.maxNewBlockingFailures),
            blockingBlockers: [...new Set([...acc.blockingBlockers, ...t.blockingBlockers])],
            failOnAnyBlocker: acc.failOnAnyBlocker || t.failOnAnyBlocker,
          },
    first,
  );
}
