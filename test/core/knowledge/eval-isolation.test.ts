import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';
import { OFF_TOPIC_SAMPLES } from '../../../src/core/match/offtopic.js';

/**
 * The shared evaluation sets measure how Dialtone does on real posts nobody here wrote. A
 * knowledge entry that cites one of those posts, or carries its question as an example, teaches
 * the matcher the test: the figures would measure nothing. These checks run wherever the sets are
 * beside the checkout (they are not part of the repository).
 */
const EVAL_SETS = ['../shared/eval/forum-questions.jsonl', '../shared/eval/dev-questions.jsonl'].filter((f) =>
  existsSync(f),
);

interface EvalPost {
  q: string;
  source?: string;
}

const posts: EvalPost[] = EVAL_SETS.flatMap((f) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalPost),
);

const STOP = new Set(
  'the a an i my to is it of and in on for with be can do how what does this that you your are at or if not but have has me we our so from as by any there which will'.split(
    ' ',
  ),
);
const words = (s: string): Set<string> =>
  new Set((s.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => w.length > 2 && !STOP.has(w)));
const normaliseUrl = (u: string): string => u.replace(/[)\].,;'"]+$/, '').replace(/\/+$/, '');

/**
 * True when two texts share most of their words (Jaccard ≥ 0.55 over at least five words) or are
 * nearly the same words: a copy or a close paraphrase. "fxs gateway vs fxo gateway, the difference?"
 * and "the difference between FXS and FXO?" share four words and are different questions.
 */
function copied(a: Set<string>, b: Set<string>): boolean {
  let common = 0;
  for (const w of a) if (b.has(w)) common++;
  const jaccard = common / Math.max(a.size + b.size - common, 1);
  return jaccard >= 0.9 || (jaccard >= 0.55 && common >= 5);
}

/** Our own labelled sets: the questions we wrote, and real posts gathered for measuring (with their URLs). */
const OWN_SETS = readdirSync('test/fixtures')
  .filter((f) => f.endsWith('.jsonl'))
  .map((f) => `test/fixtures/${f}`);
const ownSets = OWN_SETS.flatMap((f) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => ({ file: f, ...(JSON.parse(l) as EvalPost) })),
);

/**
 * Posts that restate an evaluation post in other words (a follow-up in the same project, the
 * maintainer's docs issue answering it): the word-overlap check cannot see them, so they are
 * named here. Found by reading; add any other found the same way.
 */
const RESTATE_EVALUATION_POSTS = [
  'https://github.com/kirklandsig/AIReceptionist/issues/4',
  // A cross-post of an evaluation post (the same text in another project's tracker).
  'https://github.com/karawin/Ka-Radio/issues/56',
];

/**
 * True when a knowledge question restates part of an evaluation post: at least six of its words,
 * three quarters or more of them in that one post (a post's title or first sentence reworded).
 * Jaccard cannot see it when the post is much longer than the question.
 */
function restated(question: Set<string>, post: Set<string>): boolean {
  if (question.size < 6) return false;
  let inside = 0;
  for (const w of question) if (post.has(w)) inside++;
  return inside / question.size >= 0.75;
}

describe('the knowledge does not learn our own real-post sets', async () => {
  const { kb } = await loadKnowledge(['knowledge']);
  const ownSources = new Set(ownSets.flatMap((o) => (o.source ? [normaliseUrl(o.source)] : [])));

  it('finds our labelled sets', () => {
    expect(OWN_SETS).toContain('test/fixtures/real-posts.jsonl');
  });

  it('cites no post known to restate an evaluation post', () => {
    const cited = [...kb.topics.values(), ...kb.devices.values()].flatMap((e) =>
      RESTATE_EVALUATION_POSTS.filter((u) => JSON.stringify(e).includes(u)).map((u) => `${e.id}: ${u}`),
    );
    expect(cited).toEqual([]);
  });

  it('cites none of their posts (they measure posts the matcher has not learned)', () => {
    const cited = [...kb.topics.values(), ...kb.devices.values()].flatMap((e) =>
      (JSON.stringify(e).match(/https?:\/\/[^\s"'\\]+/g) ?? [])
        .filter((u) => ownSources.has(normaliseUrl(u)))
        .map((u) => `${e.id}: ${u}`),
    );
    expect(cited).toEqual([]);
  });
});

describe.skipIf(EVAL_SETS.length === 0)('the knowledge does not learn the evaluation sets', async () => {
  const { kb } = await loadKnowledge(['knowledge']);
  const entries = [...kb.topics.values(), ...kb.devices.values()];
  const evalSources = new Set(posts.map((p) => p.source).filter((s): s is string => Boolean(s)).map(normaliseUrl));

  it('cites no post of the evaluation sets, as a source or as an asked question', () => {
    const cited = entries.flatMap((e) => {
      const text = JSON.stringify(e);
      return (text.match(/https?:\/\/[^\s"'\\]+/g) ?? [])
        .filter((u) => evalSources.has(normaliseUrl(u)))
        .map((u) => `${e.id}: ${u}`);
    });
    expect(cited).toEqual([]);
  });

  it('carries no evaluation question as an example question', () => {
    const evalWords = posts.map((p) => words(p.q.slice(0, 300))).filter((w) => w.size >= 3);
    const copies = kb.topics.size
      ? [...kb.topics.values()].flatMap((t) =>
          [...t.questions, ...(t.asked ?? []).map((a) => a.q)]
            .filter((q) => {
              const w = words(q);
              return w.size >= 3 && evalWords.some((ev) => copied(w, ev) || restated(w, ev));
            })
            .map((q) => `${t.id}: ${q}`),
        )
      : [];
    expect(copies).toEqual([]);
  });


  it('neither do the off-topic training samples nor our own labelled questions', () => {
    const evalWords = posts.map((p) => words(p.q.slice(0, 300))).filter((w) => w.size >= 3);
    const copies = [...OFF_TOPIC_SAMPLES, ...ownSets.map((o) => o.q)].filter((q) => {
      const w = words(q);
      return w.size >= 3 && evalWords.some((ev) => copied(w, ev));
    });
    expect(copies).toEqual([]);
  });

  it('our own real-post set takes no post of the evaluation sets', () => {
    const taken = ownSets.filter((o) => o.source && evalSources.has(normaliseUrl(o.source)));
    expect(taken.map((o) => `${o.file}: ${o.source}`)).toEqual([]);
  });
});
