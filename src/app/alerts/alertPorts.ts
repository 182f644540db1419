/** What the alert use-cases need from storage (src/store/AlertStore.ts implements it). */
import type { AlertContent } from '../../domain/alerts/AlertContent.js';
import type { AlertState } from '../../domain/alerts/decideAlert.js';

/** The stored memory of one rule and subject. */
export interface StoredAlertState {
  id: string;
  projectId: string;
  ruleId: string;
  subject: string;
  state: AlertState;
  content: AlertContent;
}

/** A state change and the notifications it causes: written together, in one transaction. */
export interface AlertChange {
  id: string;
  projectId: string;
  ruleId: string;
  subject: string;
  state: AlertState;
  content: AlertContent;
  notifications: Array<{ channel: string; content: AlertContent }>;
}

/** A notification waiting in (or done with) the outbox. */
export interface OutboxItem {
  id: number;
  projectId: string;
  ruleId: string;
  subject: string;
  channel: string;
  kind: AlertContent['kind'];
  content: AlertContent;
  status: 'pending' | 'delivered' | 'failed' | 'dropped';
  attempts: number;
  nextAttemptMs: number;
  lastError: string | null;
  createdMs: number;
  deliveredMs: number | null;
}

/** Delivery health of one channel. */
export interface ChannelState {
  name: string;
  consecutiveFailures: number;
  disabledMs: number | null;
  disabledReason: string | null;
  lastDeliveredMs: number | null;
}

/** One recorded delivery attempt. */
export interface AttemptRecord {
  outboxId: number;
  channel: string;
  atMs: number;
  statusCode: number | null;
  ok: boolean;
  error: string | null;
  durationMs: number;
}

/** The outcome of an attempt to store: the outbox row's new status and the channel's new health. */
export interface AttemptOutcome {
  attempt: AttemptRecord;
  status: OutboxItem['status'];
  nextAttemptMs: number;
  lastError: string | null;
  deliveredMs: number | null;
  channel: ChannelState;
}

/** Alert persistence. */
export interface AlertStorePort {
  loadStates(): Promise<StoredAlertState[]>;
  /** Writes every change (state + outbox rows) in ONE transaction. */
  applyChanges(changes: readonly AlertChange[], nowMs: number): Promise<void>;
  /** Claims up to `limit` pending notifications due at nowMs (a lease: another claimer skips them until leaseUntilMs). */
  claimDue(nowMs: number, leaseUntilMs: number, limit: number): Promise<OutboxItem[]>;
  /** Records an attempt, the outbox row's outcome and the channel's health in one transaction. */
  recordAttempt(outcome: AttemptOutcome): Promise<void>;
  /** Marks a pending notification dropped (its channel is disabled or no longer configured). */
  dropNotification(id: number, reason: string): Promise<void>;
  channelStates(): Promise<ChannelState[]>;
  /** Clears a channel's failures and disabled mark. */
  enableChannel(name: string): Promise<void>;
  listOutbox(limit: number): Promise<OutboxItem[]>;
  listAttempts(outboxId: number): Promise<AttemptRecord[]>;
}
