/**
 * List prices in USD per 1M tokens for common OpenAI, Anthropic and Google models (standard tier,
 * no batch or cached-input discounts, Gemini's <=200k-context tier). Keyed on a provider family and a
 * model-name prefix; the longest matching prefix wins, so `gpt-4o-mini-2024-07-18` prices as
 * `gpt-4o-mini`, not `gpt-4o`. Approximate: an explicit cost attribute always takes precedence.
 */
export interface ModelPrice {
  inputPerMTokUsd: number;
  outputPerMTokUsd: number;
}

type Family = 'openai' | 'anthropic' | 'google';

const PRICES: Record<Family, Record<string, ModelPrice>> = {
  openai: {
    'gpt-5': p(1.25, 10), 'gpt-5-mini': p(0.25, 2), 'gpt-5-nano': p(0.05, 0.4),
    'gpt-4.1': p(2, 8), 'gpt-4.1-mini': p(0.4, 1.6), 'gpt-4.1-nano': p(0.1, 0.4),
    'gpt-4o': p(2.5, 10), 'gpt-4o-mini': p(0.15, 0.6), 'gpt-4-turbo': p(10, 30), 'gpt-4': p(30, 60),
    'gpt-3.5-turbo': p(0.5, 1.5),
    o1: p(15, 60), 'o1-mini': p(1.1, 4.4), 'o1-pro': p(150, 600), o3: p(2, 8), 'o3-mini': p(1.1, 4.4),
    'o4-mini': p(1.1, 4.4),
    'text-embedding-3-small': p(0.02, 0), 'text-embedding-3-large': p(0.13, 0), 'text-embedding-ada-002': p(0.1, 0),
  },
  anthropic: {
    'claude-opus-4-5': p(5, 25), 'claude-opus-4': p(15, 75), 'claude-sonnet-4': p(3, 15), 'claude-haiku-4-5': p(1, 5),
    'claude-3-7-sonnet': p(3, 15), 'claude-3-5-sonnet': p(3, 15), 'claude-3-5-haiku': p(0.8, 4),
    'claude-3-opus': p(15, 75), 'claude-3-sonnet': p(3, 15), 'claude-3-haiku': p(0.25, 1.25),
  },
  google: {
    'gemini-2.5-pro': p(1.25, 10), 'gemini-2.5-flash': p(0.3, 2.5), 'gemini-2.5-flash-lite': p(0.1, 0.4),
    'gemini-2.0-flash': p(0.1, 0.4), 'gemini-2.0-flash-lite': p(0.075, 0.3),
    'gemini-1.5-pro': p(1.25, 5), 'gemini-1.5-flash': p(0.075, 0.3),
  },
};

function p(inputPerMTokUsd: number, outputPerMTokUsd: number): ModelPrice {
  return { inputPerMTokUsd, outputPerMTokUsd };
}

/** Prefixes per family, longest first, so the first match is the most specific. */
const SORTED: Record<Family, [string, ModelPrice][]> = {
  openai: sortByPrefixLength(PRICES.openai),
  anthropic: sortByPrefixLength(PRICES.anthropic),
  google: sortByPrefixLength(PRICES.google),
};

function sortByPrefixLength(table: Record<string, ModelPrice>): [string, ModelPrice][] {
  return Object.entries(table).sort((a, b) => b[0].length - a[0].length);
}

const FAMILY_BY_PROVIDER: Record<string, Family> = {
  openai: 'openai',
  'azure.ai.openai': 'openai',
  anthropic: 'anthropic',
  'gcp.gemini': 'google',
  'gcp.vertex_ai': 'google',
  'gcp.gen_ai': 'google',
};

/** Bedrock ids like `us.anthropic.claude-3-5-sonnet-20240620-v1:0` price as the Anthropic model. */
const BEDROCK_ANTHROPIC = /^(?:[a-z]{2,4}\.)?anthropic\./;

/** The list price for a normalized provider and model name; null when the pair is not in the table. */
export function lookupModelPrice(provider: string | null, model: string | null): ModelPrice | null {
  if (provider === null || model === null) return null;
  let name = model.toLowerCase();
  let family = FAMILY_BY_PROVIDER[provider];
  if (provider === 'aws.bedrock' && BEDROCK_ANTHROPIC.test(name)) {
    family = 'anthropic';
    name = name.replace(BEDROCK_ANTHROPIC, '');
  }
  if (family === undefined) return null;
  if (name.startsWith('models/')) name = name.slice(7);
  for (const [prefix, price] of SORTED[family]) {
    if (name.startsWith(prefix)) return price;
  }
  return null;
}

/** Cost in USD from the price table; null when the model is unknown or no token count is known. */
export function computeTableCostUsd(
  provider: string | null,
  model: string | null,
  inputTokens: number | null,
  outputTokens: number | null,
): number | null {
  if (inputTokens === null && outputTokens === null) return null;
  const price = lookupModelPrice(provider, model);
  if (price === null) return null;
  return ((inputTokens ?? 0) * price.inputPerMTokUsd + (outputTokens ?? 0) * price.outputPerMTokUsd) / 1_000_000;
}
