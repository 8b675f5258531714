/**
 * One bench measurement in a fresh process (so training is never cached and memory is this
 * size's alone). Prints one JSON object on its last stdout line. Run by bench/run.ts:
 *
 *   node --expose-gc build/bench/worker.js size real|1000|10000|100000 [--fuse N]
 *   node --expose-gc build/bench/worker.js diagrams
 *   node --expose-gc build/bench/worker.js autocomplete 10000|100000
 *
 * `--profile-build FILE` / `--profile-path FILE` write a V8 CPU profile of `new Engine(kb)` /
 * the whole-path throughput loop alone (read it with `node build/bench/top.js FILE`).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import Fuse from 'fuse.js';
import { buildAnswer } from '../src/core/answer/answer.js';
import { DiagramRenderer, renderSvg } from '../src/core/diagram/index.js';
import { loadPortModel, rememberShippedPortModel } from '../src/core/advisor/schema.js';
import { Engine, type EngineOptions } from '../src/core/engine.js';
import { Autocomplete } from '../src/core/match/autocomplete.js';
import { loadKnowledge } from '../src/core/knowledge/load.js';
import type { KnowledgeBase } from '../src/core/knowledge/schema.js';
import { matchEntries } from '../src/core/match/entries.js';
import type { MatchEntry, MatchResult } from '../src/core/match/matcher.js';
import { rendererStore } from '../src/adapters/http/index.js';
import { discordPath, readReply, type Reply, type SentBody } from './discord-path.js';
import {
  accepts,
  cpuMs,
  gc,
  Samples,
  grownKb,
  mb,
  readLabelled,
  round,
  summary,
  timeIt,
  typedPrefixes,
  typoPrefixes,
} from './lib.js';

/** Untimed passes over the questions before the steady-state throughput loop (see `path`). */
const STEADY_PASSES = 10;

const QUESTIONS = process.env.BENCH_QUESTIONS ?? 'test/fixtures/questions.jsonl';
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

