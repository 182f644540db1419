/**
 * The scoring use-case: claim quiet traces not yet scored at their current update, load them, run the
 * deterministic scorers (pure), save the results while the claim is still ours, then call the
 * onScored hooks. Repeats batch by batch until nothing is left or the time budget is spent.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Logger } from '../logger.js';
import type { TraceSummary } from '../ports.js';
import { scoreTrace } from '../../domain/scoring/scoreTrace.js';
import type { TraceScoring } from '../../domain/scoring/types.js';
import type { SavedScoring, ScoringStore, TraceKey } from './scoringPorts.js';
import type { ScoringSettings } from './scoringSettings.js';

/** One scored trace as hooks receive it. */
export interface ScoredTrace {
  key: TraceKey;
  trace: TraceSummary;
  scoring: TraceScoring;
}

/** Called after each saved batch (e.g. to update canary summaries); a failing hook is logged, never fatal. */
export type ScoredHook = (scored: readonly ScoredTrace[]) => Promise<void> | void;

export interface ScoreTracesDeps {
  scoring: ScoringStore;
  settings: ScoringSettings;
  holder: string;
  logger: Logger;
  onScored: readonly ScoredHook[];
}

/** Counts of one scoring pass. */
export interface ScorePassCounts {
  claimed: number;
  scored: number;
  /** Claimed but not saved: the lease was lost (expired and taken over) before the save. */
  lost: number;
  batches: number;
}

/** Scores until no quiet unscored trace is left or `budgetMs` (default 50 s) has passed. */
export async function scoreTraces(deps: ScoreTracesDeps, nowMs: number, opts: { budgetMs?: number; clock?: () => number } = {}): Promise<ScorePassCounts> {
  const clock = opts.clock ?? Date.now;
  const deadline = clock() + (opts.budgetMs ?? 50_000);
  const counts: ScorePassCounts = { claimed: 0, scored: 0, lost: 0, batches: 0 };
  const quietCutoffMs = nowMs - deps.settings.quietPeriodMs;
  for (;;) {
    // SQLite statements are synchronous: without a turn of the event loop between batches, a long pass
    // would be one uninterrupted stretch of microtasks and starve ingest and health checks.
    await yieldToEventLoop();
    const keys = await deps.scoring.claimTraces({
      holder: deps.holder, nowMs: clock(), quietCutoffMs, leaseMs: deps.settings.leaseMs, limit: deps.settings.batchSize,
    });
    if (keys.length === 0) break;
    counts.claimed += keys.length;
    counts.batches++;
    let scored: ScoredTrace[];
    try {
      const loaded = await deps.scoring.loadTraces(keys);
      await yieldToEventLoop();
      // Each trace's spans are let go as soon as it is scored (what scorers decode dies young).
      loaded.reverse();
      scored = [];
      for (let next = loaded.pop(); next !== undefined; next = loaded.pop()) {
        const { trace, spans } = next;
        scored.push({ key: { projectId: trace.projectId, traceId: trace.traceId }, trace, scoring: scoreTrace({ trace, spans }, deps.settings.scorers) });
      }
      const scoredMs = clock();
      const rows: SavedScoring[] = scored.map((s) => ({ ...s.key, traceUpdatedMs: s.trace.updatedMs, scoredMs, scoring: s.scoring }));
      await yieldToEventLoop();
      const saved = await deps.scoring.saveScoring(deps.holder, rows);
      counts.scored += saved;
      counts.lost += keys.length - saved;
    } catch (err) {
      await deps.scoring.releaseClaims(deps.holder, keys).catch(() => undefined);
      throw err;
    }
    for (const hook of deps.onScored) {
      try {
        await hook(scored);
      } catch (err) {
        deps.logger.error('onScored hook failed', { error: err instanceof Error ? err.message : String(err) });
      }
    }
    if (keys.length < deps.settings.batchSize || clock() >= deadline) break;
  }
  return counts;
}
