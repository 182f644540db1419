/**
 * Text extraction from the message shapes the conventions use: OTel `[{role, parts:[{type,content}]}]`,
 * OpenAI/AI SDK `[{role, content: string | [{type:'text', text}]}]`, OpenAI request/response bodies
 * (`{messages}`, `{choices}`, Responses `{input}`/`{output}`), AI SDK `{system, prompt, messages}`, and
 * plain strings. Pure, never throws; values are already-parsed JSON or attribute trees.
 */

/** Which message to pick: the last user message (input) or the final assistant message (output). */
export type MessageSide = 'user' | 'assistant';

const USER_ROLES = new Set(['user', 'human']);
const ASSISTANT_ROLES = new Set(['assistant', 'ai', 'model']);
const TEXT_PART_TYPES = new Set(['text', 'input_text', 'output_text', 'refusal']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(text: string): string | null {
  return text.length > 0 ? text : null;
}

/** Text of one part: a string, or a text-like part's `content` / `text` / `refusal`. */
function partText(part: unknown): string | null {
  if (typeof part === 'string') return part;
  if (!isRecord(part)) return null;
  const type = part.type;
  if (type !== undefined && type !== null && !(typeof type === 'string' && TEXT_PART_TYPES.has(type))) return null;
  const text = part.content ?? part.text ?? part.refusal;
  return typeof text === 'string' ? text : null;
}

/** Concatenated text of one message-like value; null when it carries no text. */
export function messageText(value: unknown): string | null {
  if (typeof value === 'string') return nonEmpty(value);
  if (Array.isArray(value)) {
    let out = '';
    for (const part of value) {
      const text = partText(part);
      if (text !== null) out += text;
    }
    return nonEmpty(out);
  }
  if (!isRecord(value)) return null;
  if (Array.isArray(value.parts)) return messageText(value.parts);
  if (value.content !== undefined && value.content !== null) return messageText(value.content);
  if (isRecord(value.message)) return messageText(value.message);
  if (typeof value.text === 'string') return nonEmpty(value.text);
  if (typeof value.refusal === 'string') return nonEmpty(value.refusal);
  return null;
}

function roleOf(message: Record<string, unknown>): string | null {
  const role = message.role ?? (isRecord(message.message) ? message.message.role : undefined);
  return typeof role === 'string' ? role.toLowerCase() : null;
}

/** The last message of `side` in a message list that has text; role-less items count as the output side. */
function pickFromList(list: readonly unknown[], side: MessageSide): string | null {
  const roles = side === 'user' ? USER_ROLES : ASSISTANT_ROLES;
  for (let i = list.length - 1; i >= 0; i--) {
    const item = list[i];
    if (typeof item === 'string') {
      if (side === 'assistant' || list.length === 1) return nonEmpty(item);
      continue;
    }
    if (!isRecord(item)) continue;
    const role = roleOf(item);
    if (role === null ? side === 'assistant' || list.length === 1 : roles.has(role)) {
      const text = messageText(item);
      if (text !== null) return text;
    }
  }
  return null;
}

/** The last user message text (side `user`) or the final assistant text (side `assistant`); null when none. */
export function pickMessageText(value: unknown, side: MessageSide): string | null {
  if (typeof value === 'string') return nonEmpty(value);
  if (Array.isArray(value)) return pickFromList(value, side);
  if (!isRecord(value)) return null;
  if (side === 'user') {
    if (Array.isArray(value.messages) && value.messages.length > 0) {
      const text = pickFromList(value.messages, 'user');
      if (text !== null) return text;
    }
    if (value.prompt !== undefined && value.prompt !== null) return pickMessageText(value.prompt, 'user');
    if (value.input !== undefined && value.input !== null) return pickMessageText(value.input, 'user');
  } else {
    if (Array.isArray(value.choices)) {
      const first: unknown = value.choices[0];
      return isRecord(first) ? messageText(first.message ?? first.text ?? first.delta) : null;
    }
    if (Array.isArray(value.output)) return pickFromList(value.output, 'assistant');
    if (Array.isArray(value.messages)) return pickFromList(value.messages, 'assistant');
  }
  const role = roleOf(value);
  if (role !== null && !(side === 'user' ? USER_ROLES : ASSISTANT_ROLES).has(role)) return null;
  return messageText(value);
}

/** Finish reason of the first choice in a parsed OpenAI response body or OTel output messages; null when none. */
export function pickFinishReason(value: unknown): string | null {
  const first: unknown = Array.isArray(value)
    ? value[0]
    : isRecord(value) && Array.isArray(value.choices)
      ? value.choices[0]
      : isRecord(value)
        ? value
        : undefined;
  if (!isRecord(first)) return null;
  const reason = first.finish_reason ?? first.stop_reason;
  return typeof reason === 'string' && reason.length > 0 ? reason : null;
}
