/**
 * A time-series line chart (uPlot). Takes data, never fetches. Series labels (service / release
 * names) are trace data: uPlot writes them with textContent.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
}

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#be185d', '#4d7c0f', '#475569', '#b45309'];

export function LineChart(props: {
  title: string;
  /** Seconds since the epoch, ascending. */
  x: number[];
  series: ChartSeries[];
  format?: (v: number) => string;
  testId?: string;
  height?: number;
  /** The x range shown (seconds), e.g. the requested time range; data bounds when absent. */
  xRange?: [number, number];
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const fmt = props.format ?? ((v: number) => String(v));
    const opts: uPlot.Options = {
      title: props.title,
      width: Math.max(280, el.clientWidth || 480),
      height: props.height ?? 220,
      scales: { x: props.xRange ? { time: true, range: () => props.xRange as [number, number] } : { time: true } },
      series: [
        {},
        ...props.series.map((s, i) => ({
          label: s.label,
          stroke: PALETTE[i % PALETTE.length],
          width: 2,
          spanGaps: false,
          points: { show: props.x.length < 60 },
          value: (_u: uPlot, v: number | null) => (v === null || v === undefined ? '–' : fmt(v)),
        })),
      ],
      axes: [{}, { values: (_u: uPlot, ticks: number[]) => ticks.map((t) => fmt(t)), size: 70 }],
      legend: { live: true },
    };
    const data = [props.x, ...props.series.map((s) => s.values)] as uPlot.AlignedData;
    const plot = new uPlot(opts, data, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height: props.height ?? 220 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [props.title, props.x, props.series, props.format, props.height, props.xRange?.[0], props.xRange?.[1]]);
  return <div class="chart" ref={host} data-testid={props.testId} />;
}
