/** Parses `--accept-risk CASE_ID:BLOCKER` values into risk acceptances. */
import { BLOCKER_CODES, type BlockerCode } from './blockers.js';
import type { RiskAcceptance } from './GateReport.js';

/** The acceptance, or a message saying what was expected. */
export type ParseRiskAcceptanceResult = { ok: true; acceptance: RiskAcceptance } | { ok: false; message: string };

/** `CASE_ID:BLOCKER` (BLOCKER a blocker code or "*"), with the owner and reason every acceptance must carry. */
export function parseRiskAcceptance(value: string, owner: string | undefined, reason: string | undefined): ParseRiskAcceptanceResult {
  const at = value.lastIndexOf(':');
  if (at <= 0 || at === value.length - 1) return { ok: false, message: `--accept-risk expects CASE_ID:BLOCKER, got "${value}"` };
  const caseId = value.slice(0, at);
  const blocker = value.slice(at + 1);
  if (blocker !== '*' && !(BLOCKER_CODES as readonly string[]).includes(blocker)) {
    return { ok: false, message: `--accept-risk ${value}: unknown blocker "${blocker}"; expected one of ${BLOCKER_CODES.join(', ')} or *` };
  }
  if (!owner || owner.trim() === '') return { ok: false, message: '--accept-risk requires --owner NAME' };
  if (!reason || reason.trim() === '') return { ok: false, message: '--accept-risk requires --reason TEXT' };
  return { ok: true, acceptance: { caseId, blocker: blocker as BlockerCode | '*', owner, reason } };
}
