/** Per-bucket summary and verdict over trusted cases (pass rate, behavior match, new failures, McNemar). */
import { RISK_TIERS, type RiskTier } from '../cases/CaseSchema.js';
import { computeMcNemar } from './computeMcNemar.js';
import type { BucketSummary, CaseComparison, Rate } from './GateReport.js';
import type { GatePolicy } from './GatePolicySchema.js';
import { meetsAtLeast, ratioValue, type Ratio } from './Ratio.js';
import { resolveThresholds, strictestThresholds } from './resolveThresholds.js';

/** A Ratio with its display value. */
export function toRate(r: Ratio): Rate {
  return { num: r.num, den: r.den, value: ratioValue(r) };
}

/** Pass rate of one side over comparisons (null sides left out). */
export function passRate(rows: readonly CaseComparison[], side: 'baseline' | 'candidate'): Ratio {
  let num = 0;
  let den = 0;
  for (const r of rows) {
    const s = side === 'baseline' ? r.baseline : r.candidate;
    if (!s) continue;
    den++;
    if (s.passed) num++;
  }
  return { num, den };
}

/** Paired discordant counts: regressions (pass -> fail) and improvements (fail -> pass). */
export function discordant(rows: readonly CaseComparison[]): { regressions: number; improvements: number } {
  let regressions = 0;
  let improvements = 0;
  for (const r of rows) {
    if (r.newFailure) regressions++;
    if (r.fixed) improvements++;
  }
  return { regressions, improvements };
}

/** Summarizes each bucket of `rows` (trusted cases), sorted failing first then by name. */
export function summarizeBuckets(rows: readonly CaseComparison[], policy: GatePolicy): BucketSummary[] {
  const groups = new Map<string, CaseComparison[]>();
  for (const r of rows) {
    const list = groups.get(r.bucket);
    if (list) list.push(r);
    else groups.set(r.bucket, [r]);
  }
  const out: BucketSummary[] = [];
  for (const [bucket, items] of groups) {
    const t = strictestThresholds(items.map((r) => resolveThresholds(policy, r.riskTier, bucket)));
    const candidatePass = passRate(items, 'candidate');
    const behavior = { num: items.filter((r) => r.candidate.behaviorMatch).length, den: items.length };
    const { regressions, improvements } = discordant(items);
    const newBlocking = items.filter((r) => r.newBlockingFailure).length;
    const mcnemar = computeMcNemar(regressions, improvements, policy.mcnemar.alpha);
    const reasons: string[] = [];
    if (!meetsAtLeast(candidatePass, t.minBucketPassRate)) {
      reasons.push(`pass rate ${candidatePass.num}/${candidatePass.den} below ${t.minBucketPassRate.text}`);
    }
    if (!meetsAtLeast(behavior, t.minBehaviorMatchRate)) {
      reasons.push(`behavior match ${behavior.num}/${behavior.den} below ${t.minBehaviorMatchRate.text}`);
    }
    if (regressions > t.maxNewFailures) reasons.push(`${regressions} new failures (max ${t.maxNewFailures})`);
    if (newBlocking > t.maxNewBlockingFailures) reasons.push(`${newBlocking} new blocking failures (max ${t.maxNewBlockingFailures})`);
    if (t.failOnAnyBlocker && items.some((r) => r.candidate.blocking.length > 0)) reasons.push('fails on any blocker and the candidate has blockers');
    if (policy.mcnemar.blockOnSignificantRegression && mcnemar.significantRegression) {
      reasons.push(`significant regression (McNemar p=${mcnemar.pValue.toPrecision(3)} < ${policy.mcnemar.alpha})`);
    }
    out.push({
      bucket,
      riskTier: highestTier(items.map((r) => r.riskTier)),
      cases: items.length,
      baselinePassRate: toRate(passRate(items, 'baseline')),
      candidatePassRate: toRate(candidatePass),
      behaviorMatchRate: toRate(behavior),
      newFailures: regressions,
      fixedFailures: improvements,
      newBlockingFailures: newBlocking,
      mcnemar,
      thresholds: {
        minBucketPassRate: t.minBucketPassRate.text,
        minBehaviorMatchRate: t.minBehaviorMatchRate.text,
        minCaseScore: t.minCaseScore.text,
        maxNewFailures: t.maxNewFailures,
        maxNewBlockingFailures: t.maxNewBlockingFailures,
        failOnAnyBlocker: t.failOnAnyBlocker,
      },
      decision: reasons.length > 0 ? 'fail' : 'pass',
      reasons,
    });
  }
  return out.sort((a, b) => (a.decision === b.decision ? a.bucket.localeCompare(b.bucket) : a.decision === 'fail' ? -1 : 1));
}

function highestTier(tiers: readonly RiskTier[]): RiskTier {
  return tiers.reduce((hi, t) => (RISK_TIERS.indexOf(t) > RISK_TIERS.indexOf(hi) ? t : hi), 'low' as RiskTier);
}
