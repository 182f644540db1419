/**
 * The judge use-case: for scored traces without a judge decision, decide (no content, sampled out,
 * over budget) or call every panel model with every rubric, store every call, and record the trace's
 * judge status and `judge:<rubric>[:<model>]` scores. Calls run concurrently up to the client's cap.
 */
import { randomUUID } from 'node:crypto';
import type { TraceFacts } from '../../../domain/facts/types.js';
import { lookupModelPrice } from '../../../domain/facts/priceTable.js';
import type { JudgeCallScore } from '../../../domain/scoring/judge/calibratedJudgeScore.js';
import { hashPrompt, parseJudgeReply, renderJudgePrompt } from '../../../domain/scoring/judge/rubric.js';
import { sampleForJudge } from '../../../domain/scoring/judge/sampleForJudge.js';
import { retrievedDocsOf } from '../../../domain/scoring/spanOutput.js';
import type { ScoreResult } from '../../../domain/scoring/types.js';
import type { Logger } from '../../logger.js';
import type { ScoringStore } from '../scoringPorts.js';
import type { JudgeClient } from './JudgeClient.js';
import type { JudgeCandidate, JudgeStore } from './judgePorts.js';
import type { JudgeSettings } from './judgeSettings.js';

export interface JudgeDeps {
  judge: JudgeStore;
  scoring: ScoringStore;
  settings: JudgeSettings;
  client: JudgeClient;
  logger: Logger;
  /** Releases whose canary arms still need judged traces (oversampled). */
  oversampleReleases?: () => Promise<ReadonlySet<string>>;
  /** Called once per pass with the traces judged in it (canary windows subscribe); a failing hook is logged. */
  onJudged?: JudgedHook;
}

/** A trace the judge scored in this pass, with every successful call's score. */
export interface JudgedTrace {
  candidate: JudgeCandidate;
  facts: TraceFacts;
  calls: JudgeCallScore[];
}

export type JudgedHook = (judged: readonly JudgedTrace[]) => Promise<void>;

export interface JudgePassCounts {
  considered: number;
  judged: number;
  sampledOut: number;
  overBudget: number;
  noContent: number;
  errors: number;
  costUsd: number;
}

const DAY_MS = 86_400_000;

/** Cost of one call: the price table by model name, else TRACEGATE_JUDGE_PRICE, else unknown. */
export function judgeCostUsd(model: string, inTok: number | null, outTok: number | null, fallback: JudgeSettings['price']): number | null {
  const price = ['openai', 'anthropic', 'google'].map((p) => lookupModelPrice(p, model)).find((p) => p !== null) ?? fallback;
  if (!price || (inTok === null && outTok === null)) return null;
  return ((inTok ?? 0) * price.inputPerMTokUsd + (outTok ?? 0) * price.outputPerMTokUsd) / 1_000_000;
}

