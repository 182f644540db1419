import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DATASET = path.join(ROOT, 'test/fixtures/gate/dataset.jsonl');

/** Runs the CLI asynchronously so the in-process test app keeps serving. */
function tracegate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/tracegate.js'), ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout, stderr });
    });
  });
}

/** A good answer per case (the fixture's improved candidate). */
const GOOD = new Map<string, Record<string, unknown>>(
  readFileSync(path.join(ROOT, 'test/fixtures/gate/candidate-improved.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .map((r) => [r.case_id as string, { action: r.action, answer: r.answer, citations: r.citations, tool_calls: r.tool_calls, cost_usd: r.cost_usd }]),
);

/** A tiny app: /baseline answers well; /candidate answers pet-insurance; /slow hangs on one case; /flaky 503s once per case. */
function startApp(): Promise<{ server: Server; url: string; seen: Record<string, unknown>[] }> {
  const seen: Record<string, unknown>[] = [];
  const flakyHits = new Map<string, number>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const request = JSON.parse(body) as { case_id: string; input: { question: string | null } };
      seen.push({ path: req.url, ...request });
      const answer = { ...GOOD.get(request.case_id)! };
      if (req.url === '/flaky') {
        const n = (flakyHits.get(request.case_id) ?? 0) + 1;
        flakyHits.set(request.case_id, n);
        if (n === 1) return void res.writeHead(503).end('try again');
      }
      if (req.url === '/candidate' && request.case_id === 'pet-insurance') {
        Object.assign(answer, { action: 'answer', answer: 'Pet insurance reimbursements are paid within 30 days.', citations: [] });
      }
      if (req.url === '/slow' && request.case_id === 'order-status-tool') return void setTimeout(() => res.end(JSON.stringify(answer)), 3000);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen })));
}

describe('tracegate gate --replay', () => {
  let app: Awaited<ReturnType<typeof startApp>>;
  const tmp = mkdtempSync(path.join(tmpdir(), 'tracegate-replay-e2e-'));
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => new Promise<void>((r) => app.server.close(() => r())));

  it('replays both variants, writes the outputs it compared, and blocks the regressing candidate', async () => {
    const out = path.join(tmp, 'run1');
    const r = await tracegate(['gate', '--dataset', DATASET, '--replay', `${app.url}/baseline`, '--replay', `${app.url}/candidate`, '--replay-out', out, '--concurrency', '3', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.newBlockingFailures.map((f: { caseId: string }) => f.caseId)).toEqual(['pet-insurance']);
    expect(report.candidate.source).toContain('/candidate');
    expect(r.stderr).toContain('replay candidate: 9/9 cases (0 errors)');
    const written = readFileSync(path.join(out, 'candidate.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(written).toHaveLength(9);
    expect(written.find((w) => w.case_id === 'pet-insurance')).toMatchObject({ action: 'answer' });
    expect(written.every((w) => typeof w.latency_ms === 'number' && w.latency_ms >= 0)).toBe(true);
    const req = app.seen.find((s) => s.path === '/baseline' && s.case_id === 'order-status-tool') as { input: { tools: { name: string }[] } };
    expect(req.input.tools.map((t) => t.name)).toEqual(['lookup_order']);
  });

  it('retries 503s and ships a candidate that only improves on the baseline file', async () => {
    const r = await tracegate(['gate', '--dataset', DATASET, '--baseline', path.join(ROOT, 'test/fixtures/gate/baseline.jsonl'), '--candidate-url', `${app.url}/flaky`, '--replay-out', path.join(tmp, 'run2'), '--retries', '2', '--json']);
    const report = JSON.parse(r.stdout);
    // Every case got a 503 first; with retries nothing errored, and vpn-reset is fixed.
    expect(report.summary.errored).toBe(0);
    expect(report.newFailures).toEqual([]);
    expect(report.fixedFailures).toEqual(['vpn-reset']);
    expect(app.seen.filter((s) => s.path === '/flaky')).toHaveLength(18);
    expect(r.code).toBe(0);
  });

  it('a timeout becomes an errored case that blocks', async () => {
    const r = await tracegate(['gate', '--dataset', DATASET, '--baseline-url', `${app.url}/baseline`, '--candidate-url', `${app.url}/slow`, '--replay-out', path.join(tmp, 'run3'), '--timeout-ms', '500', '--retries', '0', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.reasons).toContainEqual(expect.objectContaining({ code: 'incomplete_candidate', caseId: 'order-status-tool', blocker: 'errored' }));
    const c = report.cases.find((x: { caseId: string }) => x.caseId === 'order-status-tool');
    expect(c.candidate.blockers[0].detail).toContain('timeout after 500 ms');
  });
});
