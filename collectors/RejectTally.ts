import type { RejectCount } from './wireTypes.js';

/** Reasons a single span or log record is rejected while the rest of its batch is accepted. */
export type RejectReason =
  | 'invalid_span'
  | 'invalid_log_record'
  | 'invalid_trace_id'
  | 'invalid_span_id'
  | 'invalid_parent_span_id'
  | 'invalid_start_time'
  | 'invalid_end_time'
  | 'invalid_timestamp'
  | 'invalid_attributes'
  | 'invalid_field';

/** Counts rejected items per reason, in first-seen order. */
export class RejectTally {
  private readonly counts = new Map<RejectReason, number>();

  /** Records one rejected item. */
  add(reason: RejectReason): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
  }

  /** The counts as RejectCount values (empty when nothing was rejected). */
  toList(): RejectCount[] {
    return Array.from(this.counts, ([reason, count]) => ({ reason, count }));
  }
}
