/**
 * Matcher benchmark (not a test): latency, top-1, build time and heap of Dialtone's matcher
 * against a plain fuse.js baseline over the raw question (default options, all fields — what
 * simple FAQ bots do), on the real knowledge base and on 1,000 and 10,000 entries (the real
 * ones plus generated distractors, fixed seed). Run: `npm run bench` (`-- --json` for machines).
 */
import { readFileSync } from 'node:fs';
import Fuse from 'fuse.js';
import { loadKnowledge } from '../src/core/knowledge/load.js';
import { matchEntries } from '../src/core/match/entries.js';
import { Matcher, type MatchEntry } from '../src/core/match/matcher.js';

interface Labelled {
  q: string;
  expect_id?: string | string[];
  offtopic?: boolean;
}

interface Row {
  entries: number;
  dialtone: { p50_ms: number; p99_ms: number; top1: number; build_ms: number; heap_mb: number };
  baseline: { p50_ms: number; p99_ms: number; top1: number; queries: number };
}

const json = process.argv.includes('--json');
const QUESTIONS = process.argv.find((a) => a.endsWith('.jsonl')) ?? 'test/fixtures/questions.jsonl';

/** Mulberry32: a small seeded PRNG so every run uses the same distractors. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODELS = [
  'HT801',
  'HT802',
  'HT812',
  'HT814',
  'SPA112',
  'SPA122',
  'OBi202',
  'OBi302',
  'GXW4216',
  'TA810',
  'MP-114',
  'ATA191',
  'UCM6302',
  'Yealink W60',
  'Poly VVX 250',
  'Fanvil X3',
  'Snom D735',
];
const FEATURES = [
  'voicemail to email',
  'SIP port',
  'codec order',
  'provisioning URL',
  'firmware upgrade',
  'NAT keep-alive',
  'jitter buffer',
  'call forwarding',
  'BLF keys',
  'speed dial',
  'DND schedule',
  'LDAP phonebook',
  'VLAN tagging',
  'TLS transport',
  'SRTP',
  'DTMF mode',
  'time zone',
  'ring cadence',
  'admin password',
  'syslog server',
];
const ACTIONS = [
  'settings',
  'reset',
  'not saving',
  'greyed out',
  'missing after update',
  'best practice',
  'default value',
  'explained',
];
const WORDS = [
  'softkey',
  'paging',
  'hotdesk',
  'presence',
  'headset',
  'sidecar',
  'webhook',
  'queue',
  'IVR',
  'parking',
  'recording',
  'transcription',
  'tenant',
  'billing',
  'portal',
  'roaming',
];

/** Distractor entries that share vocabulary with the real ones, like a large real knowledge base would. */
function distractors(count: number, seed: number): MatchEntry[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const model = pick(MODELS);
    const feature = pick(FEATURES);
    const action = pick(ACTIONS);
    const extra = `${pick(WORDS)} ${pick(WORDS)} v${1 + Math.floor(rnd() * 9)}.${Math.floor(rnd() * 99)} error ${1000 + i}`;
    return {
      id: `gen-${i}`,
      title: `${model}: ${feature} ${action}`,
      aliases: [`${model} ${feature}`],
      keywords: [feature, action, extra],
      questions: [`how do i change the ${feature} on my ${model}`, `${model} ${feature} ${action}`],
      summary: `On the ${model}, the ${feature} is under the web UI; ${action}. ${extra}.`,
    };
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1_048_576;
}

async function main(): Promise<void> {
  const { kb } = await loadKnowledge(['knowledge']);
  const real = matchEntries(kb);
  const labelled = readFileSync(QUESTIONS, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Labelled)
    .filter((l) => l.expect_id !== undefined);
  const accepts = (l: Labelled, id: string | undefined): boolean =>
    id !== undefined && [l.expect_id].flat().includes(id);
  const rows: Row[] = [];

  for (const size of [real.length, 1000, 10_000]) {
    const entries = size <= real.length ? real : [...real, ...distractors(size - real.length, 42)];
    const before = heapMb();
    const [matcher, buildMs] = time(() => new Matcher(entries, kb.synonyms));
    const heap = Math.max(0, heapMb() - before);
    for (const l of labelled.slice(0, 20)) matcher.match(l.q); // warm up
    const times: number[] = [];
    let hits = 0;
    for (let rep = 0; rep < 5; rep++) {
      for (const l of labelled) {
        const [r, ms] = time(() => matcher.match(l.q));
        times.push(ms);
        if (rep === 0 && accepts(l, r.candidates[0]?.id)) hits++;
      }
    }
    times.sort((a, b) => a - b);

    // Baseline: fuse.js defaults over every field, raw question. It is slow at scale, so at
    // larger sizes it runs on an evenly spaced sample of the questions.
    const fuse = new Fuse(entries, {
      keys: ['title', 'aliases', 'keywords', 'questions', 'summary'],
      includeScore: true,
    });
    const step = size > 5000 ? 12 : size > 500 ? 3 : 1;
    const sample = labelled.filter((_, i) => i % step === 0);
    const baseTimes: number[] = [];
    let baseHits = 0;
    for (const l of sample) {
      const [r, ms] = time(() => fuse.search(l.q, { limit: 1 }));
      baseTimes.push(ms);
      if (accepts(l, r[0]?.item.id)) baseHits++;
    }
    baseTimes.sort((a, b) => a - b);
    rows.push({
      entries: entries.length,
      dialtone: {
        p50_ms: round(percentile(times, 50)),
        p99_ms: round(percentile(times, 99)),
        top1: round(hits / labelled.length),
        build_ms: round(buildMs, 1),
        heap_mb: round(heap, 1),
      },
      baseline: {
        p50_ms: round(percentile(baseTimes, 50), 1),
        p99_ms: round(percentile(baseTimes, 99), 1),
        top1: round(baseHits / sample.length),
        queries: sample.length,
      },
    });
  }

  if (json) {
    console.log(JSON.stringify({ sizes: rows }));
    return;
  }
  console.log(`Questions: ${QUESTIONS} (${labelled.length} on-topic); Node ${process.version}`);
  console.log(
    '| entries | Dialtone p50 | p99 | top-1 | build | heap | fuse.js p50 | p99 | top-1 | speed-up (p50) |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const d = r.dialtone;
    const b = r.baseline;
    console.log(
      `| ${r.entries} | ${d.p50_ms} ms | ${d.p99_ms} ms | ${(d.top1 * 100).toFixed(1)}% | ${d.build_ms} ms | ${d.heap_mb} MB | ` +
        `${b.p50_ms} ms | ${b.p99_ms} ms | ${(b.top1 * 100).toFixed(1)}% (n=${b.queries}) | ${Math.round(b.p50_ms / Math.max(d.p50_ms, 0.001))}× |`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
