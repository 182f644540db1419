import { describe, expect, it } from 'vitest';
import { buildManifest, planTraffic, SimulationManifestSchema } from '../../../src/domain/simulate/index.js';

const plan = planTraffic({
  seed: '42', preset: 'refusal-regression', baselineRelease: 'v1', canaryRelease: 'v2', canaryShare: 0.3,
  traces: 50, ratePerS: 5, startMs: 1_700_000_000_000, labelled: false,
});
const ids = plan.traces.map((_, i) => i.toString(16).padStart(32, '0'));

describe('buildManifest', () => {
  it('has exactly the contract keys at top level and per trace', () => {
    const m = buildManifest(plan, ids);
    expect(Object.keys(m).sort()).toEqual(['cohorts', 'preset', 'seed', 'traces']);
    expect(Object.keys(m.traces[0] ?? {}).sort()).toEqual(
      ['action', 'actionLabelled', 'feedback', 'finishClass', 'inputTokens', 'latencyMs', 'outputTokens', 'release', 'toolCalls', 'toolErrors', 'traceId'].sort(),
    );
    expect(SimulationManifestSchema.parse(JSON.parse(JSON.stringify(m)))).toEqual(m);
  });
  it('copies the plan facts and the given ids in order', () => {
    const m = buildManifest(plan, ids);
    m.traces.forEach((t, i) => {
      const p = plan.traces[i];
      expect(t).toMatchObject({ traceId: ids[i], release: p?.release, action: p?.action, actionLabelled: false, latencyMs: p?.latencyMs, inputTokens: p?.inputTokens });
    });
    expect(m.cohorts).toMatchObject({ baseline: { release: 'v1', share: 0.7, actionRates: { refuse: 0.05 } }, canary: { release: 'v2', share: 0.3, actionRates: { refuse: 0.1 } } });
    expect(m).toMatchObject({ seed: '42', preset: 'refusal-regression' });
  });
  it('rejects a wrong number of ids', () => {
    expect(() => buildManifest(plan, ids.slice(1))).toThrow(RangeError);
  });
});
