import { describe, expect, it } from 'vitest';
import { resolveThresholds, strictestThresholds } from '../../../src/domain/gate/resolveThresholds.js';
import { mkPolicy } from './builders.js';

const policy = mkPolicy({
  defaults: { minBucketPassRate: 0.8, maxNewFailures: 2 },
  riskTiers: { high: { minBucketPassRate: 1, maxNewFailures: 0 }, critical: { failOnAnyBlocker: true } },
  buckets: { 'tone-brand': { minBucketPassRate: '1/2' }, 'high-but-lenient': { minBucketPassRate: '2/3', blockingBlockers: ['schema_invalid'] } },
});

describe('threshold overlays: built-in < policy defaults < risk tier < bucket', () => {
  it.each([
    { name: 'built-in default when nothing overrides', tier: 'low', bucket: 'x', field: 'minCaseScore', want: '0.8' },
    { name: 'policy default overrides built-in', tier: 'low', bucket: 'x', field: 'minBucketPassRate', want: '0.8' },
    { name: 'risk-tier overlay overrides default', tier: 'high', bucket: 'x', field: 'minBucketPassRate', want: '1' },
    { name: 'bucket overlay overrides tier', tier: 'high', bucket: 'high-but-lenient', field: 'minBucketPassRate', want: '2/3' },
    { name: 'bucket overlay on low tier', tier: 'low', bucket: 'tone-brand', field: 'minBucketPassRate', want: '1/2' },
  ] as const)('$name', ({ tier, bucket, field, want }) => {
    expect(resolveThresholds(policy, tier, bucket)[field].text).toBe(want);
  });

  it.each([
    { name: 'tier sets max new failures', tier: 'high', bucket: 'x', want: { maxNewFailures: 0, failOnAnyBlocker: false } },
    { name: 'default max new failures', tier: 'medium', bucket: 'x', want: { maxNewFailures: 2, failOnAnyBlocker: false } },
    { name: 'critical fails on any blocker', tier: 'critical', bucket: 'x', want: { maxNewFailures: 2, failOnAnyBlocker: true } },
  ] as const)('$name', ({ tier, bucket, want }) => {
    expect(resolveThresholds(policy, tier, bucket)).toMatchObject(want);
  });

  it('bucket overlay replaces the blocking blocker list', () => {
    expect(resolveThresholds(policy, 'high', 'high-but-lenient').blockingBlockers).toEqual(['schema_invalid']);
    expect(resolveThresholds(policy, 'high', 'x').blockingBlockers).toContain('unsafe_compliance');
  });

  it('strictest over a bucket takes the highest rates, lowest maxima and the union of blockers', () => {
    const s = strictestThresholds([resolveThresholds(policy, 'low', 'x'), resolveThresholds(policy, 'high', 'high-but-lenient'), resolveThresholds(policy, 'critical', 'x')]);
    expect(s.minBucketPassRate.text).toBe('0.8');
    expect(s.maxNewFailures).toBe(0);
    expect(s.failOnAnyBlocker).toBe(true);
    expect(s.blockingBlockers).toEqual(expect.arrayContaining(['schema_invalid', 'unsafe_compliance']));
  });
});
