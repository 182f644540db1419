/** What the HTTP layer is given by the composition root. */
import type { Config } from '../config.js';
import type { Authenticator } from '../app/auth/Authenticator.js';
import type { InflightBudget } from '../app/ingest/InflightBudget.js';
import type { IngestQueue } from '../app/ingest/IngestQueue.js';
import type { Logger } from '../app/logger.js';
import type { ServiceMetrics } from '../app/metrics/ServiceMetrics.js';
import type { ControlPlane, SpanStore } from '../app/ports.js';
import type { ReviewDeps } from '../app/review/ReviewDeps.js';
import type { ScoringStore } from '../app/scoring/scoringPorts.js';

export interface HttpDeps {
  config: Config;
  auth: Authenticator;
  queue: IngestQueue;
  /** OTLP request slots and body bytes in memory (shared by every receiver). */
  budget: InflightBudget;
  spans: SpanStore;
  control: ControlPlane;
  metrics: ServiceMetrics;
  logger: Logger;
  /** Review queue, promotion and datasets. */
  review: ReviewDeps;
  /** Trace scoring (action, scores, status); absent in tools that serve traces without it. */
  scoring?: ScoringStore;
}
