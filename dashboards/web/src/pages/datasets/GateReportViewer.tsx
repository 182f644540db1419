/** Opens a gate JSON report (`tracegate gate --json-report FILE`) from disk and renders it (docs/gate.md). */
import { useState } from 'preact/hooks';
import { asText, fmtNum, fmtPct, fmtTime } from '../../components/format.js';
import { DataTable } from '../../components/DataTable.js';
import { KeyValue } from '../../components/KeyValue.js';
import { Verdict } from '../../components/Verdict.js';
import type { Row } from '../../api/types.js';

interface Rate {
  num: number;
  den: number;
  value: number | null;
}

export interface GateReport {
  reportVersion: number;
  generatedAt: string;
  decision: 'ship' | 'block' | string;
  reasons: Array<{ code: string; message: string; caseId?: string; bucket?: string; blocker?: string; rule?: string }>;
  dataset: { file?: string; version?: string; cases?: number; selected?: number; only?: string | null };
  policy: { version?: string; source?: string };
  summary: Record<string, unknown>;
  newBlockingFailures: Array<{ caseId: string; bucket?: string; riskTier?: string; blockers?: string[] }>;
  newFailures?: Row[];
  fixedFailures?: Row[];
  buckets: Array<Row & { bucket: string; decision?: string; baselinePassRate?: Rate; candidatePassRate?: Rate; behaviorMatchRate?: Rate; cases?: number }>;
  blockers?: Row[];
  warnings?: string[];
}

/** Parses and checks the shape; a message naming what is missing otherwise. */
export function parseGateReport(text: string): { ok: true; report: GateReport } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const r = json as Partial<GateReport> | null;
  if (!r || typeof r !== 'object') return { ok: false, message: 'expected a JSON object' };
  const missing = ['reportVersion', 'decision', 'reasons', 'dataset', 'summary', 'buckets'].filter((k) => !(k in r));
  if (missing.length) return { ok: false, message: `not a gate report: missing ${missing.join(', ')} (write one with tracegate gate --json-report FILE.json)` };
  return { ok: true, report: r as GateReport };
}

const rate = (r: unknown) => {
  const x = r as Rate | undefined;
  return x && typeof x === 'object' ? `${x.num}/${x.den} (${fmtPct(x.value)})` : '–';
};

export function GateReportViewer() {
  const [state, setState] = useState<{ kind: 'none' } | { kind: 'error'; message: string } | { kind: 'ok'; name: string; report: GateReport }>({ kind: 'none' });
  return (
    <div data-testid="gate-report-viewer">
      <label class="file-pick">
        Open a gate JSON report{' '}
        <input
          type="file"
          accept=".json,application/json"
          data-testid="gate-report-file"
          onChange={(e) => {
            const file = (e.currentTarget as HTMLInputElement).files?.[0];
            if (!file) return;
            file.text().then(
              (text) => {
                const parsed = parseGateReport(text);
                setState(parsed.ok ? { kind: 'ok', name: file.name, report: parsed.report } : { kind: 'error', message: parsed.message });
              },
              (err: unknown) => setState({ kind: 'error', message: String(err) }),
            );
          }}
        />
      </label>
      <p class="muted">The file is read in this browser only; nothing is uploaded.</p>
      {state.kind === 'error' ? (
        <div class="error" role="alert">
          {state.message}
        </div>
      ) : null}
      {state.kind === 'ok' ? <GateReportView report={state.report} name={state.name} /> : null}
    </div>
  );
}

export function GateReportView({ report, name }: { report: GateReport; name: string }) {
  const s = report.summary;
  return (
    <div class="card" data-testid="gate-report">
      <h3>
        {name} <Verdict value={report.decision} testId="gate-decision" />
      </h3>
      <KeyValue
        rows={[
          ['generated', fmtTime(report.generatedAt)],
          ['dataset', `${report.dataset.version ?? '–'}${report.dataset.file ? ` (${report.dataset.file})` : ''}`],
          ['cases', `${fmtNum(report.dataset.selected)} of ${fmtNum(report.dataset.cases)}${report.dataset.only ? ` (only ${report.dataset.only})` : ''}`],
          ['policy', report.policy.version ?? '–'],
          ['pass rate baseline → candidate', `${rate(s.baselinePassRate)} → ${rate(s.candidatePassRate)}`],
          ['new failures / fixed', `${fmtNum(s.newFailures)} / ${fmtNum(s.fixedFailures)}`],
          ['new blocking failures', fmtNum(s.newBlockingFailures)],
        ]}
      />
      <h4>Reasons</h4>
      {report.reasons.length ? (
        <ul class="plain" data-testid="gate-reasons">
          {report.reasons.map((r, i) => (
            <li key={i}>
              <span class="badge neutral">{r.code}</span> {r.message}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">none</p>
      )}
      <h4>New blocking failures</h4>
      {report.newBlockingFailures.length ? (
        <DataTable
          rows={report.newBlockingFailures as unknown as Row[]}
          columns={['caseId', 'bucket', 'riskTier', 'blockers']}
          render={{ blockers: (r) => (Array.isArray(r.blockers) ? r.blockers.join(', ') : asText(r.blockers)) }}
        />
      ) : (
        <p class="muted">none</p>
      )}
      <h4>Buckets</h4>
      <DataTable
        rows={report.buckets}
        columns={['bucket', 'riskTier', 'cases', 'baselinePassRate', 'candidatePassRate', 'behaviorMatchRate', 'newBlockingFailures', 'decision']}
        render={{
          baselinePassRate: (r) => rate(r.baselinePassRate),
          candidatePassRate: (r) => rate(r.candidatePassRate),
          behaviorMatchRate: (r) => rate(r.behaviorMatchRate),
          decision: (r) => <Verdict value={asText(r.decision)} />,
        }}
        testId="gate-buckets"
      />
      {report.warnings?.length ? (
        <>
          <h4>Warnings</h4>
          <ul class="plain">
            {report.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
