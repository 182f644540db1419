/** A tiny help-center knowledge base with keyword-overlap retrieval (stands in for a vector store). */

/** One help-center article. */
export interface Article {
  id: string;
  title: string;
  text: string;
}

/** The articles. */
export const ARTICLES: readonly Article[] = [
  { id: 'kb-returns-policy', title: 'Returns policy', text: 'Items can be returned within 30 days of delivery in their original packaging.' },
  { id: 'kb-refund-timing', title: 'Refund timing', text: 'Refunds reach the original payment method 5-7 business days after we receive the return.' },
  { id: 'kb-shipping-times', title: 'Shipping times', text: 'Standard shipping takes 3-5 business days; express shipping takes 1-2 business days.' },
  { id: 'kb-password-reset', title: 'Resetting your password', text: 'Use "Forgot password" on the sign-in page; the reset link is valid for 30 minutes.' },
];

const words = (text: string): Set<string> => new Set(text.toLowerCase().match(/[a-z]{3,}/g) ?? []);

/** The `topK` articles sharing the most words with the query (score 0..1), best first; none below `minScore`. */
export function retrieve(query: string, topK = 2, minScore = 0.1): Array<Article & { score: number }> {
  const q = words(query);
  return ARTICLES.map((a) => {
    const doc = words(`${a.title} ${a.text}`);
    const shared = [...q].filter((w) => doc.has(w)).length;
    return { ...a, score: q.size ? Math.round((shared / q.size) * 1000) / 1000 : 0 };
  })
    .filter((a) => a.score >= minScore)
    .sort((a, b) => b.score - a.score)
    .slice(0, topK);
}
