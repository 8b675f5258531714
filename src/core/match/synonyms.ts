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
  const adds: string[] = [];
  for (const r of rules)
    if ((!r.needle || norm.includes(r.needle)) && r.pattern.test(norm)) adds.push(r.adds);
  return adds.join(' ');
}
