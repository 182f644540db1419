/**
 * `tracegate simulate`: drives labelled support-bot traffic (baseline + canary cohorts) through the
 * real OpenTelemetry SDK into a collector and writes the ground-truth manifest.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command as CommanderCommand } from 'commander';
import { z } from 'zod';
import type { CliIo, CommandDefinition } from '../cliTypes.js';
import { exitCodes, quietOption } from '../options.js';
import { PRESET_NAMES, planSpanMs, planTraffic, type TrafficInput } from '../../domain/simulate/index.js';
import { runSimulation } from '../../app/simulate/runSimulation.js';

const OptionsSchema = z.object({
  endpoint: z.string({ error: 'is required: --endpoint URL or TRACEGATE_ENDPOINT, e.g. http://localhost:4318' }).url('expected --endpoint URL, e.g. http://localhost:4318'),
  key: z.string().min(1).optional(),
  preset: z.enum(PRESET_NAMES),
  traces: z.coerce.number().int().min(1).max(10_000_000).optional(),
  duration: z.coerce.number().positive().max(7 * 86_400).optional(),
  rate: z.coerce.number().positive().max(100_000),
  baseline: z.string().min(1),
  canary: z.string().min(1),
  canaryShare: z.coerce.number().min(0).max(1),
  unlabelled: z.boolean(),
  seed: z.string().min(1),
  manifest: z.string().min(1).optional(),
  service: z.string().min(1),
  environment: z.string().min(1),
  gzip: z.boolean(),
  content: z.boolean(),
  feedback: z.boolean(),
  pace: z.boolean().optional(),
  quiet: z.boolean(),
}).refine((o) => o.traces === undefined || o.duration === undefined, { message: 'give either --traces or --duration, not both' })
  .refine((o) => o.baseline !== o.canary, { message: '--baseline and --canary must differ' });

/** Validates the options commander parsed (with environment fallbacks) into the simulation options, or says what is wrong. */
function parse(values: Record<string, unknown>, io: CliIo): z.infer<typeof OptionsSchema> | string {
  const parsed = OptionsSchema.safeParse({
    endpoint: values.endpoint ?? io.env.TRACEGATE_ENDPOINT,
    key: values.key ?? (io.env.TRACEGATE_API_KEY || undefined),
    preset: values.preset ?? 'aa',
    traces: values.traces,
    duration: values.duration,
    rate: values.rate ?? '10',
    baseline: values.baseline ?? '1.0.0',
    canary: values.canary ?? '1.1.0',
    canaryShare: values.canaryShare ?? '0.5',
    unlabelled: values.unlabelled ?? false,
    seed: values.seed ?? String(Date.now() % 1_000_000),
    manifest: values.manifest,
    service: values.service ?? 'support-bot',
    environment: values.environment ?? 'production',
    gzip: values.gzip ?? false,
    content: values.content ?? true,
    feedback: values.feedback ?? true,
    pace: values.pace,
    quiet: values.quiet ?? false,
  });
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.') ? `--${i.path.join('.')}: ` : ''}${i.message}`).join('; ');
  return parsed.data;
}

/** Declares the options on commander; values are validated by `parse` (defaults are applied there). */
function declareOptions(cmd: CommanderCommand): void {
  cmd
    .option('--endpoint <url>', 'collector base URL, e.g. http://localhost:4318 (env TRACEGATE_ENDPOINT); required')
    .option('--key <key>', 'API key sent as a Bearer token (env TRACEGATE_API_KEY)')
    .option('--preset <name>', `traffic preset: ${PRESET_NAMES.join(', ')} (default aa)`)
    .option('--traces <n>', 'number of traces (default 100)')
    .option('--duration <s>', 'send rate x S traces in real time instead of --traces')
    .option('--rate <per_s>', 'mean arrival rate, traces per second (default 10)')
    .option('--baseline <v1>', 'baseline release (default 1.0.0)')
    .option('--canary <v2>', 'canary release (default 1.1.0)')
    .option('--canary-share <share>', 'share of traffic on the canary, 0..1 (default 0.5)')
    .option('--unlabelled', 'do not write the tracegate.action attribute (measure action inference)')
    .option('--seed <s>', 'random seed (default: derived from the clock, printed)')
    .option('--manifest <file>', 'write the ground-truth manifest JSON here')
    .option('--service <name>', 'service.name resource attribute (default support-bot)')
    .option('--environment <env>', 'deployment environment (default production)')
    .option('--gzip', 'gzip the export requests')
    .option('--no-content', 'do not record prompts/responses (gen_ai.input/output.messages)')
    .option('--no-feedback', 'do not post the planned end-user feedback')
    .option('--pace', "wait for each trace's planned start (default with --duration)")
    .option('--no-pace', 'send the run at once with timestamps ending now (default with --traces)')
    .addOption(quietOption());
}

