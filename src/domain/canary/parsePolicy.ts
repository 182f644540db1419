import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DEFAULT_POLICY } from './defaultPolicy.js';
import { METRIC_NAMES, PolicySchema, type MetricName, type Policy } from './policy.js';

/** One validation problem; `path` names the offending field as written in the file (e.g. `canary.metrics.refusal.failAbs`). */
export interface PolicyError {
  path: string;
  message: string;
}

/** Outcome of loading a policy file. */
export type PolicyResult = { ok: true; policy: Policy } | { ok: false; errors: PolicyError[] };

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** A duration: milliseconds, or a string like `15m`, `4h`, `7d`. */
const DurationSchema = z.union([
  z.number().int().positive(),
  z.string().regex(/^\d+(\.\d+)?(ms|s|m|h|d)$/, 'expected a duration like 500ms, 30s, 15m, 4h or 7d'),
]).transform((v) => (typeof v === 'number' ? v : Math.round(parseFloat(v) * UNIT_MS[v.replace(/^[\d.]+/, '')]!)));

const opt = z.unknown().optional();
const FileSchema = z.strictObject({
  policyVersion: z.union([z.string().min(1), z.number()], { error: 'required: a non-empty string naming this policy version' }).transform(String),
  canary: z.strictObject({
    alpha: opt, evaluateEvery: DurationSchema.optional(), maxDuration: DurationSchema.optional(), consecutivePass: opt,
    intervalConfidence: opt, sequential: opt, sketchRelativeAccuracy: opt, rawSampleLimit: opt,
    metrics: z.partialRecord(z.enum(METRIC_NAMES), z.record(z.string(), z.unknown())).optional(),
  }).optional(),
  drift: z.strictObject({
    window: DurationSchema.optional(),
    reference: z.strictObject({ anchor: opt, anchored: DurationSchema.optional(), rolling: DurationSchema.optional() }).optional(),
    alphaWindow: opt, consecutiveFail: opt, consecutiveClear: opt, minPerWindow: opt, failAbs: opt,
    cusum: z.record(z.string(), z.unknown()).optional(), latency: z.record(z.string(), z.unknown()).optional(),
  }).optional(),
});

const FILE_NAMES: Record<string, string> = { evaluateEveryMs: 'evaluateEvery', maxDurationMs: 'maxDuration', windowMs: 'window', anchoredMs: 'anchored', rollingMs: 'rolling' };

function toErrors(issues: readonly z.core.$ZodIssue[]): PolicyError[] {
  return issues.flatMap((i) => {
    const base = i.path.map((p) => FILE_NAMES[String(p)] ?? String(p));
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ path: [...base, k].join('.'), message: 'unknown field' }));
    const message = i.code === 'invalid_key' ? `unknown metric; expected one of ${METRIC_NAMES.join(', ')}` : i.message;
    return [{ path: base.join('.') || '(root)', message }];
  });
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Parses a YAML or JSON policy, merges it onto DEFAULT_POLICY and validates it. Never throws. */
export function parsePolicy(text: string): PolicyResult {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    return { ok: false, errors: [{ path: '(root)', message: `not valid YAML or JSON: ${(e as Error).message}` }] };
  }
  const file = FileSchema.safeParse(raw ?? {});
  if (!file.success) return { ok: false, errors: toErrors(file.error.issues) };
  const f = file.data;
  const d = DEFAULT_POLICY;
  const c = f.canary ?? {};
  const metrics: Record<string, unknown> = { ...d.canary.metrics };
  for (const [name, override] of Object.entries(c.metrics ?? {})) metrics[name] = { ...d.canary.metrics[name as MetricName], ...override };
  const r = f.drift?.reference ?? {};
  const merged = {
    policyVersion: f.policyVersion,
    canary: { ...d.canary, ...defined({ ...c, evaluateEvery: undefined, maxDuration: undefined, metrics: undefined }),
      evaluateEveryMs: c.evaluateEvery ?? d.canary.evaluateEveryMs, maxDurationMs: c.maxDuration ?? d.canary.maxDurationMs, metrics },
    drift: { ...d.drift, ...defined({ ...f.drift, window: undefined, reference: undefined, cusum: undefined, latency: undefined }),
      windowMs: f.drift?.window ?? d.drift.windowMs,
      reference: { anchor: r.anchor ?? d.drift.reference.anchor, anchoredMs: r.anchored ?? d.drift.reference.anchoredMs, rollingMs: r.rolling ?? d.drift.reference.rollingMs },
      cusum: { ...d.drift.cusum, ...f.drift?.cusum }, latency: { ...d.drift.latency, ...f.drift?.latency } },
  };
  const out = PolicySchema.safeParse(merged);
  if (!out.success) return { ok: false, errors: toErrors(out.error.issues) };
  const errors: PolicyError[] = [];
  for (const [name, m] of Object.entries(out.data.canary.metrics)) {
    const at = `canary.metrics.${name}`;
    if (m.kind === 'shift' && m.passMargin >= m.failMargin) errors.push({ path: `${at}.passMargin`, message: `must be below failMargin (${m.failMargin})` });
    if (m.kind !== 'shift' && m.passAbs > m.failAbs) errors.push({ path: `${at}.passAbs`, message: `must not exceed failAbs (${m.failAbs})` });
    if (m.minFailPerArm > m.minPerArm) errors.push({ path: `${at}.minFailPerArm`, message: `must not exceed minPerArm (${m.minPerArm})` });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, policy: out.data };
}
