/**
 * End to end: `tracegate simulate` sends through the real OpenTelemetry SDK and OTLP/HTTP exporter
 * into the running collector; the stored facts of EVERY trace equal the ground-truth manifest.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulationManifestSchema, type SimulationManifest } from '../../src/domain/simulate/index.js';
import { runCliCaptured, type CliRun } from '../support/runCliCaptured.js';
import { startTestServer, type TestServer } from '../support/startTestServer.js';

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'tracegate-simulate-'));
});
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const simulate = (args: string[]): Promise<CliRun> => runCliCaptured(['simulate', '--endpoint', server.url, ...args], { cwd: dir });

interface StoredTrace {
  traceId: string;
  serviceName: string;
  release: string;
  environment: string;
  durationMs: number;
  inputTokens: number;
  outputTokens: number;
  toolCalls: number;
  toolErrors: number;
  lastFinishClass: string;
  action: string | null;
  spans: Array<{ name: string; parentSpanId: string | null }>;
  feedback: Array<{ value: string | null; comment: string | null; userId: string | null }>;
}

async function fetchTrace(traceId: string): Promise<StoredTrace> {
  const res = await fetch(`${server.url}/api/traces/${traceId}`);
  expect(res.status, `GET /api/traces/${traceId}`).toBe(200);
  return (await res.json()) as StoredTrace;
}

function expectMatches(stored: StoredTrace, t: SimulationManifest['traces'][number]): void {
  expect({
    traceId: stored.traceId,
    release: stored.release,
    durationMs: stored.durationMs,
    inputTokens: stored.inputTokens,
    outputTokens: stored.outputTokens,
    toolCalls: stored.toolCalls,
    toolErrors: stored.toolErrors,
    finishClass: stored.lastFinishClass,
    action: stored.action,
    feedback: stored.feedback.map((f) => ({ value: f.value, comment: f.comment, userId: f.userId })),
  }).toEqual({
    traceId: t.traceId,
    release: t.release,
    durationMs: t.latencyMs,
    inputTokens: t.inputTokens,
    outputTokens: t.outputTokens,
    toolCalls: t.toolCalls,
    toolErrors: t.toolErrors,
    finishClass: t.finishClass,
    action: t.actionLabelled ? t.action : null,
    feedback: t.feedback ? [{ value: t.feedback.value, comment: t.feedback.comment, userId: t.feedback.userId }] : [],
  });
}

describe('tracegate simulate -> collector', () => {
  const cases = [
    { name: 'labelled tool-error-regression, JSON', preset: 'tool-error-regression', extra: [], traces: 300, labelled: true },
    { name: 'unlabelled refusal-regression, gzip', preset: 'refusal-regression', extra: ['--unlabelled', '--gzip'], traces: 120, labelled: false },
  ];
  it.each(cases)('$name: every stored trace equals the manifest', async ({ preset, extra, traces, labelled }) => {
    const manifestFile = `${preset}.json`;
    const run = await simulate(['--preset', preset, '--traces', String(traces), '--seed', '7', '--baseline', 'v1.0', '--canary', 'v1.1', '--manifest', manifestFile, '--quiet', ...extra]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ traces, failedSpans: 0, rejectedSpans: 0, feedbackFailed: 0, allAccepted: true });

    const manifest = SimulationManifestSchema.parse(JSON.parse(readFileSync(join(dir, manifestFile), 'utf8')));
    expect(manifest.traces).toHaveLength(traces);
    expect(manifest).toMatchObject({ seed: '7', preset });
    expect(new Set(manifest.traces.map((t) => t.release))).toEqual(new Set(['v1.0', 'v1.1']));
    expect(manifest.traces.every((t) => t.actionLabelled === labelled)).toBe(true);
    // The run must exercise what it claims to check.
    expect(manifest.traces.some((t) => t.toolErrors > 0)).toBe(true);
    expect(manifest.traces.some((t) => t.feedback !== null)).toBe(true);

    for (const t of manifest.traces) {
      const stored = await fetchTrace(t.traceId);
      expectMatches(stored, t);
      expect(stored).toMatchObject({ serviceName: 'support-bot', environment: 'production' });
    }
  });

  it('multi-span shape: agent root with retrieval, LLM and tool children', async () => {
    const run = await simulate(['--traces', '40', '--seed', 'shape', '--manifest', 'shape.json', '--quiet', '--no-feedback']);
    expect(run.code).toBe(0);
    const manifest = SimulationManifestSchema.parse(JSON.parse(readFileSync(join(dir, 'shape.json'), 'utf8')));
    const withTools = manifest.traces.find((t) => t.toolCalls > 0);
    expect(withTools).toBeDefined();
    const stored = await fetchTrace(withTools!.traceId);
    const root = stored.spans.find((s) => s.parentSpanId === null);
    expect(root?.name).toBe('invoke_agent support-agent');
    const childNames = stored.spans.filter((s) => s.parentSpanId !== null).map((s) => s.name);
    expect(childNames.filter((n) => n.startsWith('chat '))).toHaveLength(2);
    expect(childNames.filter((n) => n.startsWith('execute_tool '))).toHaveLength(withTools!.toolCalls);
  });

  it('exits 1 with a clear message when the collector is unreachable', async () => {
    const { code, stderr } = await runCliCaptured(['simulate', '--endpoint', 'http://127.0.0.1:1', '--traces', '3'], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot reach the collector at http:\/\/127\.0\.0\.1:1\/v1\/traces/);
  });
});
