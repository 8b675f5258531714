import Fuse from 'fuse.js';
import { normalise } from './text.js';

/** A choice for a slash-command autocomplete. */
export interface Choice {
  id: string;
  title: string;
}

interface Item extends Choice {
  names: string[];
}

/** Discord shows at most 25 choices. */
export const MAX_CHOICES = 25;

/**
 * Ranked completion over titles and aliases: exact id or alias first, then prefix matches,
 * then fuzzy (fuse.js, which is good at short, partial, misspelt input).
 */
export class Autocomplete {
  private readonly items: Item[];
  private readonly fuse: Fuse<Item>;

  constructor(entries: readonly { id: string; title: string; aliases: readonly string[] }[]) {
    this.items = entries.map((e) => ({
      id: e.id,
      title: e.title,
      names: [e.id, e.title, ...e.aliases].map(normalise),
    }));
    this.fuse = new Fuse(this.items, { keys: ['names'], threshold: 0.3, ignoreLocation: true });
  }

  /** Up to `limit` choices for what the user has typed so far; empty input lists the first entries. */
  complete(input: string, limit = MAX_CHOICES): Choice[] {
    // No name is longer than this: a pasted paragraph must not cost a fuzzy search over all of it.
    const q = normalise(typedQuery(input)).trim();
    if (!q) return this.items.slice(0, limit).map(toChoice);
    const exact = this.items.filter((i) => i.names.includes(q));
    const prefix = this.items.filter(
      (i) => !exact.includes(i) && i.names.some((n) => n.startsWith(q) || n.includes(` ${q}`)),
    );
    const seen = new Set([...exact, ...prefix]);
    // Fuzzy search is the fallback for typos: when names already start with what was typed, it
    // adds nothing the list has room for (and it is the slow part at thousands of entries).
    const fuzzy =
      q.length >= 2 && seen.size < limit
        ? this.fuse
            .search(q, { limit })
            .map((r) => r.item)
            .filter((i) => !seen.has(i))
        : [];
    return [...exact, ...prefix, ...fuzzy].slice(0, limit).map(toChoice);
  }
}

/**
 * Characters of a typed value autocomplete reads. Titles, ids and aliases are far shorter, and
 * fuzzy search over a pasted 6,000-character value (Discord's option limit) would block the event
 * loop for seconds, long past the 3-second window of every other interaction.
 */
export const MAX_TYPED = 60;

/** The part of a typed value worth searching. */
export function typedQuery(typed: string): string {
  return typed.slice(0, MAX_TYPED);
}

const toChoice = (i: Item): Choice => ({ id: i.id, title: i.title });
