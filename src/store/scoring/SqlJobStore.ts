/** JobStore over SqlClient (SQLite and PostgreSQL): job_runs and job_leases. */
import type { JobHistory, JobOutcome, JobRunRecord, JobStore } from '../../app/jobs/jobPorts.js';
import type { SqlClient } from './SqlClient.js';

interface RunRow {
  id: string;
  job: string;
  holder: string;
  started_ms: number;
  ended_ms: number | null;
  outcome: string;
  counts: string;
  reason: string | null;
  error: string | null;
}

const toRun = (r: RunRow): JobRunRecord => ({
  id: r.id,
  job: r.job,
  holder: r.holder,
  startedMs: Number(r.started_ms),
  endedMs: r.ended_ms === null ? null : Number(r.ended_ms),
  outcome: r.outcome as JobRunRecord['outcome'],
  counts: JSON.parse(r.counts) as Record<string, number>,
  reason: r.reason,
  error: r.error,
});

export class SqlJobStore implements JobStore {
  constructor(private readonly sql: SqlClient) {}

  async startRun(run: { id: string; job: string; holder: string; startedMs: number }): Promise<void> {
    await this.sql.run("INSERT INTO job_runs (id, job, holder, started_ms, outcome, counts) VALUES (?, ?, ?, ?, 'running', '{}')", [
      run.id, run.job, run.holder, run.startedMs,
    ]);
  }

  async finishRun(id: string, end: { endedMs: number; outcome: JobOutcome; counts: Record<string, number>; reason: string | null; error: string | null }): Promise<void> {
    await this.sql.run('UPDATE job_runs SET ended_ms = ?, outcome = ?, counts = ?, reason = ?, error = ? WHERE id = ?', [
      end.endedMs, end.outcome, JSON.stringify(end.counts), end.reason, end.error, id,
    ]);
  }

  async histories(): Promise<JobHistory[]> {
    const stats = await this.sql.all<{ job: string; runs: number | string; first_ms: number; last_success_ms: number | null }>(
      "SELECT job, COUNT(*) AS runs, MIN(started_ms) AS first_ms, MAX(CASE WHEN outcome = 'success' THEN ended_ms END) AS last_success_ms FROM job_runs GROUP BY job",
    );
    const latest = await this.sql.all<RunRow>(
      'SELECT r.* FROM job_runs r JOIN (SELECT job, MAX(started_ms) AS m FROM job_runs GROUP BY job) x ON x.job = r.job AND x.m = r.started_ms',
    );
    const lastByJob = new Map(latest.map((r) => [r.job, toRun(r)]));
    return stats.map((s) => ({
      job: s.job,
      runs: Number(s.runs),
      firstRunMs: Number(s.first_ms),
      lastSuccessMs: s.last_success_ms === null ? null : Number(s.last_success_ms),
      lastRun: lastByJob.get(s.job) ?? null,
    }));
  }

  async recentRuns(job: string, limit: number): Promise<JobRunRecord[]> {
    const rows = await this.sql.all<RunRow>('SELECT * FROM job_runs WHERE job = ? ORDER BY started_ms DESC LIMIT ?', [job, limit]);
    return rows.map(toRun);
  }

  async claimLease(name: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean> {
    const changed = await this.sql.run(
      'INSERT INTO job_leases (name, holder, expires_ms) VALUES (?, ?, ?) ' +
        'ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_ms = excluded.expires_ms ' +
        'WHERE job_leases.expires_ms < ? OR job_leases.holder = excluded.holder',
      [name, holder, nowMs + ttlMs, nowMs],
    );
    return changed > 0;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.sql.run('DELETE FROM job_leases WHERE name = ? AND holder = ?', [name, holder]);
  }
}
