/**
 * Canary, drift and alert endpoints: GET /api/canary (verdict of a release pair), GET|POST /api/canaries,
 * POST /api/canaries/:id/stop, GET /api/canaries/:id/evaluations, GET /api/drift, GET /api/alerts.
 * Authentication ran in the /api router (res.locals.projectId).
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AlertStorePort } from '../../app/alerts/alertPorts.js';
import { AppError } from '../../app/AppError.js';
import type { CanaryRecord, CanaryStorePort } from '../../app/canary/canaryPorts.js';
import { startCanary, stopCanaries, verdictFor } from '../../app/canary/manageCanaries.js';
import type { AlertsConfig } from '../../domain/alerts/alertsConfig.js';
import { parsePolicy } from '../../domain/canary/parsePolicy.js';

/** What the routes need. */
export interface CanaryRouteDeps {
  canary: CanaryStorePort;
  alerts: AlertStorePort;
  alertsConfig: AlertsConfig;
}

const name = z.string().min(1).max(512);
const VerdictQuery = z.strictObject({ baseline: name, canary: name, service: name.optional(), environment: name.optional(), since: z.string().optional() });
const StartBody = z.strictObject({
  baseline: name, canary: name, service: name.optional(), environment: name.optional(), cohortAttribute: name.optional(),
  /** A policy as YAML/JSON text or as an object (same format as the policy file). */
  policy: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
});

type Handler = (req: Request, res: Response) => Promise<void>;
const wrap = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => fn(req, res).catch(next);
const zodMessage = (e: z.ZodError): string => e.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ');

/** A canary as the API lists it. */
export function toCanaryJson(c: CanaryRecord) {
  return {
    id: c.id, service: c.service || null, environment: c.environment || null, baseline: c.baseline, canary: c.canary, cohortAttribute: c.cohortAttribute,
    source: c.source, status: c.status, policyVersion: c.policyVersion, startedAt: new Date(c.startedMs).toISOString(),
    stoppedAt: c.stoppedMs !== null ? new Date(c.stoppedMs).toISOString() : null, looks: c.looks, verdict: c.verdict, final: c.final,
    lastEvaluatedAt: c.lastEvaluatedMs !== null ? new Date(c.lastEvaluatedMs).toISOString() : null,
  };
}

