/**
 * `tracegate review list|show|approve|reject`: the review queue from the command line.
 * Exit codes: 0 done, 1 not found, 2 bad input, 3 conflict (someone else decided first).
 */
import type { Command as CommanderCommand } from 'commander';
import { approveReviewItem, findMatchesForItem, rejectReviewItem } from '../../app/review/decideReviewItem.js';
import { REVIEW_STATUSES, type ReviewStatus } from '../../app/review/PromotionPort.js';
import { AppError } from '../../app/AppError.js';
import { ActionSchema, CaseTierSchema, EvidenceRegimeSchema, RiskTierSchema } from '../../domain/cases/CaseSchema.js';
import { toAuditJson, toReviewItemJson } from '../../http/reviewJson.js';
import { toTraceSummaryJson } from '../../http/traceJson.js';
import type { CliIo, CommandDefinition } from '../cliTypes.js';
import { collect, databaseUrlOption, exitCodes, jsonOption, projectOption, wholeNumber } from '../options.js';
import { withReviewDeps } from '../withReviewDeps.js';
import { reviewLabelsOf } from './reviewLabels.js';

type Verb = 'list' | 'show' | 'approve' | 'reject';

/** What every verb runs with, from its argument and options. */
interface Args {
  id: string; status: ReviewStatus | undefined; limit: number; json: boolean; version: number | undefined;
  labels: ReturnType<typeof reviewLabelsOf>; reason: string; reviewer: string; databaseUrl?: unknown; project?: unknown;
}

const CODES = { 0: 'done', 1: 'not found', 2: 'bad input', 3: 'conflict: the item was decided or changed by someone else (see --version)' };

/** `--json`, `--project`, `--database-url` and the exit codes of a verb. */
function common(cmd: CommanderCommand, json: string): CommanderCommand {
  cmd.addOption(jsonOption(json)).addOption(projectOption()).addOption(databaseUrlOption());
  return exitCodes(cmd, CODES);
}

/** `--version N`: the item version the decision was made on (a concurrent change is a conflict, exit 3). */
const versionOption = (cmd: CommanderCommand) =>
  cmd.option('--version <n>', 'the item version seen by the reviewer: if the item changed since, nothing is decided (exit 3)', wholeNumber(1));

function argsOf(id: string | undefined, o: Record<string, unknown>): Args {
  return {
    id: id ?? '', status: o.status as ReviewStatus | undefined, limit: (o.limit as number | undefined) ?? 100, json: o.json === true,
    version: o.version as number | undefined, labels: reviewLabelsOf(o), reason: (o.reason as string | undefined) ?? '',
    reviewer: (o.reviewer as string | undefined) ?? '', databaseUrl: o.databaseUrl, project: o.project,
  };
}

function printItemLine(io: CliIo, i: ReturnType<typeof toReviewItemJson>): void {
  const kinds = [...new Set(i.signals.map((s) => s.kind))].join(',');
  io.stdout(`${i.id}  ${i.status.padEnd(8)}  p${String(i.priority).padStart(3)}  ${i.traceId}  ${kinds}${i.caseId ? `  -> ${i.caseId}` : ''}\n`);
}

async function run(verb: Verb, a: Args, io: CliIo): Promise<number> {
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

export const reviewCommand: CommandDefinition = {
  name: 'review',
  summary: 'review list|show|approve|reject: the review queue of flagged traces',
  define(cmd, ctx) {
    const { io } = ctx;
    ctx.requireSubcommand(cmd);
    exitCodes(cmd, CODES);
    const verb = (c: CommanderCommand, name: Verb, check?: (o: Record<string, unknown>) => string | null) =>
      ctx.action(c, async ([id], o) => {
        const problem = check?.(o) ?? null;
        return problem ? ctx.usageError(c, problem) : run(name, argsOf(id, o), io);
      });

    const list = cmd
      .command('list')
      .description('the review items, highest priority first: id, status, priority, trace, signal kinds (and the case of an approved item)')
      .option('--status <status>', `only items with this status: ${REVIEW_STATUSES.join(', ')} (default: all)`)
      .option('--limit <n>', 'at most N items, 1..1000', wholeNumber(1, 1000), 100);
    common(list, 'print an array of items, each with id, traceId, status, priority, signals, ...');
    verb(list, 'list', (o) => (o.status === undefined || (REVIEW_STATUSES as readonly unknown[]).includes(o.status) ? null : `--status must be one of ${REVIEW_STATUSES.join(', ')}`));

    const show = cmd.command('show').description('one item: its trace, signals, near-duplicate cases and audit log').argument('<id>', 'the review item');
    verb(common(show, 'print the item with its trace summary, near-duplicates and audit log'), 'show');

    const approve = cmd
      .command('approve')
      .description("approve an item: its trace becomes a redacted regression case with the reviewer's labels (a near-duplicate is linked to the existing case instead)")
      .argument('<id>', 'the review item');
    declareLabelOptions(approve);
    versionOption(approve);
    common(approve, 'print the item, the near-duplicate it was linked to (or null) and the redaction report');
    verb(approve, 'approve', (o) => {
      const missing = (['action', 'bucket', 'riskTier', 'reviewer'] as const).filter((k) => o[k] === undefined);
      return missing.length > 0 ? `review approve needs ${missing.map((m) => `--${m === 'riskTier' ? 'risk-tier' : m}`).join(', ')}` : null;
    });

    const reject = cmd
      .command('reject')
      .description('reject an item (kept in the audit log; no case is made)')
      .argument('<id>', 'the review item')
      .option('--reason <text>', 'why (required)')
      .option('--reviewer <name>', 'who rejects it (required)');
    versionOption(reject);
    common(reject, 'print the item');
    verb(reject, 'reject', (o) => (o.reason === undefined || o.reviewer === undefined ? 'review reject needs --reason TEXT and --reviewer NAME' : null));
  },
};

/** The reviewer's labels of `review approve` (see docs/promotion.md for their meaning). */
function declareLabelOptions(cmd: CommanderCommand): void {
  cmd
    .option('--action <a>', `the expected action: ${ActionSchema.options.join(', ')} (required)`)
    .option('--bucket <b>', 'the bucket (failure family) of the case (required)')
    .option('--risk-tier <t>', `${RiskTierSchema.options.join(', ')} (required)`)
    .option('--reviewer <name>', 'who approves it (required)')
    .option('--evidence-regime <r>', `what the answer may rest on: ${EvidenceRegimeSchema.options.join(', ')}`)
    .option('--tag <t>', 'a tag (repeatable)', collect)
    .option('--reference-answer <text>', 'a good answer')
    .option('--required-fact <f>', 'a fact the answer must state (repeatable)', collect)
    .option('--forbidden-claim <c>', 'a claim the answer must not make (repeatable)', collect)
    .option('--required-citation <id>', 'a document the answer must cite (repeatable)', collect)
    .option('--required-tool <name>', 'a tool the app must call (repeatable)', collect)
    .option('--tier <tier>', `dataset tier: ${CaseTierSchema.options.join(' or ')} (trusted gates releases; default trusted)`)
    .option('--owner <name>', 'owner of the case')
    .option('--notes <text>', 'reviewer notes');
}
