/**
 * Measures the shipped action classifier on a labelled JSONL file.
 *
 *   npx tsx scripts/eval-actions.ts FILE [--errors]
 *
 * FILE holds lines `{"id", "action", "text", "question"?}` (action one of answer, abstain, clarify,
 * refuse, escalate). Prints the accuracy, the confusion matrix (rows expected, columns predicted),
 * accuracy per `style` when lines carry one, the CPU time per classification, and with --errors each
 * misclassified line. Exit 0, or 2 on a bad file.
 */
import { basename } from 'node:path';
import { classifyActionText } from '../src/domain/scoring/classifyActionText.js';
import { evaluateActions, renderConfusion } from '../src/domain/scoring/evaluateActions.js';
import { ACTION_SCORER } from '../src/domain/scoring/scoreAction.js';
import { readLabelledJsonl, type LabelledResponse } from './actionData.js';

function cpuMicrosPerClassification(rows: readonly LabelledResponse[]): number {
  const rounds = Math.max(1, Math.ceil(20_000 / rows.length));
  for (const r of rows) classifyActionText(r.text, r.question); // warm-up
  const start = process.cpuUsage();
  for (let i = 0; i < rounds; i++) for (const r of rows) classifyActionText(r.text, r.question);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / (rounds * rows.length);
}

function main(): number {
  const [file, ...flags] = process.argv.slice(2);
  if (!file) return (process.stderr.write('usage: npx tsx scripts/eval-actions.ts FILE [--errors]\n'), 2);
  let rows: LabelledResponse[];
  try {
    rows = readLabelledJsonl(file, basename(file));
  } catch (err) {
    return (process.stderr.write(`eval-actions: ${err instanceof Error ? err.message : String(err)}\n`), 2);
  }
  if (rows.length === 0) return (process.stderr.write(`eval-actions: ${file} has no lines\n`), 2);
  const decisions = rows.map((r) => classifyActionText(r.text, r.question));
  const e = evaluateActions(rows.map((r, i) => ({ expected: r.action, predicted: decisions[i]!.action })));
  console.log(`${ACTION_SCORER.name}@${ACTION_SCORER.version} on ${file} (${rows.length} responses)\n${renderConfusion(e)}`);
  const styles = new Map<string, { n: number; ok: number }>();
  rows.forEach((r, i) => {
    if (!r.style) return;
    const s = styles.get(r.style) ?? { n: 0, ok: 0 };
    s.n++;
    if (decisions[i]!.action === r.action) s.ok++;
    styles.set(r.style, s);
  });
  for (const [style, s] of styles) console.log(`  style ${style}: ${s.ok}/${s.n} = ${((s.ok / s.n) * 100).toFixed(1)}%`);
  if (flags.includes('--errors')) {
    rows.forEach((r, i) => {
      const d = decisions[i]!;
      if (d.action !== r.action) console.log(`${r.id}\texpected ${r.action}\tgot ${d.action} (${d.reason})\t${JSON.stringify(r.text.slice(0, 200))}`);
    });
  }
  console.log(`cpu per classification: ${cpuMicrosPerClassification(rows).toFixed(1)} µs`);
  return 0;
}

process.exitCode = main();
