/**
 * The kind of the user's message before a response, as the action model reads it: a request for
 * something to be done (`req`: "refund my order", "can you waive the fee", "I'd like a new card"), a
 * permission question (`may`: "can I return this?"), a question for information (`ask`: "what is your
 * return window?", "do you price match?") or a statement (`say`). A reply stating a rule after a request
 * usually declines it; the same reply after a question for information answers it. Pure.
 */

export type QuestionKind = 'req' | 'may' | 'ask' | 'say';

/** Words that open a question for information. */
const ASK_OPENERS = new Set(['what', 'whats', 'when', 'where', 'which', 'who', 'whom', 'whose', 'why', 'how', 'is', 'are', 'was', 'were', 'do', 'does', 'did', 'has', 'have', 'had', 'should', 'any', 'wheres', 'hows', 'isnt', 'arent']);
/** Modal verbs: `can you` / `could u` is a request, `can I` / `may we` a permission question. */
const MODALS = new Set(['can', 'could', 'would', 'will', 'may', 'might']);
const YOU = new Set(['you', 'u', 'ya', 'someone', 'somebody']);
const FIRST_PERSON = new Set(['i', 'we']);
/** Words anywhere in the message that ask for something to be done. */
const PLEASE = new Set(['please', 'pls', 'plz', 'kindly']);
/** Openings of a stated want: `i want`, `i'd like`, `i need`, `we would like`. */
const WANT = new Set(['want', 'wanna', 'like', 'need', 'demand', 'expect', 'request']);
/** Openings that are not an imperative verb (a statement starts with a subject). */
const NOT_IMPERATIVE = new Set(['i', 'im', 'ive', 'id', 'my', 'we', 'our', 'the', 'a', 'an', 'this', 'that', 'it', 'its', 'there', 'theres', 'you', 'your', 'he', 'she', 'they', 'hi', 'hello', 'hey', 'thanks', 'thank', 'ok', 'okay', 'yes', 'no', 'tell', 'explain', 'show', 'describe', 'help', 'so', 'just', 'also', 'but', 'and', 'if', 'not', 'still', 'why']);

/** The lower-cased words of a message, apostrophes dropped (`I'd` -> `id`). */
function toWords(text: string): string[] {
  return text.toLowerCase().replace(/['\u2018\u2019\u02bc]/g, '').split(/[^a-z0-9]+/).filter((w) => w !== '');
}

/** The kind of `question`, or null when there is none. */
export function toQuestionKind(question: string | null): QuestionKind | null {
  const words = toWords(question ?? '');
  if (words.length === 0) return null;
  const [w0, w1 = '', w2 = ''] = words;
  if (MODALS.has(w0!)) {
    if (YOU.has(w1)) return 'req';
    if (FIRST_PERSON.has(w1)) return words.some((w) => PLEASE.has(w)) ? 'req' : 'may';
  }
  if (words.some((w, i) => PLEASE.has(w) || (MODALS.has(w) && YOU.has(words[i + 1] ?? '')))) return 'req';
  if (FIRST_PERSON.has(w0!) && (WANT.has(w1) || ((w1 === 'would' || w1 === 'd') && WANT.has(w2)))) return 'req';
  if (w0 === 'id' && WANT.has(w1)) return 'req';
  if (w0 === 'let' && (w1 === 'me' || w1 === 'us')) return 'req';
  if (ASK_OPENERS.has(w0!) || MODALS.has(w0!)) return 'ask';
  if (!NOT_IMPERATIVE.has(w0!) && words.length >= 2 && !question!.includes('?')) return 'req';
  return question!.includes('?') ? 'ask' : 'say';
}
