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
 * Share of a typed value's characters that may be wrong for a fuzzy match (as fuse.js's
 * threshold 0.3, which this replaced): 1 error from 4 characters, 2 from 7, 3 from 10.
 */
const TYPO_SHARE = 0.3;

/** Fuzzy candidates checked by edit distance, at most (the ones sharing the most letter pairs). */
const FUZZY_CANDIDATES = 300;

/**
 * Ranked completion over titles and aliases: exact id or alias first, then names (or words in
 * them) starting with what was typed, then typos (an approximate match anywhere in a name).
 *
 * Every step is bounded, not a pass over every entry: exact names are a map lookup; prefixes and
 * typos read an index of the letter pairs in names, built once per entry set (an Engine is
 * immutable). Prefixes walk the entries having the rarest pair of what was typed, in entry
 * order, until the list is full; typos rank the few entries sharing the most pairs with it by
 * edit distance.
 */
export class Autocomplete {
  private readonly items: Item[];
  /** Normalised name → the items having it, in entry order. */
  private readonly exact = new Map<string, number[]>();
  private readonly pairs: PairIndex;
  /** Scratch, reused by each call: a stamp per item (listed in this call). */
  private readonly stamp: Uint32Array;
  private generation = 0;

  constructor(entries: readonly { id: string; title: string; aliases: readonly string[] }[]) {
    this.items = entries.map((e) => ({
      id: e.id,
      title: e.title,
      names: [...new Set([e.id, e.title, ...e.aliases].map(normalise))],
    }));
    this.items.forEach((item, i) => {
      for (const n of item.names) {
        const list = this.exact.get(n);
        if (!list) this.exact.set(n, [i]);
        else if (list.at(-1) !== i) list.push(i);
      }
    });
    this.pairs = new PairIndex(this.items.map((item) => item.names));
    this.stamp = new Uint32Array(this.items.length);
  }

  /** Up to `limit` choices for what the user has typed so far; empty input lists the first entries. */
  complete(input: string, limit = MAX_CHOICES): Choice[] {
    // No name is longer than this: a pasted paragraph must not cost a fuzzy search over all of it.
    const q = normalise(typedQuery(input)).trim();
    if (!q || limit <= 0) return this.items.slice(0, Math.max(0, limit)).map(toChoice);
    const gen = this.nextGeneration();
    const found: number[] = [];
    for (const i of this.exact.get(q) ?? []) {
      if (found.length >= limit) break;
      this.stamp[i] = gen;
      found.push(i);
    }
    if (found.length < limit) found.push(...this.prefixed(q, limit - found.length, gen));
    // Typos are the fallback: when names already start with what was typed, they add nothing
    // the list has room for.
    if (found.length < limit && q.length >= 2) found.push(...this.fuzzy(q, limit - found.length, gen));
    return found.map((i) => toChoice(this.items[i] as Item));
  }

  /** Items (not yet stamped) with a name or a word of one starting with `q`, first `room` in entry order. */
  private prefixed(q: string, room: number, gen: number): number[] {
    const word = ` ${q}`;
    const items: number[] = [];
    for (const i of this.pairs.containingAll(word)) {
      if (this.stamp[i] === gen) continue;
      if (!(this.items[i] as Item).names.some((n) => n.startsWith(q) || n.includes(word))) continue;
      this.stamp[i] = gen;
      items.push(i);
      if (items.length >= room) break;
    }
    return items;
  }

  /**
   * Items (not yet stamped) with a name within TYPO_SHARE edits of `q` somewhere in it, best
   * first: fewest edits, a match from a word start before one inside a word, more of the
   * entry's names matching, a shorter name (more about what was typed), then entry order.
   */
  private fuzzy(q: string, room: number, gen: number): number[] {
    const maxErrors = Math.floor(q.length * TYPO_SHARE + 1e-9);
    const ranked: { item: number; rank: number; names: number; length: number }[] = [];
    const pattern = Array.from(q, (c) => c.charCodeAt(0));
    const quick = bitPattern(q);
    const { items, fewestErrors } = this.pairs.candidates(q, maxErrors, FUZZY_CANDIDATES);
    for (let c = 0; c < items.length; c++) {
      const i = items[c] as number;
      // Candidates come with the most shared pairs first; once `room` matches are better than
      // any later candidate can be, the rest cannot enter the list.
      if (ranked.length >= room && c > 0 && fewestErrors[c] !== fewestErrors[c - 1]) {
        const better = ranked.filter((r) => r.rank < (fewestErrors[c] as number)).length;
        if (better >= room) break;
      }
      if (this.stamp[i] === gen) continue;
      const best = { rank: Infinity, names: 0, length: 0 };
      for (const n of (this.items[i] as Item).names) {
        const d = quick ? fastDistances(quick, n, maxErrors) : substringDistance(pattern, n, maxErrors);
        const rank = Math.min(d.fromWordStart, d.anywhere + 0.5);
        if (rank > maxErrors + 0.5) continue;
        best.names += 1;
        if (rank < best.rank || (rank === best.rank && n.length < best.length)) {
          best.rank = rank;
          best.length = n.length;
        }
      }
      if (best.names > 0) ranked.push({ item: i, ...best });
    }
    ranked.sort((a, b) => a.rank - b.rank || b.names - a.names || a.length - b.length || a.item - b.item);
    return ranked.slice(0, room).map((r) => r.item);
  }