/** The `simulate` command. */
export const simulateCommand: CommandDefinition = {
  name: 'simulate',
  summary: 'send simulated, labelled LLM traffic (baseline + canary) to a collector',
  define(cmd, ctx) {
    declareOptions(cmd);
    exitCodes(cmd, { 0: 'everything accepted', 1: 'collector unreachable or something not accepted', 2: 'usage error' });
    ctx.action(cmd, async (_args, values) => {
      const options = parse(values, ctx.io);
      if (typeof options === 'string') return ctx.usageError(cmd, options);
      return simulate(options, ctx.io);
    });
  },
};

/** Runs one simulation and prints its JSON summary; the exit code. */
async function simulate(options: z.infer<typeof OptionsSchema>, io: CliIo): Promise<number> {
  const traces = options.traces ?? (options.duration !== undefined ? Math.max(1, Math.round(options.duration * options.rate)) : 100);
  const pace = options.pace ?? options.duration !== undefined;
  const input: TrafficInput = {
    seed: options.seed, preset: options.preset, baselineRelease: options.baseline, canaryRelease: options.canary,
    canaryShare: options.canaryShare, traces, ratePerS: options.rate, startMs: 0, labelled: !options.unlabelled,
  };
  const plan = planTraffic(input);
  const now = Date.now();
  // Paced runs start now; unpaced runs are placed in the past so they end now.
  const shiftMs = pace ? now + 500 : now - planSpanMs(plan);
  const log = (text: string) => { if (!options.quiet) io.stderr(text); };
  log(`simulate: ${traces} traces, preset ${options.preset}, seed ${options.seed}, ${options.baseline} vs ${options.canary} (canary share ${options.canaryShare}) -> ${options.endpoint}\n`);
  const outcome = await runSimulation({
    endpoint: options.endpoint, plan, shiftMs, pace, captureContent: options.content, serviceName: options.service,
    environment: options.environment, gzip: options.gzip, sendFeedback: options.feedback,
    now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    ...(options.key ? { key: options.key } : {}),
    onProgress: ({ emitted, total, counts }) =>
      log(`simulate: ${emitted}/${total} traces (${Math.floor((100 * emitted) / total)}%), ${counts.settledSpans}/${counts.sentSpans} spans exported, ${counts.failedSpans} failed, ${counts.rejectedSpans} rejected\n`),
  });
  if (outcome.kind !== 'done') {
    io.stderr(`tracegate simulate: ${outcome.message}\n`);
    return 1;
  }
  if (options.manifest) writeFileSync(resolve(io.cwd, options.manifest), `${JSON.stringify(outcome.manifest, null, 1)}\n`);
  const { counts, feedback } = outcome;
  io.stdout(`${JSON.stringify({
    traces: outcome.manifest.traces.length, spans: counts.sentSpans, failedSpans: counts.failedSpans, rejectedSpans: counts.rejectedSpans,
    feedbackSent: feedback.sent, feedbackFailed: feedback.failed, manifest: options.manifest ?? null, allAccepted: outcome.allAccepted,
  })}\n`);
  if (!outcome.allAccepted) {
    io.stderr(`tracegate simulate: the collector did not accept everything: ${counts.failedSpans} spans failed, ${counts.rejectedSpans} rejected, ${feedback.failed} feedback failed\n`);
    for (const e of [...counts.errors, ...feedback.errors]) io.stderr(`  ${e}\n`);
    return 1;
  }
  return 0;
}
