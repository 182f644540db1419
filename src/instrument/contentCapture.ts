/**
 * Content capture switch (privacy). OFF by default: prompts, completions, tool arguments/results,
 * retrieval queries and document text are only recorded after `setContentCapture(true)`, or
 * `startTracing({ captureContent: true })`, or TRACEGATE_CAPTURE_CONTENT=true at startTracing.
 * Per-call `captureContent` options override the global switch.
 */
let enabled = false;

/** Turns content capture on or off for every helper that is not given a per-call override. */
export function setContentCapture(on: boolean): void {
  enabled = on;
}

/** Whether content is captured: the per-call override when given, else the global switch. */
export function isContentCaptureEnabled(override?: boolean): boolean {
  return override ?? enabled;
}
