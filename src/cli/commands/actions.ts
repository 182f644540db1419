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
import type { Command } from '../cliTypes.js';

const USAGE = 'usage: tracegate actions classify FILE   (JSONL: {"id": ..., "text": ..., "question"?: ...}; FILE - reads stdin)\n';
const LineSchema = z.object({ id: z.union([z.string(), z.number()]), text: z.string(), question: z.string().nullable().optional() });

/** Parses the arguments: the verb and the file. */
export function parseActionsArgs(argv: string[]): { file: string } | { error: string } {
  const [verb, file, ...extra] = argv;
  if (verb !== 'classify') return { error: `expected classify, got ${JSON.stringify(verb ?? '')}` };
  if (!file) return { error: 'classify needs a FILE' };
  if (extra.length > 0) return { error: `unexpected argument ${JSON.stringify(extra[0])}` };
  return { file };
}

export const actionsCommand: Command = {
  name: 'actions',
  summary: 'actions classify FILE: the action (answer/abstain/clarify/refuse/escalate) of each JSONL response',
  async run(argv, io) {
    const args = parseActionsArgs(argv);
    if ('error' in args) return (io.stderr(`tracegate actions: ${args.error}\n${USAGE}`), 2);
    let text: string;
    try {
      text = readFileSync(args.file === '-' ? 0 : resolve(io.cwd, args.file), 'utf8');
    } catch (err) {
      return (io.stderr(`tracegate actions: cannot read ${args.file}: ${err instanceof Error ? err.message : String(err)}\n`), 2);
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
  },
};
