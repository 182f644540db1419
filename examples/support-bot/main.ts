/**
 * Runs the support bot: `npx tsx examples/support-bot/main.ts`. Tracing is configured from the
 * environment (TRACEGATE_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT, TRACEGATE_API_KEY, OTEL_SERVICE_NAME,
 * OTEL_RESOURCE_ATTRIBUTES=service.version=...). Without OPENAI_BASE_URL the bundled fake server is used.
 */
import OpenAI from 'openai';
import { startTracing } from 'tracegate/instrument';
import { createSupportBotApp } from './createSupportBotApp.js';
import { startFakeOpenAi } from './fakeOpenAiServer.js';

const tracegateUrl = process.env.TRACEGATE_ENDPOINT ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://localhost:4318';
const tracing = startTracing({
  endpoint: tracegateUrl,
  serviceName: process.env.OTEL_SERVICE_NAME ?? 'support-bot',
  serviceVersion: process.env.SUPPORT_BOT_VERSION ?? '1.0.0',
  environment: process.env.SUPPORT_BOT_ENV ?? 'development',
  captureContent: process.env.TRACEGATE_CAPTURE_CONTENT === 'true',
});

const fake = process.env.OPENAI_BASE_URL ? null : await startFakeOpenAi();
const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY ?? 'fake-key', baseURL: process.env.OPENAI_BASE_URL ?? fake!.baseURL });
const app = createSupportBotApp({
  openai,
  model: process.env.SUPPORT_BOT_MODEL ?? 'gpt-4o-mini',
  tracegateUrl,
  ...(process.env.TRACEGATE_API_KEY ? { tracegateKey: process.env.TRACEGATE_API_KEY } : {}),
  ...(process.env.SUPPORT_BOT_RETRIEVAL_MIN_SCORE ? { retrievalMinScore: Number(process.env.SUPPORT_BOT_RETRIEVAL_MIN_SCORE) } : {}),
});
const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, () => console.log(`support-bot on http://localhost:${port} (traces -> ${tracing.config.tracesUrl})`));
process.once('SIGTERM', () => {
  server.close();
  void fake?.close();
});
