import type { Attributes } from '../../../collectors/wireTypes.js';
import { AI_SDK, GEN_AI, LANGFUSE, OPENINFERENCE, TRACELOOP } from './attributeNames.js';
import { messageText, pickFinishReason, pickMessageText, type MessageSide } from './extractMessageText.js';
import { readMaybeJson, readStructured } from './readAttr.js';

/** Captured text of one span; `outputFinishReason` is the finish reason found inside output messages. */
export interface SpanText {
  inputText: string | null;
  outputText: string | null;
  outputFinishReason: string | null;
}

const MAX_INDEXED_MESSAGES = 10_000;

/** Index-0 keys that tell whether a flattened message list is present at all (role, content). */
const OI_INPUT_PROBES = [OPENINFERENCE.inputMessages0Role, OPENINFERENCE.inputMessages0Content] as const;
const OI_OUTPUT_PROBES = [OPENINFERENCE.outputMessages0Role, OPENINFERENCE.outputMessages0Content] as const;
const TL_PROMPT_PROBES = [GEN_AI.prompt0Role, GEN_AI.prompt0Content] as const;
const TL_COMPLETION_PROBES = [GEN_AI.completion0Role, GEN_AI.completion0Content] as const;

/**
 * Flattened indexed messages (`gen_ai.prompt.{i}.role|content`, `llm.input_messages.{i}.message.*`) as a
 * list of `{role, content}`; only called once the index-0 key is known to exist.
 */
function readIndexed(attrs: Attributes, prefix: string, infix: string): { role: unknown; content: unknown }[] {
  const out: { role: unknown; content: unknown }[] = [];
  for (let i = 0; i < MAX_INDEXED_MESSAGES; i++) {
    const base = `${prefix}${i}.${infix}`;
    const role = attrs[`${base}role`];
    let content: unknown = attrs[`${base}content`];
    if (role === undefined && content === undefined) {
      const firstPart = attrs[`${base}contents.0.message_content.text`];
      if (firstPart === undefined) break;
    }
    if (content === undefined || content === null) content = readContents(attrs, `${base}contents.`);
    else if (typeof content === 'string' && content.startsWith('[{')) {
      try {
        content = JSON.parse(content) as unknown;
      } catch {
        // multimodal JSON that does not parse stays plain text
      }
    }
    out.push({ role, content });
  }
  return out;
}

/** OpenInference `message.contents.{j}.message_content.text` parts joined. */
function readContents(attrs: Attributes, prefix: string): string | undefined {
  let out = '';
  for (let j = 0; j < MAX_INDEXED_MESSAGES; j++) {
    const text = attrs[`${prefix}${j}.message_content.text`];
    const type = attrs[`${prefix}${j}.message_content.type`];
    if (text === undefined && type === undefined) break;
    if (typeof text === 'string') out += text;
  }
  return out.length > 0 ? out : undefined;
}

function fromIndexed(
  attrs: Attributes,
  probes: readonly [string, string],
  prefix: string,
  infix: string,
  side: MessageSide,
): string | null {
  if (attrs[probes[0]] === undefined && attrs[probes[1]] === undefined) return null;
  return pickMessageText(readIndexed(attrs, prefix, infix), side);
}

function fromJsonish(attrs: Attributes, key: string, side: MessageSide): string | null {
  const value = readMaybeJson(attrs, key);
  return value === undefined ? null : pickMessageText(value, side);
}

/**
 * Input text (last user message) and output text (final assistant text) by precedence:
 * OTel `gen_ai.input/output.messages` -> OpenInference `llm.*_messages` -> `input/output.value` ->
 * Traceloop `gen_ai.prompt/completion.{i}` -> `traceloop.entity.*` -> AI SDK -> Langfuse.
 * Only these content keys are ever JSON-parsed.
 */
export function extractSpanText(attrs: Attributes, warnings: string[]): SpanText {
  let outputFinishReason: string | null = null;

  let inputText: string | null = null;
  const inputMessages = readStructured(attrs, GEN_AI.inputMessages, warnings);
  if (inputMessages !== undefined) inputText = pickMessageText(inputMessages, 'user');
  inputText ??=
    fromIndexed(attrs, OI_INPUT_PROBES, OPENINFERENCE.inputMessagesPrefix, 'message.', 'user') ??
    fromJsonish(attrs, OPENINFERENCE.inputValue, 'user') ??
    fromIndexed(attrs, TL_PROMPT_PROBES, GEN_AI.promptPrefix, '', 'user') ??
    fromJsonish(attrs, TRACELOOP.entityInput, 'user') ??
    fromJsonish(attrs, AI_SDK.promptMessages, 'user') ??
    fromJsonish(attrs, AI_SDK.prompt, 'user') ??
    fromJsonish(attrs, LANGFUSE.input, 'user');

  let outputText: string | null = null;
  const outputMessages = readStructured(attrs, GEN_AI.outputMessages, warnings);
  if (outputMessages !== undefined) {
    outputText = pickMessageText(outputMessages, 'assistant');
    outputFinishReason = pickFinishReason(outputMessages);
  }
  outputText ??= fromIndexed(attrs, OI_OUTPUT_PROBES, OPENINFERENCE.outputMessagesPrefix, 'message.', 'assistant');
  if (outputText === null && attrs[OPENINFERENCE.outputValue] !== undefined) {
    const outputValue = readMaybeJson(attrs, OPENINFERENCE.outputValue);
    if (outputValue !== undefined) {
      if (typeof outputValue !== 'string') outputFinishReason ??= pickFinishReason(outputValue);
      outputText = pickMessageText(outputValue, 'assistant');
    }
  }
  outputText ??=
    fromIndexed(attrs, TL_COMPLETION_PROBES, GEN_AI.completionPrefix, '', 'assistant') ??
    fromJsonish(attrs, TRACELOOP.entityOutput, 'assistant') ??
    messageText(attrs[AI_SDK.responseText] ?? attrs[AI_SDK.resultText]) ??
    fromJsonish(attrs, LANGFUSE.output, 'assistant');
  return { inputText: unlessRedacted(inputText), outputText: unlessRedacted(outputText), outputFinishReason };
}

/** Placeholders instrumentations write instead of hidden content (OpenInference `OPENINFERENCE_HIDE_*`). */
const REDACTION_MARKERS = new Set(['__REDACTED__', '<redacted>', '[REDACTED]']);

/** Null for a redaction placeholder: redacted content was not captured. */
function unlessRedacted(text: string | null): string | null {
  return text !== null && REDACTION_MARKERS.has(text.trim()) ? null : text;
}
