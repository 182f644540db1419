/** `tracegate flag TRACE_ID --reason TEXT [--reviewer NAME]`: flags a trace for review (manual signal). */
import { parseArgs } from 'node:util';
import { flagTrace } from '../../app/review/flagTrace.js';
import type { Command } from '../cliTypes.js';
import { DB_OPTIONS, parseOrMessage, withReviewDeps } from '../withReviewDeps.js';

const USAGE = 'usage: tracegate flag TRACE_ID --reason TEXT [--reviewer NAME] [--json] [--project NAME] [--database-url URL]\n';

function parseFlagArgs(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { reason: { type: 'string' }, reviewer: { type: 'string' }, json: { type: 'boolean' }, ...DB_OPTIONS },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1 || !/^[0-9a-fA-F]{32}$/.test(positionals[0]!)) throw new Error('exactly one TRACE_ID (32 hex characters) is required');
  if (!values.reason?.trim()) throw new Error('--reason TEXT is required');
  return { traceId: positionals[0]!, reason: values.reason, reviewer: values.reviewer, json: values.json ?? false, databaseUrl: values['database-url'], project: values.project };
}

export const flagCommand: Command = {
  name: 'flag',
  summary: 'flag TRACE_ID --reason TEXT: put a trace on the review queue',
  async run(argv, io) {
    const parsed = parseOrMessage(() => parseFlagArgs(argv));
    if (!parsed.ok) {
      io.stderr(`tracegate flag: ${parsed.message}\n${USAGE}`);
      return 2;
    }
    const a = parsed.value;
    return withReviewDeps(io, 'flag', a, async (deps, projectId) => {
      const actor = a.reviewer ?? io.env.USER ?? 'cli';
      const out = await flagTrace(deps, { projectId, traceId: a.traceId, signal: { kind: 'manual', source: actor, reason: a.reason }, actor });
      if (a.json) io.stdout(`${JSON.stringify({ flagId: out.flagId, created: out.created, reviewItem: { id: out.item.id, traceId: out.item.traceId, status: out.item.status, priority: out.item.priority } })}\n`);
      else io.stdout(`flagged ${out.item.traceId}: review item ${out.item.id} (${out.created ? 'new' : 'signal added'}, priority ${out.item.priority})\n`);
      return 0;
    });
  },
};
