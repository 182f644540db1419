/**
 * LLM judge settings from the environment (null when TRACEGATE_JUDGE_BASE_URL or _MODEL is unset: the
 * judge job then records `skipped`). Rubric files are YAML (TRACEGATE_JUDGE_RUBRICS, comma-separated).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseDuration } from '../../../domain/scoring/parseDuration.js';
import { DEFAULT_RUBRIC, RubricSchema, type Rubric } from '../../../domain/scoring/judge/rubric.js';

export interface JudgeSettings {
  baseUrl: string;
  /** One model, or a panel (comma-separated). */
  models: string[];
  apiKey: string | null;
  rubrics: Rubric[];
  timeoutMs: number;
  maxRetries: number;
  concurrency: number;
  /** Hard cap on judge spend per UTC day (USD). */
  dailyCostCapUsd: number;
  /** Most traces judged per hour outside the always-sampled stratum. */
  hourlyBudget: number;
  sampleRate: number;
  oversampleRate: number;
  seed: string;
  /** USD per 1M input/output tokens when the model is not in the price table. */
  price: { inputPerMTokUsd: number; outputPerMTokUsd: number } | null;
  minKappa: number;
  minLabels: number;
}

type Result = { ok: true; settings: JudgeSettings | null } | { ok: false; message: string };

export function loadJudgeSettings(env: NodeJS.ProcessEnv, readFile: (p: string) => string = (p) => readFileSync(p, 'utf8')): Result {
  const baseUrl = env.TRACEGATE_JUDGE_BASE_URL?.trim();
  const modelText = env.TRACEGATE_JUDGE_MODEL?.trim();
  const calib = { minKappa: num(env.TRACEGATE_JUDGE_MIN_KAPPA, 0.6), minLabels: num(env.TRACEGATE_JUDGE_MIN_LABELS, 50) };
  if (!baseUrl || !modelText) return { ok: true, settings: null };
  if (!/^https?:\/\//.test(baseUrl)) return { ok: false, message: `TRACEGATE_JUDGE_BASE_URL: expected http(s)://..., got ${JSON.stringify(baseUrl)}` };
  const timeoutMs = parseDuration(env.TRACEGATE_JUDGE_TIMEOUT?.trim() || '30s');
  if (timeoutMs === null) return { ok: false, message: 'TRACEGATE_JUDGE_TIMEOUT: expected a duration such as 30s' };
  const rubrics: Rubric[] = [];
  for (const file of (env.TRACEGATE_JUDGE_RUBRICS ?? '').split(',').map((f) => f.trim()).filter(Boolean)) {
    let raw: unknown;
    try {
      raw = parseYaml(readFile(file));
    } catch (err) {
      return { ok: false, message: `TRACEGATE_JUDGE_RUBRICS: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}` };
    }
    const parsed = RubricSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, message: `TRACEGATE_JUDGE_RUBRICS (${file}): ${parsed.error.issues.map((i) => `${i.path.join('.') || 'rubric'}: ${i.message}`).join('; ')}` };
    rubrics.push(parsed.data);
  }
  let price: JudgeSettings['price'] = null;
  if (env.TRACEGATE_JUDGE_PRICE) {
    const [i, o] = env.TRACEGATE_JUDGE_PRICE.split(',').map(Number);
    if (!Number.isFinite(i) || !Number.isFinite(o)) return { ok: false, message: 'TRACEGATE_JUDGE_PRICE: expected "INPUT,OUTPUT" USD per 1M tokens, e.g. 0.15,0.6' };
    price = { inputPerMTokUsd: i!, outputPerMTokUsd: o! };
  }
  const settings: JudgeSettings = {
    baseUrl,
    models: modelText.split(',').map((m) => m.trim()).filter(Boolean),
    apiKey: env.TRACEGATE_JUDGE_API_KEY?.trim() || null,
    rubrics: rubrics.length ? rubrics : [DEFAULT_RUBRIC],
    timeoutMs,
    maxRetries: num(env.TRACEGATE_JUDGE_RETRIES, 2),
    concurrency: Math.max(1, num(env.TRACEGATE_JUDGE_CONCURRENCY, 4)),
    dailyCostCapUsd: num(env.TRACEGATE_JUDGE_DAILY_COST_CAP, 5),
    hourlyBudget: num(env.TRACEGATE_JUDGE_HOURLY_BUDGET, 200),
    sampleRate: num(env.TRACEGATE_JUDGE_SAMPLE_RATE, 0.1),
    oversampleRate: num(env.TRACEGATE_JUDGE_OVERSAMPLE_RATE, 1),
    seed: env.TRACEGATE_JUDGE_SEED?.trim() || 'tracegate',
    price,
    ...calib,
  };
  const bad = (['maxRetries', 'concurrency', 'dailyCostCapUsd', 'hourlyBudget', 'sampleRate', 'oversampleRate'] as const).find((k) => !Number.isFinite(settings[k]) || settings[k] < 0);
  if (bad) return { ok: false, message: `judge setting ${bad} must be a non-negative number` };
  return { ok: true, settings: Object.freeze(settings) };
}

/** Calibration thresholds also apply without a configured judge (GET /api/judges). */
export function loadCalibrationSettings(env: NodeJS.ProcessEnv): { minKappa: number; minLabels: number } {
  return { minKappa: num(env.TRACEGATE_JUDGE_MIN_KAPPA, 0.6), minLabels: num(env.TRACEGATE_JUDGE_MIN_LABELS, 50) };
}

function num(text: string | undefined, fallback: number): number {
  if (text === undefined || text.trim() === '') return fallback;
  return Number(text);
}
