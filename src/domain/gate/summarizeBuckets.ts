/** Per-bucket summary and verdict over trusted cases (pass rate, average score, behavior match, blockers, new failures, McNemar). */
import { RISK_TIERS, type RiskTier } from '../cases/CaseSchema.js';
import { computeMcNemar } from './computeMcNemar.js';
import type { BucketSummary, CaseComparison, GateReason, Rate } from './GateReport.js';
import type { GatePolicy } from './GatePolicySchema.js';
import { meetsAtLeast, ratioValue, type Ratio } from './Ratio.js';
import { resolveThresholds, strictestThresholds, type ResolvedThresholds } from './resolveThresholds.js';

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

/** A bucket's summary and the reasons (with codes) it fails for. */
export interface BucketVerdict {
  summary: BucketSummary;
  reasons: GateReason[];
}

/** What a bucket's checks measure. */
interface BucketMeasures {
  candidatePass: Ratio;
  behavior: Ratio;
  averageScore: Ratio;
  blockerCases: number;
  regressions: number;
  improvements: number;
  newBlocking: number;
}

/** Summarizes each bucket of `rows` (trusted cases), sorted failing first then by name. */
export function summarizeBuckets(rows: readonly CaseComparison[], policy: GatePolicy): BucketVerdict[] {
  const groups = new Map<string, CaseComparison[]>();
  for (const r of rows) {
    const list = groups.get(r.bucket);
    if (list) list.push(r);
    else groups.set(r.bucket, [r]);
  }
  const out: BucketVerdict[] = [];
  for (const [bucket, items] of groups) out.push(summarizeBucket(bucket, items, policy));
  return out.sort((a, b) => (a.summary.decision === b.summary.decision ? a.summary.bucket.localeCompare(b.summary.bucket) : a.summary.decision === 'fail' ? -1 : 1));
}

function summarizeBucket(bucket: string, items: readonly CaseComparison[], policy: GatePolicy): BucketVerdict {
  const t = strictestThresholds(items.map((r) => resolveThresholds(policy, r.riskTier, bucket)));
  const { regressions, improvements } = discordant(items);
  const m: BucketMeasures = {
    candidatePass: passRate(items, 'candidate'),
    behavior: { num: items.filter((r) => r.candidate.behaviorMatch).length, den: items.length },
    averageScore: averageOf(items.map((r) => r.candidate.gateScore)),
    blockerCases: items.filter((r) => r.candidate.blocking.length > 0).length,
    regressions,
    improvements,
    newBlocking: items.filter((r) => r.newBlockingFailure).length,
  };
  const mcnemar = computeMcNemar(regressions, improvements, policy.mcnemar.alpha);
  const findings = bucketFindings(m, t, items, policy, mcnemar.significantRegression ? mcnemar.pValue : null);
  const reasons = findings.map((f) => ({ code: f.code, bucket, message: `bucket ${bucket}: ${f.message}` }));
  const summary: BucketSummary = {
    bucket,
    riskTier: highestTier(items.map((r) => r.riskTier)),
    cases: items.length,
    baselinePassRate: toRate(passRate(items, 'baseline')),
    candidatePassRate: toRate(m.candidatePass),
    behaviorMatchRate: toRate(m.behavior),
    averageScore: toRate(m.averageScore),
    blockerCases: m.blockerCases,
    newFailures: regressions,
    fixedFailures: improvements,
    newBlockingFailures: m.newBlocking,
    mcnemar,
    thresholds: {
      minBucketPassRate: t.minBucketPassRate.text,
      minBehaviorMatchRate: t.minBehaviorMatchRate.text,
      minCaseScore: t.minCaseScore.text,
      minBucketAverageScore: t.minBucketAverageScore.text,
      maxBucketBlockers: t.maxBucketBlockers,
      maxNewFailures: t.maxNewFailures,
      maxNewBlockingFailures: t.maxNewBlockingFailures,
      failOnAnyBlocker: t.failOnAnyBlocker,
    },
    decision: findings.length > 0 ? 'fail' : 'pass',
    reasons: findings.map((f) => f.message),
  };
  return { summary, reasons };
}

/** The bucket's failed checks, each with its reason code. */
function bucketFindings(
  m: BucketMeasures,
  t: ResolvedThresholds,
  items: readonly CaseComparison[],
  policy: GatePolicy,
  significantP: number | null,
): { code: GateReason['code']; message: string }[] {
  const out: { code: GateReason['code']; message: string }[] = [];
  if (!meetsAtLeast(m.candidatePass, t.minBucketPassRate)) out.push({ code: 'bucket_pass_rate', message: `pass rate ${m.candidatePass.num}/${m.candidatePass.den} below ${t.minBucketPassRate.text}` });
  if (!meetsAtLeast(m.averageScore, t.minBucketAverageScore)) {
    out.push({ code: 'bucket_average_score', message: `average case score ${(ratioValue(m.averageScore) ?? 0).toFixed(3)} below ${t.minBucketAverageScore.text}` });
  }
  if (!meetsAtLeast(m.behavior, t.minBehaviorMatchRate)) out.push({ code: 'behavior_match_rate', message: `behavior match ${m.behavior.num}/${m.behavior.den} below ${t.minBehaviorMatchRate.text}` });
  if (t.maxBucketBlockers !== null && m.blockerCases > t.maxBucketBlockers) out.push({ code: 'bucket_blockers', message: `${m.blockerCases} cases with blockers (max ${t.maxBucketBlockers})` });
  if (m.regressions > t.maxNewFailures) out.push({ code: 'new_failures', message: `${m.regressions} new failures (max ${t.maxNewFailures})` });
  if (m.newBlocking > t.maxNewBlockingFailures) out.push({ code: 'new_blocking_failures', message: `${m.newBlocking} new blocking failures (max ${t.maxNewBlockingFailures})` });
  if (t.failOnAnyBlocker && items.some((r) => r.candidate.blocking.length > 0)) out.push({ code: 'fail_on_any_blocker', message: 'fails on any blocker and the candidate has blockers' });
  if (policy.mcnemar.blockOnSignificantRegression && significantP !== null) {
    out.push({ code: 'significant_regression', message: `significant regression (McNemar p=${significantP.toPrecision(3)} < ${policy.mcnemar.alpha})` });
  }
  return out;
}

/** The exact mean of fractions as one fraction (den 0 when there are none). */
function averageOf(parts: readonly Ratio[]): Ratio {
  if (parts.length === 0) return { num: 0, den: 0 };
  let num = 0n;
  let den = 1n;
  for (const p of parts) {
    num = num * BigInt(p.den) + BigInt(p.num) * den;
    den *= BigInt(p.den);
    const g = gcd(num, den);
    num /= g;
    den /= g;
  }
  den *= BigInt(parts.length);
  const g = gcd(num, den);
  return { num: Number(num / g), den: Number(den / g) };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

function highestTier(tiers: readonly RiskTier[]): RiskTier {
  return tiers.reduce((hi, t) => (RISK_TIERS.indexOf(t) > RISK_TIERS.indexOf(hi) ? t : hi), 'low' as RiskTier);
}
