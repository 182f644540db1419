/** Pre-flight check: can we reach the collector, and does it accept our key? */

/** Outcome of the probe. */
export type ProbeResult =
  | { ok: true }
  | { ok: false; kind: 'unreachable' | 'rejected'; message: string };

/** POSTs an empty OTLP/JSON export to `{tracesUrl}`; 2xx means reachable and authorized. */
export async function probeCollector(tracesUrl: string, headers: Record<string, string>, timeoutMs = 5000): Promise<ProbeResult> {
  let response: Response;
  try {
    response = await fetch(tracesUrl, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{"resourceSpans":[]}',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (error as Error).message;
    return { ok: false, kind: 'unreachable', message: `cannot reach the collector at ${tracesUrl} (${detail}); is tracegate running and is --endpoint right?` };
  }
  if (response.ok) return { ok: true };
  const body = (await response.text()).slice(0, 300);
  const hint = response.status === 401 || response.status === 403 ? ' (check --key)' : '';
  return { ok: false, kind: 'rejected', message: `collector at ${tracesUrl} answered ${response.status}${hint}: ${body}` };
}
