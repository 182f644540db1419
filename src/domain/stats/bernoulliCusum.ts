/** Bernoulli CUSUM for a rate shifting up from p0 to p1 (log-likelihood-ratio increments). */
export interface CusumConfig {
  /** In-control rate. */
  p0: number;
  /** Out-of-control rate to detect (> p0). */
  p1: number;
  /** Decision threshold h (in nats); the statistic resets to 0 after an alarm. */
  h: number;
}

/** LLR increments: an event adds `event`, a non-event adds `nonEvent` (< 0). */
export function cusumIncrements(p0: number, p1: number): { event: number; nonEvent: number } {
  return { event: Math.log(p1 / p0), nonEvent: Math.log((1 - p1) / (1 - p0)) };
}

/** Result of running the CUSUM over a stream. */
export interface CusumResult {
  /** Statistic after the last observation. */
  s: number;
  /** 0-based indices of the observations that raised an alarm. */
  alarms: number[];
}

/** Per-observation Bernoulli CUSUM S_t = max(0, S_{t−1} + LLR(x_t)), alarm and reset when S_t ≥ h. */
export function bernoulliCusum(xs: readonly (0 | 1 | boolean)[], cfg: CusumConfig, s0 = 0): CusumResult {
  const inc = cusumIncrements(cfg.p0, cfg.p1);
  let s = s0;
  const alarms: number[] = [];
  xs.forEach((x, i) => {
    s = Math.max(0, s + (x ? inc.event : inc.nonEvent));
    if (s >= cfg.h) {
      alarms.push(i);
      s = 0;
    }
  });
  return { s, alarms };
}

/** Window-batched CUSUM update: adds the summed LLR of `events` out of `n`, then floors at 0 (alarm when ≥ h). */
export function cusumAddCounts(s: number, events: number, n: number, cfg: CusumConfig): { s: number; alarm: boolean } {
  const inc = cusumIncrements(cfg.p0, cfg.p1);
  const next = Math.max(0, s + events * inc.event + (n - events) * inc.nonEvent);
  return { s: next, alarm: next >= cfg.h };
}
