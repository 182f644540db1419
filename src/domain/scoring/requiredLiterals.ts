/**
 * A cheap test that rules out most regex runs: from a pattern's source, the literals (lowercase ASCII)
 * one of which every match must contain. If none occurs in the lowercased text, the regex cannot
 * match, so it need not run. Sound by construction: anything the parser does not model (classes with
 * ranges, backreferences, unicode mode, non-ASCII literals) counts as "any text", which only makes the
 * test weaker, never wrong. Lowercasing is safe: a case-insensitive (non-unicode) ASCII literal only
 * matches ASCII letters, and toLowerCase maps each of those to the literal's own lowercase.
 */

/** What a sub-pattern can match: its exact strings when few (null: too many or unknown), and the literals one of which every match contains (null: none known). */
interface Info {
  exact: readonly string[] | null;
  req: readonly string[] | null;
}

const MAX_EXACT = 64;
const ANY: Info = { exact: null, req: null };
const EMPTY: Info = { exact: [''], req: null };
const literal = (ch: string): Info => (ch.charCodeAt(0) < 128 ? { exact: [ch.toLowerCase()], req: null } : ANY);

/** The cross product of two exact sets, or null when it would be too large. */
function product(a: readonly string[], b: readonly string[]): string[] | null {
  if (a.length * b.length > MAX_EXACT) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return [...out];
}

/** Drops literals that contain another literal of the set (finding the shorter one is enough). */
function minimal(set: readonly string[]): string[] {
  const sorted = [...new Set(set)].sort((x, y) => x.length - y.length);
  const out: string[] = [];
  for (const s of sorted) if (!out.some((o) => s.includes(o))) out.push(s);
  return out;
}