  private nextGeneration(): number {
    if (this.generation >= 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 0;
    }
    this.generation += 1;
    return this.generation;
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

/**
 * The fewest edits (insert, delete, substitute) turning `pattern` into some part of `text`
 * (Sellers' algorithm): anywhere, and from a word start (the text's start or after a space;
 * letters of the word skipped before the match count as edits).
 * Both are `max + 1` as soon as they are certain to exceed `max`.
 */
export function substringDistance(
  pattern: readonly number[],
  text: string,
  max: number,
): { anywhere: number; fromWordStart: number } {
  const n = text.length;
  const free = scratch(0, n + 1);
  const word = scratch(1, n + 1);
  for (let j = 0; j <= n; j++) {
    free[j] = 0; // an empty pattern matches everywhere…
    // …or from a word start, the letters skipped after it counting as edits
    word[j] = j === 0 || text.charCodeAt(j - 1) === 32 ? 0 : (word[j - 1] as number) + 1;
  }
  let wordAlive = true;
  for (let i = 1; i <= pattern.length; i++) {
    const p = pattern[i - 1];
    let diagonal = free[0] as number;
    let wordDiagonal = word[0] as number;
    free[0] = i;
    word[0] = i;
    let freeMin = i;
    let wordMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = text.charCodeAt(j - 1) === p ? 0 : 1;
      const up = free[j] as number;
      const v = Math.min(diagonal + cost, up + 1, (free[j - 1] as number) + 1);
      diagonal = up;
      free[j] = v;
      if (v < freeMin) freeMin = v;
      const wordUp = word[j] as number;
      const w = Math.min(wordDiagonal + cost, wordUp + 1, (word[j - 1] as number) + 1);
      wordDiagonal = wordUp;
      word[j] = w;
      if (w < wordMin) wordMin = w;
    }
    // Row minima never decrease: past `max` here, past it at the end.
    if (freeMin > max) return { anywhere: max + 1, fromWordStart: max + 1 };
    if (wordMin > max) wordAlive = false;
  }
  let anywhere = pattern.length;
  let fromWordStart = pattern.length;
  for (let j = 0; j <= n; j++) {
    anywhere = Math.min(anywhere, free[j] as number);
    fromWordStart = Math.min(fromWordStart, word[j] as number);
  }
  return { anywhere, fromWordStart: wordAlive ? Math.min(fromWordStart, max + 1) : max + 1 };
}

/** A typed value's bit masks for Myers' algorithm: for each character, where it occurs. */
export interface BitPattern {
  length: number;
  ascii: Int32Array;
  other: Map<number, number>;
}

/** The masks for `q`, or undefined past 31 characters (one 32-bit word; the table does the rest). */
export function bitPattern(q: string): BitPattern | undefined {
  if (q.length > 31) return undefined;
  const pattern: BitPattern = { length: q.length, ascii: new Int32Array(128), other: new Map() };
  for (let i = 0; i < q.length; i++) {
    const c = q.charCodeAt(i);
    if (c < 128) pattern.ascii[c] = (pattern.ascii[c] as number) | (1 << i);
    else pattern.other.set(c, (pattern.other.get(c) ?? 0) | (1 << i));
  }
  return pattern;
}

/**
 * The fewest edits turning the pattern into some part of `text`, as `substringDistance`'s
 * `anywhere`, in one pass of bit operations over the text (Myers 1999, Hyyrö's formulation).
 */
export function fastSubstringDistance(pattern: BitPattern, text: string): number {
  // Searching, not comparing whole strings: a match may start anywhere (row 0 stays 0).
  return myers(pattern, text, 0, text.length, 0);
}

/**
 * Myers' bit-parallel edit distance of the pattern against `text[from, end)`, the best over every
 * end position. `topRow` 0 lets a match start anywhere; 1 makes the top row count the text's
 * characters skipped, so the match starts at `from`.
 */
function myers(pattern: BitPattern, text: string, from: number, end: number, topRow: 0 | 1): number {
  const m = pattern.length;
  const last = 1 << (m - 1);
  const all = m === 31 ? 0x7fffffff : (1 << m) - 1;
  let pv = all;
  let mv = 0;
  let score = m;
  let best = m;
  for (let j = from; j < end; j++) {
    const c = text.charCodeAt(j);
    const eq = c < 128 ? (pattern.ascii[c] as number) : (pattern.other.get(c) ?? 0);
    const xv = eq | mv;
    const xh = ((((eq & pv) + pv) & all) ^ pv) | eq;
    let ph = mv | (~(xh | pv) & all);
    let mh = pv & xh;
    if (ph & last) score += 1;
    else if (mh & last) score -= 1;
    ph = ((ph << 1) | topRow) & all;
    mh = (mh << 1) & all;
    pv = mh | (~(xv | ph) & all);
    mv = ph & xv;
    if (score < best) best = score;
  }
  return best;
}

/** `substringDistance` by bit operations (for values of up to 31 characters). */
export function fastDistances(
  pattern: BitPattern,
  text: string,
  max: number,
): { anywhere: number; fromWordStart: number } {
  const anywhere = Math.min(max + 1, fastSubstringDistance(pattern, text));
  if (anywhere > max) return { anywhere, fromWordStart: max + 1 };
  let fromWordStart = max + 1;
  for (let s = 0; s <= text.length && fromWordStart > anywhere; s++) {
    if (s > 0 && text.charCodeAt(s - 1) !== 32) continue;
    fromWordStart = Math.min(fromWordStart, fastPrefixDistance(pattern, text, s, max));
  }
  return { anywhere, fromWordStart };
}

/**
 * The fewest edits turning the pattern into a part of `text` starting at `from`. A match within
 * `max` edits is at most `max` characters longer than the pattern, so no more of the text is read.
 */
function fastPrefixDistance(pattern: BitPattern, text: string, from: number, max: number): number {
  return myers(pattern, text, from, Math.min(text.length, from + pattern.length + max), 1);
}

const rows = [new Int32Array(128), new Int32Array(128)];
function scratch(which: 0 | 1, length: number): Int32Array {
  if ((rows[which] as Int32Array).length < length) rows[which] = new Int32Array(length * 2);
  return rows[which] as Int32Array;
}

/** Codes for characters, at most (1…1023; past that one code is shared). */
const CODES = 1024;

/**
 * Items by the letter pairs of their names (each name with a space in front, so a word's first
 * letter makes a pair too): one ascending list of items per pair, all in one flat array.
 * A typo'd match with k edits keeps at least (length − 1) − 2k of the typed value's pairs,
 * which at TYPO_SHARE is at least one, so no item able to match is left out below the cap.
 */
class PairIndex {
  private readonly ascii = new Int32Array(128);
  private readonly other = new Map<number, number>();
  private nextCode = 1;
  /** Codes in use + 1: a pair is `first * width + second`. */
  private readonly width: number;
  /** Pair → where its items are in `postings`: [start, end). */
  private readonly slot = new Map<number, number>();
  private readonly start: Int32Array;
  private readonly postings: Int32Array;
  /** Scratch, reused by each call. */
  private readonly counts: Uint8Array;
  private readonly touched: Int32Array;

