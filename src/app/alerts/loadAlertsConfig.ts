import { parseAlertsConfig, type AlertsConfig } from '../../domain/alerts/alertsConfig.js';
import { readConfigFile } from '../readConfigFile.js';

/** No file configured: nothing alerts (GET /api/alerts says so). */
export const NO_ALERTS: AlertsConfig = Object.freeze({ channels: [], rules: [], defaultRules: false });

/**
 * Reads and validates TRACEGATE_ALERTS_FILE (YAML or JSON). Throws an Error naming the file and every bad
 * field (e.g. `channels.0.url: expected an http(s) URL`): the service refuses to start with a bad file.
 */
export function loadAlertsConfig(path: string | undefined): AlertsConfig {
  if (!path) return NO_ALERTS;
  return readConfigFile('TRACEGATE_ALERTS_FILE', path, (text) => {
    const parsed = parseAlertsConfig(text);
    return parsed.ok ? { ok: true, value: parsed.config } : parsed;
  });
}
