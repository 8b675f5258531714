import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { GENERIC_TERMS, GENERIC_WEIGHT } from './generic.js';
import { outOfScope } from './scope.js';
import { looksLikeSpam } from './spam.js';
import { terms } from './text.js';
import { compileSynonyms, synonymTerms, type SynonymRule } from './synonyms.js';

/** What the matcher indexes: a topic or a device reduced to searchable text. */
export interface MatchEntry {
  id: string;
  title: string;
  aliases: readonly string[];
  keywords: readonly string[];
  questions: readonly string[];
  summary: string;
}

/** One ranked candidate. `confidence` is in [0, 1]. */
export interface Candidate {
  id: string;
  confidence: number;
  score: number;
}

export type Decision = 'answer' | 'suggest' | 'none';

/** The matcher's verdict on one question. */
export interface MatchResult {
  decision: Decision;
  /** Confidence of the best candidate (0 when there is none). */
  confidence: number;
  /** Best first; at most `MAX_CANDIDATES`. */
  candidates: Candidate[];
  /** Why the decision was `none` when it was not for lack of matches. */
  reason?: 'spam' | 'out-of-scope' | 'empty';
}

export interface MatcherOptions {
  /** Answer at or above this confidence. */
  answerAt?: number;
  /** Suggest ("did you mean") at or above this confidence. */
  suggestAt?: number;
}

/**
 * Thresholds measured on labelled questions (see README, "Matching"): above 0.45 the top entry
 * is right almost always; between 0.22 and 0.45 the right entry is usually among the top three.
 */
export const DEFAULT_ANSWER_AT = 0.45;
export const DEFAULT_SUGGEST_AT = 0.22;
/** Confidence multiplier when no matched term comes from the entry's title, aliases or keywords. */
const ANCHOR_PENALTY = 0.4;
const MAX_CANDIDATES = 5;
/** A lone matched word in a longer message stays below the suggestion band (×0.9 of it). */
const SINGLE_WORD_CAP = 0.9;
/** Matched anchor IDF mass at which evidence reaches 0.5 (a few rare, on-topic words). */
const EVIDENCE_HALF_MASS = 20;
/** Below this much matched IDF mass a question says too little to suggest anything. */
const MIN_MATCHED_MASS = 1.5;
/** Confidence when the question is exactly an entry's title, alias ("fxs", "pap2t") or example question. */
const EXACT_NAME_CONFIDENCE = 0.95;
/** At most this many query terms (the rarest) rank entries. */
const MAX_RANKING_TERMS = 8;
/** BM25 scores within this fraction of each other count as a tie. */
const NEAR_TIE = 0.05;
/** From this many entries on, terms in over half of them are left out of ranking. */
const LARGE_INDEX = 1000;
/** Field boosts: a title or alias hit says more about the entry than a word in its summary. */
const BOOSTS = { title: 3, aliases: 2, keywords: 2, questions: 1.5, summary: 0.5 } as const;
const FIELDS = Object.keys(BOOSTS) as (keyof typeof BOOSTS)[];

interface IndexedDoc {
  id: number;
  title: string;
  aliases: string;
  keywords: string;
  questions: string;
  summary: string;
}

interface QueryTerm {
  /** Processed term, or null for a word the knowledge does not contain. */
  term: string | null;
  /** How sure a typo correction is (1 for a word found as typed). */
  weight: number;
  /** Generic request words ("fix", "best") count for less. */
  importance: number;
  original: string;
}

interface TermSets {
  all: Set<string>;
  anchor: Set<string>;
}

/**
 * Ranks knowledge entries for a chat question: BM25 over stemmed terms (MiniSearch), typo
 * correction against the knowledge's own vocabulary (fuse.js), and a calibrated confidence —
 * the IDF-weighted share of the question's terms that the entry covers.
 */
export class Matcher {
  readonly answerAt: number;
  readonly suggestAt: number;
  private readonly ids: string[];
  private readonly search: MiniSearch<IndexedDoc>;
  private readonly termSets: TermSets[];
  private readonly idf = new Map<string, number>();
  private readonly maxIdf: number;
  /** Vocabulary by first letter: a typo keeps its first letter, and a smaller list keeps fuse.js fast. */
  private readonly vocabulary = new Map<string, Fuse<string>>();
  private readonly df: Map<string, number>;
  private readonly corrections = new Map<string, { term: string; weight: number } | null>();
  private readonly synonyms: SynonymRule[];
  /** Title, alias or example question (as processed terms) → entry index. */
  private readonly exactNames = new Map<string, number>();

