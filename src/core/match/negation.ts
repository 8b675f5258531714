/**
 * Shared words are not the same meaning: "I have dial tone but can't dial out" shares "dial tone"
 * with the topic "No dial tone…", and "the phone rings but there is no audio" shares "ring" with
 * "Phone does not ring". An entry whose title is about the *absence* of something ("no dial tone",
 * "does not ring") conflicts with a question that mentions that thing without negating it. The
 * matcher gives the ranker that conflict as a feature (`absentInTitle`), and training learns its
 * weight from the examples.
 */
import { stem, tokenize } from './text.js';
import { STOPWORDS } from './stopwords.js';

/** Words that negate what follows (after `normalise`: "can't" → "cant"). */
const NEGATORS = new Set([
  'no',
  'not',
  'without',
  'never',
  'cant',
  'cannot',
  'dont',
  'doesnt',
  'didnt',
  'wont',
  'isnt',
  'arent',
  'wasnt',
  'none',
  'nothing',
]);
/** How many words before a phrase a negator still reaches ("no dial tone", "does not ring"). */
const REACH = 3;

/**
 * The phrases a title says are absent, as stem sequences: "No dial tone on a phone…" →
 * [["dial", "tone"]]; "Phone does not ring" → [["ring"]]. At most two content words each.
 */
export function absentPhrases(title: string): string[][] {
  const words = tokenize(title);
  const out: string[][] = [];
  words.forEach((w, i) => {
    if (!NEGATORS.has(w)) return;
    const phrase: string[] = [];
    for (let j = i + 1; j < words.length && phrase.length < 2; j++) {
      const next = words[j] as string;
      if (NEGATORS.has(next)) break;
      if (STOPWORDS.has(next)) {
        if (phrase.length) break;
        continue;
      }
      phrase.push(stem(next));
    }
    if (phrase.length) out.push(phrase);
  });
  return out;
}

/** A question's words, stemmed, with whether a negator comes shortly before each. */
export interface Polarity {
  stems: string[];
  negated: boolean[];
}

/** Reads a question for `affirms`. */
export function polarity(text: string): Polarity {
  const words = tokenize(text);
  let lastNegator = -Infinity;
  const stems: string[] = [];
  const negated: boolean[] = [];
  words.forEach((w, i) => {
    if (NEGATORS.has(w)) lastNegator = i;
    stems.push(stem(w));
    negated.push(i - lastNegator <= REACH);
  });
  return { stems, negated };
}

/** True when the question mentions `phrase` and no mention of it is negated. */
export function affirms(q: Polarity, phrase: readonly string[]): boolean {
  let found = false;
  for (let i = 0; i + phrase.length <= q.stems.length; i++) {
    if (!phrase.every((p, k) => q.stems[i + k] === p)) continue;
    if (q.negated[i]) return false;
    found = true;
  }
  return found;
}
