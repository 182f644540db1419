import { DEFAULT_POLICY } from '../../domain/canary/defaultPolicy.js';
import { parsePolicy } from '../../domain/canary/parsePolicy.js';
import type { Policy } from '../../domain/canary/policy.js';
import { readConfigFile } from '../readConfigFile.js';

/** The variable naming the policy file of detected canaries and of the drift job. */
export const CANARY_POLICY_ENV = 'TRACEGATE_CANARY_POLICY_FILE';

/**
 * Reads and validates the canary policy file (YAML or JSON, the `--policy` format: its `canary` section
 * applies to detected canaries, its `drift` section to the drift job). Unset: DEFAULT_POLICY. Throws an
 * Error naming the variable, the file and every bad field: the service refuses to start with a bad file.
 */
export function loadCanaryPolicy(path: string | undefined): Policy {
  if (!path) return DEFAULT_POLICY;
  return readConfigFile(CANARY_POLICY_ENV, path, (text) => {
    const parsed = parsePolicy(text);
    return parsed.ok ? { ok: true, value: parsed.policy } : parsed;
  });
}
