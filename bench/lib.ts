/**
 * Shared bench helpers: statistics, a seeded generator of knowledge entries, and knowledge
 * bases of a given size (in memory, or written to a folder the `dialtone` command can load).
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { KnowledgeBase, Topic } from '../src/core/knowledge/schema.js';

/** Mulberry32: a small seeded PRNG, so every run generates the same entries. */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SEED = 42;

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

/**
 * `count` generated topics that share vocabulary with the real ones (models, features), as a
 * large real knowledge base would: six example questions each (real topics have 12 or more),
 * one alias, three keywords, a summary and a short body. Same seed, same entries.
 */
export function generatedTopics(count: number, seed = SEED): Topic[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const model = pick(MODELS);
    const feature = pick(FEATURES);
    const action = pick(ACTIONS);
    const [w1, w2] = [pick(WORDS), pick(WORDS)];
    const version = `v${1 + Math.floor(rnd() * 9)}.${Math.floor(rnd() * 99)}`;
    const code = `error ${1000 + i}`;
    const summary = `On the ${model}, the ${feature} is under the web UI; ${action}. ${w1} ${w2} ${version} ${code}.`;
    return {
      id: `gen-${i}`,
      category: 'generated',
      title: `${model}: ${feature} ${action} (${code})`,
      aliases: [`${model} ${feature} ${code}`],
      keywords: [feature, action, `${w1} ${w2} ${version}`],
      questions: [
        `how do i change the ${feature} on my ${model}`,
        `${model} ${feature} ${action}`,
        `${feature} ${action} on the ${model} after the ${w1} ${version} update`,
        `where is the ${feature} for ${w1} and ${w2} on a ${model}`,
        `my ${model} shows ${code} when i set the ${feature}`,
        `${model} ${w1} ${feature} ${action} ${code}`,
      ],
      asked: [],
      summary,
      related: [],
      devices: [],
      sources: [`https://example.org/kb/gen-${i}`],
      reviewed: '2026-12-02',
      body: `${summary}\n\nOpen the ${model}'s web page, find ${feature} and check the ${w2} settings.`,
      file: `generated/gen-${i}.md`,
    };
  });
}

/** The real knowledge base grown to `size` entries (topics + devices) with generated topics. */
export function grownKb(real: KnowledgeBase, size: number, seed = SEED): KnowledgeBase {
  const have = real.topics.size + real.devices.size;
  if (size <= have) return real;
  const topics = new Map(real.topics);
  for (const t of generatedTopics(size - have, seed)) topics.set(t.id, t);
  return { ...real, topics };
}

/**
 * Writes the knowledge folder `from` plus `extra` generated topics to `dir` (for whole-command
 * timings). Returns `dir`.
 */
export function writeGrownKnowledge(from: string, dir: string, extra: number, seed = SEED): string {
  cpSync(from, dir, { recursive: true });
  const out = join(dir, 'topics', 'generated');
  mkdirSync(out, { recursive: true });
  for (const t of generatedTopics(extra, seed)) {
    const { id: _id, category: _c, body, file: _f, asked: _a, related: _r, devices: _d, ...front } = t;
    writeFileSync(join(out, `${t.id}.md`), `---\n${stringify(front)}---\n${body}\n`);
  }
  return dir;
}

/** A labelled question from a `.jsonl` file. */
export interface Labelled {
  q: string;
  expect_id?: string | string[];
  offtopic?: boolean;
}

export function readLabelled(file: string): Labelled[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Labelled);
}

export const accepts = (l: Labelled, id: string | undefined): boolean =>
  id !== undefined && l.expect_id !== undefined && [l.expect_id].flat().includes(id);

/** What members type into an autocomplete box: every prefix (1–12 characters) of real titles and aliases. */
export function typedPrefixes(kb: KnowledgeBase, max = 400): string[] {
  const names = [...kb.topics.values()]
    .filter((t) => t.category !== 'generated')
    .flatMap((t) => [t.title, t.aliases[0] ?? t.id]);
  const out: string[] = [];
  for (const name of names) {
    for (let n = 1; n <= Math.min(12, name.length); n++) out.push(name.slice(0, n).toLowerCase());
    if (out.length >= max) break;
  }
  return out.slice(0, max);
}

/**
 * The same prefixes with one typo each (a letter dropped, doubled, swapped with the next or
 * replaced), from 4 characters on: what a member who mistypes sends. Fixed seed.
 */
export function typoPrefixes(kb: KnowledgeBase, max = 200, seed = SEED): string[] {
  const rnd = prng(seed + 1);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  return typedPrefixes(kb, max * 4)
    .filter((t) => t.length >= 4)
    .slice(0, max)
    .map((t) => {
      const i = 1 + Math.floor(rnd() * (t.length - 1));
      const kind = Math.floor(rnd() * 4);
      const c = letters[Math.floor(rnd() * letters.length)] ?? 'x';
      if (kind === 0) return t.slice(0, i) + t.slice(i + 1);
      if (kind === 1) return t.slice(0, i) + (t[i - 1] ?? '') + t.slice(i);
      if (kind === 2 && i + 1 < t.length) return t.slice(0, i) + t[i + 1] + t[i] + t.slice(i + 2);
      return t.slice(0, i) + c + t.slice(i + 1);
    });
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export interface Summary {
  n: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  /** The same percentiles of CPU time (this process), when measured: on a shared, loaded machine
   * wall-clock tails are mostly other people's work; CPU time is what one free core would see. */
  cpu_p50_ms?: number;
  cpu_p99_ms?: number;
}

/** p50/p99/max of wall-clock samples in ms (and of CPU-time samples, when given). */
export function summary(samples: number[], cpu?: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const c = cpu ? [...cpu].sort((a, b) => a - b) : undefined;
  return {
    n: s.length,
    p50_ms: round(percentile(s, 50), 3),
    p99_ms: round(percentile(s, 99), 3),
    max_ms: round(s[s.length - 1] ?? 0, 3),
    ...(c ? { cpu_p50_ms: round(percentile(c, 50), 3), cpu_p99_ms: round(percentile(c, 99), 3) } : {}),
  };
}

export function timeIt<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

/** Wall-clock and CPU samples, collected together. */
export class Samples {
  readonly wall: number[] = [];
  readonly cpu: number[] = [];
  time<T>(fn: () => T): T {
    const c0 = cpuMs();
    const t0 = performance.now();
    const r = fn();
    this.wall.push(performance.now() - t0);
    this.cpu.push(cpuMs() - c0);
    return r;
  }
  async timeAsync<T>(fn: () => Promise<T>): Promise<T> {
    const c0 = cpuMs();
    const t0 = performance.now();
    const r = await fn();
    this.wall.push(performance.now() - t0);
    this.cpu.push(cpuMs() - c0);
    return r;
  }
  summary(): Summary {
    return summary(this.wall, this.cpu);
  }
}

export const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;

export const mb = (bytes: number): number => round(bytes / 1_048_576, 1);

/** Forces a full GC when node runs with --expose-gc. */
export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** CPU time (user + system, all threads) in ms. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