/** How rare a literal is in text, roughly: its length, punctuation (`?`, `:`, `#`) counting as rarer than letters. */
const rarity = (l: string) => l.length + 3 * (l.match(/[^a-z0-9\s']/g)?.length ?? 0);

/** Prefers literal sets whose commonest member is rare (long, or punctuation), then fewer members. */
function better(a: readonly string[] | null, b: readonly string[] | null): readonly string[] | null {
  if (a === null) return b;
  if (b === null) return a;
  const score = (s: readonly string[]) => Math.min(4, Math.min(...s.map(rarity))) * 1000 - s.length;
  return score(b) > score(a) ? b : a;
}

const usable = (exact: readonly string[] | null) => (exact !== null && !exact.includes('') ? minimal(exact) : null);

function withReq(exact: readonly string[] | null, req: readonly string[] | null): Info {
  return { exact, req: better(req, usable(exact)) };
}

class Parser {
  i = 0;
  constructor(private readonly src: string) {}

  private peek(): string | undefined {
    return this.src[this.i];
  }

  disjunction(): Info {
    const alts: Info[] = [this.alternative()];
    while (this.peek() === '|') {
      this.i++;
      alts.push(this.alternative());
    }
    if (alts.length === 1) return alts[0]!;
    let exact: string[] | null = [];
    for (const a of alts) exact = exact && a.exact && exact.length + a.exact.length <= MAX_EXACT ? [...exact, ...a.exact] : null;
    const req = alts.every((a) => a.req !== null) ? minimal(alts.flatMap((a) => a.req!)) : null;
    return withReq(exact ? [...new Set(exact)] : null, req);
  }

  private alternative(): Info {
    let exact: readonly string[] | null = [''];
    let run: readonly string[] | null = [''];
    let req: readonly string[] | null = null;
    for (let c = this.peek(); c !== undefined && c !== '|' && c !== ')'; c = this.peek()) {
      const t = this.term();
      req = better(req, t.req);
      exact = exact && t.exact ? product(exact, t.exact) : null;
      // A run of terms with known exact strings: its product is a literal set too.
      const next: readonly string[] | null = run && t.exact ? product(run, t.exact) : null;
      if (next === null) {
        req = better(req, usable(run));
        run = t.exact;
      } else run = next;
    }
    req = better(req, usable(run));
    return { exact, req };
  }

  private term(): Info {
    const atom = this.atom();
    const q = /^(?:([*+?])|\{(\d+)(?:(,)(\d*))?\})\??/.exec(this.src.slice(this.i, this.i + 24));
    if (!q) return atom;
    this.i += q[0].length;
    const min = q[1] === '*' || q[1] === '?' ? 0 : q[1] === '+' ? 1 : Number(q[2]);
    const max = q[1] === '?' ? 1 : q[1] ? Infinity : q[3] ? (q[4] ? Number(q[4]) : Infinity) : min;
    if (min === 0) return { exact: max === 1 && atom.exact ? [...new Set(['', ...atom.exact])] : max === 0 ? [''] : null, req: null };
    let exact: readonly string[] | null = null;
    if (min === max && min <= 3 && atom.exact) {
      exact = atom.exact;
      for (let k = 1; k < min && exact; k++) exact = product(exact, atom.exact);
    }
    return { exact, req: better(better(atom.req, usable(atom.exact)), usable(exact)) };
  }

  private atom(): Info {
    const c = this.src[this.i++]!;
    if (c === '^' || c === '$') return EMPTY;
    if (c === '.') return ANY;
    if (c === '[') return this.charClass();
    if (c === '(') return this.group();
    if (c === '\\') return this.escape();
    return literal(c);
  }

  private group(): Info {
    let lookaround = false;
    if (this.peek() === '?') {
      const head = this.src.slice(this.i, this.i + 3);
      if (head.startsWith('?:')) this.i += 2;
      else if (head.startsWith('?=') || head.startsWith('?!')) (this.i += 2), (lookaround = true);
      else if (head === '?<=' || head === '?<!') (this.i += 3), (lookaround = true);
      else if (head.startsWith('?<')) this.i = this.src.indexOf('>', this.i) + 1;
      else throw new Error('unknown group');
    }
    const inner = this.disjunction();
    if (this.src[this.i++] !== ')') throw new Error('unclosed group');
    return lookaround ? EMPTY : inner;
  }

  private escape(): Info {
    const e = this.src[this.i++];
    if (e === undefined) throw new Error('trailing backslash');
    if (e === 'b' || e === 'B') return EMPTY;
    if ('dDwWsSck0123456789'.includes(e)) return ANY;
    if (e === 'n') return literal('\n');
    if (e === 't') return literal('\t');
    if (e === 'r') return literal('\r');
    if (e === 'x' || e === 'u') {
      const hex = this.src.slice(this.i, this.i + (e === 'x' ? 2 : 4));
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== (e === 'x' ? 2 : 4)) return literal(e);
      this.i += hex.length;
      return literal(String.fromCharCode(parseInt(hex, 16)));
    }
    if ('vf'.includes(e)) return ANY;
    return literal(e);
  }

  /** A class of a few plain ASCII characters is a small exact set; anything else (negation, ranges, escapes of sets) is any. */
  private charClass(): Info {
    const chars = new Set<string>();
    let plain = this.peek() !== '^';
    for (;;) {
      const c = this.src[this.i++];
      if (c === undefined) throw new Error('unclosed class');
      if (c === ']') break;
      if (c === '\\') {
        const e = this.src[this.i++] ?? '';
        if (/[\w]/.test(e)) plain = false;
        else chars.add(e);
      } else if (c === '-' && chars.size > 0 && this.peek() !== ']') plain = false;
      else if (c.charCodeAt(0) >= 128) plain = false;
      else chars.add(c.toLowerCase());
    }
    return plain && chars.size > 0 && chars.size <= 8 ? { exact: [...chars], req: null } : ANY;
  }
}

/**
 * The literals (lowercase) one of which occurs in any text `re` matches, lowercased; null when none is
 * known (the regex must always run). Stateful regexes (g, y) and unicode-mode ones are never filtered.
 */
export function requiredLiterals(re: RegExp): readonly string[] | null {
  if (/[gyuv]/.test(re.flags)) return null;
  try {
    const p = new Parser(re.source);
    const info = p.disjunction();
    if (p.i !== re.source.length) return null;
    return info.req;
  } catch {
    return null;
  }
}

/**
 * Required-literal filter over a fixed list of regexes: one pass of an Aho-Corasick automaton over the
 * lowercased text finds which regexes may match, so the rest are never run. Built once per list.
 */
export class LiteralFilter {
  private readonly index = new Map<RegExp, number>();
  /** 1 for regexes with no known literal (always run). */
  private readonly always: Uint8Array;
  /** ASCII code -> symbol (0: a character no literal has). */
  private readonly symbol = new Uint8Array(128);
  private readonly width: number;
  private readonly delta: Int32Array;
  /** Regex indexes one of whose literals ends at each state (null: none). */
  private readonly out: (Int32Array | null)[];
  private lastText: string | null = null;
  private lastMay = new Uint8Array(0);

  constructor(regexes: readonly RegExp[]) {
    this.always = new Uint8Array(regexes.length);
    const literals = regexes.map((re, i) => {
      this.index.set(re, i);
      const req = requiredLiterals(re);
      if (req === null) this.always[i] = 1;
      return req ?? [];
    });
    let width = 1;
    for (const list of literals) for (const l of list) for (let k = 0; k < l.length; k++) if (this.symbol[l.charCodeAt(k)] === 0) this.symbol[l.charCodeAt(k)] = width++;
    this.width = width;
    // Trie.
    const next: number[][] = [new Array<number>(width).fill(-1)];
    const ends: Set<number>[] = [new Set()];
    literals.forEach((list, r) => {
      for (const l of list) {
        let s = 0;
        for (let k = 0; k < l.length; k++) {
          const a = this.symbol[l.charCodeAt(k)]!;
          if (next[s]![a] === -1) (next[s]![a] = next.length), next.push(new Array<number>(width).fill(-1)), ends.push(new Set());
          s = next[s]![a]!;
        }
        ends[s]!.add(r);
      }
    });
    // Failure links breadth first, completing the transition table and the output sets.
    const delta = new Int32Array(next.length * width);
    const fail = new Int32Array(next.length);
    const queue: number[] = [];
    for (let a = 0; a < width; a++) {
      const t = next[0]![a]!;
      delta[a] = t === -1 ? 0 : t;
      if (t !== -1) queue.push(t);
    }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]!;
      for (const r of ends[fail[s]!]!) ends[s]!.add(r);
      for (let a = 0; a < width; a++) {
        const t = next[s]![a]!;
        if (t === -1) delta[s * width + a] = delta[fail[s]! * width + a]!;
        else {
          delta[s * width + a] = t;
          fail[t] = delta[fail[s]! * width + a]!;
          queue.push(t);
        }
      }
    }
    this.delta = delta;
    this.out = ends.map((e) => (e.size > 0 ? Int32Array.from(e) : null));
  }

  /** Position of `re` in the constructor's list (-1 when absent: it must always run). */
  indexOf(re: RegExp): number {
    return this.index.get(re) ?? -1;
  }

  /** Per regex (constructor order): 1 when it may match `text`, 0 when it cannot (read-only; the last text's answer is reused). */
  scan(text: string): Uint8Array {
    if (text === this.lastText) return this.lastMay;
    const may = this.always.slice();
    const lower = text.toLowerCase();
    const { symbol, delta, width, out } = this;
    let s = 0;
    for (let i = 0; i < lower.length; i++) {
      const c = lower.charCodeAt(i);
      s = delta[s * width + (c < 128 ? symbol[c]! : 0)]!;
      const hits = out[s];
      if (hits !== null && hits !== undefined) for (let k = 0; k < hits.length; k++) may[hits[k]!] = 1;
    }
    this.lastText = text;
    this.lastMay = may;
    return may;
  }
}
