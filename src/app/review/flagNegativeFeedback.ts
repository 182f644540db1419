/** Negative end-user feedback (thumbs down, or a score below 0.5) flags its trace for review. */
import { AppError } from '../AppError.js';
import type { Logger } from '../logger.js';
import { flagTrace } from './flagTrace.js';
import type { ReviewDeps } from './ReviewDeps.js';

/** Score below which feedback counts as negative. */
export const NEGATIVE_SCORE_BELOW = 0.5;

/**
 * Flags the trace when the feedback is negative; positive feedback does nothing. Feedback on a trace
 * not stored (yet) raises no flag (logged at debug): review items always point at a stored trace.
 */
export async function flagNegativeFeedback(
  deps: Pick<ReviewDeps, 'spans' | 'promotion' | 'now'>,
  fb: { projectId: string; traceId: string; feedbackId: string; value: 'up' | 'down' | null; score: number | null; comment: string | null; userId: string | null },
  logger: Logger,
): Promise<void> {
  const negative = fb.value === 'down' || (fb.value === null && fb.score !== null && fb.score < NEGATIVE_SCORE_BELOW);
  if (!negative) return;
  try {
    await flagTrace(deps, {
      projectId: fb.projectId,
      traceId: fb.traceId,
      signal: {
        kind: 'negative_feedback',
        source: fb.userId ? `user:${fb.userId}` : 'user-feedback',
        reason: fb.comment ? `negative feedback: ${fb.comment}` : 'negative feedback',
        // A thumbs down with a comment says more than a bare one.
        strength: fb.comment ? 0.6 : 0.5,
        details: { feedbackId: fb.feedbackId, value: fb.value, score: fb.score },
      },
    });
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') {
      logger.debug('negative feedback on a trace not stored: no review flag', { traceId: fb.traceId });
      return;
    }
    throw err;
  }
}
