/**
 * POST /replay: the offline gate's replay contract (docs/gate.md, "Replay contract"), so
 * `tracegate gate --replay http://localhost:3000/replay` can run the dataset's cases through the bot.
 * Request: {case_id, input: {question | messages, ...}, metadata}; response: {action, answer, citations, tool_calls, schema_valid}.
 */
import type { RequestHandler } from 'express';
import { answerQuestion, type AnswerOptions } from './answerQuestion.js';
import type { SupportBotDeps } from './createSupportBotApp.js';

interface ReplayRequest {
  case_id?: unknown;
  input?: { question?: unknown; messages?: unknown };
}

/** The question of a replayed case: `input.question`, else the last user message. */
export function questionOf(body: ReplayRequest | undefined): string {
  const input = body?.input;
  if (typeof input?.question === 'string' && input.question.trim() !== '') return input.question.trim();
  const messages = Array.isArray(input?.messages) ? (input.messages as Array<{ role?: unknown; content?: unknown }>) : [];
  const user = messages.filter((m) => m.role === 'user' && typeof m.content === 'string').at(-1);
  return typeof user?.content === 'string' ? user.content.trim() : '';
}

/** Retrieval settings of this bot variant. */
export function retrievalOptions(deps: SupportBotDeps): AnswerOptions {
  return deps.retrievalMinScore === undefined ? {} : { minScore: deps.retrievalMinScore };
}

/** Answers one replayed case in the gate's output-record shape. */
export function replayHandler(deps: SupportBotDeps): RequestHandler {
  return async (req, res) => {
    const question = questionOf(req.body as ReplayRequest | undefined);
    if (!question) return void res.status(400).json({ error: 'expected the gate replay body {"case_id", "input": {"question" or "messages"}}' });
    try {
      const a = await answerQuestion(deps.openai, deps.model, question, retrievalOptions(deps));
      res.json({ action: a.action, answer: a.answer, citations: a.citations, tool_calls: a.toolCalls, schema_valid: true });
    } catch (error) {
      res.status(502).json({ error: `the model call failed: ${(error as Error).message}` });
    }
  };
}
