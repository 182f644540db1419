/**
 * A forest plot: per metric the canary-minus-baseline effect as a point with its interval as a line,
 * the zero line marked; rows coloured by verdict. Pure SVG built by Preact (text stays text).
 */
import type { CanaryMetric } from '../api/types.js';
import { fmtNum } from './format.js';

const ROW = 34;
const LEFT = 190;
const WIDTH = 720;
const RIGHT = 110;

export function ForestPlot(props: { metrics: CanaryMetric[]; testId?: string }) {
  const rows = props.metrics;
  const values: number[] = [0];
  for (const m of rows) {
    for (const v of [m.effect, m.interval?.[0], m.interval?.[1]]) if (typeof v === 'number' && Number.isFinite(v)) values.push(v);
  }
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) (lo -= 1), (hi += 1);
  const pad = (hi - lo) * 0.08;
  lo -= pad;
  hi += pad;
  const plotW = WIDTH - LEFT - RIGHT;
  const x = (v: number) => LEFT + ((v - lo) / (hi - lo)) * plotW;
  const height = rows.length * ROW + 40;
  return (
    <svg class="forest" viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label="forest plot of effects" data-testid={props.testId}>
      <line x1={x(0)} x2={x(0)} y1={10} y2={height - 24} class="zero" />
      <text x={x(0)} y={height - 8} class="axis-label" text-anchor="middle">
        0
      </text>
      <text x={LEFT} y={height - 8} class="axis-label">
        {fmtNum(lo)}
      </text>
      <text x={LEFT + plotW} y={height - 8} class="axis-label" text-anchor="end">
        {fmtNum(hi)}
      </text>
      {rows.map((m, i) => {
        const y = 24 + i * ROW;
        const tone = /fail/i.test(m.verdict) ? 'bad' : /pass/i.test(m.verdict) ? 'good' : 'neutral';
        const a = m.interval?.[0];
        const b = m.interval?.[1];
        return (
          <g key={m.metric} class={`forest-row ${tone}`}>
            <text x={8} y={y + 4} class="metric-label">
              {m.metric}
              {m.critical ? ' (critical)' : ''}
            </text>
            {typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b) ? (
              <line x1={x(a)} x2={x(b)} y1={y} y2={y} class="ci" />
            ) : null}
            {typeof m.effect === 'number' && Number.isFinite(m.effect) ? <circle cx={x(m.effect)} cy={y} r={5} class="effect" /> : null}
            <text x={WIDTH - RIGHT + 10} y={y + 4} class="verdict-label">
              {m.verdict}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
