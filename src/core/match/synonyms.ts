import { escapeRegExp, normalise } from './text.js';

/** A compiled synonym: a phrase users say and the knowledge terms it stands for. */
export interface SynonymRule {
  pattern: RegExp;
  adds: string;
  /** The phrase's longest word, which every match contains: the pattern runs only when it is there. */
  needle?: string;
  /**
   * The needle is letters and digits only, so it can match only where it is a whole run of letters
   * and digits of the text (the pattern's ends are word boundaries, its inner words spaced): such
   * rules are picked by looking the text's runs up in `SynonymRules.byWord`.
   */
  wordNeedle: boolean;
}

/** The compiled rules, longest phrase first, with the rules of each letters-and-digits needle. */
export type SynonymRules = readonly SynonymRule[] & {
  readonly byWord: ReadonlyMap<string, readonly number[]>;
};

/** Compiles `synonyms.yaml` (phrase → terms) into word-bounded rules, longest phrase first. */
export function compileSynonyms(map: Record<string, readonly string[]>): SynonymRules {
  const rules = Object.entries(map)
    .sort(([a], [b]) => b.length - a.length)
    .map(([phrase, adds]): SynonymRule => {
      const norm = normalise(phrase);
      const needle = norm.split(/\s+/).reduce((a, b) => (b.length > a.length ? b : a), '');
      return {
        pattern: new RegExp(`\\b${escapeRegExp(norm).replace(/\s+/g, '\\s+')}\\b`),
        adds: adds.join(' '),
        needle,
        wordNeedle: /^[a-z0-9]+$/.test(needle),
      };
    });
  const byWord = new Map<string, number[]>();
  rules.forEach((r, k) => {
    if (r.wordNeedle && r.needle) byWord.set(r.needle, [...(byWord.get(r.needle) ?? []), k]);
  });
  return Object.assign(rules, { byWord });
}

/** Appends the knowledge's terms for every synonym phrase found in the text. */
export function expandSynonyms(text: string, rules: SynonymRules): string {
  const extra = synonymTerms(text, rules);
  return extra ? `${text} ${extra}` : text;
}

/** Only the knowledge terms that the synonym phrases found in the text stand for ('' if none). */
export function synonymTerms(text: string, rules: SynonymRules): string {
  if (rules.length === 0) return '';
  const norm = normalise(text);
  // The rules with a word needle that the text has (see `SynonymRule.wordNeedle`), instead of a
  // substring search per rule.
  const present = new Uint8Array(rules.length);
  for (const run of norm.match(/[a-z0-9]+/g) ?? [])
    for (const k of rules.byWord.get(run) ?? []) present[k] = 1;
  const adds: string[] = [];
  rules.forEach((r, k) => {
    const maybe = r.wordNeedle ? present[k] === 1 : !r.needle || norm.includes(r.needle);
    if (maybe && r.pattern.test(norm)) adds.push(r.adds);
  });
  return adds.join(' ');
}
