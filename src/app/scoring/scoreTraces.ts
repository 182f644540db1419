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
import type { SavedScoring, ScoringStore, ScoringTrace, TraceKey } from './scoringPorts.js';
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

/** One claimed batch and its loaded traces. */
interface ClaimedBatch {
  keys: TraceKey[];
  loaded: ScoringTrace[];
}

/** Gives back claims; a failure to do so is left to the lease's expiry. */
async function release(deps: ScoreTracesDeps, keys: readonly TraceKey[]): Promise<void> {
  await deps.scoring.releaseClaims(deps.holder, keys).catch(() => undefined);
}

/** Claims a batch and reads it; a failed read gives the claims back before it throws. */
async function claimAndLoad(deps: ScoreTracesDeps, quietCutoffMs: number, clock: () => number): Promise<ClaimedBatch> {
  // SQLite statements are synchronous: without a turn of the event loop between batches, a long pass
  // would be one uninterrupted stretch of microtasks and starve ingest and health checks.
  await yieldToEventLoop();
  const keys = await deps.scoring.claimTraces({
    holder: deps.holder, nowMs: clock(), quietCutoffMs, leaseMs: deps.settings.leaseMs, limit: deps.settings.batchSize,
  });
  if (keys.length === 0) return { keys, loaded: [] };
  try {
    return { keys, loaded: await deps.scoring.loadTraces(keys) };
  } catch (err) {
    await release(deps, keys);
    throw err;
  }
}

/** The flag of a trace scored without some of its stored spans (a chunk that could not be read). */
const UNREADABLE_FLAG = 'spans_unreadable';

/**
 * Scores the loaded traces (pure); each trace's spans are let go as soon as it is scored (what scorers
 * decode dies young). A trace with spans that could not be read is scored from the rest and flagged
 * `spans_unreadable`, and the pass goes on.
 */
function scoreLoaded(loaded: ScoringTrace[], deps: ScoreTracesDeps): ScoredTrace[] {
  loaded.reverse();
  const scored: ScoredTrace[] = [];
  for (let next = loaded.pop(); next !== undefined; next = loaded.pop()) {
    const { trace, spans, unreadable } = next;
    const scoring = scoreTrace({ trace, spans }, deps.settings.scorers);
    if (unreadable !== undefined) {
      scoring.flags.push(UNREADABLE_FLAG);
      deps.logger.error('stored spans of a trace could not be read; scored it from the rest', { projectId: trace.projectId, traceId: trace.traceId, reason: unreadable });
    }
    scored.push({ key: { projectId: trace.projectId, traceId: trace.traceId }, trace, scoring });
  }
  return scored;
}

/** Gives back the claims of a batch still being read (after this pass failed), whatever became of the read. */
async function abandon(deps: ScoreTracesDeps, pending: Promise<ClaimedBatch> | null): Promise<void> {
  const batch = await pending?.catch(() => null);
  if (batch) await release(deps, batch.keys);
}

async function runHooks(deps: ScoreTracesDeps, scored: readonly ScoredTrace[]): Promise<void> {
  for (const hook of deps.onScored) {
    try {
      await hook(scored);
    } catch (err) {
      deps.logger.error('onScored hook failed', { error: err instanceof Error ? err.message : String(err) });
    }
  }
}

/** Saves a scored batch while its claims are still ours, then runs the hooks; a failed save gives the claims back. */
async function saveBatch(deps: ScoreTracesDeps, keys: readonly TraceKey[], scored: readonly ScoredTrace[], counts: ScorePassCounts, clock: () => number): Promise<void> {
  const scoredMs = clock();
  const rows: SavedScoring[] = scored.map((s) => ({ ...s.key, traceUpdatedMs: s.trace.updatedMs, scoredMs, scoring: s.scoring }));
  await yieldToEventLoop();
  let saved: number;
  try {
    saved = await deps.scoring.saveScoring(deps.holder, rows);
  } catch (err) {
    await release(deps, keys);
    throw err;
  }
  counts.scored += saved;
  counts.lost += keys.length - saved;
  await runHooks(deps, scored);
}

/**
 * Scores until no quiet unscored trace is left; starts no new batch once `budgetMs` (default 50 s) has
 * passed. Batches overlap: the next batch is claimed and read, and the previous one saved, while the
 * current one is scored, so on PostgreSQL the database works while this process scores. One save runs
 * at a time, in claim order, and a batch's hooks run before the next batch is saved.
 */
export async function scoreTraces(deps: ScoreTracesDeps, nowMs: number, opts: { budgetMs?: number; clock?: () => number } = {}): Promise<ScorePassCounts> {
  const clock = opts.clock ?? Date.now;
  const deadline = clock() + (opts.budgetMs ?? 50_000);
  const counts: ScorePassCounts = { claimed: 0, scored: 0, lost: 0, batches: 0 };
  const quietCutoffMs = nowMs - deps.settings.quietPeriodMs;
  let pending: Promise<ClaimedBatch> | null = claimAndLoad(deps, quietCutoffMs, clock);
  let saving: Promise<void> | null = null;
  try {
    while (pending !== null) {
      const { keys, loaded } = await pending;
      pending = null;
      if (keys.length === 0) break;
      counts.claimed += keys.length;
      counts.batches++;
      if (keys.length === deps.settings.batchSize && clock() < deadline) {
        pending = claimAndLoad(deps, quietCutoffMs, clock);
        pending.catch(() => undefined); // its failure is met where it is awaited
      }
      let scored: ScoredTrace[];
      try {
        scored = scoreLoaded(loaded, deps);
        await saving;
      } catch (err) {
        await release(deps, keys);
        throw err;
      }
      saving = saveBatch(deps, keys, scored, counts, clock);
      saving.catch(() => undefined); // met where it is awaited
    }
    await saving;
  } catch (err) {
    await saving?.catch(() => undefined);
    await abandon(deps, pending);
    throw err;
  }
  return counts;
}
