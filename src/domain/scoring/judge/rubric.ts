/**
 * Judge rubrics: versioned YAML files (id, version, prompt template, output schema, scale). The prompt
 * template fills `{{question}}`, `{{answer}}` and `{{retrieved}}`; the judge must reply with a JSON
 * object `{"label": <one of scale.labels>, "score": <number in scale.min..max>, "explanation": "..."}`.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const RubricSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'expected a lower-case id such as answer-quality'),
  version: z.number().int().min(1),
  prompt: z.string().min(1).refine((p) => p.includes('{{answer}}'), 'the prompt must contain {{answer}}'),
  output: z.object({
    /** Labels the judge may give; the first `pass` labels count as passing. */
    labels: z.array(z.string().min(1)).min(2),
    pass: z.array(z.string().min(1)).min(1),
  }),
  scale: z.object({ min: z.number(), max: z.number() }).refine((s) => s.max > s.min, 'scale.max must exceed scale.min'),
}).strict().refine((r) => r.output.pass.every((l) => r.output.labels.includes(l)), { message: 'output.pass must be a subset of output.labels' });
export type Rubric = z.infer<typeof RubricSchema>;

/** The rubric used when none is configured. */
export const DEFAULT_RUBRIC: Rubric = {
  id: 'answer-quality',
  version: 1,
  prompt: [
    'You grade one reply of a customer-support assistant.',
    'Question: {{question}}',
    'Retrieved documents: {{retrieved}}',
    'Reply: {{answer}}',
    'Is the reply correct, grounded in the documents when there are any, and helpful?',
    'Answer with JSON only: {"label": "good" | "bad", "score": 1-5, "explanation": "one sentence"}',
  ].join('\n'),
  output: { labels: ['good', 'bad'], pass: ['good'] },
  scale: { min: 1, max: 5 },
};

/** `id@version`. */
export const rubricKey = (r: Pick<Rubric, 'id' | 'version'>) => `${r.id}@${r.version}`;

/** Fills the template; missing parts become `(none)`. */
export function renderJudgePrompt(rubric: Rubric, parts: { question: string | null; answer: string; retrieved: string | null }): string {
  return rubric.prompt
    .replaceAll('{{question}}', parts.question ?? '(none)')
    .replaceAll('{{answer}}', parts.answer)
    .replaceAll('{{retrieved}}', parts.retrieved ?? '(none)');
}

/** sha256 hex of (model, rubric id@version, prompt): the stored prompt hash. */
export function hashPrompt(model: string, rubric: Rubric, prompt: string): string {
  return createHash('sha256').update(`${model}\n${rubricKey(rubric)}\n${prompt}`).digest('hex');
}

const ReplySchema = z.object({ label: z.string(), score: z.number().optional().nullable(), explanation: z.string().optional().nullable() });

/** A parsed judge reply, or why it could not be used. */
export type JudgeVerdict = { ok: true; label: string; score: number | null; explanation: string } | { ok: false; error: string };

/** Parses and validates the judge's reply (JSON, possibly fenced or surrounded by text). */
export function parseJudgeReply(rubric: Rubric, content: string): JudgeVerdict {
  const match = /\{[\s\S]*\}/.exec(content);
  if (!match) return { ok: false, error: 'malformed_reply: no JSON object in the reply' };
  let raw: unknown;
  try {
    raw = JSON.parse(match[0]);
  } catch {
    return { ok: false, error: 'malformed_reply: the JSON object does not parse' };
  }
  const parsed = ReplySchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: `malformed_reply: expected {label, score?, explanation?}` };
  const { label, score, explanation } = parsed.data;
  if (!rubric.output.labels.includes(label)) return { ok: false, error: `malformed_reply: label ${JSON.stringify(label.slice(0, 40))} is not one of ${rubric.output.labels.join(', ')}` };
  if (score != null && (score < rubric.scale.min || score > rubric.scale.max)) return { ok: false, error: `malformed_reply: score ${score} outside ${rubric.scale.min}..${rubric.scale.max}` };
  return { ok: true, label, score: score ?? null, explanation: explanation ?? '' };
}
