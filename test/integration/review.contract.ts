/**
 * The review queue and datasets over real HTTP and a real database (run for SQLite and PostgreSQL):
 * audit log, two reviewers approving at once, near-duplicates, version immutability and changelogs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveReviewItem } from '../../src/app/review/decideReviewItem.js';
import type { PromotionPort } from '../../src/app/review/PromotionPort.js';
import { BUILTIN_RULES } from '../../src/domain/promotion/redactText.js';
import { computeDatasetVersion } from '../../src/domain/cases/computeDatasetVersion.js';
import { openDatabase } from '../../src/store/openDatabase.js';
import { withJudgeFlags } from '../../src/app/review/withJudgeFlags.js';
import { createLogger } from '../../src/app/logger.js';
import { emitPiiTrace } from '../support/emitPiiTrace.js';
import type { TestServer } from '../support/startTestServer.js';

type Json = Record<string, any>;

export function reviewContract(name: string, start: () => Promise<TestServer>): void {
  describe(`review queue and datasets (${name})`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await start();
    });
    afterAll(async () => {
      await server?.close();
    });

    const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> => {
      const res = await fetch(`${server.url}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, json: (await res.json()) as Json };
    };
    const trace = async (userText: string, answer = 'Your balance is $12.00.'): Promise<string> => {
      const id = await emitPiiTrace(server.url, { userText, answer, action: 'answer', system: 'support', documents: [{ id: 'kb-1', content: 'Balances are in the app.' }], release: 'v1' });
      for (let i = 0; i < 100; i++) {
        if ((await fetch(`${server.url}/api/traces/${id}`)).status === 200) return id;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('trace not stored');
    };
    const flag = async (traceId: string, reason = 'wrong') => {
      const r = await call('POST', `/api/traces/${traceId}/flags`, { reason, reviewer: 'oncall' });
      expect(r.status).toBe(201);
      return r.json.reviewItem as Json;
    };
    const labels = { action: 'abstain', bucket: 'invented-account-data', riskTier: 'high', reviewer: 'alice' } as const;

    it('two reviewers approving the same item at once: one wins, the other gets a clear 409', async () => {
      const item = await flag(await trace('What is my balance, I am bob@corp.io?'));
      const [a, b] = await Promise.all([
        call('POST', `/api/review/${item.id}/approve`, { ...labels, reviewer: 'alice' }),
        call('POST', `/api/review/${item.id}/approve`, { ...labels, reviewer: 'bob', riskTier: 'critical' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const winner = a.status === 200 ? a : b;
      const loser = a.status === 200 ? b : a;
      expect(loser.json.error.code).toBe('CONFLICT');
      expect(loser.json.error.message).toMatch(new RegExp(`already approved by ${winner.json.reviewer} at .*nothing changed`));
      const shown = await call('GET', `/api/review/${item.id}`);
      expect(shown.json.status).toBe('approved');
      expect(shown.json.audit.filter((e: Json) => e.action === 'approved')).toHaveLength(1);
      // A stale version is refused too, and so is deciding a decided item.
      const late = await call('POST', `/api/review/${item.id}/reject`, { reason: 'dup', reviewer: 'carol' });
      expect(late.status).toBe(409);
    });

    it('both reviewers read the open item before either writes: the version check lets exactly one win', async () => {
      const item = await flag(await trace('Please delete my saved address, I am dan@corp.io'));
      const db = await openDatabase(server.databaseUrl);
      try {
        const project = await db.control.createProject('default');
        // A barrier on the real store: neither approval writes before both have read the open item.
        let reads = 0;
        let release!: () => void;
        const bothRead = new Promise<void>((r) => { release = r; });
        const promotion: PromotionPort = Object.create(db.promotion) as PromotionPort;
        promotion.getReviewItem = async (projectId, id) => {
          const found = await db.promotion.getReviewItem(projectId, id);
          if (++reads === 2) release();
          await bothRead;
          return found;
        };
        const deps = { spans: db.spans, promotion, now: () => new Date(), redactionRules: BUILTIN_RULES };
        const results = await Promise.allSettled([
          approveReviewItem(deps, { projectId: project.id, id: item.id, labels: { ...labels, reviewer: 'alice' } }),
          approveReviewItem(deps, { projectId: project.id, id: item.id, labels: { ...labels, reviewer: 'bob' } }),
        ]);
        const ok = results.filter((r) => r.status === 'fulfilled');
        const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(ok).toHaveLength(1);
        expect(failed).toHaveLength(1);
        expect(failed[0]!.reason).toMatchObject({ code: 'CONFLICT' });
        expect(String(failed[0]!.reason.message)).toMatch(/already approved by (alice|bob)/);
        const audit = await db.promotion.listAudit(project.id, item.id);
        expect(audit.filter((e) => e.action === 'approved')).toHaveLength(1);
        // The approval is also the trace's human label (judge calibration reads human_labels).
        const winner = (ok[0] as PromiseFulfilledResult<{ item: { reviewer: string | null } }>).value.item.reviewer;
        const humanLabels = await db.sql.all('SELECT rubric_id, label, labeller FROM human_labels WHERE project_id = ? AND trace_id = ?', [project.id, item.traceId]);
        expect(humanLabels).toEqual([{ rubric_id: 'action', label: 'abstain', labeller: winner }]);
      } finally {
        await db.close();
      }
    });

    it('a failing judge verdict flags its trace once (passing verdicts and repeats do not)', async () => {
      const traceId = await trace('Do you ship to Norway? My number is 415-555-0132.');
      const db = await openDatabase(server.databaseUrl);
      try {
        const project = await db.control.createProject('default');
        const deps = { spans: db.spans, promotion: db.promotion, now: () => new Date() };
        const judge = withJudgeFlags(db.judge, [{ id: 'answer-quality', pass: ['good'] }], deps, createLogger('silent'));
        const key = { projectId: project.id, traceId };
        await judge.setJudgeStatus(key, 'judged', null, [{ name: 'judge:answer-quality', version: 1, value: 5, label: 'good', reason: 'fine' }], Date.now());
        expect(await db.promotion.getReviewItemByTrace(project.id, traceId)).toBeNull();
        const bad = [{ name: 'judge:answer-quality', version: 1, value: 1, label: 'bad', reason: 'made up shipping terms' }];
        await judge.setJudgeStatus(key, 'judged', null, bad, Date.now());
        await judge.setJudgeStatus(key, 'judged', null, bad, Date.now());
        const item = await db.promotion.getReviewItemByTrace(project.id, traceId);
        expect(item?.signals).toEqual([expect.objectContaining({ kind: 'judge', source: 'judge:answer-quality@1', reason: 'judge answer-quality says bad: made up shipping terms', details: expect.objectContaining({ judgeVersion: 'judge:answer-quality@1' }) })]);
      } finally {
        await db.close();
      }
    });

    it('an explicit stale version is a conflict; every decision is in the audit log (who, when, what changed)', async () => {
      const traceId = await trace('Can you tell me my balance? call me at +1 415 555 0132');
      const first = await flag(traceId, 'invented figure');
      const second = await flag(traceId, 'user complained');
      expect(second.id).toBe(first.id);
      expect(second.version).toBe(2);
      expect(second.signals).toHaveLength(2);
      const stale = await call('POST', `/api/review/${first.id}/reject`, { reason: 'not a bug', reviewer: 'carol', version: 1 });
      expect(stale.status).toBe(409);
      expect(stale.json.error.message).toMatch(/you have version 1, it is at 2/);
      const rejected = await call('POST', `/api/review/${first.id}/reject`, { reason: 'not a bug', reviewer: 'carol', version: 2 });
      expect(rejected.status).toBe(200);
      expect(rejected.json).toMatchObject({ status: 'rejected', reviewer: 'carol', rejectReason: 'not a bug', version: 3 });
      const shown = await call('GET', `/api/review/${first.id}`);
      expect(shown.json.audit.map((e: Json) => [e.action, e.actor])).toEqual([['flagged', 'oncall'], ['signal_added', 'oncall'], ['rejected', 'carol']]);
      expect(shown.json.audit[2].changes).toEqual({ status: { before: 'open', after: 'rejected' }, reason: 'not a bug' });
      expect(shown.json.audit[1].changes.priority).toEqual({ before: first.priority, after: second.priority });
      for (const e of shown.json.audit) expect(Number.isNaN(Date.parse(e.at))).toBe(false);
      expect(shown.json.trace.traceId).toBe(traceId);
      const bad = await call('POST', `/api/review/${first.id}/approve`, { ...labels, action: 'maybe' });
      expect(bad.status).toBe(400);
    });

    it('negative feedback flags its trace; the queue lists by priority', async () => {
      const traceId = await trace('Where is my refund? It has been weeks.');
      const fb = await call('POST', '/api/feedback', { traceId, value: 'down', comment: 'useless', userId: 'u-1' });
      expect(fb.status).toBe(201);
      const open = await call('GET', '/api/review?status=open');
      const item = open.json.items.find((i: Json) => i.traceId === traceId);
      expect(item.signals).toEqual([expect.objectContaining({ kind: 'negative_feedback', source: 'user:u-1', reason: 'negative feedback: useless' })]);
      const priorities = open.json.items.map((i: Json) => i.priority);
      expect(priorities).toEqual([...priorities].sort((x: number, y: number) => y - x));
      expect((await call('POST', '/api/feedback', { traceId, value: 'up' })).status).toBe(201);
      expect((await call('GET', `/api/review/${item.id}`)).json.signals).toHaveLength(1);
    });

    it('near-duplicates link to the existing case (the reviewer sees the match); versions are immutable with changelogs', async () => {
      const orig = await flag(await trace('Hi, I am ann@shop.io. What is my current account balance?'));
      const approved = await call('POST', `/api/review/${orig.id}/approve`, { ...labels, reviewer: 'alice', tags: ['pii'] });
      expect(approved.status).toBe(200);
      const caseId = approved.json.caseId as string;
      const v1 = await call('POST', '/api/datasets', { name: 'first' });
      expect(v1.status).toBe(201);
      expect(v1.json.changelog.added).toContain(caseId);
      const v1Record = await call('GET', `/api/datasets/${v1.json.version}`);
      expect(v1Record.json.cases.map((c: Json) => c.id)).toContain(caseId);

      // Same request from another user and another trace: a near-duplicate.
      const dup = await flag(await trace('hi, I am zed@other.org -- what is my current account balance'));
      const shown = await call('GET', `/api/review/${dup.id}`);
      expect(shown.json.nearDuplicates[0]).toEqual({ caseId, similarity: 1 });
      const linked = await call('POST', `/api/review/${dup.id}/approve`, { ...labels, reviewer: 'bob' });
      expect(linked.status).toBe(200);
      expect(linked.json).toMatchObject({ caseId, duplicateOf: caseId, duplicateOfMatch: { caseId, similarity: 1 } });
      expect((await call('GET', `/api/review/${dup.id}`)).json.audit.at(-1).action).toBe('linked_duplicate');

      // Publishing again: a new version whose changelog says the case changed (one more linked trace), not added.
      const v2 = await call('POST', '/api/datasets', {});
      expect(v2.status).toBe(201);
      expect(v2.json).toMatchObject({ previousVersion: v1.json.version, changelog: { added: [], changed: [caseId], removed: [] } });
      expect(v2.json.version).not.toBe(v1.json.version);
      // Nothing changed since: no new version.
      const v3 = await call('POST', '/api/datasets', {});
      expect(v3.status).toBe(200);
      expect(v3.json).toMatchObject({ version: v2.json.version, created: false });
      // The first version is still exactly what it was.
      const v1Again = await call('GET', `/api/datasets/${v1.json.version}`);
      expect(v1Again.json.cases).toEqual(v1Record.json.cases);
      const text = v1Again.json.cases.map((c: Json) => JSON.stringify(c)).join('\n') + '\n';
      expect(computeDatasetVersion(text)).toBe(v1.json.version);
      const list = await call('GET', '/api/datasets');
      expect(list.json.versions.map((v: Json) => v.version)).toEqual([v2.json.version, v1.json.version]);
      expect((await call('GET', '/api/datasets/sha256:' + 'f'.repeat(64))).status).toBe(404);
    });
  });
}
