import { escapeRegExp, normalise } from './text.js';

/** A compiled synonym: a phrase users say and the knowledge terms it stands for. */
export interface SynonymRule {
  pattern: RegExp;
  adds: string;
  /** The phrase's longest word, which every match contains: the pattern runs only when it is there. */
  needle?: string;
}

/** Compiles `synonyms.yaml` (phrase → terms) into word-bounded rules, longest phrase first. */
export function compileSynonyms(map: Record<string, readonly string[]>): SynonymRule[] {
  return Object.entries(map)
    .sort(([a], [b]) => b.length - a.length)
    .map(([phrase, adds]) => {
      const norm = normalise(phrase);
      return {
        pattern: new RegExp(`\\b${escapeRegExp(norm).replace(/\s+/g, '\\s+')}\\b`),
        adds: adds.join(' '),
        needle: norm.split(/\s+/).reduce((a, b) => (b.length > a.length ? b : a), ''),
      };
    });
}

/** Appends the knowledge's terms for every synonym phrase found in the text. */
export function expandSynonyms(text: string, rules: readonly SynonymRule[]): string {
  const extra = synonymTerms(text, rules);
  return extra ? `${text} ${extra}` : text;
}

/** Only the knowledge terms that the synonym phrases found in the text stand for ('' if none). */
export function synonymTerms(text: string, rules: readonly SynonymRule[]): string {
  if (rules.length === 0) return '';
  const norm = normalise(text);
  const { byWord, wordNeedle } = needleIndex(rules);
  // A rule whose needle is letters and digits only can match only where the needle is a whole run
  // of letters and digits (its pattern's ends are word boundaries, its inner words spaced): the
  // text's runs, looked up, pick those rules instead of a substring search per rule.
  const present = new Uint8Array(rules.length);
  for (const run of norm.match(/[a-z0-9]+/g) ?? []) for (const k of byWord.get(run) ?? []) present[k] = 1;
  const adds: string[] = [];
  rules.forEach((r, k) => {
    const maybe = wordNeedle[k] ? present[k] === 1 : !r.needle || norm.includes(r.needle);
    if (maybe && r.pattern.test(norm)) adds.push(r.adds);
  });
  return adds.join(' ');
}

/** Per rule list: the rules by a needle made of letters and digits only, and which rules have one. */
interface NeedleIndex {
  byWord: Map<string, number[]>;
  wordNeedle: boolean[];
}
const needleIndexes = new WeakMap<readonly SynonymRule[], NeedleIndex>();
function needleIndex(rules: readonly SynonymRule[]): NeedleIndex {
  let index = needleIndexes.get(rules);
  if (!index) {
    const byWord = new Map<string, number[]>();
    const wordNeedle = rules.map((r, k) => {
      if (!r.needle || !/^[a-z0-9]+$/.test(r.needle)) return false;
      byWord.set(r.needle, [...(byWord.get(r.needle) ?? []), k]);
      return true;
    });
    needleIndexes.set(rules, (index = { byWord, wordNeedle }));
  }
  return index;
}
