/** The support agent: retrieval, an LLM tool loop over the OpenAI client, tools, and the response's action. */
import type OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import {
  fromOpenAiChatCompletion,
  recordAction,
  textMessage,
  withAgent,
  withLlmCall,
  withRetrieval,
  withTool,
  type Action,
} from 'tracegate/instrument';
import { retrieve } from './knowledgeBase.js';
import { TOOL_DEFINITIONS, escalateToHuman, lookupOrder } from './tools.js';

/** The bot's answer, the sources it cited, the tools it called, and the trace it produced. */
export interface BotAnswer {
  answer: string;
  action: Action;
  /** Help-center article ids cited in the answer (among those retrieved). */
  citations: string[];
  toolCalls: Array<{ name: string; arguments: Record<string, string> }>;
  traceId: string;
}

/** Options of one answer: how many articles to retrieve and the lowest retrieval score kept. */
export interface AnswerOptions {
  userId?: string;
  topK?: number;
  minScore?: number;
}

const TOOLS: Record<string, (args: Record<string, string>) => Promise<unknown>> = {
  lookup_order: (a) => lookupOrder({ orderId: a.orderId ?? '' }),
  escalate_to_human: (a) => escalateToHuman({ reason: a.reason ?? '' }),
};

/** Answers one question; every step is a span under one `invoke_agent support-bot` root span. */
export async function answerQuestion(openai: OpenAI, model: string, question: string, options: AnswerOptions = {}): Promise<BotAnswer> {
  const { userId, topK = 2, minScore = 0.1 } = options;
  return withAgent({ name: 'support-bot', ...(userId ? { userId } : {}) }, async (agentSpan) => {
    const docs = await withRetrieval({ dataSourceId: 'help-center', query: question, topK }, () =>
      retrieve(question, topK, minScore).map((a) => ({ id: a.id, score: a.score, content: a.text })),
    );
    const calledTools: BotAnswer['toolCalls'] = [];
    const context = docs.map((d) => `[${d.id}] ${d.content}`).join('\n');
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: `You are a support assistant. Cite sources.\n${context}` },
      { role: 'user', content: question },
    ];
    let escalated = false;
    for (let step = 0; step < 4; step++) {
      const completion = await withLlmCall(
        { provider: 'openai', model, inputMessages: [textMessage('user', question)] },
        async (call) => {
          const c = await openai.chat.completions.create({ model, messages, tools: TOOL_DEFINITIONS });
          call.recordResponse(fromOpenAiChatCompletion(c));
          return c;
        },
      );
      const choice = completion.choices[0];
      const toolCalls = choice?.message.tool_calls ?? [];
      if (choice?.finish_reason === 'tool_calls' && toolCalls.length > 0) {
        messages.push(choice.message);
        for (const call of toolCalls) {
          if (call.type !== 'function') continue;
          const args = JSON.parse(call.function.arguments) as Record<string, string>;
          calledTools.push({ name: call.function.name, arguments: args });
          const run = TOOLS[call.function.name];
          if (call.function.name === 'escalate_to_human') escalated = true;
          let content: string;
          try {
            const result = await withTool({ name: call.function.name, callId: call.id, arguments: args }, () => (run ? run(args) : Promise.reject(new Error('unknown tool'))));
            content = JSON.stringify(result);
          } catch (error) {
            content = JSON.stringify({ error: (error as Error).message }); // the span already carries ERROR + error.type
          }
          messages.push({ role: 'tool', tool_call_id: call.id, content });
        }
        continue;
      }
      const answer = choice?.message.content ?? "I'm sorry, but I can't help with that request.";
      const action = classify(choice?.finish_reason ?? 'stop', answer, escalated);
      recordAction(action.action, action.reason);
      const citations = docs.map((d) => d.id).filter((id) => answer.includes(id));
      return { answer, action: action.action, citations, toolCalls: calledTools, traceId: agentSpan.spanContext().traceId };
    }
    recordAction('escalate', 'tool_loop_limit');
    return { answer: 'Let me connect you with a colleague.', action: 'escalate', citations: [], toolCalls: calledTools, traceId: agentSpan.spanContext().traceId };
  });
}

/** The app's own rule for the response's action (tracegate can also infer it when apps don't say). */
function classify(finishReason: string, answer: string, escalated: boolean): { action: Action; reason?: string } {
  if (escalated) return { action: 'escalate', reason: 'escalate_to_human tool' };
  if (finishReason === 'content_filter') return { action: 'refuse', reason: 'content_filter' };
  if (/can't help|cannot help/i.test(answer)) return { action: 'refuse', reason: 'model refusal' };
  if (/don't have information/i.test(answer)) return { action: 'abstain', reason: 'no relevant documents' };
  if (answer.trim().endsWith('?')) return { action: 'clarify' };
  return { action: 'answer' };
}
