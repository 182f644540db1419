/** The jobs table's rows: each job's last run as one readable line (outcome, when, how long, counts, error), not raw JSON. */
import { fmtMs, fmtTime } from '../../components/format.js';

interface JobLike {
  name?: unknown;
  schedule?: unknown;
  lastRun?: { startedAt?: unknown; endedAt?: unknown; outcome?: unknown; counts?: unknown; reason?: unknown; error?: unknown } | null;
  lastSuccessAt?: unknown;
  lagMs?: unknown;
  runs?: unknown;
  stalled?: unknown;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** "success at 2026-12-07 00:54:11Z in 1.20 s: scored 40, claimed 40" (or the error or reason of a failed or skipped run). */
export function lastRunText(run: JobLike['lastRun']): string {
  if (!run) return 'never ran';
  const outcome = str(run.outcome) ?? 'running';
  const started = str(run.startedAt);
  const ended = str(run.endedAt);
  const took = started && ended ? ` in ${fmtMs(Date.parse(ended) - Date.parse(started))}` : '';
  const counts = run.counts && typeof run.counts === 'object' ? Object.entries(run.counts as Record<string, unknown>).filter(([, n]) => typeof n === 'number') : [];
  const detail = str(run.error) ?? str(run.reason) ?? counts.map(([k, n]) => `${k} ${n as number}`).join(', ');
  return `${outcome}${started ? ` at ${fmtTime(started)}` : ''}${took}${detail ? `: ${detail}` : ''}`;
}

export function jobRows(jobs: readonly JobLike[]): Array<Record<string, string | number>> {
  return jobs.map((j) => ({
    job: str(j.name) ?? '–',
    schedule: str(j.schedule) ?? '–',
    'last run': lastRunText(j.lastRun),
    'last success': fmtTime(str(j.lastSuccessAt)),
    lag: typeof j.lagMs === 'number' ? fmtMs(j.lagMs) : '–',
    runs: typeof j.runs === 'number' ? j.runs : 0,
    stalled: j.stalled === true ? 'STALLED' : 'no',
  }));
}
