/** State of one alert rule. */
export type AlertStatus = 'OK' | 'WARNING' | 'ALERT' | 'NO_DATA';

/** How one rule notifies. Intervals in ms; null disables. */
export interface AlertRule {
  ruleId: string;
  /** A better status must hold this long (across evaluations) before the rule moves down and resolves. 0 = at once. */
  resolveAfterMs: number;
  /** Re-send while still notified-bad after this long since the last notification; null = never. */
  renotifyIntervalMs: number | null;
  /** No evaluation for this long turns the rule NO_DATA; null = never. */
  noDataAfterMs: number | null;
  /** Statuses that send a trigger when entered (default ALERT and NO_DATA). */
  notifyOn?: readonly AlertStatus[];
}

/** One evaluation of a rule's condition (from drift/canary/threshold checks). */
export interface AlertEvaluation {
  atMs: number;
  status: AlertStatus;
  message: string;
}

/** Persisted memory of one rule. */
export interface AlertState {
  status: AlertStatus;
  sinceMs: number;
  lastEvaluationMs: number | null;
  /** When the last trigger/re-notify was sent; null when nothing is outstanding. */
  lastNotifiedMs: number | null;
  /** Status that was notified and not yet resolved; null when none. */
  notifiedStatus: AlertStatus | null;
  /** Since when evaluations have been better than `status` (pending resolve), and the status they point to. */
  pendingSinceMs: number | null;
  pendingStatus: AlertStatus | null;
  lastMessage: string;
}

/** A notification to send. */
export interface AlertNotification {
  ruleId: string;
  kind: 'trigger' | 'renotify' | 'resolve';
  status: AlertStatus;
  previousStatus: AlertStatus;
  atMs: number;
  message: string;
}

const RANK: Record<AlertStatus, number> = { OK: 0, WARNING: 1, ALERT: 2, NO_DATA: -1 };

/** The state of a rule never evaluated. */
export function initialAlertState(nowMs: number): AlertState {
  return { status: 'OK', sinceMs: nowMs, lastEvaluationMs: null, lastNotifiedMs: null, notifiedStatus: null, pendingSinceMs: null, pendingStatus: null, lastMessage: '' };
}

/**
 * Alert state machine: worse statuses (and NO_DATA) are entered at once and trigger when in notifyOn;
 * better statuses are entered only after holding for resolveAfterMs and then resolve what was notified;
 * outstanding notifications repeat every renotifyIntervalMs; silence for noDataAfterMs means NO_DATA.
 * Evaluations older than the last one seen are ignored.
 */
export function decideAlert(rule: AlertRule, previous: AlertState | null, evaluations: readonly AlertEvaluation[], nowMs: number): { state: AlertState; notifications: AlertNotification[] } {
  const notifyOn = rule.notifyOn ?? ['ALERT', 'NO_DATA'];
  let s: AlertState = { ...(previous ?? initialAlertState(nowMs)) };
  const out: AlertNotification[] = [];
  const move = (to: AlertStatus, atMs: number, message: string): void => {
    const from = s.status;
    const worse = to === 'NO_DATA' || RANK[to] > RANK[from] || from === 'NO_DATA';
    s = { ...s, status: to, sinceMs: atMs, pendingSinceMs: null, pendingStatus: null, lastMessage: message };
    if (s.notifiedStatus !== null && !(worse && to !== 'OK' && notifyOn.includes(to))) {
      out.push({ ruleId: rule.ruleId, kind: 'resolve', status: to, previousStatus: from, atMs, message });
      s.notifiedStatus = null;
      s.lastNotifiedMs = null;
    }
    if (to !== 'OK' && notifyOn.includes(to)) {
      out.push({ ruleId: rule.ruleId, kind: 'trigger', status: to, previousStatus: from, atMs, message });
      s.notifiedStatus = to;
      s.lastNotifiedMs = atMs;
    }
  };
  const sorted = [...evaluations].sort((a, b) => a.atMs - b.atMs).filter((e) => s.lastEvaluationMs === null || e.atMs > s.lastEvaluationMs);
  for (const e of sorted) {
    s.lastEvaluationMs = e.atMs;
    if (e.status === s.status) {
      s = { ...s, pendingSinceMs: null, pendingStatus: null, lastMessage: e.message };
    } else if (e.status === 'NO_DATA' || s.status === 'NO_DATA' || RANK[e.status] > RANK[s.status]) {
      move(e.status, e.atMs, e.message);
    } else {
      const since = s.pendingSinceMs ?? e.atMs;
      s = { ...s, pendingSinceMs: since, pendingStatus: e.status, lastMessage: e.message };
      if (e.atMs - since >= rule.resolveAfterMs) move(e.status, e.atMs, e.message);
    }
  }
  if (s.pendingSinceMs !== null && s.pendingStatus !== null && nowMs - s.pendingSinceMs >= rule.resolveAfterMs) move(s.pendingStatus, nowMs, s.lastMessage);
  if (rule.noDataAfterMs !== null && s.status !== 'NO_DATA' && nowMs - (s.lastEvaluationMs ?? s.sinceMs) >= rule.noDataAfterMs) {
    move('NO_DATA', nowMs, `no evaluation for ${Math.round((nowMs - (s.lastEvaluationMs ?? s.sinceMs)) / 1000)} s`);
  }
  if (rule.renotifyIntervalMs !== null && s.notifiedStatus !== null && s.lastNotifiedMs !== null && nowMs - s.lastNotifiedMs >= rule.renotifyIntervalMs) {
    out.push({ ruleId: rule.ruleId, kind: 'renotify', status: s.status, previousStatus: s.status, atMs: nowMs, message: s.lastMessage });
    s.lastNotifiedMs = nowMs;
  }
  return { state: s, notifications: out };
}
