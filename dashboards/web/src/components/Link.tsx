/** An internal link (client-side navigation). Only app paths: trace data never becomes a link target. */
import type { ComponentChildren } from 'preact';
import { navigate } from '../app/router.js';

export function Link(props: { href: string; children: ComponentChildren; class?: string; title?: string }) {
  const internal = props.href.startsWith('/') && !props.href.startsWith('//');
  const href = internal ? props.href : '/';
  return (
    <a
      href={href}
      class={props.class}
      title={props.title}
      onClick={(e) => {
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
      }}
    >
      {props.children}
    </a>
  );
}

/** Link to a trace page; ids that are not 32 hex characters are shown as text, not linked. */
export function TraceLink(props: { traceId: string; children?: ComponentChildren }) {
  if (!/^[0-9a-f]{32}$/i.test(props.traceId)) return <span class="mono">{props.traceId}</span>;
  return (
    <Link href={`/traces/${props.traceId.toLowerCase()}`} class="mono">
      {props.children ?? props.traceId}
    </Link>
  );
}
