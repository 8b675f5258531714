/**
 * Questions that ask what a name means: the exact-name key of "what does ATA stand for" or "REN
 * meaning" (English, as `nameTerms` reads it), and of "¿qué es un puerto FXS?", "was ist ein
 * FXS-Anschluss?" or "qu'est-ce qu'un port FXO ?" in another language: a name is international,
 * so such a question is that name's entry, answered in English.
 */
import { nameTerms, normalise } from './text.js';

/**
 * Words that ask for a definition ("what does ATA stand for", "REN meaning", "full form of FXS"),
 * as `nameTerms` gives them: with these taken out, a question that is a name and nothing else
 * is that name's entry, as "what is an ATA" is.
 */
const DEFINITION_TERMS: ReadonlySet<string> = new Set(
  nameTerms(
    'mean means meaning meant stand stands definition define defined acronym abbreviation full form short',
  ),
);

/** An exact-name key (`Query.key`) without its definition words; '' when nothing else is left. */
export function definitionKey(key: string): string {
  const words = key.split(' ');
  const rest = words.filter((w) => !DEFINITION_TERMS.has(w));
  return rest.length < words.length ? rest.join(' ') : '';
}

/**
 * "What is" in Spanish, German, French, Portuguese, Italian and Dutch, as `normalise` writes it
 * with punctuation made spaces (apostrophes dropped: "qu'est-ce qu'un" is "quest ce quun").
 */
const WHAT_IS =
  /^(?:que (?:es|son|significa)|was (?:ist|sind|bedeutet|heisst)|quest ce (?:que|quun|quune|qu)|c ?est quoi|o que (?:e|sao|significa)|(?:che )?cos e|cosa e|wat (?:is|zijn|betekent))\s+/;
/** Their articles, and "what it is" words after the name ("c'est quoi un port FXS"). */
const ARTICLES =
  /\b(?:un|una|unos|el|la|los|las|ein|eine|einen|der|die|das|le|les|l|une|des|um|uma|o|il|lo|een|de|het|quoi)\b/g;
/** "Port" in those languages (a name's alias says "fxs port"). */
const PORT = /\b(?:puerto|puertos|porta|porte|anschluss|anschlusse|poort)\b/g;

/** Longest definition question read ("¿qué es un adaptador de teléfono analógico (ATA)?" fits). */
const MAX_DEFINITION_CHARS = 80;

/**
 * The exact-name key of a definition question in another language ("¿qué es un puerto FXS?" →
 * "fxs port"), or '' when the text is no such question. The name must be all that is left.
 */
export function foreignDefinitionKey(question: string): string {
  // Asked for every question the English keys miss: a post longer than a short question is none.
  if (question.length > MAX_DEFINITION_CHARS) return '';
  const t = normalise(question)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  const m = WHAT_IS.exec(t);
  if (!m) return '';
  const rest = t.slice(m[0].length).replace(ARTICLES, ' ').replace(PORT, ' port ');
  // A port word before the name ("puerto FXS") reads as English does: the name first.
  const words = nameTerms(rest);
  const k = words.indexOf('port');
  if (k === 0 && words.length === 2) words.reverse();
  return words.join(' ');
}
