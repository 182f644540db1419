/** JudgeStore over SqlClient: judge_calls, the judge columns of trace_scoring, human_labels. */
import type { AgreementRow, HumanLabel, JudgeCallRecord, JudgeCandidate, JudgeStore } from '../../app/scoring/judge/judgePorts.js';
import type { JudgeStatus, TraceKey } from '../../app/scoring/scoringPorts.js';
import type { ScoreResult } from '../../domain/scoring/types.js';
import type { SqlClient } from './SqlClient.js';

export class SqlJudgeStore implements JudgeStore {
  constructor(private readonly sql: SqlClient) {}

  async pendingJudge(limit: number): Promise<JudgeCandidate[]> {
    const rows = await this.sql.all<{ project_id: string; trace_id: string; facts: string; flags: string; down: number | string }>(
      'SELECT s.project_id, s.trace_id, t.facts, s.flags, ' +
        "(SELECT COUNT(*) FROM feedback f WHERE f.trace_id = s.trace_id AND f.project_id = s.project_id AND f.value = 'down') AS down " +
        'FROM trace_scoring s JOIN traces t ON t.project_id = s.project_id AND t.trace_id = s.trace_id ' +
        "WHERE s.status = 'scored' AND s.judge_status IS NULL AND s.trace_updated_ms >= t.updated_ms ORDER BY s.scored_ms, s.trace_id LIMIT ?",
      [limit],
    );
    return rows.map((r) => ({ projectId: r.project_id, traceId: r.trace_id, factsJson: r.facts, negativeFeedback: Number(r.down) > 0, flags: r.flags.split(',').filter(Boolean) }));
  }

  async judgeSpendSince(sinceMs: number): Promise<number> {
    const [r] = await this.sql.all<{ c: number | null }>('SELECT SUM(cost_usd) AS c FROM judge_calls WHERE created_ms >= ?', [sinceMs]);
    return Number(r?.c ?? 0);
  }

  async judgedSince(sinceMs: number): Promise<number> {
    const [r] = await this.sql.all<{ n: number | string }>('SELECT COUNT(DISTINCT trace_id) AS n FROM judge_calls WHERE created_ms >= ?', [sinceMs]);
    return Number(r?.n ?? 0);
  }

  async saveJudgeCall(c: JudgeCallRecord): Promise<void> {
    await this.sql.run(
      'INSERT INTO judge_calls (id, project_id, trace_id, model, rubric_id, rubric_version, prompt_hash, score, label, explanation, input_tokens, output_tokens, cost_usd, latency_ms, error, created_ms) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [c.id, c.projectId, c.traceId, c.model, c.rubricId, c.rubricVersion, c.promptHash, c.score, c.label, c.explanation, c.inputTokens, c.outputTokens, c.costUsd, c.latencyMs, c.error, c.createdMs],
    );
  }

  async setJudgeStatus(key: TraceKey, status: JudgeStatus, reason: string | null, scores: ScoreResult[]): Promise<void> {
    await this.sql.tx(async (q) => {
      await q.run('UPDATE trace_scoring SET judge_status = ?, judge_reason = ? WHERE project_id = ? AND trace_id = ?', [status, reason, key.projectId, key.traceId]);
      for (const s of scores) {
        await q.run(
          'INSERT INTO trace_scores (project_id, trace_id, name, version, value, label, reason) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
            'ON CONFLICT (project_id, trace_id, name) DO UPDATE SET version = excluded.version, value = excluded.value, label = excluded.label, reason = excluded.reason',
          [key.projectId, key.traceId, s.name, s.version, s.value, s.label, s.reason],
        );
      }
    });
  }

  async saveLabels(labels: readonly HumanLabel[]): Promise<number> {
    return this.sql.tx(async (q) => {
      for (const l of labels) {
        await q.run(
          'INSERT INTO human_labels (project_id, trace_id, rubric_id, label, labeller, comment, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
            'ON CONFLICT (project_id, trace_id, rubric_id, labeller) DO UPDATE SET label = excluded.label, comment = excluded.comment, created_ms = excluded.created_ms',
          [l.projectId, l.traceId, l.rubricId, l.label, l.labeller, l.comment, l.createdMs],
        );
      }
      return labels.length;
    });
  }

  async agreementRows(projectId: string): Promise<AgreementRow[]> {
    const rows = await this.sql.all<{ model: string; rubric_id: string; rubric_version: number; judge: string; human: string }>(
      'SELECT c.model, c.rubric_id, c.rubric_version, c.label AS judge, h.label AS human FROM judge_calls c ' +
        'JOIN (SELECT project_id, trace_id, model, rubric_id, rubric_version, MAX(created_ms) AS m FROM judge_calls WHERE project_id = ? AND error IS NULL AND label IS NOT NULL ' +
        'GROUP BY project_id, trace_id, model, rubric_id, rubric_version) x ON x.project_id = c.project_id AND x.trace_id = c.trace_id AND x.model = c.model ' +
        'AND x.rubric_id = c.rubric_id AND x.rubric_version = c.rubric_version AND x.m = c.created_ms ' +
        'JOIN human_labels h ON h.project_id = c.project_id AND h.trace_id = c.trace_id AND h.rubric_id = c.rubric_id ' +
        'WHERE c.project_id = ? AND c.error IS NULL AND c.label IS NOT NULL',
      [projectId, projectId],
    );
    return rows.map((r) => ({ model: r.model, rubricId: r.rubric_id, rubricVersion: Number(r.rubric_version), judge: r.judge, human: r.human }));
  }

  async judgeVersions(projectId: string): Promise<Array<{ model: string; rubricId: string; rubricVersion: number; calls: number; errors: number; costUsd: number }>> {
    const rows = await this.sql.all<{ model: string; rubric_id: string; rubric_version: number; calls: number | string; errors: number | string; cost: number | null }>(
      'SELECT model, rubric_id, rubric_version, COUNT(*) AS calls, SUM(CASE WHEN error IS NULL THEN 0 ELSE 1 END) AS errors, SUM(cost_usd) AS cost ' +
        'FROM judge_calls WHERE project_id = ? GROUP BY model, rubric_id, rubric_version ORDER BY rubric_id, rubric_version, model',
      [projectId],
    );
    return rows.map((r) => ({ model: r.model, rubricId: r.rubric_id, rubricVersion: Number(r.rubric_version), calls: Number(r.calls), errors: Number(r.errors), costUsd: Number(r.cost ?? 0) }));
  }
}
