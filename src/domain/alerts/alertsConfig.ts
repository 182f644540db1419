import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** A delivery channel: a signed generic webhook, a Slack incoming webhook, or PagerDuty Events API v2. */
export const ChannelSchema = z.discriminatedUnion('type', [
  z.strictObject({
    name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected letters, digits, . _ - (at most 64)'),
    type: z.literal('webhook'),
    url: z.url({ error: 'expected an http(s) URL' }),
    /** HMAC-SHA256 key of the X-Tracegate-Signature header. */
    secret: z.string().min(16, 'expected a secret of at least 16 characters'),
  }),
  z.strictObject({
    name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected letters, digits, . _ - (at most 64)'),
    type: z.literal('slack'),
    url: z.url({ error: 'expected the incoming-webhook URL' }),
  }),
  z.strictObject({
    name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected letters, digits, . _ - (at most 64)'),
    type: z.literal('pagerduty'),
    /** Events API v2 integration (routing) key. */
    routingKey: z.string().min(1),
    url: z.url().default('https://events.pagerduty.com/v2/enqueue'),
  }),
]);
/** A delivery channel. */
export type Channel = z.infer<typeof ChannelSchema>;

/** What a rule watches: a canary verdict, or the drift state of metrics. */
export const RULE_SOURCES = ['canary', 'drift'] as const;

const DurationMs = z.union([
  z.number().int().min(0),
  z.string().regex(/^\d+(ms|s|m|h|d)$/, 'expected a duration like 30s, 15m, 4h'),
]).transform((v) => (typeof v === 'number' ? v : parseInt(v, 10) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[v.replace(/^\d+/, '') as 'ms']!));

/** One alert rule: when its source is bad for a subject (a canary, or a service/environment/metric), notify channels. */
export const RuleSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected letters, digits, . _ - (at most 64)'),
  source: z.enum(RULE_SOURCES),
  /** canary: verdicts that alert (default FAIL). */
  verdicts: z.array(z.enum(['FAIL', 'INCONCLUSIVE', 'NODATA'])).min(1).default(['FAIL']),
  /** drift: only metrics the canary policy marks critical (default), or every metric. */
  criticalOnly: z.boolean().default(true),
  /** Channel names; default every channel. */
  channels: z.array(z.string()).optional(),
  /** A healthy state must hold this long before the alert resolves. */
  resolveAfter: DurationMs.default(0),
  /** Re-send while still bad; absent = never. */
  renotifyInterval: DurationMs.optional(),
});
/** One alert rule (defaults applied). */
export type Rule = z.infer<typeof RuleSchema>;

const FileSchema = z.strictObject({
  channels: z.array(ChannelSchema).min(1, 'expected at least one channel'),
  rules: z.array(RuleSchema).optional(),
});

/** The resolved alerting configuration. */
export interface AlertsConfig {
  channels: Channel[];
  rules: Rule[];
  /** True when the file gave no rules and the defaults apply. */
  defaultRules: boolean;
}

/** The rules used when the file gives none: canary FAIL and DRIFT on a critical metric alert every channel. */
export const DEFAULT_RULES: Rule[] = [
  { id: 'canary-fail', source: 'canary', verdicts: ['FAIL'], criticalOnly: true, resolveAfter: 0 },
  { id: 'drift-critical', source: 'drift', verdicts: ['FAIL'], criticalOnly: true, resolveAfter: 0 },
];

/** Outcome of parsing an alerts file: the config, or every problem with the field path that caused it. */
export type AlertsConfigResult = { ok: true; config: AlertsConfig } | { ok: false; errors: Array<{ path: string; message: string }> };

/** Parses a YAML or JSON alerts file (never throws). */
export function parseAlertsConfig(text: string): AlertsConfigResult {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    return { ok: false, errors: [{ path: '(root)', message: `not valid YAML or JSON: ${(e as Error).message.split('\n')[0]}` }] };
  }
  const parsed = FileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.flatMap((i) => {
        const base = i.path.map(String);
        if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ path: [...base, k].join('.'), message: 'unknown field' }));
        return [{ path: base.join('.') || '(root)', message: i.message }];
      }),
    };
  }
  const { channels, rules } = parsed.data;
  const errors: Array<{ path: string; message: string }> = [];
  const names = new Set<string>();
  channels.forEach((c, i) => {
    if (names.has(c.name)) errors.push({ path: `channels.${i}.name`, message: `duplicate channel name '${c.name}'` });
    names.add(c.name);
  });
  const ids = new Set<string>();
  (rules ?? []).forEach((r, i) => {
    if (ids.has(r.id)) errors.push({ path: `rules.${i}.id`, message: `duplicate rule id '${r.id}'` });
    ids.add(r.id);
    (r.channels ?? []).forEach((n, j) => {
      if (!names.has(n)) errors.push({ path: `rules.${i}.channels.${j}`, message: `no channel named '${n}' (have ${[...names].join(', ')})` });
    });
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, config: { channels, rules: rules ?? DEFAULT_RULES, defaultRules: rules === undefined } };
}

/** The channels a rule notifies. */
export function channelsOf(config: AlertsConfig, rule: Rule): Channel[] {
  return rule.channels ? config.channels.filter((c) => rule.channels!.includes(c.name)) : config.channels;
}
