/** `tracegate flag TRACE_ID --reason TEXT [--reviewer NAME] [--json]`: flags a trace for review (manual signal). */
import { flagTrace } from '../../app/review/flagTrace.js';
import type { CommandDefinition } from '../cliTypes.js';
import { databaseUrlOption, exitCodes, jsonOption, projectOption } from '../options.js';
import { withReviewDeps } from '../withReviewDeps.js';

const TRACE_ID = /^[0-9a-fA-F]{32}$/;

export const flagCommand: CommandDefinition = {
  name: 'flag',
  summary: 'flag TRACE_ID --reason TEXT: put a trace on the review queue',
  define(cmd, ctx) {
    cmd
      .description('put a trace on the review queue with a manual signal (one review item per trace: signals merge)')
      .argument('<trace_id>', 'the trace (32 hex characters)')
      .option('--reason <text>', 'why the trace is flagged (required)')
      .option('--reviewer <name>', 'who flags it (default: $USER, else cli)')
      .addOption(jsonOption('print {"flagId", "created", "reviewItem": {"id", "traceId", "status", "priority"}}'))
      .addOption(projectOption())
      .addOption(databaseUrlOption());
    exitCodes(cmd, { 0: 'flagged', 1: 'trace not found', 2: 'bad input' });
    ctx.action(cmd, async ([traceId], o) => {
      const { io } = ctx;
      if (!TRACE_ID.test(traceId!)) return ctx.usageError(cmd, 'exactly one TRACE_ID (32 hex characters) is required');
      const reason = o.reason as string | undefined;
      if (!reason?.trim()) return ctx.usageError(cmd, '--reason TEXT is required');
      return withReviewDeps(io, 'flag', o, async (deps, projectId) => {
        const actor = (o.reviewer as string | undefined) ?? io.env.USER ?? 'cli';
        const out = await flagTrace(deps, { projectId, traceId: traceId!, signal: { kind: 'manual', source: actor, reason }, actor });
        if (o.json === true) io.stdout(`${JSON.stringify({ flagId: out.flagId, created: out.created, reviewItem: { id: out.item.id, traceId: out.item.traceId, status: out.item.status, priority: out.item.priority } })}\n`);
        else io.stdout(`flagged ${out.item.traceId}: review item ${out.item.id} (${out.created ? 'new' : 'signal added'}, priority ${out.item.priority})\n`);
        return 0;
      });
    });
  },
};
