import { describe, expect, it } from 'vitest';
import { decideAlert, initialAlertState, type AlertRule, type AlertState, type AlertStatus } from '../../../src/domain/alerts/decideAlert.js';

const MIN = 60_000;
const rule: AlertRule = { ruleId: 'r1', resolveAfterMs: 10 * MIN, renotifyIntervalMs: 60 * MIN, noDataAfterMs: 30 * MIN };
const at = (status: AlertStatus, min: number) => ({ atMs: min * MIN, status, message: `${status} at ${min}` });
const stateIn = (status: AlertStatus, extra: Partial<AlertState> = {}): AlertState => ({
  ...initialAlertState(0), status, lastEvaluationMs: 0,
  ...(status === 'ALERT' || status === 'NO_DATA' ? { notifiedStatus: status, lastNotifiedMs: 0 } : {}), ...extra,
});

const cases = [
  { name: 'OK stays OK silently', prev: stateIn('OK'), evals: [at('OK', 5)], now: 5, status: 'OK', kinds: [] },
  { name: 'OK -> ALERT triggers', prev: stateIn('OK'), evals: [at('ALERT', 5)], now: 5, status: 'ALERT', kinds: ['trigger'] },
  { name: 'OK -> WARNING is silent by default', prev: stateIn('OK'), evals: [at('WARNING', 5)], now: 5, status: 'WARNING', kinds: [] },
  { name: 'WARNING -> ALERT triggers', prev: stateIn('WARNING'), evals: [at('ALERT', 5)], now: 5, status: 'ALERT', kinds: ['trigger'] },
  { name: 'ALERT -> OK waits for the resolve interval', prev: stateIn('ALERT'), evals: [at('OK', 5)], now: 5, status: 'ALERT', kinds: [] },
  { name: 'ALERT -> OK resolves after holding 10 min', prev: stateIn('ALERT'), evals: [at('OK', 5), at('OK', 15)], now: 15, status: 'OK', kinds: ['resolve'] },
  { name: 'a relapse during the resolve wait cancels it', prev: stateIn('ALERT'), evals: [at('OK', 5), at('ALERT', 10), at('OK', 14)], now: 14, status: 'ALERT', kinds: [] },
  { name: 'ALERT -> WARNING resolves the alert after the interval', prev: stateIn('ALERT'), evals: [at('WARNING', 5), at('WARNING', 16)], now: 16, status: 'WARNING', kinds: ['resolve'] },
  { name: 'ALERT re-notifies after the interval', prev: stateIn('ALERT'), evals: [at('ALERT', 61)], now: 61, status: 'ALERT', kinds: ['renotify'] },
  { name: 'ALERT does not re-notify early', prev: stateIn('ALERT'), evals: [at('ALERT', 30)], now: 30, status: 'ALERT', kinds: [] },
  { name: 'NO_DATA evaluation triggers', prev: stateIn('OK'), evals: [at('NO_DATA', 5)], now: 5, status: 'NO_DATA', kinds: ['trigger'] },
  { name: 'silence turns the rule NO_DATA', prev: stateIn('OK'), evals: [], now: 31, status: 'NO_DATA', kinds: ['trigger'] },
  { name: 'ALERT -> NO_DATA triggers no-data without resolving', prev: stateIn('ALERT'), evals: [at('NO_DATA', 5)], now: 5, status: 'NO_DATA', kinds: ['trigger'] },
  { name: 'NO_DATA -> OK after the interval resolves', prev: stateIn('NO_DATA'), evals: [at('OK', 5), at('OK', 15)], now: 15, status: 'OK', kinds: ['resolve'] },
  { name: 'NO_DATA -> ALERT triggers at once', prev: stateIn('NO_DATA'), evals: [at('ALERT', 5)], now: 5, status: 'ALERT', kinds: ['trigger'] },
  { name: 'stale evaluations are ignored', prev: stateIn('OK', { lastEvaluationMs: 20 * MIN }), evals: [at('ALERT', 10)], now: 21, status: 'OK', kinds: [] },
  { name: 'out-of-order evaluations are sorted', prev: stateIn('OK'), evals: [at('OK', 6), at('ALERT', 5)], now: 6, status: 'ALERT', kinds: ['trigger'] },
];

describe('decideAlert transitions', () => {
  it.each(cases)('$name', ({ prev, evals, now, status, kinds }) => {
    const r = decideAlert(rule, prev, evals, now * MIN);
    expect(r.state.status).toBe(status);
    expect(r.notifications.map((n) => n.kind)).toEqual(kinds);
    r.notifications.forEach((n) => expect(n.ruleId).toBe('r1'));
  });

  it.each([
    { name: 'resolveAfterMs 0 resolves at once', r: { ...rule, resolveAfterMs: 0 }, status: 'OK', kinds: ['resolve'] },
    { name: 'WARNING in notifyOn triggers on WARNING', r: { ...rule, notifyOn: ['WARNING', 'ALERT'] as AlertStatus[] }, status: 'ALERT', kinds: [] },
  ])('$name', ({ r, status, kinds }) => {
    const res = decideAlert(r, stateIn('ALERT'), [at(r.resolveAfterMs === 0 ? 'OK' : 'ALERT', 5)], 5 * MIN);
    expect(res.state.status).toBe(status);
    expect(res.notifications.map((n) => n.kind)).toEqual(kinds);
  });

  it('WARNING triggers when WARNING is in notifyOn', () => {
    const res = decideAlert({ ...rule, notifyOn: ['WARNING', 'ALERT'] }, stateIn('OK'), [at('WARNING', 5)], 5 * MIN);
    expect(res.notifications.map((n) => [n.kind, n.status])).toEqual([['trigger', 'WARNING']]);
  });

  it('a first evaluation without previous state starts from OK', () => {
    const res = decideAlert(rule, null, [at('ALERT', 1)], MIN);
    expect(res.state.status).toBe('ALERT');
    expect(res.state.notifiedStatus).toBe('ALERT');
  });
});
