import type { Attributes } from '../../../collectors/wireTypes.js';
import { GEN_AI, LANGFUSE, OPENINFERENCE, TRACELOOP } from './attributeNames.js';
import { describeValue } from './readAttr.js';
import type { OperationKind } from './types.js';

const GEN_AI_OPERATIONS: Record<string, OperationKind> = {
  chat: 'inference', text_completion: 'inference', generate_content: 'inference', completion: 'inference',
  image_generation: 'inference', image_edit: 'inference', image_variation: 'inference',
  embeddings: 'embedding', embedding: 'embedding',
  retrieval: 'retrieval',
  execute_tool: 'tool',
  create_agent: 'agent', invoke_agent: 'agent', invoke_workflow: 'agent', plan: 'agent', agent_step: 'agent',
};

const OPENINFERENCE_KINDS: Record<string, OperationKind> = {
  llm: 'inference', embedding: 'embedding', retriever: 'retrieval', reranker: 'retrieval', tool: 'tool',
  agent: 'agent', chain: 'other', guardrail: 'other', evaluator: 'other', prompt: 'other', unknown: 'other',
};

const TRACELOOP_KINDS: Record<string, OperationKind> = {
  workflow: 'agent', agent: 'agent', tool: 'tool', task: 'other', session: 'other', unknown: 'other',
};

const LLM_REQUEST_TYPES: Record<string, OperationKind> = {
  chat: 'inference', completion: 'inference', embedding: 'embedding', rerank: 'retrieval', unknown: 'other',
};

const LANGFUSE_TYPES: Record<string, OperationKind> = {
  generation: 'inference', embedding: 'embedding', agent: 'agent', tool: 'tool', retriever: 'retrieval',
  chain: 'other', span: 'other', event: 'other', evaluator: 'other', guardrail: 'other',
};

/** Vercel AI SDK span names (= `ai.operationId`). The outer calls aggregate their steps, like an agent. */
const AI_SDK_SPANS: Record<string, OperationKind> = {
  'ai.generateText': 'agent', 'ai.streamText': 'agent', 'ai.generateObject': 'agent', 'ai.streamObject': 'agent',
  'ai.generateText.doGenerate': 'inference', 'ai.streamText.doStream': 'inference',
  'ai.generateObject.doGenerate': 'inference', 'ai.streamObject.doStream': 'inference',
  'ai.embed': 'embedding', 'ai.embed.doEmbed': 'embedding', 'ai.embedMany': 'embedding',
  'ai.embedMany.doEmbed': 'embedding', 'ai.toolCall': 'tool', 'ai.rerank': 'retrieval', 'ai.rerank.doRerank': 'retrieval',
};

/** Span-name heuristics: OTel `"{operation} {model}"`, Traceloop `openai.chat` / `get_weather.tool`. */
const NAME_PATTERNS: [RegExp, OperationKind][] = [
  [/^(?:chat|text_completion|generate_content) /, 'inference'],
  [/^embeddings? /, 'embedding'],
  [/^execute_tool\b/, 'tool'],
  [/^(?:invoke_agent|create_agent|invoke_workflow)\b/, 'agent'],
  [/^[\w-]+\.(?:chat|completion|completions|messages|generate_content|responses)$/i, 'inference'],
  [/^[\w-]+\.embeddings?$/i, 'embedding'],
  [/\.tool$/, 'tool'],
  [/\.(?:agent|workflow)$/, 'agent'],
];

function lookup(
  attrs: Attributes,
  key: string,
  table: Record<string, OperationKind>,
  warnings: string[],
): OperationKind | null {
  const value = attrs[key];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') {
    const kind = table[value] ?? table[value.toLowerCase()];
    if (kind !== undefined) return kind;
  }
  warnings.push(`${key}: unknown operation ${describeValue(value)}`);
  return null;
}

/**
 * What a span does, by precedence: `gen_ai.operation.name` -> `openinference.span.kind` ->
 * `traceloop.span.kind` / `llm.request.type` -> `langfuse.observation.type` -> AI SDK span name ->
 * span-name heuristics. Unknown values warn and fall through; `other` when nothing matches.
 */
export function classifyOperation(attrs: Attributes, spanName: string, warnings: string[]): OperationKind {
  const kind =
    lookup(attrs, GEN_AI.operationName, GEN_AI_OPERATIONS, warnings) ??
    lookup(attrs, OPENINFERENCE.spanKind, OPENINFERENCE_KINDS, warnings) ??
    lookup(attrs, TRACELOOP.spanKind, TRACELOOP_KINDS, warnings) ??
    lookup(attrs, TRACELOOP.requestType, LLM_REQUEST_TYPES, warnings) ??
    lookup(attrs, LANGFUSE.observationType, LANGFUSE_TYPES, warnings) ??
    AI_SDK_SPANS[spanName];
  if (kind !== undefined) return kind;
  for (const [pattern, patternKind] of NAME_PATTERNS) {
    if (pattern.test(spanName)) return patternKind;
  }
  return 'other';
}
