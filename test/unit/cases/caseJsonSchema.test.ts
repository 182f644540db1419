import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CaseSchema } from '../../../src/domain/cases/CaseSchema.js';

describe('docs/case.schema.json', () => {
  it('matches the zod CaseSchema (regenerate with z.toJSONSchema(CaseSchema, { io: "input" }) when the schema changes)', () => {
    const doc = JSON.parse(readFileSync(new URL('../../../docs/case.schema.json', import.meta.url), 'utf8'));
    const { $id: _id, title: _t, description: _d, ...rest } = doc;
    expect(rest).toEqual(z.toJSONSchema(CaseSchema, { io: 'input' }));
    expect(doc.required).toEqual(['id', 'input', 'expectedAction', 'bucket', 'riskTier', 'evidenceRegime', 'owner', 'provenance']);
  });
});