  constructor(
    entries: readonly MatchEntry[],
    synonyms: Record<string, string[]> = {},
    options: MatcherOptions = {},
  ) {
    this.answerAt = options.answerAt ?? DEFAULT_ANSWER_AT;
    this.suggestAt = options.suggestAt ?? DEFAULT_SUGGEST_AT;
    this.synonyms = compileSynonyms(synonyms);
    this.ids = entries.map((e) => e.id);
    this.search = new MiniSearch<IndexedDoc>({
      fields: [...FIELDS],
      tokenize: (text) => text.split(' '),
      processTerm: (t) => t || null,
      searchOptions: { processTerm: (t) => t || null },
    });
    const docs: IndexedDoc[] = [];
    const df = new Map<string, number>();
    // Large knowledge bases repeat phrases (keywords, aliases); process each distinct one once.
    const seen = new Map<string, string[]>();
    const termsOf = (text: string): string[] => {
      let t = seen.get(text);
      if (!t) seen.set(text, (t = terms(text)));
      return t;
    };
    this.termSets = entries.map((e, i) => {
      const fields = {
        title: termsOf(e.title),
        aliases: e.aliases.flatMap(termsOf),
        keywords: e.keywords.flatMap(termsOf),
        questions: e.questions.flatMap(termsOf),
        summary: termsOf(e.summary),
      };
      docs.push({
        id: i,
        title: fields.title.join(' '),
        aliases: fields.aliases.join(' '),
        keywords: fields.keywords.join(' '),
        questions: fields.questions.join(' '),
        summary: fields.summary.join(' '),
      });
      // A question that is exactly an entry's name, or exactly one of its example questions
      // (what `/kb teach` adds), is that entry.
      for (const name of [e.title, ...e.aliases, ...e.questions]) {
        const key = termsOf(name).join(' ');
        if (key && !this.exactNames.has(key)) this.exactNames.set(key, i);
      }
      const all = new Set(FIELDS.flatMap((f) => fields[f]));
      for (const t of all) df.set(t, (df.get(t) ?? 0) + 1);
      return { all, anchor: new Set([...fields.title, ...fields.aliases, ...fields.keywords]) };
    });
    this.search.addAll(docs);
    const n = Math.max(entries.length, 1);
    for (const [t, d] of df) this.idf.set(t, bm25Idf(n, d));
    this.maxIdf = bm25Idf(n, 0);
    this.df = df;
    const byLetter = new Map<string, string[]>();
    for (const t of df.keys()) {
      if (t.length < 4 || /\d/.test(t)) continue;
      const list = byLetter.get(t[0] ?? '') ?? [];
      list.push(t);
      byLetter.set(t[0] ?? '', list);
    }
    for (const [letter, list] of byLetter) {
      this.vocabulary.set(
        letter,
        new Fuse(list, { includeScore: true, threshold: 0.34, ignoreLocation: true }),
      );
    }
  }

  /** Number of indexed entries. */
  get size(): number {
    return this.ids.length;
  }

  /** Matches one question. Pure and synchronous: safe to call inside a message handler. */
  match(question: string): MatchResult {
    if (looksLikeSpam(question)) return { decision: 'none', confidence: 0, candidates: [], reason: 'spam' };
    if (outOfScope(question))
      return { decision: 'none', confidence: 0, candidates: [], reason: 'out-of-scope' };
    const asked = terms(question);
    const exact = this.exactNames.get(asked.join(' '));
    const query = this.queryTerms([...asked, ...terms(synonymTerms(question, this.synonyms))]);
    if (query.length === 0) return { decision: 'none', confidence: 0, candidates: [], reason: 'empty' };

    const known = query.filter((q): q is QueryTerm & { term: string } => q.term !== null);
    // Rank on the most informative terms: a long forum post's extra common words barely move
    // BM25 but dominate its cost at 10k entries, and in a large index a term found in over half
    // the entries ranks nothing (confidence still counts every term).
    const tooCommon = this.size >= LARGE_INDEX ? this.size / 2 : Infinity;
    const informative = known.filter((q) => (this.df.get(q.term) ?? 0) <= tooCommon);
    const searchTerms = (informative.length ? informative : known)
      .sort((a, b) => (this.idf.get(b.term) ?? 0) - (this.idf.get(a.term) ?? 0))
      .slice(0, MAX_RANKING_TERMS);
    const hits = searchTerms.length
      ? this.search.search(searchTerms.map((q) => q.term).join(' '), {
          combineWith: 'OR',
          boost: BOOSTS,
          boostTerm: (t) => known.find((q) => q.term === t)?.weight ?? 1,
        })
      : [];
    const candidates = hits.slice(0, MAX_CANDIDATES).map((h) => ({
      id: this.ids[h.id as number] ?? '',
      score: h.score,
      confidence: this.confidence(query, h.id as number),
    }));
    candidates.sort((a, b) => b.score - a.score);
    // When BM25 cannot tell two entries apart, the one covering more of the question goes first.
    for (let i = 1; i < candidates.length; i++) {
      const [prev, cur] = [candidates[i - 1], candidates[i]];
      if (prev && cur && cur.score >= prev.score * (1 - NEAR_TIE) && cur.confidence > prev.confidence) {
        candidates[i - 1] = cur;
        candidates[i] = prev;
      }
    }
    if (exact !== undefined) {
      // The question is exactly an entry's name or example: that entry first, whatever else mentions it.
      const id = this.ids[exact] ?? '';
      const rest = candidates.filter((c) => c.id !== id);
      const score = (candidates[0]?.score ?? 0) + 1;
      candidates.splice(0, candidates.length, { id, score, confidence: EXACT_NAME_CONFIDENCE }, ...rest);
    }
    const best = candidates[0]?.confidence ?? 0;
    const decision: Decision = best >= this.answerAt ? 'answer' : best >= this.suggestAt ? 'suggest' : 'none';
    return {
      decision,
      confidence: round(best),
      candidates: candidates.map((c) => ({ ...c, confidence: round(c.confidence) })),
    };
  }

