/** Service configuration: parsed once from environment and flags, validated, frozen. */
import { z } from 'zod';
import { redactionRulesFrom } from './app/review/redactionRulesFrom.js';

const MiB = 1024 * 1024;

export const ConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(4318),
  /** OTLP/gRPC port (traces, logs, metrics); 0 turns the gRPC receiver off. */
  grpcPort: z.coerce.number().int().min(0).max(65535).default(4317),
  host: z.string().min(1).default('0.0.0.0'),
  databaseUrl: z.string().min(1).default('file:./tracegate.db'),
  /** Largest accepted request body in bytes, counted on the wire and after decompression. */
  maxBodyBytes: z.coerce.number().int().min(1024).default(64 * MiB),
  /** Spans waiting for a commit before new requests get 503 + Retry-After. */
  maxQueueSpans: z.coerce.number().int().min(1).default(50_000),
  /** OTLP requests being read or decoded at once before new ones get 503. */
  maxInflightRequests: z.coerce.number().int().min(1).default(32),
  /** Most spans one group commit writes; also the slice a large request is decoded and queued in. */
  maxCommitSpans: z.coerce.number().int().min(1).default(8192),
  /** Spans of one project waiting for a commit (its share of maxQueueSpans). */
  maxProjectQueueSpans: z.coerce.number().int().min(1).default(25_000),
  /** OTLP requests of one project being read or decoded at once before its new ones get 429. */
  maxInflightRequestsPerProject: z.coerce.number().int().min(1).default(16),
  /** Request body bytes held in memory by requests being read or decoded (JSON counts 4x) before new ones get 503. */
  maxInflightBytes: z.coerce.number().int().min(1024).default(128 * MiB),
  /** Milliseconds a request body may take to arrive (408 past it). */
  bodyTimeoutMs: z.coerce.number().int().min(100).default(30_000),
  /** Slowest average body rate accepted after the first 5 s, in bytes per second (408 below it); 0 disables. */
  bodyMinBytesPerSecond: z.coerce.number().int().min(0).default(16_384),
  logLevel: z.enum(['silent', 'error', 'info', 'debug']).default('info'),
  /** Extra redaction patterns for promoted cases: JSON `[{"type": "EMPLOYEE_ID", "pattern": "EMP-\\d{6}"}]`. */
  redactionPatterns: z.string().default('').superRefine((value, ctx) => {
    try {
      redactionRulesFrom(value);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
  }),
});

/** Validated configuration. */
export type Config = Readonly<z.infer<typeof ConfigSchema>>;

/** Config key -> environment variable names (read by loadConfig, listed by `tracegate serve --help`). */
export const ENV_KEYS: Record<keyof z.infer<typeof ConfigSchema>, string[]> = {
  port: ['TRACEGATE_PORT'],
  grpcPort: ['TRACEGATE_GRPC_PORT'],
  host: ['TRACEGATE_HOST'],
  databaseUrl: ['DATABASE_URL'],
  maxBodyBytes: ['TRACEGATE_MAX_BODY_BYTES'],
  maxQueueSpans: ['TRACEGATE_MAX_QUEUE_SPANS'],
  maxInflightRequests: ['TRACEGATE_MAX_INFLIGHT_REQUESTS'],
  maxCommitSpans: ['TRACEGATE_MAX_COMMIT_SPANS'],
  maxProjectQueueSpans: ['TRACEGATE_MAX_PROJECT_QUEUE_SPANS'],
  maxInflightRequestsPerProject: ['TRACEGATE_MAX_INFLIGHT_REQUESTS_PER_PROJECT'],
  maxInflightBytes: ['TRACEGATE_MAX_INFLIGHT_BYTES'],
  bodyTimeoutMs: ['TRACEGATE_BODY_TIMEOUT_MS'],
  bodyMinBytesPerSecond: ['TRACEGATE_BODY_MIN_BYTES_PER_SECOND'],
  logLevel: ['TRACEGATE_LOG_LEVEL'],
  redactionPatterns: ['TRACEGATE_REDACTION_PATTERNS'],
};

/** Command-line flag -> config key. */
export const FLAGS: Record<string, keyof z.infer<typeof ConfigSchema>> = {
  '--port': 'port',
  '--grpc-port': 'grpcPort',
  '--host': 'host',
  '--database-url': 'databaseUrl',
  '--max-body-bytes': 'maxBodyBytes',
  '--max-queue-spans': 'maxQueueSpans',
  '--max-inflight-requests': 'maxInflightRequests',
  '--max-commit-spans': 'maxCommitSpans',
  '--max-project-queue-spans': 'maxProjectQueueSpans',
  '--max-inflight-requests-per-project': 'maxInflightRequestsPerProject',
  '--max-inflight-bytes': 'maxInflightBytes',
  '--body-timeout-ms': 'bodyTimeoutMs',
  '--body-min-bytes-per-second': 'bodyMinBytesPerSecond',
  '--log-level': 'logLevel',
  '--redaction-patterns': 'redactionPatterns',
};

/** Outcome of parsing configuration: a frozen config or one message naming every bad setting. */
export type ConfigResult = { ok: true; config: Config } | { ok: false; message: string };

/** Parses flags (`--port 5000` or `--port=5000`; flags win) and environment into a Config. */
export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ConfigResult {
  const raw: Record<string, string> = {};
  for (const [key, names] of Object.entries(ENV_KEYS)) {
    for (const name of names) {
      const value = env[name];
      if (value !== undefined && value !== '') raw[key] = value;
    }
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const key = FLAGS[flag];
    if (!key) return { ok: false, message: `unknown option '${flag}' (known: ${Object.keys(FLAGS).join(', ')})` };
    const value = inline ?? argv[++i];
    if (value === undefined) return { ok: false, message: `option '${flag}' needs a value` };
    raw[key] = value;
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const message = parsed.error.issues
      .map((issue) => {
        const key = String(issue.path[0]);
        const sources = [...(ENV_KEYS[key as keyof typeof ENV_KEYS] ?? []), Object.keys(FLAGS).find((f) => FLAGS[f] === key)];
        return `${sources.filter(Boolean).join(' / ')}: ${issue.message} (got ${JSON.stringify(raw[key])})`;
      })
      .join('; ');
    return { ok: false, message: `invalid configuration: ${message}` };
  }
  return { ok: true, config: Object.freeze(parsed.data) };
}
