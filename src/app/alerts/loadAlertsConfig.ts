import { readFileSync } from 'node:fs';
import { parseAlertsConfig, type AlertsConfig } from '../../domain/alerts/alertsConfig.js';

/** No file configured: nothing alerts (GET /api/alerts says so). */
export const NO_ALERTS: AlertsConfig = Object.freeze({ channels: [], rules: [], defaultRules: false });

/**
 * Reads and validates TRACEGATE_ALERTS_FILE (YAML or JSON). Throws an Error naming the file and every bad
 * field (e.g. `channels.0.url: expected an http(s) URL`): the service refuses to start with a bad file.
 */
export function loadAlertsConfig(path: string | undefined): AlertsConfig {
  if (!path) return NO_ALERTS;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`TRACEGATE_ALERTS_FILE ${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const parsed = parseAlertsConfig(text);
  if (!parsed.ok) throw new Error(`TRACEGATE_ALERTS_FILE ${path}: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return Object.freeze(parsed.config);
}
