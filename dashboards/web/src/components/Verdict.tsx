/** A verdict or state badge (PASS / FAIL / INCONCLUSIVE, firing, drift, ...). */
export function Verdict(props: { value: string | null | undefined; testId?: string }) {
  const v = String(props.value ?? '–');
  const tone = /^(fail|firing|drift|block|error|critical|rejected)/i.test(v)
    ? 'bad'
    : /^(pass|ok|ship|resolved|stable|approved|in_control)/i.test(v)
      ? 'good'
      : 'neutral';
  return (
    <span class={`badge ${tone}`} data-testid={props.testId}>
      {v}
    </span>
  );
}
