/**
 * Scoring settings, parsed once at start-up from the environment and the optional scoring file:
 *   TRACEGATE_SCORING_QUIET_PERIOD  quiet period before a trace counts as complete (default 30s)
 *   TRACEGATE_SCORING_CONFIG        YAML or JSON file: escalationTools, budgets, formats (docs/scoring.md)
 *   TRACEGATE_SCORING_BATCH         traces claimed per batch (default 500)
 *   TRACEGATE_SCORING_LEASE         how long a claim lasts before another process may take it (default 5m)
 *   TRACEGATE_JUDGE_*               the LLM judge (judge/judgeSettings.ts, docs/scoring.md)
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseDuration } from '../../domain/scoring/parseDuration.js';
import { checkFormatSchemas } from '../../domain/scoring/scoreFormat.js';
import { DEFAULT_ESCALATION_TOOLS, ScorerConfigSchema, type ScorerConfig } from '../../domain/scoring/scoringConfig.js';
import { loadCalibrationSettings, loadJudgeSettings, type JudgeSettings } from './judge/judgeSettings.js';

export interface ScoringSettings {
  quietPeriodMs: number;
  batchSize: number;
  leaseMs: number;
  scorers: ScorerConfig;
  /** The LLM judge, null when not configured (TRACEGATE_JUDGE_BASE_URL / _MODEL unset). */
  judge: JudgeSettings | null;
  /** Agreement a judge needs to count as calibrated. */
  calibration: { minKappa: number; minLabels: number };
}

export type SettingsResult = { ok: true; settings: ScoringSettings } | { ok: false; message: string };

const zodText = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ');

/** Reads the settings; a bad value gives one message naming the variable (or file field). */
export function loadScoringSettings(env: NodeJS.ProcessEnv, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): SettingsResult {
  const duration = (name: string, fallback: string): { ms: number } | { error: string } => {
    const text = env[name]?.trim() || fallback;
    const ms = parseDuration(text);
    return ms === null ? { error: `${name}: expected a duration such as 1s, 30s or 5m, got ${JSON.stringify(text)}` } : { ms };
  };
  const quiet = duration('TRACEGATE_SCORING_QUIET_PERIOD', '30s');
  if ('error' in quiet) return { ok: false, message: quiet.error };
  const lease = duration('TRACEGATE_SCORING_LEASE', '5m');
  if ('error' in lease) return { ok: false, message: lease.error };
  const batchText = env.TRACEGATE_SCORING_BATCH?.trim() || '500';
  const batchSize = Number(batchText);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) return { ok: false, message: `TRACEGATE_SCORING_BATCH: expected an integer 1..10000, got ${JSON.stringify(batchText)}` };
  let scorers: ScorerConfig = { escalationTools: DEFAULT_ESCALATION_TOOLS, budgets: [], formats: [] };
  const file = env.TRACEGATE_SCORING_CONFIG?.trim();
  if (file) {
    let raw: unknown;
    try {
      raw = parseYaml(readFile(file));
    } catch (err) {
      return { ok: false, message: `TRACEGATE_SCORING_CONFIG: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}` };
    }
    const parsed = ScorerConfigSchema.safeParse(raw ?? {});
    if (!parsed.success) return { ok: false, message: `TRACEGATE_SCORING_CONFIG (${file}): ${zodText(parsed.error)}` };
    scorers = { escalationTools: parsed.data.escalationTools ?? DEFAULT_ESCALATION_TOOLS, budgets: parsed.data.budgets, formats: parsed.data.formats };
    try {
      checkFormatSchemas(scorers.formats);
    } catch (err) {
      return { ok: false, message: `TRACEGATE_SCORING_CONFIG (${file}): formats: invalid JSON Schema: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  const judge = loadJudgeSettings(env, readFile);
  if (!judge.ok) return { ok: false, message: judge.message };
  const calibration = loadCalibrationSettings(env);
  if (!(calibration.minKappa >= -1 && calibration.minKappa <= 1) || !(calibration.minLabels >= 1)) {
    return { ok: false, message: 'TRACEGATE_JUDGE_MIN_KAPPA must be in -1..1 and TRACEGATE_JUDGE_MIN_LABELS at least 1' };
  }
  return { ok: true, settings: Object.freeze({ quietPeriodMs: quiet.ms, leaseMs: lease.ms, batchSize, scorers, judge: judge.settings, calibration }) };
}
