/** Captured outputs of tool and retrieval spans across conventions (null when nothing was captured). */
import type { ScoringSpan } from './types.js';

const TOOL_OUTPUT_KEYS = ['gen_ai.tool.call.result', 'output.value', 'traceloop.entity.output', 'ai.toolCall.result', 'tool.output', 'tool.result'];

/** The tool span's output text: facts first, then known attributes (JSON values stringified). */
export function toolOutputOf(span: ScoringSpan): string | null {
  if (span.facts.outputText) return span.facts.outputText;
  for (const key of TOOL_OUTPUT_KEYS) {
    const v = span.attributes[key];
    if (typeof v === 'string' && v !== '') return v;
    if (v !== undefined && v !== null && typeof v === 'object') return JSON.stringify(v);
  }
  return null;
}

/** A retrieved document: id (null when unnamed) and captured content (null when not captured). */
export interface RetrievedDoc {
  id: string | null;
  content: string | null;
}

/** Documents returned by retrieval spans: gen_ai.retrieval.documents JSON, OpenInference flattened keys, else the span output. */
export function retrievedDocsOf(spans: readonly ScoringSpan[]): RetrievedDoc[] {
  const docs: RetrievedDoc[] = [];
  for (const s of spans) {
    if (s.operation !== 'retrieval') continue;
    const json = s.attributes['gen_ai.retrieval.documents'];
    if (typeof json === 'string') {
      try {
        const list = JSON.parse(json) as Array<{ id?: unknown; content?: unknown }>;
        if (Array.isArray(list)) for (const d of list) docs.push({ id: d.id == null ? null : String(d.id), content: typeof d.content === 'string' ? d.content : null });
      } catch {
        // not JSON: ignored
      }
    }
    for (let i = 0; i < 1000; i++) {
      const id = s.attributes[`retrieval.documents.${i}.document.id`];
      const content = s.attributes[`retrieval.documents.${i}.document.content`];
      if (id === undefined && content === undefined) break;
      docs.push({ id: id == null ? null : String(id), content: typeof content === 'string' ? content : null });
    }
    if (s.facts.outputText && !docs.some((d) => d.content)) docs.push({ id: null, content: s.facts.outputText });
  }
  return docs;
}
