/**
 * Agreement of a judge with human labels: accuracy, Cohen's kappa with a 95% confidence interval
 * (large-sample standard error, Fleiss-Cohen-Everitt approximation), confusion matrix, and whether the
 * judge is calibrated (kappa >= minKappa on at least minLabels labels).
 */
import { normalInv } from '../../stats/distributions.js';

export interface Agreement {
  n: number;
  accuracy: number | null;
  kappa: number | null;
  kappaCi: [number, number] | null;
  /** confusion[human][judge] = count. */
  confusion: Record<string, Record<string, number>>;
  calibrated: boolean;
}

export function computeAgreement(pairs: ReadonlyArray<{ human: string; judge: string }>, opts: { minKappa: number; minLabels: number; conf?: number }): Agreement {
  const labels = [...new Set(pairs.flatMap((p) => [p.human, p.judge]))].sort();
  const confusion: Record<string, Record<string, number>> = Object.fromEntries(labels.map((a) => [a, Object.fromEntries(labels.map((b) => [b, 0]))]));
  for (const p of pairs) confusion[p.human]![p.judge]!++;
  const n = pairs.length;
  if (n === 0) return { n, accuracy: null, kappa: null, kappaCi: null, confusion, calibrated: false };
  const po = pairs.filter((p) => p.human === p.judge).length / n;
  let pe = 0;
  for (const l of labels) {
    const h = pairs.filter((p) => p.human === l).length / n;
    const j = pairs.filter((p) => p.judge === l).length / n;
    pe += h * j;
  }
  if (pe >= 1) return { n, accuracy: po, kappa: null, kappaCi: null, confusion, calibrated: false };
  const kappa = (po - pe) / (1 - pe);
  const se = Math.sqrt((po * (1 - po)) / (n * (1 - pe) ** 2));
  const z = normalInv(1 - (1 - (opts.conf ?? 0.95)) / 2);
  const ci: [number, number] = [Math.max(-1, kappa - z * se), Math.min(1, kappa + z * se)];
  return { n, accuracy: po, kappa, kappaCi: ci, confusion, calibrated: n >= opts.minLabels && kappa >= opts.minKappa };
}