export async function judgeTraces(deps: JudgeDeps, nowMs: number, opts: { limit?: number } = {}): Promise<JudgePassCounts> {
  const s = deps.settings;
  const counts: JudgePassCounts = { considered: 0, judged: 0, sampledOut: 0, overBudget: 0, noContent: 0, errors: 0, costUsd: 0 };
  const dayStart = Math.floor(nowMs / DAY_MS) * DAY_MS;
  let spent = await deps.judge.judgeSpendSince(dayStart);
  let judgedThisHour = await deps.judge.judgedSince(nowMs - 3_600_000);
  const oversample = (await deps.oversampleReleases?.()) ?? new Set<string>();
  const candidates = await deps.judge.pendingJudge(opts.limit ?? 1000);
  const work: Array<Promise<void>> = [];
  const judged: JudgedTrace[] = [];
  for (const c of candidates) {
    counts.considered++;
    const facts = JSON.parse(c.factsJson) as TraceFacts;
    if (!facts.outputText) {
      counts.noContent++;
      await deps.judge.setJudgeStatus(c, 'no_content', 'no output text captured', [], nowMs);
      continue;
    }
    const d = sampleForJudge({
      traceId: c.traceId, error: facts.error, toolErrors: facts.toolErrors + (c.flags.includes('tool_soft_error') ? 1 : 0),
      negativeFeedback: c.negativeFeedback, contentFiltered: facts.lastFinishClass === 'content_filter', release: facts.release,
    }, { seed: s.seed, baseRate: s.sampleRate, oversampleRate: s.oversampleRate, oversampleReleases: oversample });
    if (!d.sampled) {
      counts.sampledOut++;
      await deps.judge.setJudgeStatus(c, 'sampled_out', `stratum ${d.stratum}: draw ${d.u.toFixed(3)} >= rate ${d.stratum === 'canary' ? s.oversampleRate : s.sampleRate}`, [], nowMs);
      continue;
    }
    if (spent >= s.dailyCostCapUsd) {
      counts.overBudget++;
      await deps.judge.setJudgeStatus(c, 'over_budget', `daily cost cap $${s.dailyCostCapUsd} reached ($${spent.toFixed(4)} spent today)`, [], nowMs);
      continue;
    }
    if (d.stratum !== 'always' && judgedThisHour >= s.hourlyBudget) {
      counts.overBudget++;
      await deps.judge.setJudgeStatus(c, 'over_budget', `hourly budget of ${s.hourlyBudget} judged traces reached`, [], nowMs);
      continue;
    }
    judgedThisHour++;
    work.push(
      judgeOne(deps, c, facts, nowMs).then((r) => {
        spent += r.costUsd;
        counts.costUsd += r.costUsd;
        if (r.ok) {
          counts.judged++;
          judged.push({ candidate: c, facts, calls: r.calls });
        } else counts.errors++;
      }),
    );
    // Keep at most a few traces in flight beyond the client's cap, so the cost cap is checked as calls finish.
    if (work.length >= s.concurrency) await Promise.all(work.splice(0));
  }
  await Promise.all(work);
  if (judged.length > 0 && deps.onJudged) {
    await deps.onJudged(judged).catch((err: unknown) => deps.logger.error('onJudged hook failed', { error: err instanceof Error ? err.message : String(err) }));
  }
  return counts;
}

async function judgeOne(deps: JudgeDeps, c: JudgeCandidate, facts: TraceFacts, nowMs: number): Promise<{ ok: boolean; costUsd: number; calls: JudgeCallScore[] }> {
  const s = deps.settings;
  const [loaded] = await deps.scoring.loadTraces([c]);
  const retrieved = loaded ? retrievedDocsOf(loaded.spans).map((d) => d.content).filter(Boolean).join('\n---\n') : '';
  const scores: ScoreResult[] = [];
  const errors: string[] = [];
  const calls: JudgeCallScore[] = [];
  let costUsd = 0;
  for (const rubric of s.rubrics) {
    const prompt = renderJudgePrompt(rubric, { question: facts.inputText, answer: facts.outputText ?? '', retrieved: retrieved || null });
    for (const model of s.models) {
      const r = await deps.client.complete(model, prompt);
      const verdict = r.ok ? parseJudgeReply(rubric, r.content) : null;
      const cost = r.ok ? judgeCostUsd(model, r.inputTokens, r.outputTokens, s.price) : null;
      costUsd += cost ?? 0;
      const error = !r.ok ? r.error : verdict && !verdict.ok ? verdict.error : null;
      await deps.judge.saveJudgeCall({
        id: randomUUID(), projectId: c.projectId, traceId: c.traceId, model, rubricId: rubric.id, rubricVersion: rubric.version,
        promptHash: hashPrompt(model, rubric, prompt), score: verdict?.ok ? verdict.score : null, label: verdict?.ok ? verdict.label : null,
        explanation: verdict?.ok ? verdict.explanation : null, inputTokens: r.ok ? r.inputTokens : null, outputTokens: r.ok ? r.outputTokens : null,
        costUsd: cost, latencyMs: r.latencyMs, error, createdMs: Date.now(),
      });
      if (error) errors.push(`${model}: ${error}`);
      else if (verdict?.ok) {
        if (verdict.score !== null) calls.push({ model, rubricId: rubric.id, rubricVersion: rubric.version, score: verdict.score, scale: rubric.scale });
        scores.push({
          name: s.models.length > 1 ? `judge:${rubric.id}:${model}` : `judge:${rubric.id}`, version: rubric.version,
          value: verdict.score, label: verdict.label, reason: verdict.explanation,
        });
      }
    }
  }
  if (scores.length === 0) {
    await deps.judge.setJudgeStatus(c, 'error', errors.join('; ').slice(0, 500), [], nowMs);
    return { ok: false, costUsd, calls };
  }
  await deps.judge.setJudgeStatus(c, 'judged', errors.length ? `partial: ${errors.join('; ').slice(0, 400)}` : null, scores, nowMs);
  return { ok: true, costUsd, calls };
}
