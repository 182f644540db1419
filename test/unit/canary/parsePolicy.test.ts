import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../src/domain/canary/parsePolicy.js';
import { DEFAULT_POLICY } from '../../../src/domain/canary/defaultPolicy.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const invalid = [
  { name: 'missing policyVersion', text: 'canary: {alpha: 0.05}', path: 'policyVersion' },
  { name: 'alpha out of range', text: 'policyVersion: v1\ncanary: {alpha: 0.7}', path: 'canary.alpha' },
  { name: 'wrong type in a metric', text: 'policyVersion: v1\ncanary:\n  metrics:\n    refusal: {failAbs: "lots"}', path: 'canary.metrics.refusal.failAbs' },
  { name: 'unknown metric field', text: 'policyVersion: v1\ncanary:\n  metrics:\n    refusal: {failabs: 0.1}', path: 'canary.metrics.refusal.failabs' },
  { name: 'unknown metric', text: 'policyVersion: v1\ncanary:\n  metrics:\n    bogus: {}', path: 'canary.metrics.bogus' },
  { name: 'bad duration', text: 'policyVersion: v1\ncanary: {evaluateEvery: soon}', path: 'canary.evaluateEvery' },
  { name: 'pass margin above fail margin', text: 'policyVersion: v1\ncanary:\n  metrics:\n    refusal: {passAbs: 0.05}', path: 'canary.metrics.refusal.passAbs' },
  { name: 'unknown top-level field', text: 'policyVersion: v1\nkanary: {}', path: 'kanary' },
  { name: 'not YAML at all', text: 'policyVersion: [', path: '(root)' },
  { name: 'drift window duration', text: 'policyVersion: v1\ndrift: {window: -5}', path: 'drift.window' },
];

describe('parsePolicy rejects bad files naming the field', () => {
  it.each(invalid)('$name', ({ text, path }) => {
    const r = parsePolicy(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain(path);
  });
});

describe('parsePolicy merges onto defaults', () => {
  it.each([
    { name: 'YAML overrides one field of one metric', text: 'policyVersion: team-7\ncanary:\n  evaluateEvery: 5m\n  metrics:\n    refusal: {failAbs: 0.03}',
      check: (p: typeof DEFAULT_POLICY) => p.canary.metrics.refusal!.kind === 'proportion' && p.canary.metrics.refusal!.failAbs === 0.03 && p.canary.evaluateEveryMs === 300_000 && p.policyVersion === 'team-7' },
    { name: 'JSON with a drift reference', text: '{"policyVersion": 3, "drift": {"reference": {"anchor": "rolling", "rolling": "14d"}}}',
      check: (p: typeof DEFAULT_POLICY) => p.drift.reference.anchor === 'rolling' && p.drift.reference.rollingMs === 14 * 86_400_000 && p.policyVersion === '3' },
    { name: 'just a version gives the defaults', text: 'policyVersion: v0',
      check: (p: typeof DEFAULT_POLICY) => isDeepStrictEqual(p.canary, DEFAULT_POLICY.canary) && isDeepStrictEqual(p.drift, DEFAULT_POLICY.drift) },
  ])('$name', ({ text, check }) => {
    const r = parsePolicy(text);
    expect(r.ok).toBe(true);
    if (r.ok) expect(check(r.policy)).toBe(true);
  });

  it('the documented example policy in docs/ is valid', () => {
    const text = readFileSync(fileURLToPath(new URL('../../../docs/canary-policy.example.yaml', import.meta.url)), 'utf8');
    const r = parsePolicy(text);
    expect(r.ok ? [] : r.errors).toEqual([]);
  });
});
