/**
 * A table for rows whose shape the dashboard does not model field by field (drift states, alert
 * rules, jobs): the columns are the union of the rows' keys, values as text.
 */
import type { ComponentChildren } from 'preact';
import type { Row } from '../api/types.js';
import { asText } from './format.js';

export function DataTable(props: {
  rows: Row[];
  columns?: string[];
  render?: Record<string, (row: Row) => ComponentChildren>;
  testId?: string;
  maxColumns?: number;
}) {
  const columns = props.columns ?? unionKeys(props.rows).slice(0, props.maxColumns ?? 10);
  return (
    <div class="table-wrap">
      <table class="grid" data-testid={props.testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c}>{props.render?.[c] ? props.render[c]!(row) : <span class="cell">{short(asText(row[c]))}</span>}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function short(s: string): string {
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

export function unionKeys(rows: Row[]): string[] {
  const keys: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
  return keys;
}
