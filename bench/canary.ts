/**
 * Canary decision benchmark: seeded per-trace simulations evaluated continuously (every 50 traces per
 * arm up to 5,000), as the service will. Prints the A/A false-FAIL rate, detection shares and delays,
 * and the time of one verdict over 1,000,000 traces per arm.
 *
 *   npm run bench:canary -- [--runs N] [--seed S] [--json]
 */
import { addToArmSummary, createArmSummary, type ArmSummary } from '../src/domain/canary/armSummary.js';
import { decideCanary, type CanaryRunState } from '../src/domain/canary/decideCanary.js';
import { DEFAULT_POLICY } from '../src/domain/canary/defaultPolicy.js';
import { BASE, prng, simulateTrace, tailFactor, type ArmModel } from './support/canarySim.js';
import { wilsonInterval } from '../src/domain/stats/wilson.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const RUNS = Number(flag('--runs') ?? 200);
const SEED = Number(flag('--seed') ?? 1);
const JSON_OUT = args.includes('--json');
const STEP = 50;
const MAX_PER_ARM = 5000;
const DETECT_BY = 1000;

// Metrics with alpha weight 0 are never in the Holm family and are never critical, so they cannot change
// when (or whether) the overall verdict becomes FAIL. The bench leaves them out to save time; the timed
// 1M verdict in (d) uses the full default policy.
const fullPolicy = DEFAULT_POLICY;
const policy = {
  ...fullPolicy,
  canary: { ...fullPolicy.canary, metrics: Object.fromEntries(Object.entries(fullPolicy.canary.metrics).filter(([, m]) => m.alphaWeight > 0)) },
} as typeof fullPolicy;
const summaryOpts = { sampleLimit: fullPolicy.canary.rawSampleLimit, relativeAccuracy: policy.canary.sketchRelativeAccuracy };

/** First traces-per-arm at which the overall verdict is FAIL, or null if never up to MAX_PER_ARM. */
function runOnce(baseModel: ArmModel, canaryModel: ArmModel, seed: number): number | null {
  const rnd = prng(seed);
  const b = createArmSummary({ ...summaryOpts, seed: seed ^ 0x1111 });
  const c = createArmSummary({ ...summaryOpts, seed: seed ^ 0x2222 });
  let state: CanaryRunState | null = null;
  for (let n = STEP; n <= MAX_PER_ARM; n += STEP) {
    for (let i = 0; i < STEP; i += 1) {
      addToArmSummary(b, simulateTrace(baseModel, rnd));
      addToArmSummary(c, simulateTrace(canaryModel, rnd));
    }
    const d = decideCanary({ policy, baseline: b, canary: c, previous: state });
    state = d.state;
    if (d.verdict === 'FAIL') return n;
  }
  return null;
}

const SCENARIOS: Array<[string, ArmModel]> = [
  ['refusal', { ...BASE, refusal: 0.1 }],
  ['escalation', { ...BASE, escalation: 0.06 }],
  ['toolError', { ...BASE, toolError: 0.05 }],
  ['latencyMedian', { ...BASE, latencyFactor: () => 1.3 }],
  ['latencyP95', { ...BASE, latencyFactor: tailFactor }],
];

function median(xs: Array<number | null>): number | null {
  const v = xs.map((x) => x ?? Infinity).sort((a, b) => a - b);
  const mid = v.length % 2 === 1 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
  return Number.isFinite(mid) ? mid : null;
}

const log = (s: string): void => { if (!JSON_OUT) console.log(s); };
const t0 = Date.now();
log(`canary bench: ${RUNS} runs per scenario, seed ${SEED}, looks every ${STEP}/arm up to ${MAX_PER_ARM}, policy ${policy.policyVersion} (alpha ${policy.canary.alpha}, ${policy.canary.sequential})`);

const aaResults = Array.from({ length: RUNS }, (_, r) => runOnce(BASE, BASE, SEED * 1_000_003 + r));
const aaFails = aaResults.filter((x) => x !== null).length;
const aaCi = wilsonInterval(aaFails, RUNS, 0.95);
const out: Record<string, unknown> = { aa: { runs: RUNS, falseFailRate: aaFails / RUNS } };
log(`(a) A/A false FAIL (any look, overall verdict): ${aaFails}/${RUNS} = ${(100 * aaFails / RUNS).toFixed(2)}% [95% CI ${(100 * aaCi.lower).toFixed(2)}%, ${(100 * aaCi.upper).toFixed(2)}%] target <= 5%`);

SCENARIOS.forEach(([name, model], k) => {
  const res = Array.from({ length: RUNS }, (_, r) => runOnce(BASE, model, SEED * 1_000_003 + (k + 1) * 7919 + r * 31));
  const within = res.filter((x) => x !== null && x <= DETECT_BY).length;
  const ci = wilsonInterval(within, RUNS, 0.95);
  const med = median(res);
  const ever = res.filter((x) => x !== null).length;
  out[name] = { runs: RUNS, detectedShare: within / RUNS, medianTracesPerArm: med };
  log(`(${k === 0 ? 'b' : 'c'}) ${name}: FAIL within ${DETECT_BY}/arm in ${within}/${RUNS} = ${(100 * within / RUNS).toFixed(1)}% [${(100 * ci.lower).toFixed(1)}%, ${(100 * ci.upper).toFixed(1)}%]; by ${MAX_PER_ARM}: ${(100 * ever / RUNS).toFixed(1)}%; median traces/arm at FAIL ${med ?? 'not reached'}`);
});

// (d) one verdict over 1,000,000 traces per arm (summaries built outside the timing).
const rnd = prng(SEED ^ 0xabcdef);
const big: ArmSummary[] = [createArmSummary({ ...summaryOpts, seed: 3 }), createArmSummary({ ...summaryOpts, seed: 4 })];
for (let i = 0; i < 1_000_000; i += 1) {
  addToArmSummary(big[0]!, simulateTrace(BASE, rnd));
  addToArmSummary(big[1]!, simulateTrace(BASE, rnd));
}
const times: number[] = [];
for (let i = 0; i < 5; i += 1) {
  const s = performance.now();
  decideCanary({ policy: fullPolicy, baseline: big[0]!, canary: big[1]! });
  times.push(performance.now() - s);
}
const verdictMs = median(times)!;
out.verdictMsFor1M = Number(verdictMs.toFixed(2));
log(`(d) one verdict (full default policy, all ${Object.values(fullPolicy.canary.metrics).filter((m) => m.enabled).length} enabled metrics) over 1,000,000 traces per arm: ${verdictMs.toFixed(1)} ms (median of 5)`);
log(`total ${(Date.now() - t0) / 1000}s`);
if (JSON_OUT) console.log(JSON.stringify(out));
