/**
 * A strict parser of the Prometheus text exposition format (0.0.4), for tests: every line must be a
 * HELP or TYPE comment or a sample of a declared family, label values properly escaped, values floats.
 */

/** One sample line. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** One metric family: its type, help and samples. */
export interface PromFamily {
  name: string;
  type: string;
  help: string;
  samples: PromSample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = `([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"`;
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*,?)?\\})? (\\S+)(?: (-?\\d+))?$`);
const VALUE = /^(?:[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)|nan|[-+]?inf)$/i; // NaN and Inf in any case, as Prometheus (Go ParseFloat) reads them
const SUFFIXES: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'], counter: [''], gauge: [''], untyped: [''] };

function parseLabels(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const m of (text ?? '').matchAll(new RegExp(LABEL, 'g'))) {
    if (Object.hasOwn(labels, m[1]!)) throw new Error(`label ${m[1]} given twice`);
    labels[m[1]!] = m[2]!.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

/** Parses `text` into families; throws naming the first invalid line (1-based). */
export function parsePrometheusText(text: string): Map<string, PromFamily> {
  const families = new Map<string, PromFamily>();
  const seen = new Set<string>();
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((line, i) => {
    const fail = (why: string) => { throw new Error(`line ${i + 1}: ${why}: ${JSON.stringify(line)}`); };
    if (line === '') return;
    const comment = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
    if (comment) {
      const [, kind, name, rest] = comment;
      if (!new RegExp(`^${NAME}$`).test(name!)) fail('bad metric name');
      const family = families.get(name!) ?? { name: name!, type: 'untyped', help: '', samples: [] };
      if (kind === 'TYPE') {
        if (!rest || !Object.hasOwn(SUFFIXES, rest)) fail('bad type');
        if (family.samples.length > 0) fail('TYPE after samples');
        family.type = rest!;
      } else family.help = rest ?? '';
      families.set(name!, family);
      return;
    }
    if (line.startsWith('#')) return; // other comments are allowed
    const m = SAMPLE.exec(line);
    if (!m) return fail('not a sample line');
    const [, name, labelText] = m;
    const value = m[m.length - 2]!;
    if (!VALUE.test(value)) fail('bad value');
    const family = [...families.values()].find((f) => SUFFIXES[f.type]!.some((s) => `${f.name}${s}` === name));
    if (!family) return fail('sample of an undeclared family');
    const labels = parseLabels(labelText);
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) fail('duplicate series');
    seen.add(key);
    family.samples.push({ name: name!, labels, value: /inf/i.test(value) ? (value.startsWith('-') ? -Infinity : Infinity) : Number(value) });
  });
  return families;
}
