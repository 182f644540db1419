import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, parseAlertsConfig } from '../../../src/domain/alerts/alertsConfig.js';
import { decideDelivery } from '../../../src/domain/alerts/decideDelivery.js';

describe('parseAlertsConfig', () => {
  it('the smallest file gets the default rules (canary FAIL and critical DRIFT, every channel)', () => {
    const r = parseAlertsConfig('{"channels": [{"name": "ops", "type": "webhook", "url": "https://example.com/h", "secret": "0123456789abcdef"}]}');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.rules).toEqual(DEFAULT_RULES);
    expect(r.config.defaultRules).toBe(true);
  });

  it('reads YAML with rules', () => {
    const r = parseAlertsConfig(`channels:\n  - {name: pd, type: pagerduty, routingKey: R0UT1NG}\n  - {name: chat, type: slack, url: "https://hooks.slack.com/services/x"}\nrules:\n  - {id: c, source: canary, verdicts: [FAIL, INCONCLUSIVE], channels: [pd], resolveAfter: 10m}\n`);
    expect(r.ok && r.config.rules[0]!.resolveAfter).toBe(600_000);
    expect(r.ok && r.config.channels[0]!.type === 'pagerduty' && r.config.channels[0]!.url).toBe('https://events.pagerduty.com/v2/enqueue');
  });

  it.each([
    { name: 'a bad URL names the field', text: '{"channels":[{"name":"ops","type":"webhook","url":"nope","secret":"0123456789abcdef"}]}', path: 'channels.0.url' },
    { name: 'a missing secret names the field', text: '{"channels":[{"name":"ops","type":"webhook","url":"https://e.com"}]}', path: 'channels.0.secret' },
    { name: 'an unknown channel type', text: '{"channels":[{"name":"ops","type":"email","url":"https://e.com"}]}', path: 'channels.0.type' },
    { name: 'an unknown field', text: '{"channels":[{"name":"ops","type":"slack","url":"https://e.com","colour":"red"}]}', path: 'channels.0.colour' },
    { name: 'no channels', text: '{"channels":[]}', path: 'channels' },
    { name: 'a rule naming a missing channel', text: '{"channels":[{"name":"ops","type":"slack","url":"https://e.com"}],"rules":[{"id":"r","source":"canary","channels":["pager"]}]}', path: 'rules.0.channels.0' },
    { name: 'a bad rule source', text: '{"channels":[{"name":"ops","type":"slack","url":"https://e.com"}],"rules":[{"id":"r","source":"cpu"}]}', path: 'rules.0.source' },
    { name: 'not YAML', text: 'channels: [', path: '(root)' },
  ])('$name', ({ text, path }) => {
    const r = parseAlertsConfig(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain(path);
  });
});

describe('decideDelivery', () => {
  const p = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000, disableAfterFailures: 5 };
  it.each([
    { name: '2xx delivers', status: 202, attempt: 1, outcome: 'delivered' },
    { name: '400 is permanent', status: 400, attempt: 1, outcome: 'failed' },
    { name: '404 is permanent', status: 404, attempt: 1, outcome: 'failed' },
    { name: '429 retries', status: 429, attempt: 1, outcome: 'retry' },
    { name: '408 retries', status: 408, attempt: 1, outcome: 'retry' },
    { name: '503 retries', status: 503, attempt: 2, outcome: 'retry' },
    { name: 'network error retries', status: null, attempt: 1, outcome: 'retry' },
    { name: 'gives up at maxAttempts', status: 500, attempt: 3, outcome: 'failed' },
  ])('$name', ({ status, attempt, outcome }) => {
    expect(decideDelivery({ statusCode: status }, attempt, 0, p).outcome).toBe(outcome);
  });

  it('backs off exponentially and honours a longer Retry-After', () => {
    const d2 = decideDelivery({ statusCode: 503 }, 2, 0, p);
    expect(d2.outcome === 'retry' && d2.nextAttemptMs).toBe(2000);
    const ra = decideDelivery({ statusCode: 429, retryAfterSeconds: 30 }, 1, 0, p);
    expect(ra.outcome === 'retry' && ra.nextAttemptMs).toBe(30_000);
  });
});