/** Profiles what runs between start() and stop(file) (no-op without a file). */
async function profiler(file: string | undefined): Promise<{ stop(): Promise<void> }> {
  if (!file) return { stop: async () => undefined };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** Evenly spaced sample of `n` items. */
const sample = <T>(xs: readonly T[], n: number): T[] =>
  n >= xs.length ? [...xs] : Array.from({ length: n }, (_, i) => xs[Math.floor((i * xs.length) / n)] as T);

/** Plain fuse.js over every field and the raw question: what simple FAQ bots do. */
function fuseMatcher(entries: readonly MatchEntry[]): (q: string) => MatchResult {
  const fuse = new Fuse(entries, {
    keys: ['title', 'aliases', 'keywords', 'questions', 'summary'],
    includeScore: true,
  });
  return (q) => {
    const hits = fuse.search(q, { limit: 3 });
    const candidates = hits.map((h) => ({
      id: h.item.id,
      confidence: 1 - (h.score ?? 1),
      score: 1 - (h.score ?? 1),
    }));
    return {
      decision: hits.length ? 'answer' : 'none',
      confidence: candidates[0]?.confidence ?? 0,
      candidates,
    };
  };
}

/** The same engine, answering with plain fuse.js instead of the matcher. */
function fuseEngine(engine: Engine, kb: KnowledgeBase, match: (q: string) => MatchResult): Engine {
  return Object.assign(Object.create(engine) as Engine, {
    ask: (q: string) => buildAnswer(kb, match(q)),
    match,
  });
}

function checkReply(r: Reply, problems: string[]): void {
  const allowed = r.data?.allowed_mentions;
  if (r.type === 4 && (!allowed || allowed.parse?.length !== 0)) problems.push('reply may ping');
  if ((r.data?.content ?? '').length > 2000) problems.push('content over 2000');
}

async function size(which: string): Promise<object> {
  const fuseQuestions = Number(arg('--fuse') ?? 20);
  const fuseBudgetMs = Number(arg('--fuse-budget') ?? 8) * 1000;
  const labelled = readLabelled(QUESTIONS);
  // The wiring advisor's port model, as production has it: the engine looks for it beside dist/
  // (../../../knowledge from dist/core/advisor), which from build/src/core/advisor is build/, so
  // without this the bench's engine had no advisor and routed no question to it.
  rememberShippedPortModel(await loadPortModel('knowledge/ports.yaml'));
  const onTopic = labelled.filter((l) => l.expect_id !== undefined);
  const { kb: real } = await loadKnowledge(['knowledge']);
  const kb = which === 'real' ? real : grownKb(real, Number(which));
  const entries = matchEntries(kb);

  // `--reuse-weights`: a grown knowledge base takes the real knowledge's shipped weights (they are
  // about how evidence looks, not about any one entry) instead of training from scratch, minutes
  // at 10,000 entries: the indexes are built as always, and the matcher measured with real weights.
  const shipped = real.trained?.[0]?.report;
  const options: EngineOptions =
    which !== 'real' && process.argv.includes('--reuse-weights') && shipped
      ? { store: { get: () => shipped, set: () => {} } }
      : {};
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  // The first Engine in a fresh process: full training (leave-one-out), nothing cached.
  const buildProfile = await profiler(arg('--profile-build'));
  const [engine, buildMs] = timeIt(() => new Engine(kb, options));
  await buildProfile.stop();
  gc();
  const mem = process.memoryUsage();
  const heapMb = mb(mem.heapUsed - heap0);

  // A moderator's edit: one more example question on one real topic (a new fingerprint). The
  // matcher rebuilds its indexes and, the knowledge having changed by less than 5%, keeps the
  // scorer's weights.
  const first = [...real.topics.values()][0];
  let editMs = 0;
  if (first && !process.argv.includes('--no-edit')) {
    const topics = new Map(kb.topics);
    topics.set(first.id, { ...first, questions: [...first.questions, 'one more way a member asks this'] });
    editMs = timeIt(() => new Engine({ ...kb, topics }, options))[1];
  }
  gc();

  // Matcher alone.
  const reps = entries.length > 50_000 ? 1 : 3;
  for (const l of labelled.slice(0, 20)) engine.match(l.q); // warm-up
  const matchTimes = new Samples();
  let hits = 0;
  for (let rep = 0; rep < reps; rep++) {
    for (const l of labelled) {
      const r = matchTimes.time(() => engine.match(l.q));
      if (rep === 0 && l.expect_id !== undefined && accepts(l, r.candidates[0]?.id)) hits++;
    }
  }

  // Autocomplete alone: what the /explain box does, prefix by prefix.
  const typed = typedPrefixes(kb, 400);
  // Warm-up: one pass over every value (the JIT compiles on background threads, which CPU time
  // counts), as in a bot that has been running.
  const typos = typoPrefixes(kb, 200);
  for (const t of [...typed, ...typos]) engine.completeTopic(t, 25);
  const acTimes = new Samples();
  for (const t of typed) acTimes.time(() => engine.completeTopic(t, 25));
  const acTypoTimes = new Samples();
  for (const t of typos) acTypoTimes.time(() => engine.completeTopic(t, 25));

  // Baselines over the same entries: plain fuse.js (matching: a time budget, at least one
  // question, as it takes seconds a question at 1k entries; autocomplete over title + aliases).
  const [fuseMatch, fuseBuildMs] = timeIt(() => fuseMatcher(entries));
  const fuseTimes = new Samples();
  let fuseHits = 0;
  const fuseUntil = performance.now() + fuseBudgetMs;
  for (const l of fuseQuestions > 0 ? sample(onTopic, fuseQuestions) : []) {
    const r = fuseTimes.time(() => fuseMatch(l.q));
    if (accepts(l, r.candidates[0]?.id)) fuseHits++;
    if (performance.now() > fuseUntil) break;
  }
  const acFuse = new Fuse([...kb.topics.values()], { keys: ['title', 'aliases'] });
  const acFuseTimes = new Samples();
  for (const t of sample(typed, entries.length > 5000 ? 100 : typed.length))
    acFuseTimes.time(() => acFuse.search(t, { limit: 25 }));

  // The whole path: INTERACTION_CREATE → discord.js → Dialtone's handler → engine → renderer →
  // reply payload, one interaction at a time, on one core.
  const path = await discordPath(engine);
  const problems: string[] = [];
  // Warm-up: every question once, so each diagram an answer attaches (the knowledge's and the
  // generated ones) is rendered and laid out before timing, as in a bot that has been running;
  // the first render of a diagram is the "diagram cold" figure.
  for (const l of labelled) await path.ask(l.q);
  const pathReps = entries.length > 50_000 ? 1 : 2;
  // Only the bot's work is measured: the gateway frames (what Discord sends) are made before the
  // clock starts, and the reply bodies (what Discord receives) are read and checked after it stops.
  const frames = (): string[][] =>
    Array.from({ length: pathReps }, () => labelled.map((l) => path.askFrame(l.q)));
  // Throughput (qps_wall, qps_cpu, cpu_ms_per_q) in a loop of its own, with no per-question timer:
  // two process.cpuUsage() calls a question (what `Samples` does) were 5–7% of the loop's CPU
  // profile, the harness's and not the bot's. The clock spans the loop whole, so every bit of the
  // bot's work (discord.js, REST, the handler, the engine, the renderer, the SQLite log, logging,
  // GC) is in it. The profile (`--profile-path`) is of this loop.
  const untimed = frames();
  const sent: SentBody[][] = [];
  const pathProfile = await profiler(arg('--profile-path'));
  const wall0 = performance.now();
  const cpu0 = cpuMs();
  for (const rep of untimed) {
    const bodies: SentBody[] = [];
    for (const frame of rep) bodies.push(await path.send(frame));
    sent.push(bodies);
  }
  const pathWall = performance.now() - wall0;
  const pathCpu = cpuMs() - cpu0;
  await pathProfile.stop();
  const n = untimed.reduce((sum, rep) => sum + rep.length, 0);
  // Latency (p50/p99, wall and CPU, per question) from a second loop over fresh frames, timed
  // question by question; its figures include the timers' own small cost.
  const pathTimes = new Samples();
  for (const rep of frames()) {
    const bodies: SentBody[] = [];
    for (const frame of rep) bodies.push(await pathTimes.timeAsync(() => path.send(frame)));
    sent.push(bodies);
  }
  // Steady state: a bot that has been running has its hot code compiled. In one process the first
  // ~10 passes of these questions run at half the later speed (the JIT's background compiles count
  // as CPU), so after STEADY_PASSES more untimed passes one more loop is timed like the first.
  for (let pass = 0; pass < STEADY_PASSES; pass++)
    for (const l of labelled) await path.send(path.askFrame(l.q));
  const steady = frames();
  const scpu0 = cpuMs();
  for (const rep of steady) for (const frame of rep) await path.send(frame);
  const steadyCpu = cpuMs() - scpu0;
  const steadyN = steady.reduce((sum, rep) => sum + rep.length, 0);
  let answered = 0;
  let withFile = 0;
  sent.forEach((bodies, rep) => {
    for (const reply of bodies.map(readReply)) {
      checkReply(reply, problems);
      if (rep === 0 && reply.data?.embeds?.length) answered++;
      if (rep === 0 && reply.files) withFile++;
    }
  });
  for (const t of typed) await path.autocomplete(t);
  const acPathTimes = new Samples();
  for (const t of typed) {
    const reply = await acPathTimes.timeAsync(() => path.autocomplete(t));
    if ((reply.data?.choices?.length ?? 0) > 25) problems.push('more than 25 choices');
  }
  const slow = path.slow;
  // Baseline: the same path answering with fuse.js (same budget rule).
  path.use(fuseEngine(engine, kb, fuseMatch));
  const fusePathTimes = new Samples();
  const fwall0 = performance.now();
  const fcpu0 = cpuMs();
  const fusePathUntil = performance.now() + fuseBudgetMs;
  for (const l of fuseQuestions > 0 ? sample(labelled, fuseQuestions) : []) {
    checkReply(await fusePathTimes.timeAsync(() => path.ask(l.q)), problems);
    if (performance.now() > fusePathUntil) break;
  }
  const fuseWall = performance.now() - fwall0;
  const fuseCpu = cpuMs() - fcpu0;
  const fn = fusePathTimes.wall.length;
  const violations = path.violations();
  await path.close();

  return {
    entries: entries.length,
    examples: engine.matcher.training.examples,
    prior_weights: engine.matcher.training.prior ?? false,
    build: {
      first_ms: round(buildMs, 1),
      after_edit_ms: round(editMs, 1),
      fuse_index_ms: round(fuseBuildMs, 1),
    },
    memory: { rss_mb: mb(mem.rss), engine_heap_mb: heapMb },
    matcher: { ...matchTimes.summary(), top1: round(hits / onTopic.length) },
    matcher_fuse: { ...fuseTimes.summary(), top1: round(fuseHits / Math.max(1, fuseTimes.wall.length)) },
    autocomplete: acTimes.summary(),
    autocomplete_typos: acTypoTimes.summary(),
    autocomplete_fuse: acFuseTimes.summary(),
    path: {
      ...pathTimes.summary(),
      qps_wall: round((n * 1000) / pathWall, 1),
      qps_cpu: round((n * 1000) / pathCpu, 1),
      cpu_ms_per_q: round(pathCpu / n, 3),
      qps_cpu_steady: round((steadyN * 1000) / steadyCpu, 1),
      answered: round(answered / labelled.length),
      with_png: withFile,
      over_defer_threshold: slow,
    },
    path_autocomplete: acPathTimes.summary(),
    path_fuse: {
      ...fusePathTimes.summary(),
      qps_wall: fn ? round((fn * 1000) / fuseWall, 2) : 0,
      qps_cpu: fn ? round((fn * 1000) / fuseCpu, 2) : 0,
    },
    problems: [...new Set(problems)],
    fake_violations: violations,
  };
}

/**
 * Sizes where building the Engine (which trains the matcher) does not fit the bench's time:
 * the autocomplete alone (it does not train) and the memory of the knowledge it indexes.
 */
async function autocompleteOnly(which: string): Promise<object> {
  const { kb: real } = await loadKnowledge(['knowledge']);
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const kb = grownKb(real, Number(which));
  gc();
  const kbHeap = mb(process.memoryUsage().heapUsed - heap0);
  const [ac, buildMs] = timeIt(() => new Autocomplete([...kb.topics.values()]));
  gc();
  // Every prefix up to 10k entries; an evenly spaced sample beyond (the fuse.js baseline takes
  // seconds a keystroke at 100k).
  const few = kb.topics.size > 20_000;
  const typed = few ? sample(typedPrefixes(kb, 400), 60) : typedPrefixes(kb, 400);
  const typos = typoPrefixes(kb, few ? 60 : 200);
  for (const t of [...typed, ...typos]) ac.complete(t, 25); // warm-up, as above
  const times = new Samples();
  for (const t of typed) times.time(() => ac.complete(t, 25));
  const typoTimes = new Samples();
  for (const t of typos) typoTimes.time(() => ac.complete(t, 25));
  const acFuse = new Fuse([...kb.topics.values()], { keys: ['title', 'aliases'] });
  const fuseTimes = new Samples();
  for (const t of sample(typed, 40)) fuseTimes.time(() => acFuse.search(t, { limit: 25 }));
  gc();
  return {
    entries: kb.topics.size + kb.devices.size,
    engine: false,
    kb_heap_mb: kbHeap,
    rss_mb: mb(process.memoryUsage().rss),
    autocomplete_build_ms: round(buildMs, 1),
    autocomplete: times.summary(),
    autocomplete_typos: typoTimes.summary(),
    autocomplete_fuse: fuseTimes.summary(),
  };
}

async function diagrams(): Promise<object> {
  const { kb } = await loadKnowledge(['knowledge']);
  const sources = [...kb.diagrams.values()];
  const renderer = new DiagramRenderer();
  const [firstSource, ...rest] = sources;
  if (!firstSource) throw new Error('no diagrams');
  // The very first render also loads Graphviz (WASM), resvg and the fonts.
  const firstMs = (await timed(() => renderer.render(firstSource)))[1];
  // Cold renders take about a second each on a loaded machine: an evenly spaced sample.
  const rendered = [firstSource, ...sample(rest, 8)];
  const cold: number[] = [];
  for (const s of rendered.slice(1)) cold.push((await timed(() => renderer.render(s)))[1]);
  // Cached: what a reply with a diagram costs once rendered (the bot's path: by id through the store).
  const store = rendererStore(renderer, () => ({ kb }) as Engine);
  const cached = new Samples();
  for (let rep = 0; rep < 50; rep++) {
    for (const s of rendered) await cached.timeAsync(() => store.get(s.id));
  }
  // Baselines: plain Graphviz SVG of the unstyled DOT (no styling, no phone layout, no PNG);
  // a ready PNG in a Map (the floor for a cache).
  const plain: number[] = [];
  for (const s of rendered) plain.push((await timed(() => renderSvg(s.dot)))[1]);
  const pngs = new Map<string, Buffer>();
  for (const s of rendered) pngs.set(s.id, (await renderer.render(s)).png);
  const mapHits: number[] = [];
  for (let rep = 0; rep < 50; rep++) for (const s of rendered) mapHits.push(timeIt(() => pngs.get(s.id))[1]);
  return {
    diagrams: sources.length,
    timed: rendered.length,
    first_ms: round(firstMs, 1),
    cold: summary(cold),
    cached: cached.summary(),
    plain_graphviz: summary(plain),
    map_lookup: summary(mapHits),
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

async function main(): Promise<void> {
  const [mode, which] = process.argv.slice(2);
  const result =
    mode === 'diagrams'
      ? await diagrams()
      : mode === 'autocomplete'
        ? await autocompleteOnly(which ?? '100000')
        : await size(which ?? 'real');
  console.log(JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
