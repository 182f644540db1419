/** Canonical `gen_ai.provider.name` values (OTel GenAI registry). */
const CANONICAL = new Set([
  'openai', 'anthropic', 'aws.bedrock', 'azure.ai.inference', 'azure.ai.openai', 'cohere', 'deepseek',
  'gcp.gemini', 'gcp.gen_ai', 'gcp.vertex_ai', 'groq', 'ibm.watsonx.ai', 'mistral_ai', 'perplexity', 'x_ai',
]);

/** Whole-value aliases checked before the AI-SDK-style prefix rule (they contain dots themselves). */
const FULL_ALIASES: Record<string, string> = {
  'az.ai.openai': 'azure.ai.openai',
  'az.ai.inference': 'azure.ai.inference',
  'azure.openai': 'azure.ai.openai',
  'google.generative-ai': 'gcp.gemini',
  'google.vertex': 'gcp.vertex_ai',
};

/** Aliases applied to the text before the first `.` (AI SDK `openai.chat`, `anthropic.messages`). */
const PREFIX_ALIASES: Record<string, string> = {
  'azure-openai': 'azure.ai.openai',
  azure: 'azure.ai.inference',
  vertex_ai: 'gcp.vertex_ai',
  vertexai: 'gcp.vertex_ai',
  'google-vertex': 'gcp.vertex_ai',
  gemini: 'gcp.gemini',
  'google-generative-ai': 'gcp.gemini',
  google: 'gcp.gen_ai',
  bedrock: 'aws.bedrock',
  'amazon-bedrock': 'aws.bedrock',
  aws: 'aws.bedrock',
  mistral: 'mistral_ai',
  mistralai: 'mistral_ai',
  xai: 'x_ai',
};

/**
 * Normalizes a provider value from any convention (lowercase, whole-value aliases, then the text before
 * the first `.` through the alias table). Unknown providers pass through lowercased; null for blank input.
 */
export function normalizeProvider(raw: string): string | null {
  const lower = raw.trim().toLowerCase();
  if (lower === '') return null;
  if (CANONICAL.has(lower)) return lower;
  const full = FULL_ALIASES[lower];
  if (full !== undefined) return full;
  for (const alias in FULL_ALIASES) {
    if (lower.startsWith(`${alias}.`)) return FULL_ALIASES[alias] ?? null;
  }
  const dot = lower.indexOf('.');
  const head = dot === -1 ? lower : lower.slice(0, dot);
  return PREFIX_ALIASES[head] ?? head;
}
