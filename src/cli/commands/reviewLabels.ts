/** The labels `tracegate review approve` passes to the use-case (validated there), from the parsed options. */

/** Labels from commander's camel-cased options; absent optional labels are left out, lists default to []. */
export function reviewLabelsOf(o: Record<string, unknown>) {
  const given = (key: string, as: string = key) => (o[key] !== undefined ? { [as]: o[key] } : {});
  const list = (key: string) => (o[key] as string[] | undefined) ?? [];
  return {
    action: o.action, bucket: o.bucket, riskTier: o.riskTier, reviewer: o.reviewer,
    ...given('evidenceRegime'),
    tags: list('tag'),
    ...given('referenceAnswer'),
    requiredFacts: list('requiredFact'), forbiddenClaims: list('forbiddenClaim'),
    requiredCitations: list('requiredCitation'), requiredTools: list('requiredTool'),
    tier: o.tier ?? 'trusted',
    ...given('owner'),
    ...given('notes'),
  };
}
