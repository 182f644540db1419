import type { AttrValue, Attributes, WireLogRecord } from '../../../collectors/wireTypes.js';
import { GEN_AI, GEN_AI_EVENTS, GENERAL } from './attributeNames.js';
import { messageText, pickFinishReason, pickMessageText } from './extractMessageText.js';
import { nanosToMs } from './nanosToMs.js';
import type { SpanContentInput } from './types.js';

function isRecord(value: unknown): value is Record<string, AttrValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseStructured(value: AttrValue | undefined): unknown {
  if (typeof value !== 'string') return value ?? undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** `gen_ai.input.messages` / `gen_ai.output.messages` of an operation-details event (attributes, else body). */
function detailsMessages(record: WireLogRecord, key: string): unknown {
  const fromAttrs = parseStructured(record.attributes[key]);
  if (fromAttrs !== undefined) return fromAttrs;
  return isRecord(record.body) ? parseStructured(record.body[key]) : undefined;
}

/**
 * Every content record one GenAI log event yields (0, 1, or 2 for an operation-details event that carries
 * both input and output messages). Old per-message events: `gen_ai.user.message` -> input,
 * `gen_ai.choice` -> output (with its finish reason). System, tool and assistant-history messages yield
 * nothing: they are not the user-visible prompt. Empty for unrelated logs and logs without a span id.
 */
export function toContentInputs(record: WireLogRecord): SpanContentInput[] {
  const spanId = record.spanId;
  if (spanId === null || spanId === '') return [];
  const attrs: Attributes = record.attributes;
  const eventName = record.eventName ?? (typeof attrs[GENERAL.eventName] === 'string' ? attrs[GENERAL.eventName] : null);
  const timeMs = nanosToMs(record.timeUnixNano);
  const body = record.body;
  switch (eventName) {
    case GEN_AI_EVENTS.userMessage: {
      const text = messageText(isRecord(body) ? body.content : body);
      return text === null ? [] : [{ spanId, direction: 'input', text, finishReason: null, timeMs }];
    }
    case GEN_AI_EVENTS.choice: {
      if (!isRecord(body)) return [];
      const text = messageText(body.message ?? body.content ?? null);
      const reason = body.finish_reason;
      const finishReason = typeof reason === 'string' && reason.length > 0 ? reason : null;
      return text === null ? [] : [{ spanId, direction: 'output', text, finishReason, timeMs }];
    }
    case GEN_AI_EVENTS.operationDetails: {
      const out: SpanContentInput[] = [];
      const input = detailsMessages(record, GEN_AI.inputMessages);
      const inputText = input === undefined ? null : pickMessageText(input, 'user');
      if (inputText !== null) out.push({ spanId, direction: 'input', text: inputText, finishReason: null, timeMs });
      const output = detailsMessages(record, GEN_AI.outputMessages);
      const outputText = output === undefined ? null : pickMessageText(output, 'assistant');
      if (outputText !== null) {
        out.push({ spanId, direction: 'output', text: outputText, finishReason: pickFinishReason(output), timeMs });
      }
      return out;
    }
    default:
      return [];
  }
}

/**
 * The content record of one GenAI log event, or null for unrelated logs, logs without a span id, and
 * events without text. An operation-details event with both sides yields its output here; use
 * `toContentInputs` to keep both.
 */
export function toContentInput(record: WireLogRecord): SpanContentInput | null {
  const inputs = toContentInputs(record);
  return inputs[inputs.length - 1] ?? null;
}
