/**
 * `tracegate review list|show|approve|reject`: the review queue from the command line.
 * Exit codes: 0 done, 1 not found, 2 bad input, 3 conflict (someone else decided first).
 */
import { parseArgs } from 'node:util';
import { approveReviewItem, findMatchesForItem, rejectReviewItem } from '../../app/review/decideReviewItem.js';
import { REVIEW_STATUSES, type ReviewStatus } from '../../app/review/PromotionPort.js';
import { AppError } from '../../app/AppError.js';
import { toAuditJson, toReviewItemJson } from '../../http/reviewJson.js';
import { toTraceSummaryJson } from '../../http/traceJson.js';
import type { CliIo, Command } from '../cliTypes.js';
import { DB_OPTIONS, parseOrMessage, withReviewDeps } from '../withReviewDeps.js';

const USAGE = `usage:
  tracegate review list [--status open|approved|rejected] [--limit N] [--json]
  tracegate review show ID [--json]
  tracegate review approve ID --action A --bucket B --risk-tier T --reviewer NAME [--evidence-regime R] [--tag T]...
      [--reference-answer TEXT] [--required-fact F]... [--forbidden-claim C]... [--required-citation ID]...
      [--required-tool NAME]... [--tier trusted|monitoring] [--owner NAME] [--notes TEXT] [--version N] [--json]
  tracegate review reject ID --reason TEXT --reviewer NAME [--version N] [--json]
  (all take --project NAME (default: default) and --database-url URL (default: DATABASE_URL))
exit codes: 0 done, 1 not found, 2 bad input, 3 conflict (the item was decided or changed by someone else)
`;

const many = { type: 'string', multiple: true } as const;

/** Argument parsing of every verb, in one place. */
function parseReviewArgs(verb: string, argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      status: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' },
      action: { type: 'string' }, bucket: { type: 'string' }, 'risk-tier': { type: 'string' }, reviewer: { type: 'string' },
      'evidence-regime': { type: 'string' }, tag: many, 'reference-answer': { type: 'string' }, 'required-fact': many,
      'forbidden-claim': many, 'required-citation': many, 'required-tool': many, tier: { type: 'string' },
      owner: { type: 'string' }, notes: { type: 'string' }, reason: { type: 'string' }, version: { type: 'string' },
      ...DB_OPTIONS,
    },
    allowPositionals: true,
    strict: true,
  });
  if (verb !== 'list' && positionals.length !== 1) throw new Error(`review ${verb} needs exactly one ID`);
  if (verb === 'list' && positionals.length > 0) throw new Error('review list takes no positional arguments');
  if (values.status !== undefined && !(REVIEW_STATUSES as readonly string[]).includes(values.status)) throw new Error(`--status must be one of ${REVIEW_STATUSES.join(', ')}`);
  const limit = values.limit === undefined ? 100 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new Error('--limit must be an integer 1..1000');
  const version = values.version === undefined ? undefined : Number(values.version);
  if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw new Error('--version must be a positive integer');
  const labels = {
    action: values.action, bucket: values.bucket, riskTier: values['risk-tier'], reviewer: values.reviewer,
    ...(values['evidence-regime'] !== undefined ? { evidenceRegime: values['evidence-regime'] } : {}),
    tags: values.tag ?? [],
    ...(values['reference-answer'] !== undefined ? { referenceAnswer: values['reference-answer'] } : {}),
    requiredFacts: values['required-fact'] ?? [], forbiddenClaims: values['forbidden-claim'] ?? [],
    requiredCitations: values['required-citation'] ?? [], requiredTools: values['required-tool'] ?? [],
    tier: values.tier ?? 'trusted',
    ...(values.owner !== undefined ? { owner: values.owner } : {}),
    ...(values.notes !== undefined ? { notes: values.notes } : {}),
  };
  if (verb === 'approve') {
    const missing = (['action', 'bucket', 'risk-tier', 'reviewer'] as const).filter((k) => values[k] === undefined);
    if (missing.length > 0) throw new Error(`review approve needs ${missing.map((m) => `--${m}`).join(', ')}`);
  }
  if (verb === 'reject' && (values.reason === undefined || values.reviewer === undefined)) throw new Error('review reject needs --reason TEXT and --reviewer NAME');
  return {
    id: positionals[0] ?? '', status: values.status as ReviewStatus | undefined, limit, json: values.json ?? false, version,
    labels, reason: values.reason ?? '', reviewer: values.reviewer ?? '', databaseUrl: values['database-url'], project: values.project,
  };
}

type Args = ReturnType<typeof parseReviewArgs>;

