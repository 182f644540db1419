/** The approve (labels) and reject forms of a review item. */
import { useState } from 'preact/hooks';
import { api } from '../../api/client.js';
import type { Action, ApproveLabels, ReviewItem, TraceSummary } from '../../api/types.js';
import { asText } from '../../components/format.js';
import { Link } from '../../components/Link.js';
import { ErrorState } from '../../components/States.js';

const ACTIONS: Action[] = ['answer', 'abstain', 'clarify', 'refuse', 'escalate'];
const RISK_TIERS = ['low', 'medium', 'high', 'critical'];
const REVIEWER_STORAGE = 'tracegate.reviewer';

const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);
const csv = (s: string) => s.split(',').map((l) => l.trim()).filter(Boolean);

type Submit = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; result: ReviewItem } | { kind: 'error'; error: unknown };
const EVIDENCE_REGIMES = ['retrieved', 'tool-derived', 'parametric', 'unsupported'] as const;

export function ApproveForm({ item, trace, onDone }: { item: ReviewItem; trace: TraceSummary | null; onDone: () => void }) {
  const [f, setF] = useState({
    action: (trace?.action ?? 'abstain') as Action,
    bucket: '',
    riskTier: 'medium',
    evidenceRegime: '',
    tags: '',
    referenceAnswer: '',
    requiredFacts: '',
    forbiddenClaims: '',
    tier: 'trusted' as 'trusted' | 'monitoring',
    reviewer: sessionStorage.getItem(REVIEWER_STORAGE) ?? '',
  });
  const [state, setState] = useState<Submit>({ kind: 'idle' });
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  if (state.kind === 'done') {
    return (
      <div class="notice good" data-testid="approve-done">
        Approved{state.result.caseId ? ` as case ${asText(state.result.caseId)}` : ''}
        {state.result.duplicateOf ? ` (a near-duplicate of ${asText(state.result.duplicateOf)})` : ''}. Publish a new dataset version on <Link href="/datasets">Datasets</Link>.
      </div>
    );
  }
  return (
    <form
      class="stack-form"
      data-testid="approve-form"
      onSubmit={(e) => {
        e.preventDefault();
        const labels: ApproveLabels = {
          action: f.action,
          bucket: f.bucket.trim(),
          riskTier: f.riskTier,
          reviewer: f.reviewer.trim(),
          tier: f.tier,
        };
        if (f.evidenceRegime) labels.evidenceRegime = f.evidenceRegime as NonNullable<ApproveLabels['evidenceRegime']>;
        if (csv(f.tags).length) labels.tags = csv(f.tags);
        if (f.referenceAnswer.trim()) labels.referenceAnswer = f.referenceAnswer;
        if (lines(f.requiredFacts).length) labels.requiredFacts = lines(f.requiredFacts);
        if (lines(f.forbiddenClaims).length) labels.forbiddenClaims = lines(f.forbiddenClaims);
        sessionStorage.setItem(REVIEWER_STORAGE, labels.reviewer);
        setState({ kind: 'busy' });
        api.approve(String(item.id), labels, item.version).then(
          (result) => {
            setState({ kind: 'done', result });
            onDone();
          },
          (error: unknown) => setState({ kind: 'error', error }),
        );
      }}
    >
      <h3>Approve as a case</h3>
      <label>
        expected action
        <select name="action" value={f.action} onChange={set('action')}>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <label>
        bucket
        <input name="bucket" required value={f.bucket} onInput={set('bucket')} placeholder="missing-evidence-abstain" />
      </label>
      <label>
        risk tier
        <select name="riskTier" value={f.riskTier} onChange={set('riskTier')}>
          {RISK_TIERS.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label>
        evidence regime
        <select name="evidenceRegime" value={f.evidenceRegime} onChange={set('evidenceRegime')}>
          <option value="">(not set)</option>
          {EVIDENCE_REGIMES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label>
        tags (comma separated)
        <input name="tags" value={f.tags} onInput={set('tags')} />
      </label>
      <label>
        reference answer
        <textarea name="referenceAnswer" value={f.referenceAnswer} onInput={set('referenceAnswer')} rows={3} />
      </label>
      <label>
        required facts (one per line)
        <textarea name="requiredFacts" value={f.requiredFacts} onInput={set('requiredFacts')} rows={2} />
      </label>
      <label>
        forbidden claims (one per line)
        <textarea name="forbiddenClaims" value={f.forbiddenClaims} onInput={set('forbiddenClaims')} rows={2} />
      </label>
      <label>
        dataset tier
        <select name="tier" value={f.tier} onChange={set('tier')}>
          <option value="trusted">trusted (gates releases)</option>
          <option value="monitoring">monitoring</option>
        </select>
      </label>
      <label>
        reviewer
        <input name="reviewer" required value={f.reviewer} onInput={set('reviewer')} placeholder="your name" />
      </label>
      <button type="submit" disabled={state.kind === 'busy'} data-testid="approve-submit">
        Approve
      </button>
      {state.kind === 'error' ? <ErrorState error={state.error} feature="Approving" /> : null}
    </form>
  );
}

export function RejectForm({ item, onDone }: { item: ReviewItem; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [reviewer, setReviewer] = useState(sessionStorage.getItem(REVIEWER_STORAGE) ?? '');
  const [state, setState] = useState<Submit>({ kind: 'idle' });
  if (state.kind === 'done') return <div class="notice">Rejected.</div>;
  return (
    <form
      class="stack-form"
      data-testid="reject-form"
      onSubmit={(e) => {
        e.preventDefault();
        sessionStorage.setItem(REVIEWER_STORAGE, reviewer.trim());
        setState({ kind: 'busy' });
        api.reject(String(item.id), { reason: reason.trim(), reviewer: reviewer.trim() }, item.version).then(
          (result) => {
            setState({ kind: 'done', result });
            onDone();
          },
          (error: unknown) => setState({ kind: 'error', error }),
        );
      }}
    >
      <h3>Reject</h3>
      <label>
        reason
        <textarea name="reason" required value={reason} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} rows={3} />
      </label>
      <label>
        reviewer
        <input name="reviewer" required value={reviewer} onInput={(e) => setReviewer((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <button type="submit" class="secondary" disabled={state.kind === 'busy'}>
        Reject
      </button>
      {state.kind === 'error' ? <ErrorState error={state.error} feature="Rejecting" /> : null}
    </form>
  );
}
