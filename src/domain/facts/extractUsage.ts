import type { Attributes } from '../../../collectors/wireTypes.js';
import { AI_SDK, GEN_AI, LANGFUSE, OPENINFERENCE } from './attributeNames.js';
import { computeTableCostUsd } from './priceTable.js';
import { describeValue, readAmount, readFirstCount, readStructured } from './readAttr.js';

/** Token counts and cost of one span; null means not reported (and, for cost, not priceable). */
export interface SpanUsage {
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
}

/** One precedence order per fact: OTel new -> OTel old -> OpenInference -> AI SDK (Traceloop uses gen_ai names). */
const INPUT_KEYS = [
  GEN_AI.inputTokens, GEN_AI.promptTokens, OPENINFERENCE.promptTokens,
  AI_SDK.inputTokens, AI_SDK.promptTokens, AI_SDK.embeddingTokens,
] as const;
const OUTPUT_KEYS = [
  GEN_AI.outputTokens, GEN_AI.completionTokens, OPENINFERENCE.completionTokens,
  AI_SDK.outputTokens, AI_SDK.completionTokens,
] as const;
const CACHE_READ_KEYS = [
  GEN_AI.cacheReadTokens, GEN_AI.cacheReadTokensLegacy, OPENINFERENCE.cacheReadTokens,
  AI_SDK.cacheReadTokens, AI_SDK.cachedInputTokens,
] as const;
const CACHE_WRITE_KEYS = [
  GEN_AI.cacheCreationTokens, GEN_AI.cacheCreationTokensLegacy, OPENINFERENCE.cacheWriteTokens, AI_SDK.cacheWriteTokens,
] as const;

/** A numeric field of a Langfuse `usage_details` / `cost_details` object (JSON string or tree). */
function langfuseDetail(attrs: Attributes, key: string, field: string, warnings: string[]): number | null {
  if (attrs[key] === undefined) return null;
  const details = readStructured(attrs, key, warnings);
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return null;
  const value = (details as Record<string, unknown>)[field];
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  warnings.push(`${key}.${field}: expected a non-negative number, got ${describeValue(value)}`);
  return null;
}

/**
 * Input tokens per the semconv meaning (cached tokens included). Anthropic's raw `input_tokens` excludes
 * the cache: when cache reads exceed the reported input, the raw convention is assumed and the cache
 * tokens are added.
 */
function readInputTokens(attrs: Attributes, warnings: string[]): number | null {
  const input = readFirstCount(attrs, INPUT_KEYS, warnings) ?? langfuseDetail(attrs, LANGFUSE.usageDetails, 'input', warnings);
  if (input === null) return null;
  const cacheRead = readFirstCount(attrs, CACHE_READ_KEYS, warnings);
  if (cacheRead === null || cacheRead <= input) return input;
  return input + cacheRead + (readFirstCount(attrs, CACHE_WRITE_KEYS, warnings) ?? 0);
}

function readExplicitCost(attrs: Attributes, warnings: string[]): number | null {
  const explicit = readAmount(attrs, GEN_AI.cost, warnings) ?? readAmount(attrs, OPENINFERENCE.costTotal, warnings);
  if (explicit !== null) return explicit;
  const prompt = readAmount(attrs, OPENINFERENCE.costPrompt, warnings);
  const completion = readAmount(attrs, OPENINFERENCE.costCompletion, warnings);
  if (prompt !== null || completion !== null) return (prompt ?? 0) + (completion ?? 0);
  if (attrs[LANGFUSE.costDetails] === undefined) return null;
  const total = langfuseDetail(attrs, LANGFUSE.costDetails, 'total', warnings);
  if (total !== null) return total;
  const input = langfuseDetail(attrs, LANGFUSE.costDetails, 'input', warnings);
  const output = langfuseDetail(attrs, LANGFUSE.costDetails, 'output', warnings);
  return input === null && output === null ? null : (input ?? 0) + (output ?? 0);
}

/** Tokens and cost of a span: explicit cost attribute first, else the price table for provider + model. */
export function extractUsage(
  attrs: Attributes,
  provider: string | null,
  model: string | null,
  warnings: string[],
): SpanUsage {
  const inputTokens = readInputTokens(attrs, warnings);
  const outputTokens =
    readFirstCount(attrs, OUTPUT_KEYS, warnings) ?? langfuseDetail(attrs, LANGFUSE.usageDetails, 'output', warnings);
  const costUsd = readExplicitCost(attrs, warnings) ?? computeTableCostUsd(provider, model, inputTokens, outputTokens);
  return { inputTokens, outputTokens, costUsd };
}