function printItemLine(io: CliIo, i: ReturnType<typeof toReviewItemJson>): void {
  const kinds = [...new Set(i.signals.map((s) => s.kind))].join(',');
  io.stdout(`${i.id}  ${i.status.padEnd(8)}  p${String(i.priority).padStart(3)}  ${i.traceId}  ${kinds}${i.caseId ? `  -> ${i.caseId}` : ''}\n`);
}

async function run(verb: string, a: Args, io: CliIo): Promise<number> {
  return withReviewDeps(io, `review ${verb}`, a, async (deps, projectId) => {
    if (verb === 'list') {
      const items = (await deps.promotion.listReviewItems(projectId, { status: a.status, limit: a.limit })).map(toReviewItemJson);
      if (a.json) io.stdout(`${JSON.stringify(items)}\n`);
      else if (items.length === 0) io.stdout('no review items\n');
      else for (const i of items) printItemLine(io, i);
      return 0;
    }
    if (verb === 'show') {
      const item = await deps.promotion.getReviewItem(projectId, a.id);
      if (!item) throw new AppError('NOT_FOUND', `review item ${a.id} not found`);
      const trace = await deps.spans.getTrace(projectId, item.traceId);
      const matches = await findMatchesForItem(deps, item);
      const audit = (await deps.promotion.listAudit(projectId, item.id)).map(toAuditJson);
      const json = { ...toReviewItemJson(item), trace: trace ? toTraceSummaryJson(trace.trace) : null, nearDuplicates: matches, audit };
      if (a.json) {
        io.stdout(`${JSON.stringify(json, null, 2)}\n`);
        return 0;
      }
      printItemLine(io, json);
      if (trace) io.stdout(`trace: ${trace.trace.serviceName ?? '?'} ${trace.trace.release ?? ''} action=${trace.trace.action ?? 'unknown'}\n  input:  ${trace.trace.inputText ?? '(not captured)'}\n  output: ${trace.trace.outputText ?? '(not captured)'}\n`);
      io.stdout('signals:\n');
      for (const s of json.signals) io.stdout(`  - ${s.kind} (${s.strength}) by ${s.source}: ${s.reason}\n`);
      io.stdout(matches.length === 0 ? 'near-duplicates: none\n' : `near-duplicates (approving links to the first):\n${matches.map((m) => `  - ${m.caseId} (similarity ${m.similarity})`).join('\n')}\n`);
      io.stdout('audit:\n');
      for (const e of audit) io.stdout(`  - ${e.at} ${e.actor} ${e.action}\n`);
      return 0;
    }
    if (verb === 'approve') {
      const out = await approveReviewItem(deps, { projectId, id: a.id, labels: a.labels as never, expectedVersion: a.version });
      if (a.json) io.stdout(`${JSON.stringify({ ...toReviewItemJson(out.item), duplicateOfMatch: out.duplicateOf, redaction: out.redaction })}\n`);
      else if (out.duplicateOf) io.stdout(`approved ${a.id}: near-duplicate of case ${out.duplicateOf.caseId} (similarity ${out.duplicateOf.similarity}); linked, no new case\n`);
      else io.stdout(`approved ${a.id}: case ${out.caseId} (${out.redaction.total} values redacted${out.redaction.total > 0 ? `: ${Object.entries(out.redaction.counts).map(([k, v]) => `${k} ${v}`).join(', ')}` : ''})\n`);
      return 0;
    }
    const item = await rejectReviewItem(deps, { projectId, id: a.id, reason: a.reason, reviewer: a.reviewer, expectedVersion: a.version });
    if (a.json) io.stdout(`${JSON.stringify(toReviewItemJson(item))}\n`);
    else io.stdout(`rejected ${a.id}\n`);
    return 0;
  });
}

export const reviewCommand: Command = {
  name: 'review',
  summary: 'review list|show|approve|reject: the review queue of flagged traces',
  async run(argv, io) {
    const [verb, ...rest] = argv;
    if (verb === '--help' || verb === '-h') {
      io.stdout(USAGE);
      return 0;
    }
    if (!verb || !['list', 'show', 'approve', 'reject'].includes(verb)) {
      io.stderr(`tracegate review: ${verb ? `unknown verb "${verb}"` : 'a verb is required'}\n${USAGE}`);
      return 2;
    }
    const parsed = parseOrMessage(() => parseReviewArgs(verb, rest));
    if (!parsed.ok) {
      io.stderr(`tracegate review: ${parsed.message}\n${USAGE}`);
      return 2;
    }
    return run(verb, parsed.value, io);
  },
};
