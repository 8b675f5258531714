/**
 * Dialtone's matcher against the NLP.js intent classifier (`@nlpjs/basic`: its stemmer and a
 * small neural network over the words, one intent per knowledge entry), side by side:
 *
 * 1. On the knowledge's own example questions, in the same 5 folds (a question's fold is its
 *    text hash mod 5): each fold's questions taken out of the knowledge, both retrained on the
 *    rest from scratch, then asked the held-out questions. Top-1: the question's own entry first.
 * 2. On the labelled real-post sets, both trained on the whole knowledge: top-1 and top-3 of the
 *    on-topic posts, and how many either of the two gets right first (what a combination could
 *    reach at best).
 *
 *   npx tsc -p tsconfig.bench.json && node build/bench/compare-nlpjs.js [--folds-only | --posts-only]
 *
 * Takes a few minutes (NLP.js trains six times, the matcher five). The README keeps the table.
 */
import { createRequire } from 'node:module';
import { loadKnowledge } from '../src/core/knowledge/load.js';
import { matchEntries } from '../src/core/match/entries.js';
import { Matcher, type MatchEntry } from '../src/core/match/matcher.js';
import { hashText } from '../src/core/match/training.js';
import { readLabelled } from './lib.js';

const FOLDS = 5;
const POST_SETS = [
  'test/fixtures/real-posts.jsonl',
  'test/fixtures/real-posts-holdout.jsonl',
  'test/fixtures/real-posts-4.jsonl',
  'test/fixtures/real-posts-holdout-2.jsonl',
  'test/fixtures/real-posts-holdout-3.jsonl',
];

/** The part of NLP.js used here (it ships no types). */
interface NlpJs {
  settings: { autoSave: boolean; log: boolean };
  addLanguage(lang: string): void;
  addDocument(lang: string, text: string, intent: string): void;
  train(): Promise<void>;
  process(lang: string, text: string): Promise<{ classifications?: { intent: string; score: number }[] }>;
}
const require = createRequire(import.meta.url);
const { containerBootstrap } = require('@nlpjs/core') as {
  containerBootstrap(): Promise<{ use(plugin: unknown): void; get(name: string): NlpJs }>;
};
const { Nlp } = require('@nlpjs/nlp') as { Nlp: unknown };
const { LangEn } = require('@nlpjs/lang-en-min') as { LangEn: unknown };

type Ranker = (text: string) => Promise<string[]>;

/** NLP.js trained on the entries' example questions, titles and aliases (one intent per entry). */
async function nlpjs(entries: readonly MatchEntry[]): Promise<Ranker> {
  const container = await containerBootstrap();
  container.use(Nlp);
  container.use(LangEn);
  const nlp = container.get('nlp');
  nlp.settings.autoSave = false;
  nlp.settings.log = false;
  nlp.addLanguage('en');
  for (const e of entries)
    for (const text of [e.title, ...e.aliases, ...e.questions]) nlp.addDocument('en', text, e.id);
  // NLP.js prints a line per training epoch to the console.
  const log = console.log;
  console.log = () => undefined;
  try {
    await nlp.train();
  } finally {
    console.log = log;
  }
  return async (text) => ((await nlp.process('en', text)).classifications ?? []).map((c) => c.intent);
}

/** Dialtone's matcher trained from scratch on the entries (no stored model). */
function dialtone(entries: readonly MatchEntry[], synonyms: Record<string, string[]>): Ranker {
  const matcher = new Matcher(entries, synonyms);
  return async (text) => matcher.match(text).candidates.map((c) => c.id);
}

/** The entries without the example questions of one fold (`postsFrom` kept pointing at the real posts). */
function withoutFold(entries: readonly MatchEntry[], fold: number): MatchEntry[] {
  return entries.map((e) => {
    const kept = e.questions.map((q, k) => ({ q, k })).filter(({ q }) => hashText(q) % FOLDS !== fold);
    const postsFrom =
      e.postsFrom === undefined ? undefined : kept.filter(({ k }) => k < (e.postsFrom ?? 0)).length;
    return { ...e, questions: kept.map(({ q }) => q), ...(postsFrom === undefined ? {} : { postsFrom }) };
  });
}

const pct = (x: number, n: number): string => `${((100 * x) / Math.max(n, 1)).toFixed(1)}%`;

async function folds(entries: readonly MatchEntry[], synonyms: Record<string, string[]>): Promise<void> {
  let total = 0;
  const right = { dialtone: 0, nlpjs: 0 };
  for (let fold = 0; fold < FOLDS; fold++) {
    const train = withoutFold(entries, fold);
    const rankers = { dialtone: dialtone(train, synonyms), nlpjs: await nlpjs(train) };
    for (const e of entries)
      for (const q of e.questions.filter((text) => hashText(text) % FOLDS === fold)) {
        total++;
        for (const name of ['dialtone', 'nlpjs'] as const)
          if ((await rankers[name](q))[0] === e.id) right[name]++;
      }
  }
  console.log(`\nExample questions held out, ${FOLDS} folds (${total} questions): top-1`);
  console.log(
    `| Dialtone's matcher | ${pct(right.dialtone, total)} |\n| NLP.js intent classifier | ${pct(right.nlpjs, total)} |`,
  );
}

async function posts(entries: readonly MatchEntry[], synonyms: Record<string, string[]>): Promise<void> {
  const rankers = { dialtone: dialtone(entries, synonyms), nlpjs: await nlpjs(entries) };
  console.log(
    '\n| set | on-topic | top-1 Dialtone | top-1 NLP.js | either first | top-3 Dialtone | top-3 NLP.js |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const file of POST_SETS) {
    const onTopic = readLabelled(file).filter((l) => l.expect_id !== undefined);
    const c = { d1: 0, n1: 0, either: 0, d3: 0, n3: 0 };
    for (const l of onTopic) {
      const want = [l.expect_id].flat();
      const [d, n] = [await rankers.dialtone(l.q), await rankers.nlpjs(l.q)];
      const first = { d: want.includes(d[0] ?? ''), n: want.includes(n[0] ?? '') };
      c.d1 += Number(first.d);
      c.n1 += Number(first.n);
      c.either += Number(first.d || first.n);
      c.d3 += Number(d.slice(0, 3).some((id) => want.includes(id)));
      c.n3 += Number(n.slice(0, 3).some((id) => want.includes(id)));
    }
    const n = onTopic.length;
    console.log(
      `| ${file.split('/').pop()} | ${n} | ${pct(c.d1, n)} | ${pct(c.n1, n)} | ${pct(c.either, n)} | ${pct(c.d3, n)} | ${pct(c.n3, n)} |`,
    );
  }
}

const { kb } = await loadKnowledge(['knowledge']);
const entries = matchEntries(kb);
if (!process.argv.includes('--posts-only')) await folds(entries, kb.synonyms);
if (!process.argv.includes('--folds-only')) await posts(entries, kb.synonyms);