/** Parses `since`: an ISO time, or a duration back from now (30m, 4h, 7d). */
export function parseSince(since: string, nowMs: number): number | null {
  const d = /^(\d+)(m|h|d)$/.exec(since);
  if (d) return nowMs - Number(d[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[d[2] as 'm']!;
  const t = Date.parse(since);
  return Number.isNaN(t) ? null : t;
}

/** Mounts the routes. */
export function canaryRoutes(deps: CanaryRouteDeps): (app: express.Express) => void {
  return (app) => {
    app.get('/api/canary', wrap(async (req, res) => {
      const q = VerdictQuery.safeParse(req.query);
      if (!q.success) throw new AppError('BAD_REQUEST', zodMessage(q.error));
      const now = Date.now();
      const sinceMs = q.data.since !== undefined ? parseSince(q.data.since, now) : undefined;
      if (sinceMs === null) throw new AppError('BAD_REQUEST', `since: expected an ISO time or a duration like 4h, got ${JSON.stringify(q.data.since)}`);
      res.json(await verdictFor(deps.canary, { projectId: res.locals.projectId as string, baseline: q.data.baseline, canary: q.data.canary, service: q.data.service ?? null, environment: q.data.environment ?? null }, now, { sinceMs }));
    }));
    app.get('/api/canaries', wrap(async (_req, res) => {
      res.json({ canaries: (await deps.canary.listCanaries({ projectId: res.locals.projectId as string })).map(toCanaryJson) });
    }));
    app.post('/api/canaries', express.json({ limit: '256kb' }), wrap(async (req, res) => {
      const b = StartBody.safeParse(req.body ?? {});
      if (!b.success) throw new AppError('BAD_REQUEST', zodMessage(b.error));
      let policy = null;
      if (b.data.policy !== undefined) {
        const p = parsePolicy(typeof b.data.policy === 'string' ? b.data.policy : JSON.stringify(b.data.policy));
        if (!p.ok) throw new AppError('BAD_REQUEST', p.errors.map((e) => `policy.${e.path}: ${e.message}`).join('; '));
        policy = p.policy;
      }
      const r = await startCanary(deps.canary, { ...b.data, projectId: res.locals.projectId as string, policy }, Date.now());
      res.status(r.created ? 201 : 200).json({ canary: toCanaryJson(r.canary), created: r.created });
    }));
    app.post('/api/canaries/:id/stop', wrap(async (req, res) => {
      const c = await deps.canary.getCanary(String(req.params.id));
      if (!c || c.projectId !== res.locals.projectId) throw new AppError('NOT_FOUND', `canary ${String(req.params.id).slice(0, 64)} not found`);
      const stopped = await stopCanaries(deps.canary, { projectId: c.projectId, baseline: c.baseline, canary: c.canary, service: c.service, environment: c.environment }, Date.now());
      res.json({ canary: toCanaryJson(stopped[0] ?? c) });
    }));
    app.get('/api/canaries/:id/evaluations', wrap(async (req, res) => {
      const c = await deps.canary.getCanary(String(req.params.id));
      if (!c || c.projectId !== res.locals.projectId) throw new AppError('NOT_FOUND', `canary ${String(req.params.id).slice(0, 64)} not found`);
      const limit = Math.min(1000, Math.max(1, Number(req.query.limit ?? 100) || 100));
      const evaluations = (await deps.canary.listEvaluations(c.id, limit)).map((e) => ({ look: e.look, evaluatedAt: new Date(e.evaluatedMs).toISOString(), verdict: e.verdict, final: e.final, result: JSON.parse(e.result) }));
      res.json({ canary: toCanaryJson(c), evaluations });
    }));
    app.get('/api/drift', wrap(async (_req, res) => {
      const rows = await deps.canary.listDrift(res.locals.projectId as string);
      res.json({ drift: rows.map((d) => ({ service: d.service || null, environment: d.environment || null, metric: d.metric, kind: d.kind, status: d.status, critical: d.critical, informational: d.kind === 'mix', evidence: JSON.parse(d.evidence), updatedAt: new Date(d.updatedMs).toISOString() })) });
    }));
    app.get('/api/alerts', wrap(async (_req, res) => {
      const health = new Map((await deps.alerts.channelStates()).map((c) => [c.name, c]));
      const outbox = (await deps.alerts.listOutbox(50)).filter((o) => o.projectId === res.locals.projectId);
      res.json({
        channels: deps.alertsConfig.channels.map((c) => {
          const h = health.get(c.name);
          return { name: c.name, type: c.type, url: c.type === 'pagerduty' ? c.url : c.url.replace(/^(https?:\/\/[^/]+).*$/, '$1/…'), disabled: (h?.disabledMs ?? null) !== null,
            disabledAt: h?.disabledMs ? new Date(h.disabledMs).toISOString() : null, disabledReason: h?.disabledReason ?? null, consecutiveFailures: h?.consecutiveFailures ?? 0,
            lastDeliveredAt: h?.lastDeliveredMs ? new Date(h.lastDeliveredMs).toISOString() : null };
        }),
        rules: deps.alertsConfig.rules,
        defaultRules: deps.alertsConfig.defaultRules,
        notifications: outbox.map((o) => ({ id: o.id, rule: o.ruleId, subject: o.subject, channel: o.channel, kind: o.kind, status: o.status, attempts: o.attempts, lastError: o.lastError,
          title: o.content.title, createdAt: new Date(o.createdMs).toISOString(), deliveredAt: o.deliveredMs ? new Date(o.deliveredMs).toISOString() : null })),
      });
    }));
  };
}
