import { GENERIC_TERMS } from './generic.js';
import { STOPWORDS } from './stopwords.js';
import { normalise, stem, terms, tokenize } from './text.js';

/**
 * Turns a chat message or a long forum post into the text worth ranking: quoted replies, code
 * blocks, log and config dumps, greetings and signatures are dropped; what is left is split into
 * sentences, and the sentences that ask get more weight than the backstory around them.
 */

/** Longest question read (Discord's own limits are 2,000–4,000 characters); the rest is cut at the door. */
export const MAX_QUESTION_CHARS = 4000;

/** A sentence of the post with how much it says about what is asked. */
export interface Sentence {
  text: string;
  /** 1 for backstory; more for a sentence that asks. */
  weight: number;
  /** For a part of a sentence (see {@link contrasted}): the whole sentence. */
  whole?: string;
}

/** Weight of a sentence that asks ("?" or an interrogative opening). */
export const ASKING_WEIGHT = 2;

const ASKS =
  /^(what|whats|wat|how|hows|which|where|why|who|can|could|do|does|did|is|are|should|would|will|any|anyone|anybody|has|have|need|is there|i need|i want|i am looking|im looking|looking for|please|pls|wie|was|welche|kann|como|que|cual|puedo)\b/i;
const LOG_LINE =
  /^\s*(\[?\d{4}-\d{2}-\d{2}|\[?\d{1,2}:\d{2}:\d{2}|\[(?:[A-Z]+|\d+)\]|[A-Z][a-z]{2} \d{1,2} \d{2}:|-- |={3,}|\*{3,}|#{3,}|(?:NOTICE|WARNING|ERROR|VERBOSE|DEBUG)\[)/;
/** SIP/SDP headers and key=value config lines: evidence for a human, noise for ranking. */
const DUMP_LINE =
  /^\s*(?:(?:via|cseq|call-id|max-forwards|user-agent|content-type|content-length|allow|supported|[a-z]=)\b.*|[\w.-]+\s*=\s*\S*\s*(?:;.*)?)$/i;
const GREETING =
  /^(hi|hello|hey|hiya|greetings|good (morning|afternoon|evening)|dear (all|sir|team)|hallo|hola|thanks?( you)?( in advance)?|thx|tia|cheers|regards|best regards|kind regards|br)\b[\s,!.]*(all|guys|everyone|folks|team)?[\s,!.]*$/i;
const SIGNATURE_START =
  /^(--\s*$|sent from my|regards,?$|best regards|kind regards|cheers,?$|thanks,?$|thank you,?$)/i;
const QUOTE_HEADER = /^on .{4,80} wrote:\s*$/i;

/** True for a line that is mostly punctuation, digits and hex (dumps, tables, hashes). */
function symbolHeavy(line: string): boolean {
  const t = line.trim();
  if (t.length < 12) return false;
  const letters = (t.match(/[\p{L}]/gu) ?? []).length;
  return letters / t.length < 0.45;
}

/**
 * The sentences of a post worth ranking, each weighted. Never empty for a non-empty post: when
 * everything looks like a dump, the post is kept as it is.
 */
export function postSentences(post: string): Sentence[] {
  const text = post.slice(0, MAX_QUESTION_CHARS);
  const lines = text
    .replace(/```[\s\S]*?(```|$)/g, '\n')
    .replace(/`[^`\n]{40,}`/g, ' ')
    .replace(/<@[!&]?\d+>|@everyone|@here/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .split(/\r?\n/);
  const out: Sentence[] = [];
  for (const line of lines) {
    const t = line.trim();
    if (!t) continue;
    if (SIGNATURE_START.test(t) && out.length > 0) break;
    if (t.startsWith('>') || QUOTE_HEADER.test(t) || GREETING.test(t)) continue;
    // Logs and config are evidence (a `signalling=fxs_ks` line says a lot) but not the question.
    if (LOG_LINE.test(t) || DUMP_LINE.test(t) || symbolHeavy(t)) {
      out.push({ text: t, weight: DUMP_WEIGHT });
      continue;
    }
    for (const s of t.split(/(?<=[.!?])\s+/)) {
      if (/[\p{L}\p{N}]/u.test(s)) out.push(...contrasted({ text: s, weight: asks(s) ? ASKING_WEIGHT : 1 }));
    }
  }
  if (!out.length) return [{ text, weight: 1 }];
  // "What can I do?" says nothing about what is wrong: then the sentences that state the problem
  // ("everything works except I can't hear ringback") are the question.
  const asked = out.filter((x) => x.weight === ASKING_WEIGHT);
  if (asked.every((x) => !saysWhat(x.text))) {
    for (const x of out) if (x.weight === 1 && statesProblem(x.text)) x.weight = ASKING_WEIGHT;
  }
  return out;
}

/**
 * A sentence that states what goes wrong: "everything works except I can't hear ringback", "DTMF
 * not detected on incoming calls".
 */
const PROBLEM =
  /\b(except|but|cant|can ?not|cannot|couldnt|doesnt|does not|dont|isnt|wont|not working|no longer|stopped|fails?|failing|failed|not detected|not recogni[sz]ed|error)\b/i;

/** True when a sentence states a problem (see {@link PROBLEM}). */
export function statesProblem(sentence: string): boolean {
  const t = normalise(sentence);
  return PROBLEM.test(t.replace(ABOUT_THE_SEARCH, ' '));
}

/**
 * What a poster says of their own search, not of the setup: "I can't find the reason", "couldn't
 * figure out why", "cannot understand what is wrong". Not a problem statement by itself.
 */
const ABOUT_THE_SEARCH =
  /\b(cant|can ?not|cannot|couldnt|could not|unable to|dont|do not|didnt)\s+(find|figure|understand|work out|see why|get (it|my head)|know|tell)\b/g;

/** True when a sentence has a word beyond stopwords and request words ("what can I do for this issue?" has none). */
function saysWhat(sentence: string): boolean {
  return tokenize(sentence).some(
    (w) => w.length > 2 && !STOPWORDS.has(w) && !GENERIC_TERMS.has(stem(w)) && !REQUEST_WORDS.has(w),
  );
}
/** Words of a request that say nothing about its subject, beyond the stopwords and generic terms. */
const REQUEST_WORDS = new Set([
  'anyone',
  'anybody',
  'solution',
  'solve',
  'thanks',
  'thank',
  'way',
  'possible',
]);

/**
 * "The phone doesn't ring but I can call out", "I can't call out but incoming works": a sentence
 * that contrasts what fails with what works. The part that works is context, not the question:
 * it keeps `WORKING_WEIGHT`, so its words ("call out") do not pull the answer to the topic about
 * that part failing. Only a sentence with one part that works and one that states a problem
 * (`statesProblem`) is split; "dongle working call in and out, but no sound" stays whole.
 */
export function contrasted(sentence: Sentence): Sentence[] {
  const parts = sentence.text.split(CONTRAST);
  if (parts.length !== 2) return [sentence];
  const fails = parts.map((p) => statesProblem(p));
  const works = parts.map((p, k) => !fails[k] && WORKS.test(normalise(p)));
  // One part works and the other says what fails ("no sound" alone is not enough to set apart).
  if (works[0] === works[1] || !fails[works[0] ? 1 : 0]) return [sentence];
  return parts.map((text, k) => ({
    text,
    weight: works[k] ? WORKING_WEIGHT : sentence.weight,
    whole: sentence.text,
  }));
}

/**
 * The terms an example question says *work* and nowhere says anything else of ("can receive calls
 * but not make them": "receive"): its entry holds them only as context, so they must not count
 * as that entry's evidence for a question that says they fail ("I can't receive calls").
 */
export function workingOnlyTerms(question: string): Set<string> {
  const working = new Set<string>();
  const rest = new Set<string>();
  for (const s of postSentences(question))
    for (const t of terms(s.text)) (s.weight === WORKING_WEIGHT ? working : rest).add(t);
  for (const t of rest) working.delete(t);
  return working;
}

/** Where a sentence turns from one part of the setup to another. */
const CONTRAST = /,?\s+(?:but|though|although|whereas|while)\s+/i;
/** A part of a sentence that says something works: "I can call out", "incoming works fine". */
const WORKS = /\b(?:can|could|works?|working|worked|is fine|are fine|fine|ok|okay|no problem)\b/;
/** Weight of the part of a sentence that says what works (see {@link contrasted}). */
export const WORKING_WEIGHT = 0.5;

/** Weight of a log, dump or config line. */
export const DUMP_WEIGHT = 0.3;

/** True when a sentence asks something. */
export function asks(sentence: string): boolean {
  return /\?/.test(sentence) || ASKS.test(sentence.replace(/^[^\p{L}]+/u, ''));
}
