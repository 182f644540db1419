/** The express app: POST /ask answers a question, POST /feedback forwards end-user feedback to tracegate. */
import express from 'express';
import type OpenAI from 'openai';
import { sendFeedback } from 'tracegate/instrument';
import { answerQuestion } from './answerQuestion.js';
import { replayHandler, retrievalOptions } from './replayHandler.js';

/** What the app needs: the OpenAI client and model, where tracegate's API is for feedback, and retrieval settings. */
export interface SupportBotDeps {
  openai: OpenAI;
  model: string;
  tracegateUrl: string;
  tracegateKey?: string;
  /** Lowest retrieval score kept (default 0.1); a variant to compare in the offline gate. */
  retrievalMinScore?: number;
}

/** Builds the app (no listening; the caller decides the port). */
export function createSupportBotApp(deps: SupportBotDeps): express.Express {
  const app = express();
  app.use(express.json({ limit: '32kb' }));
  app.post('/ask', async (req, res) => {
    const question = typeof req.body?.question === 'string' ? req.body.question.trim() : '';
    if (!question) return void res.status(400).json({ error: 'expected JSON {"question": "..."}' });
    try {
      const userId = typeof req.body.userId === 'string' ? req.body.userId : undefined;
      const { answer, action, traceId } = await answerQuestion(deps.openai, deps.model, question, { ...(userId ? { userId } : {}), ...retrievalOptions(deps) });
      res.json({ answer, action, traceId });
    } catch (error) {
      res.status(502).json({ error: `the model call failed: ${(error as Error).message}` });
    }
  });
  app.post('/replay', replayHandler(deps));
  app.post('/feedback', async (req, res) => {
    const { traceId, value, comment, userId } = req.body ?? {};
    const result = await sendFeedback({
      endpoint: deps.tracegateUrl,
      traceId: String(traceId ?? ''),
      value: value === 'down' ? 'down' : 'up',
      ...(typeof comment === 'string' ? { comment } : {}),
      ...(typeof userId === 'string' ? { userId } : {}),
      ...(deps.tracegateKey ? { key: deps.tracegateKey } : {}),
    });
    if (result.ok) res.status(201).json({ id: result.id });
    else res.status(result.reason === 'invalid' ? 400 : 502).json({ error: result.message });
  });
  return app;
}
