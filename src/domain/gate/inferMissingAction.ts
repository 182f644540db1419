/** Fills in the action of output records that do not report one, with the action classifier, marked as inferred. */
import type { CaseAction } from '../cases/CaseSchema.js';
import { classifyActionText } from '../scoring/classifyActionText.js';
import { ACTION_SCORER, isEscalationName } from '../scoring/scoreAction.js';
import { DEFAULT_ESCALATION_TOOLS } from '../scoring/scoringConfig.js';
import { scorerId } from '../scoring/types.js';
import { lacksAction, type OutputRecord } from './OutputRecordSchema.js';

/** What the gate knows about one output when classifying its action. */
export interface ActionEvidence {
  answer: string;
  toolNames: string[];
}

/** A classifier: the action and the classifier's version (`action@N`), or null when it cannot tell. */
export type ActionClassifier = (evidence: ActionEvidence) => { action: CaseAction; version: string } | null;

/**
 * The classifier the gate uses for records without `action`: the action scorer's rules (`action@N`):
 * a call to an escalation tool is escalate, else the text classifier over the answer. No answer text:
 * nothing to classify (null), and the record is rejected as bad input ("action is required unless error is set").
 */
export const defaultActionClassifier: ActionClassifier | null = ({ answer, toolNames }) => {
  const version = scorerId(ACTION_SCORER);
  if (toolNames.some((name) => isEscalationName(name, DEFAULT_ESCALATION_TOOLS))) return { action: 'escalate', version };
  if (answer.trim() === '') return null;
  return { action: classifyActionText(answer).action, version };
};

/** The record with its action inferred (`action_inferred_by` set), the record itself when it needs none, or null when none can be inferred. */
export function inferMissingAction(record: OutputRecord, classifier: ActionClassifier | null = defaultActionClassifier): OutputRecord | null {
  if (!lacksAction(record)) return record;
  const inferred = classifier?.({ answer: record.answer ?? '', toolNames: record.tool_calls.map((t) => t.name) }) ?? null;
  if (!inferred) return null;
  return { ...record, action: inferred.action, action_inferred_by: inferred.version };
}
