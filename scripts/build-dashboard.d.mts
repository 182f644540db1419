/** Types for scripts/build-dashboard.mjs (imported by the browser tests). */
export function dashboardIsStale(): boolean;
export function buildDashboard(options?: { force?: boolean; quiet?: boolean }): Promise<boolean>;
