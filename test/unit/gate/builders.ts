/** Builders for gate unit tests: a valid case / output record with overrides. */
import { CaseSchema, type Case, type CaseDraft } from '../../../src/domain/cases/CaseSchema.js';
import { OutputRecordSchema, type OutputRecord } from '../../../src/domain/gate/OutputRecordSchema.js';
import { GatePolicySchema, type GatePolicy } from '../../../src/domain/gate/GatePolicySchema.js';

export function mkCase(overrides: Partial<CaseDraft> = {}): Case {
  return CaseSchema.parse({
    id: 'c1',
    input: { question: 'How long is the refund window?', documents: [{ id: 'kb-refund', text: 'Refunds within 30 days of delivery.' }] },
    expectedAction: 'answer',
    bucket: 'direct-answerable',
    riskTier: 'medium',
    evidenceRegime: 'retrieved',
    owner: 'ops',
    provenance: { source: 'test' },
    ...overrides,
  });
}

export function mkOut(overrides: Record<string, unknown> = {}): OutputRecord {
  return OutputRecordSchema.parse({ case_id: 'c1', action: 'answer', answer: 'Refunds within 30 days.', citations: ['kb-refund'], ...overrides });
}

export function mkPolicy(value: unknown = {}): GatePolicy {
  return GatePolicySchema.parse(value);
}