  /** Processed question terms → weighted terms; `term: null` marks a word the knowledge does not know. */
  private queryTerms(processed: readonly string[]): QueryTerm[] {
    const seen = new Set<string>();
    const out: QueryTerm[] = [];
    for (const t of processed) {
      if (seen.has(t)) continue;
      seen.add(t);
      const importance = GENERIC_TERMS.has(t) ? GENERIC_WEIGHT : 1;
      if (this.idf.has(t)) out.push({ term: t, weight: 1, importance, original: t });
      else {
        const fix = this.correct(t);
        out.push(
          fix ? { ...fix, importance, original: t } : { term: null, weight: 0, importance, original: t },
        );
      }
    }
    return out;
  }

  /** Nearest vocabulary term for a typo, or null. Only for words of 4+ letters, within a small edit distance. */
  private correct(term: string): { term: string; weight: number } | null {
    // Short words are too easy to "correct" into another word ("cell" → "call").
    if (term.length < 5 || /\d/.test(term)) return null;
    const cached = this.corrections.get(term);
    if (cached !== undefined) return cached;
    let found: { term: string; weight: number } | null = null;
    const limit = term.length >= 8 ? 2 : 1;
    for (const r of this.vocabulary.get(term[0] ?? '')?.search(term, { limit: 5 }) ?? []) {
      if (Math.abs(r.item.length - term.length) > 2) continue;
      if (editDistance(term, r.item, limit) <= limit) {
        found = { term: r.item, weight: 1 - (r.score ?? 0) };
        break;
      }
    }
    if (this.corrections.size > 5000) this.corrections.clear();
    this.corrections.set(term, found);
    return found;
  }

  /**
   * Confidence that entry `index` answers the question, in [0, 1]:
   * - coverage: the IDF-weighted share of the question's terms the entry contains (unknown words
   *   count at the maximum IDF), times ANCHOR_PENALTY unless a matched term is in its title,
   *   aliases or keywords;
   * - a single matched word in a longer message is never enough for more than "none";
   * - evidence: a long forum-style message mentions many words the knowledge does not hold,
   *   which drowns coverage, so the absolute IDF mass of matched anchor terms (two or more)
   *   may lift it into the "did you mean" band — never to a confident answer on its own.
   */
  private confidence(query: QueryTerm[], index: number): number {
    const sets = this.termSets[index];
    if (!sets) return 0;
    let total = 0;
    let covered = 0;
    let anchorMass = 0;
    let matchedTerms = 0;
    let anchorTerms = 0;
    for (const q of query) {
      const idf = (q.term ? (this.idf.get(q.term) ?? this.maxIdf) : this.maxIdf) * q.importance;
      total += idf;
      if (!q.term) continue;
      const term = q.term;
      const has = (set: Set<string>): boolean => set.has(term) || (term.length >= 4 && hasPrefix(set, term));
      if (!has(sets.all)) continue;
      covered += idf * q.weight;
      matchedTerms++;
      if (has(sets.anchor)) {
        anchorTerms++;
        anchorMass += idf * q.weight;
      }
    }
    let coverage = total > 0 ? covered / total : 0;
    if (anchorTerms === 0) coverage *= ANCHOR_PENALTY;
    const weak = (matchedTerms === 1 && query.length > 1) || covered < MIN_MATCHED_MASS;
    if (weak) coverage = Math.min(coverage, this.suggestAt * SINGLE_WORD_CAP);
    const evidence =
      anchorTerms >= 2 ? Math.min(anchorMass / (anchorMass + EVIDENCE_HALF_MASS), this.answerAt - 0.01) : 0;
    return Math.max(coverage, evidence);
  }
}

function hasPrefix(set: Set<string>, prefix: string): boolean {
  for (const t of set) if (t.startsWith(prefix)) return true;
  return false;
}

function bm25Idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Levenshtein distance with an early exit above `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length] ?? limit + 1;
}
