/**
 * `tracegate actions classify FILE`: reads JSONL lines `{"id", "text", "question"?}` (FILE `-` is
 * stdin) and prints one JSON line per input: `{"id", "action", "scorer": "action@N", "reason"}`.
 * Exit 0, or 2 on bad usage or a malformed line (named by line number, on stderr).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { classifyActionText } from '../../domain/scoring/classifyActionText.js';
import { ACTION_SCORER } from '../../domain/scoring/scoreAction.js';
import { scorerId } from '../../domain/scoring/types.js';
import type { CliIo, CommandDefinition } from '../cliTypes.js';
import { exitCodes } from '../options.js';

const LineSchema = z.object({ id: z.union([z.string(), z.number()]), text: z.string(), question: z.string().nullable().optional() });

export const actionsCommand: CommandDefinition = {
  name: 'actions',
  summary: 'actions classify FILE: the action (answer/abstain/clarify/refuse/escalate) of each JSONL response',
  define(cmd, ctx) {
    ctx.requireSubcommand(cmd);
    exitCodes(cmd, { 0: 'done', 2: 'usage error or bad input' });
    const classify = cmd
      .command('classify')
      .description('print one JSON line {"id", "action", "scorer", "reason"} per input line {"id", "text", "question"?}')
      .argument('<file>', 'JSONL file of responses; - reads stdin');
    exitCodes(classify, { 0: 'classified', 2: 'unreadable file or a malformed line (named by line number)' });
    ctx.action(classify, async ([file]) => classifyFile(file!, ctx.io));
  },
};

/** Classifies every line of `file` and prints the results; the exit code. */
async function classifyFile(file: string, io: CliIo): Promise<number> {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : resolve(io.cwd, file), 'utf8');
  } catch (err) {
    return (io.stderr(`tracegate actions: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}\n`), 2);
  }
  const scorer = scorerId(ACTION_SCORER);
  const out: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let parsed;
    try {
      parsed = LineSchema.safeParse(JSON.parse(line));
    } catch {
      return (io.stderr(`tracegate actions: line ${i + 1}: not JSON\n`), 2);
    }
    if (!parsed.success) return (io.stderr(`tracegate actions: line ${i + 1}: expected {"id", "text", "question"?}: ${parsed.error.issues[0]?.message}\n`), 2);
    const d = classifyActionText(parsed.data.text, parsed.data.question ?? null);
    out.push(JSON.stringify({ id: parsed.data.id, action: d.action, scorer, reason: d.reason }));
  }
  if (out.length) io.stdout(`${out.join('\n')}\n`);
  return 0;
}
