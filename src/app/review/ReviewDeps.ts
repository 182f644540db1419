/** What the review and dataset use-cases are given: the span store (traces), the promotion port, a clock, redaction rules. */
import type { RedactionRule } from '../../domain/promotion/redactText.js';
import type { SpanStore } from '../ports.js';
import type { PromotionPort } from './PromotionPort.js';

export interface ReviewDeps {
  spans: Pick<SpanStore, 'getTrace'>;
  promotion: PromotionPort;
  now: () => Date;
  /** Built-in rules plus configured patterns (see redactionRulesFrom). */
  redactionRules: readonly RedactionRule[];
}
