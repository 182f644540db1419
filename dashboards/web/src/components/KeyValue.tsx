/** A two-column table of labelled values; values are rendered as text. */
import type { ComponentChildren } from 'preact';
import { asText } from './format.js';

export function KeyValue(props: { rows: Array<[string, ComponentChildren | unknown]>; testId?: string }) {
  return (
    <table class="kv" data-testid={props.testId}>
      <tbody>
        {props.rows.map(([k, v]) => (
          <tr key={k}>
            <th>{k}</th>
            <td>{isNode(v) ? (v as ComponentChildren) : asText(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A Preact element (rendered as is); everything else is a value shown as text. */
function isNode(v: unknown): boolean {
  return typeof v === 'object' && v !== null && 'props' in v && 'type' in v;
}

/** Span or resource attributes: one row per key, values as text (never HTML). */
export function AttrTable(props: { attributes: Record<string, unknown>; testId?: string }) {
  const keys = Object.keys(props.attributes).sort();
  if (keys.length === 0) return <p class="muted">none</p>;
  return (
    <table class="kv attrs" data-testid={props.testId}>
      <tbody>
        {keys.map((k) => (
          <tr key={k}>
            <th class="mono">{k}</th>
            <td class="mono pre">{asText(props.attributes[k])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A block of captured text (input, output, messages). */
export function TextBlock(props: { text: string | null | undefined; empty?: string; testId?: string }) {
  if (props.text === null || props.text === undefined || props.text === '') return <p class="muted">{props.empty ?? 'not captured'}</p>;
  return (
    <pre class="text-block" data-testid={props.testId}>
      {props.text}
    </pre>
  );
}