  constructor(itemNames: readonly (readonly string[])[]) {
    // Codes first (the few characters names use), then two passes over every pair: count
    // (each item once a pair), then fill.
    this.code(32, true);
    for (const names of itemNames) {
      for (const name of names) for (let o = 0; o < name.length; o++) this.code(name.charCodeAt(o), true);
    }
    this.width = Math.min(CODES, this.nextCode);
    const count = new Int32Array(this.width * this.width);
    const last = new Int32Array(this.width * this.width).fill(-1);
    const each = (visit: (key: number, item: number) => void): void => {
      itemNames.forEach((names, item) => {
        for (const name of names) {
          let previous = this.code(32, true) as number;
          for (let o = 0; o < name.length; o++) {
            const c = this.code(name.charCodeAt(o), true) as number;
            const key = previous * this.width + c;
            previous = c;
            if (last[key] === item) continue;
            last[key] = item;
            visit(key, item);
          }
        }
      });
    };
    each((key) => (count[key] = (count[key] as number) + 1));
    let total = 0;
    const keys: number[] = [];
    for (let key = 0; key < count.length; key++) {
      if (count[key] === 0) continue;
      this.slot.set(key, keys.length);
      keys.push(key);
      total += count[key] as number;
    }
    this.start = new Int32Array(keys.length + 1);
    const fill = new Int32Array(keys.length);
    keys.forEach((key, s) => {
      this.start[s + 1] = (this.start[s] as number) + (count[key] as number);
      fill[s] = this.start[s] as number;
    });
    this.postings = new Int32Array(total);
    last.fill(-1);
    each((key, item) => {
      const s = this.slot.get(key) as number;
      this.postings[fill[s] as number] = item;
      fill[s] = (fill[s] as number) + 1;
    });
    this.counts = new Uint8Array(itemNames.length);
    this.touched = new Int32Array(itemNames.length);
  }

