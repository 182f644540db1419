/**
 * The typical interval of a node-cron schedule (5 fields, or 6 with seconds first), used to decide
 * when a job counts as stalled (no success for 3 intervals). Pure: the reference time is an argument.
 * Supports `*`, numbers, `a-b`, `/step` and lists; names (JAN, MON) are not supported.
 */
const RANGES: Array<[number, number]> = [[0, 59], [0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];

function parseField(field: string, [lo, hi]: [number, number]): Set<number> | null {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) return null;
    let a = lo;
    let b = hi;
    if (range !== '*') {
      const [x, y] = range.split('-');
      a = Number(x);
      b = y === undefined ? (stepText === undefined ? a : hi) : Number(y);
    }
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < lo || b > hi || a > b) return null;
    for (let v = a; v <= b; v += step) out.add(v);
  }
  return out;
}

/** Parsed fields (seconds first); null when the expression is not understood. */
export function parseCron(expression: string): Set<number>[] | null {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) return null;
  const six = parts.length === 6 ? parts : ['0', ...parts];
  const fields = six.map((f, i) => parseField(f, RANGES[i]!));
  if (fields.some((f) => f === null)) return null;
  const dow = fields[5]!;
  if (dow.has(7)) dow.add(0);
  return fields as Set<number>[];
}

function matches(f: Set<number>[], d: Date): boolean {
  return f[0]!.has(d.getUTCSeconds()) && f[1]!.has(d.getUTCMinutes()) && f[2]!.has(d.getUTCHours()) &&
    f[3]!.has(d.getUTCDate()) && f[4]!.has(d.getUTCMonth() + 1) && f[5]!.has(d.getUTCDay());
}

/** Largest gap in ms between the next few matches after `fromMs` (searching 8 days); null when not understood. */
export function computeCronIntervalMs(expression: string, fromMs: number): number | null {
  const f = parseCron(expression);
  if (!f) return null;
  const everySecond = f[0]!.size > 1;
  const stepMs = everySecond ? 1000 : 60_000;
  const horizonMs = everySecond ? 86_400_000 : 8 * 86_400_000;
  const start = Math.floor(fromMs / stepMs) * stepMs;
  const hits: number[] = [];
  for (let t = start; t <= start + horizonMs && hits.length < 4; t += stepMs) {
    const d = new Date(everySecond ? t : t + ([...f[0]!][0] ?? 0) * 1000);
    if (matches(f, d)) hits.push(d.getTime());
  }
  if (hits.length < 2) return horizonMs;
  let gap = 0;
  for (let i = 1; i < hits.length; i++) gap = Math.max(gap, hits[i]! - hits[i - 1]!);
  return gap;
}
