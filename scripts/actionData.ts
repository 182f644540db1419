/**
 * The labelled action responses used to train and check the action model (test/fixtures/actions),
 * the seeded test split kept out of training, and a strict JSONL reader for `{"id","action","text","question"?}`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIONS, type Action } from '../src/domain/facts/types.js';

/** One labelled response. */
export interface LabelledResponse {
  id: string;
  action: Action;
  text: string;
  question: string | null;
  /** The fixture file it came from (cross-validation leaves whole files out). */
  set: string;
  /** The writer's style when the line names one (openai, anthropic, gemini, open, macro). */
  style: string | null;
}

export const FIXTURE_DIR = join(import.meta.dirname, '../test/fixtures/actions');

/** Every labelled set the model learns from (all were written by different authors at different times). */
export const TRAINING_SETS = [
  'tune.jsonl',
  'tune-round1-heldout.jsonl',
  'heldout.jsonl',
  'tune-round2.jsonl',
  'tune-round3.jsonl',
  'heldout-blind.jsonl',
  'tune-round4.jsonl',
  'tune-round5.jsonl',
  'tune-round6.jsonl',
  'tune-round7.jsonl',
  'tune-round8.jsonl',
  'tune-round9.jsonl',
] as const;

export const TEST_SPLIT_FILE = join(FIXTURE_DIR, 'test-split.ids');
export const SPLIT_SEED = 20261206;
/** Share of each set kept out of training as the committed test split, in percent. */
export const TEST_SPLIT_PERCENT = 15;

/** Reads JSONL `{"id","action","text","question"?}`; throws naming the line on a bad one. */
export function readLabelledJsonl(path: string, set: string): LabelledResponse[] {
  const out: LabelledResponse[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`${path}:${i + 1}: not JSON`);
    }
    const { id, action, text, question, style } = row;
    if ((typeof id !== 'string' && typeof id !== 'number') || typeof text !== 'string' || !ACTIONS.includes(action as Action)) {
      throw new Error(`${path}:${i + 1}: expected {"id", "action" (one of ${ACTIONS.join(', ')}), "text", "question"?}`);
    }
    out.push({ id: String(id), action: action as Action, text, question: typeof question === 'string' ? question : null, set, style: typeof style === 'string' ? style : null });
  });
  return out;
}

/** All training sets. */
export function loadTrainingSets(): LabelledResponse[] {
  return TRAINING_SETS.flatMap((f) => readLabelledJsonl(join(FIXTURE_DIR, f), f));
}

/** FNV-1a 32-bit hash of a string (for seeded, order-independent splits). */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** True when the response belongs to the test split: a seeded hash of its id, stable as data is added. */
export function inTestSplit(id: string, seed = SPLIT_SEED): boolean {
  return hash32(`${seed}:${id}`) % 100 < TEST_SPLIT_PERCENT;
}
