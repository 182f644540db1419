/** The review audit log's readable lines (dashboards/web/src/pages/review/auditDiff.ts). */
import { describe, expect, it } from 'vitest';
import { toAuditLines } from '../../../dashboards/web/src/pages/review/auditDiff.js';

const cases: Array<{ name: string; changes: unknown; lines: Array<[string, string | null, string]> }> = [
  { name: 'a before/after pair reads as a transition', changes: { status: { before: 'open', after: 'approved' } }, lines: [['status', 'open', 'approved']] },
  { name: 'nested objects flatten to dotted paths', changes: { labels: { action: 'abstain', riskTier: 'high' } }, lines: [['labels.action', null, 'abstain'], ['labels.riskTier', null, 'high']] },
  { name: 'lists are joined; empty lists and objects say none', changes: { tags: ['a', 'b'], facts: [], details: {} }, lines: [['tags', null, 'a, b'], ['facts', null, '(none)'], ['details', null, '(none)']] },
  { name: 'null becomes a dash, numbers and booleans stay', changes: { priority: { before: null, after: 42 }, duplicate: false }, lines: [['priority', '–', '42'], ['duplicate', null, 'false']] },
  { name: 'markup stays plain text', changes: { reason: '<img src=x onerror=alert(1)>' }, lines: [['reason', null, '<img src=x onerror=alert(1)>']] },
  { name: 'a non-object is one line', changes: 'rejected by hand', lines: [['change', null, 'rejected by hand']] },
  { name: 'nothing is no line', changes: undefined, lines: [] },
];

describe('toAuditLines', () => {
  it.each(cases)('$name', ({ changes, lines }) => {
    expect(toAuditLines(changes).map((l) => [l.field, l.before, l.after])).toEqual(lines);
  });
});
