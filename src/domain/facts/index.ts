/** Public API of the normalization core: span facts, content records from logs, trace facts. */
export { computeSpanFacts } from './computeSpanFacts.js';
export { compareSpans, computeTraceFacts } from './computeTraceFacts.js';
export { toContentInput, toContentInputs } from './toContentInput.js';
export { toTraceSpanInput } from './toTraceSpanInput.js';
export { nanosToMs } from './nanosToMs.js';
export { normalizeProvider } from './normalizeProvider.js';
export { classifyFinishReason } from './classifyFinishReason.js';
export { classifyOperation } from './classifyOperation.js';
export { computeTableCostUsd, lookupModelPrice, type ModelPrice } from './priceTable.js';
export * from './types.js';