  /** The items having every pair of `s`, in entry order (walks the rarest pair's list). */
  *containingAll(s: string): Generator<number> {
    const lists: Int32Array[] = [];
    for (const key of this.keys(s)) {
      const list = key === undefined ? undefined : this.list(key);
      if (!list) return;
      lists.push(list);
    }
    lists.sort((a, b) => a.length - b.length);
    const [driver, ...others] = lists;
    if (!driver) return;
    // The next two rarest lists filter cheaply (binary search); the names decide the rest.
    const filters = others.slice(0, 2);
    for (const item of driver) {
      if (filters.every((list) => has(list, item))) yield item;
    }
  }

  /**
   * Up to `cap` items that could be within `maxErrors` edits of `q`, the most shared pairs first,
   * each with the fewest edits it can be from `q` (an edit breaks at most two pairs).
   */
  candidates(q: string, maxErrors: number, cap: number): { items: number[]; fewestErrors: number[] } {
    const keys = this.keys(q);
    const distinct = new Set(keys);
    let touched = 0;
    for (const key of distinct) {
      const list = key === undefined ? undefined : this.list(key);
      for (const item of list ?? []) {
        if (this.counts[item] === 0) this.touched[touched++] = item;
        this.counts[item] = (this.counts[item] as number) + 1;
      }
    }
    const need = Math.max(1, keys.length - 2 * maxErrors);
    // Bucket by count (at most 59 pairs in a 60-character value), then take from the top.
    const buckets: number[][] = [];
    for (let t = 0; t < touched; t++) {
      const item = this.touched[t] as number;
      const c = this.counts[item] as number;
      this.counts[item] = 0;
      if (c >= need) (buckets[c] ??= []).push(item);
    }
    const items: number[] = [];
    const fewestErrors: number[] = [];
    for (let c = buckets.length - 1; c >= need && items.length < cap; c--) {
      for (const item of buckets[c] ?? []) {
        if (items.length >= cap) break;
        items.push(item);
        fewestErrors.push(Math.ceil((distinct.size - c) / 2));
      }
    }
    return { items, fewestErrors };
  }

  /** The pairs of `s` in order (undefined for a pair with a character no name has). */
  private keys(s: string): (number | undefined)[] {
    const keys: (number | undefined)[] = [];
    for (let o = 0; o + 1 < s.length; o++) {
      const a = this.code(s.charCodeAt(o), false);
      const b = this.code(s.charCodeAt(o + 1), false);
      keys.push(a === undefined || b === undefined ? undefined : a * this.width + b);
    }
    return keys;
  }

  private list(key: number): Int32Array | undefined {
    const s = this.slot.get(key);
    return s === undefined ? undefined : this.postings.subarray(this.start[s], this.start[s + 1]);
  }

  /** A character's code; past 1023 characters one code is shared (a wider net, never a miss). */
  private code(ch: number, add: boolean): number | undefined {
    let code = ch < 128 ? this.ascii[ch] || undefined : this.other.get(ch);
    if (code === undefined && add) {
      code = Math.min(CODES - 1, this.nextCode++);
      if (ch < 128) this.ascii[ch] = code;
      else this.other.set(ch, code);
    }
    return code;
  }
}

/** Whether the ascending `list` holds `item`. */
function has(list: Int32Array, item: number): boolean {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = list[mid] as number;
    if (v === item) return true;
    if (v < item) lo = mid + 1;
    else hi = mid;
  }
  return false;
}
