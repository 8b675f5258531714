/**
 * `npm run bench`: the whole path, from an interaction to a reply, each figure beside a baseline
 * measured in the same run (plain fuse.js over the same entries, bare Graphviz, bare node), on
 * the real knowledge base and grown to 1k, 10k and 100k entries with generated topics (fixed
 * seed). Not a test: numbers go to stdout (a Markdown table) or, with `--json`, as one JSON
 * object to stdout and bench/results/latest.json. Progress goes to stderr.
 *
 *   npm run bench                 # everything (~4–5 min on a loaded 2-core machine)
 *   npm run bench -- --json       # machine-readable, for comparing runs
 *   npm run bench -- --no-100k    # skip the 100k-entry autocomplete worker
 *   npm run bench -- --fuse-10k   # also time fuse.js on one question at 10k entries (minutes)
 *   npm run bench -- --cold-10k   # also start the console and the bot with 10k entries (minutes)
 *   node build/bench/run.js --table bench/results/latest.json   # the tables of a saved run
 *   npm run bench -- --pin        # pin each worker to one core (taskset)
 *   npm run bench -- --only real,ac10000,console   # only these parts (comma-separated):
 *       real, 1000, 10000 (a size: engine, matcher, autocomplete, whole path, fuse.js),
 *       ac10000, ac100000 (the autocomplete alone at that size: seconds, no training),
 *       diagrams, console (`dialtone ask` cold start), bot (bot cold start and RSS)
 *
 * Cold starts run `node dist/bin/cli.js` (the built command: run `npm run build` first);
 * everything else runs the sources compiled to build/ by tsconfig.bench.json. Each size runs in
 * its own process, pinned to one core with taskset when it exists.
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKnowledge } from '../src/core/knowledge/load.js';
import { FakeDiscord } from '../test/support/fake-discord/index.js';
import { round, summary, writeGrownKnowledge } from './lib.js';
import { freePort } from '../test/support/free-port.js';

const argv = process.argv.slice(2);
const json = argv.includes('--json');
const with100k = !argv.includes('--no-100k');
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? '').split(',').filter(Boolean)) : undefined;
/** Whether a part of the bench runs (all of them without --only). */
const wanted = (part: string): boolean => !only || only.has(part);
const log = (msg: string): void =>
  void process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const load = (): number[] => loadavg().map((x) => round(x, 2));
const PIN = argv.includes('--pin') && existsSync('/usr/bin/taskset') ? ['taskset', '-c', '0'] : [];
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const QUESTION = 'what is the difference between an fxs and an fxo port';
const CLI = 'dist/bin/cli.js';
/**
 * The Node flags `npm start` (and the Docker image, through NODE_OPTIONS) runs Dialtone with:
 * the cold starts and the bot run as in production, the fuse.js baselines with the same flags.
 */
const START_FLAGS = (
  /\bnode\s+(.*?)\s*dist\/bin\/cli\.js/.exec(
    (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start,
  )?.[1] ?? ''
)
  .split(/\s+/)
  .filter(Boolean);

/* eslint-disable @typescript-eslint/no-explicit-any -- worker results are JSON */
type Json = any;

interface Run {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
  maxRssMb?: number;
}

function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  inherit = false,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', inherit ? 'inherit' : 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      const rss = /BENCH_MAXRSS_KB=(\d+)/.exec(stderr)?.[1];
      resolve({ ms, code, stdout, stderr, ...(rss ? { maxRssMb: round(Number(rss) / 1024, 1) } : {}) });
    });
  });
}

async function worker(args: string[]): Promise<Json> {
  const before = load();
  const [cmd, ...rest] = [...PIN, process.execPath, '--expose-gc', 'build/bench/worker.js', ...args];
  const r = await run(cmd as string, rest, process.env, true);
  if (r.code !== 0) throw new Error(`worker ${args.join(' ')} failed (${r.code})`);
  const last = r.stdout.trim().split('\n').pop() ?? '{}';
  return { ...(JSON.parse(last) as Json), seconds: round(r.ms / 1000, 1), load: before };
}

/** Whole-command cold start: spawn → exit, `runs` times (with max RSS when GNU time exists). */
async function command(args: string[], env: NodeJS.ProcessEnv, runs: number): Promise<Json> {
  const times: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [cmd, ...rest] = GNU_TIME
      ? [GNU_TIME, '-f', 'BENCH_MAXRSS_KB=%M', process.execPath, ...args]
      : [process.execPath, ...args];
    const r = await run(cmd as string, rest, env);
    if (r.code !== 0) throw new Error(`${args.join(' ')} failed (${r.code}): ${r.stderr.slice(0, 500)}`);
    times.push(r.ms);
    if (r.maxRssMb) rss.push(r.maxRssMb);
  }
  const s = summary(times);
  return {
    runs,
    first_ms: round(times[0] ?? 0, 0),
    median_ms: round(s.p50_ms, 0),
    min_ms: round(Math.min(...times), 0),
    max_rss_mb: Math.max(0, ...rss),
  };
}

const git = (args: string[]): string => {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return 'not a git checkout';
  }
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function procStatus(pid: number): { rssMb: number; hwmMb: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string): number => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0);
  return { rssMb: round(kb('VmRSS') / 1024, 1), hwmMb: round(kb('VmHWM') / 1024, 1) };
}

/**
 * A bot process against the fake Discord in this process: spawn → first `/ask` answered
 * (the question is dispatched as soon as the bot identifies on the gateway), then `more`
 * questions over loopback (gateway + REST, every request schema-checked by the fake), then RSS.
 */
async function botStart(
  script: string[],
  knowledgeDir: string,
  more: number,
  sharedDataDir?: string,
  /** Also the web server, as the default deployment runs (HTTP_PORT=8080): on a free port. */
  web = false,
): Promise<Json> {
  const fake = await new FakeDiscord({ interactionDeadlineMs: 60_000, callbackWaitMs: 120_000 }).start();
  const dataDir = sharedDataDir ?? mkdtempSync(join(tmpdir(), 'dialtone-bench-bot-'));
  const env = {
    ...process.env,
    DISCORD_TOKEN: fake.token,
    DISCORD_API_BASE: fake.restBase,
    HTTP_PORT: web ? String(await freePort()) : '0',
    DATA_DIR: dataDir,
    KNOWLEDGE_DIR: knowledgeDir,
    LOG_LEVEL: 'warn',
    USER_RATE_LIMIT: '0',
  };
  const t0 = performance.now();
  const child = spawn(process.execPath, script, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.on('close', () => r()));
  try {
    while (fake.intents === undefined) {
      if (child.exitCode !== null) throw new Error(`bot exited: ${stderr.slice(0, 500)}`);
      await sleep(2);
    }
    const identifyMs = performance.now() - t0;
    const first = await fake.slashCommand('ask', [{ name: 'question', type: 3, value: QUESTION }]).callback;
    const firstMs = performance.now() - t0;
    const afterFirst = procStatus(child.pid as number);
    const times: number[] = [];
    for (let i = 0; i < more; i++) {
      const t = performance.now();
      await fake.slashCommand('ask', [{ name: 'question', type: 3, value: QUESTION }]).callback;
      times.push(performance.now() - t);
    }
    const steady = procStatus(child.pid as number);
    return {
      identify_ms: round(identifyMs, 0),
      first_answer_ms: round(firstMs, 0),
      first_reply_type: first.body?.type,
      loopback: summary(times),
      rss_after_first_mb: afterFirst.rssMb,
      rss_mb: steady.rssMb,
      peak_rss_mb: steady.hwmMb,
      violations: fake.takeViolations(),
    };
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
    await fake.stop();
    if (!sharedDataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const tmp = mkdtempSync(join(tmpdir(), 'dialtone-bench-kb-'));
  const { kb } = await loadKnowledge(['knowledge']);
  const realEntries = kb.topics.size + kb.devices.size;
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    pinned: PIN.length > 0,
    // BENCH_COMMIT: the commit a copy outside git (e.g. `git archive` of a shared checkout) holds.
    commit: process.env.BENCH_COMMIT ?? git(['rev-parse', '--short', 'HEAD']).trim(),
    src_changed: process.env.BENCH_COMMIT
      ? 0
      : git(['status', '--porcelain', '--', 'src']).split('\n').filter(Boolean).length,
    dist_built: statSync(CLI).mtime.toISOString(),
    load_start: load(),
  };
  log(`load average ${machine.load_start.join(' ')}; real knowledge: ${realEntries} entries`);

  const sizes: Json[] = [];
  // fuse.js takes seconds a question from 1k entries on: a time budget (at least one question);
  // at 10k a single question takes a minute or more on a loaded machine, so only with --fuse-10k.
  // 100k entries: the Engine's training does not fit the bench's time, so the autocomplete alone.
  const fuse10k = argv.includes('--fuse-10k') ? ['--fuse', '1', '--fuse-budget', '0'] : ['--fuse', '0'];
  const plan: [string, string[]][] = [
    ['real', ['size', 'real', '--fuse', '20', '--fuse-budget', '8']],
    ['1000', ['size', '1000', '--fuse', '2', '--fuse-budget', '3']],
    ['10000', ['size', '10000', '--no-edit', '--reuse-weights', ...fuse10k]],
    ['ac10000', ['autocomplete', '10000']],
    ...(with100k ? ([['ac100000', ['autocomplete', '100000']]] as [string, string[]][]) : []),
  ];
  // --skip-sizes: only diagrams and cold starts (size workers can be run one by one and merged).
  for (const [name, args] of argv.includes('--skip-sizes') ? [] : plan.filter(([n]) => wanted(n))) {
    log(
      `${name} entries: ${args[0] === 'size' ? 'engine, matcher, autocomplete, whole path, fuse.js' : 'autocomplete only'}`,
    );
    sizes.push(await worker(args));
  }
  let diagrams: Json;
  if (wanted('diagrams')) {
    log('diagrams: cold and cached');
    diagrams = await worker(['diagrams']);
  }

  log('cold start: console');
  const dirs: Record<string, string> = { real: 'knowledge' };
  // Starting with 10k entries trains for minutes on a loaded machine: only with --cold-10k.
  const cold10k = argv.includes('--cold-10k');
  for (const n of !wanted('console') && !wanted('bot') ? [] : cold10k ? [1000, 10_000] : [1000]) {
    dirs[n] = writeGrownKnowledge('knowledge', join(tmp, `kb${n}`), n - realEntries);
  }
  const cliEnv = (dir: string): NodeJS.ProcessEnv => ({
    ...process.env,
    KNOWLEDGE_DIR: dir,
    DATA_DIR: join(tmp, 'data'),
    LOG_LEVEL: 'warn',
  });
  const console_: Json = {};
  for (const [name, dir, runs] of (wanted('console')
    ? [['real', dirs.real, 5], ['1000', dirs[1000], 1], ...(cold10k ? [['10000', dirs[10_000], 1]] : [])]
    : []) as [string, string, number][]) {
    console_[name] = {
      dialtone: await command([...START_FLAGS, CLI, 'ask', QUESTION], cliEnv(dir), runs),
      fuse: await command([...START_FLAGS, 'build/bench/fuse-cli.js', QUESTION], cliEnv(dir), runs),
      load: load(),
    };
  }
  if (wanted('console')) console_.node_floor = await command(['-e', '0'], process.env, 5);

  log('cold start: bot against the fake Discord');
  const bot: Json = {};
  for (const [name, dir, runs] of (wanted('bot')
    ? [['real', dirs.real, 3], ['1000', dirs[1000], 1], ...(cold10k ? [['10000', dirs[10_000], 1]] : [])]
    : []) as [string, string, number][]) {
    const mine: Json[] = [];
    const base: Json[] = [];
    // Dialtone's runs share one DATA_DIR, as restarts of one bot do: the first starts with it
    // empty (reported as first_start), the others find its caches.
    const dataDir = join(tmp, `bot-data-${name}`);
    mkdirSync(dataDir, { recursive: true });
    for (let i = 0; i < runs; i++) {
      // A bot that never answers is a result too, not the end of the run.
      const attempt = (script: string[], more: number, shared?: string): Promise<Json> =>
        botStart(script, dir, more, shared).catch((e: unknown) => ({
          error: String(e),
          first_answer_ms: Infinity,
        }));
      mine.push(await attempt([...START_FLAGS, CLI, 'bot'], name === 'real' ? 30 : 5, dataDir));
      base.push(await attempt([...START_FLAGS, 'build/bench/fuse-bot.js'], 3));
    }
    const median = (xs: Json[]): Json =>
      [...xs].sort((a, b) => a.first_answer_ms - b.first_answer_ms)[Math.floor(xs.length / 2)];
    // The default deployment runs the web server too (HTTP_PORT=8080): the real knowledge once more with it on.
    const web: Json[] = [];
    if (name === 'real') {
      const webData = join(tmp, 'bot-data-web');
      mkdirSync(webData, { recursive: true });
      for (let i = 0; i < runs + 1; i++) {
        web.push(
          await botStart([...START_FLAGS, CLI, 'bot'], dir, 30, webData, true).catch((e: unknown) => ({
            error: String(e),
            first_answer_ms: Infinity,
          })),
        );
      }
    }
    bot[name] = {
      dialtone: median(mine),
      // The first run fills DATA_DIR (diagrams, caches): the restarts after it are the figure.
      ...(web.length ? { with_web: median(web.slice(1)) } : {}),
      first_start: { first_answer_ms: mine[0]?.first_answer_ms, peak_rss_mb: mine[0]?.peak_rss_mb },
      fuse: median(base),
      runs,
      load: load(),
    };
  }
  rmSync(tmp, { recursive: true, force: true });

  const result = {
    when: new Date().toISOString(),
    machine: { ...machine, load_end: load() },
    seconds: round((performance.now() - started) / 1000, 0),
    sizes,
    diagrams,
    cold_start: { console: console_, bot },
  };
  if (json) {
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/latest.json', `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result));
    log('wrote bench/results/latest.json');
  } else {
    console.log(table(result));
  }
}

const ms = (x: number): string =>
  x >= 100
    ? `${Math.round(x).toLocaleString('en')} ms`
    : x >= 10
      ? `${x.toFixed(1)} ms`
      : `${x.toFixed(2)} ms`;
const mark = (ok: boolean): string => (ok ? '✓ met' : '✗ **missed**');
const times = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(a / b >= 10 ? 0 : 1)}×` : '–');
/** "wall (CPU)" p99 of a summary. */
const p99 = (s: Json): string => (s ? `${ms(s.p99_ms)} (${ms(s.cpu_p99_ms ?? s.p99_ms)})` : '–');

/** The README tables: each figure, its baseline from the same run, the ratio, the target. */
export function table(r: Json): string {
  const sizes: Json[] = r.sizes;
  const engines = sizes.filter((s) => s.engine !== false);
  const real = engines.find((s) => s.entries < 990);
  const near = (n: number, xs = engines): Json =>
    xs.find((s) => s !== real && Math.abs(s.entries - n) <= n * 0.01);
  const k1 = near(1000);
  const k10 = near(10_000);
  const ac10 = near(
    10_000,
    sizes.filter((s) => s.engine === false),
  );
  const m = r.machine;
  const out: string[] = [];
  const row = (...cells: string[]): number => out.push(`| ${cells.join(' | ')} |`);
  out.push(
    `${m.cores}× ${m.cpu}, Node ${m.node}, commit ${m.commit}` +
      `${m.src_changed ? ` plus ${m.src_changed} uncommitted files in src/` : ''}; load average ${m.load_start.join(' / ')} ` +
      `(1/5/15 min) at the start, ${m.load_end.join(' / ')} at the end; ${r.seconds} s in all. ` +
      'Latencies are wall clock with CPU time in brackets; throughput is per core of CPU time.',
  );
  out.push('');
  row('figure', 'Dialtone', 'baseline, same run', 'ratio', 'target');
  row('---', '---:', '---:', '---:', '---');
  const p = real?.path;
  if (real && p) {
    row(
      `whole path, \`/ask\` INTERACTION_CREATE → reply payload, ${real.entries} entries (real)`,
      `${Math.round(p.qps_cpu).toLocaleString('en')} q/s (${p.cpu_ms_per_q.toFixed(2)} ms CPU each; wall ${p.qps_wall} q/s)`,
      real.path_fuse.n ? `${real.path_fuse.qps_cpu} q/s fuse.js (n=${real.path_fuse.n})` : '–',
      real.path_fuse.n ? times(p.qps_cpu, real.path_fuse.qps_cpu) : '–',
      `≥ 2,000 q/s: ${mark(p.qps_cpu >= 2000)}`,
    );
    if (p.qps_cpu_steady)
      row(
        'whole path, steady state (after 10 more passes: the JIT has compiled the hot code, as in a bot that has been running)',
        `${Math.round(p.qps_cpu_steady).toLocaleString('en')} q/s`,
        '–',
        '–',
        `≥ 2,000 q/s: ${mark(p.qps_cpu_steady >= 2000)}`,
      );
    row(
      'whole path p50 / p99',
      `${ms(p.p50_ms)} / ${p99(p)}`,
      real.path_fuse.n ? `${ms(real.path_fuse.p50_ms)} / ${p99(real.path_fuse)}` : '–',
      '',
      '',
    );
  }
  for (const s of [k1, k10].filter(Boolean)) {
    const ac = s.path_autocomplete;
    row(
      `autocomplete p99, ${s.entries.toLocaleString('en')} entries: whole path (engine alone; typos)`,
      `${p99(ac)} (${ms(s.autocomplete.cpu_p99_ms)}; ${s.autocomplete_typos ? ms(s.autocomplete_typos.cpu_p99_ms) : '–'})`,
      `${p99(s.autocomplete_fuse)} plain fuse.js`,
      times(s.autocomplete_fuse.cpu_p99_ms, s.autocomplete.cpu_p99_ms),
      s === k10 ? `≤ 10 ms: ${mark(ac.cpu_p99_ms <= 10)}` : '',
    );
  }
  if (ac10) {
    row(
      `autocomplete p99, ${ac10.entries.toLocaleString('en')} entries, the index alone: prefixes (typos)`,
      `${p99(ac10.autocomplete)} (${ac10.autocomplete_typos ? p99(ac10.autocomplete_typos) : '–'})`,
      `${p99(ac10.autocomplete_fuse)} plain fuse.js`,
      times(ac10.autocomplete_fuse.cpu_p99_ms, ac10.autocomplete.cpu_p99_ms),
      k10
        ? ''
        : `≤ 10 ms: ${mark(Math.max(ac10.autocomplete.cpu_p99_ms, ac10.autocomplete_typos?.cpu_p99_ms ?? 0) <= 10)}`,
    );
  }
  const d = r.diagrams;
  if (d) {
    row(
      `diagram cold, p50 / p99 of ${d.timed - 1} (the first, which loads Graphviz and resvg: ${ms(d.first_ms)})`,
      `${ms(d.cold.p50_ms)} / ${ms(d.cold.p99_ms)}`,
      `${ms(d.plain_graphviz.p50_ms)} / ${ms(d.plain_graphviz.p99_ms)} bare Graphviz SVG`,
      times(d.cold.p50_ms, d.plain_graphviz.p50_ms),
      '',
    );
    row(
      'diagram cached, p50 / p99 (by id through the store, as the bot asks)',
      `${ms(d.cached.p50_ms)} / ${p99(d.cached)}`,
      `${ms(d.map_lookup.p99_ms)} Map lookup`,
      '',
      `≤ 1 ms: ${mark(d.cached.cpu_p99_ms <= 1)}`,
    );
  }
  const c = r.cold_start.console;
  if (c.real) {
    row(
      `cold start → answer, \`dialtone ask\` (median of ${c.real.dialtone.runs})`,
      ms(c.real.dialtone.median_ms),
      `${ms(c.real.fuse.median_ms)} fuse.js; ${ms(c.node_floor.median_ms)} bare node`,
      times(c.real.dialtone.median_ms, c.real.fuse.median_ms),
      `≤ 1.5 s: ${mark(c.real.dialtone.median_ms <= 1500)}`,
    );
  }
  const b = r.cold_start.bot.real;
  if (b) {
    row(
      `cold start → first answer, \`dialtone bot\` against the fake Discord (median of ${b.runs}${b.first_start ? `; the first, with an empty DATA_DIR: ${ms(b.first_start.first_answer_ms)}` : ''})`,
      ms(b.dialtone.first_answer_ms),
      `${ms(b.fuse.first_answer_ms)} fuse.js bot`,
      times(b.dialtone.first_answer_ms, b.fuse.first_answer_ms),
      `≤ 1.5 s: ${mark(b.dialtone.first_answer_ms <= 1500)}`,
    );
    if (b.with_web) {
      row(
        'the same with the web server on (the default, HTTP_PORT=8080): first answer; RSS steady / peak',
        `${ms(b.with_web.first_answer_ms)}; ${b.with_web.rss_mb} / ${b.with_web.peak_rss_mb} MB`,
        '',
        '',
        `≤ 1.5 s: ${mark(b.with_web.first_answer_ms <= 1500)}; ≤ 150 MB: ${mark(b.with_web.peak_rss_mb <= 150)}`,
      );
    }
    row(
      'RSS of the bot, real knowledge: steady / peak',
      `${b.dialtone.rss_mb} / ${b.dialtone.peak_rss_mb} MB`,
      `${b.fuse.rss_mb} / ${b.fuse.peak_rss_mb} MB fuse.js bot`,
      times(b.dialtone.peak_rss_mb, b.fuse.peak_rss_mb),
      `≤ 150 MB: ${mark(b.dialtone.peak_rss_mb <= 150)}`,
    );
  }
  for (const n of ['1000', '10000']) {
    const bn = r.cold_start.bot[n];
    if (!bn) continue;
    row(
      `RSS of the bot, ${Number(n).toLocaleString('en')} entries: steady / peak (first answer after ${ms(bn.dialtone.first_answer_ms)})`,
      `${bn.dialtone.rss_mb} / ${bn.dialtone.peak_rss_mb} MB`,
      `${bn.fuse.rss_mb} / ${bn.fuse.peak_rss_mb} MB fuse.js bot (first answer ${ms(bn.fuse.first_answer_ms)})`,
      times(bn.dialtone.peak_rss_mb, bn.fuse.peak_rss_mb),
      '',
    );
  }
  if (k10) {
    row(
      'RSS of a process holding 10k entries and their engine (the size worker)',
      `${k10.memory.rss_mb} MB (engine heap ${k10.memory.engine_heap_mb} MB)`,
      '',
      '',
      '',
    );
  }
  for (const [s, target] of [
    [k1, 5],
    [k10, 25],
  ] as [Json, number][]) {
    if (!s) continue;
    row(
      `matcher p99, ${s.entries.toLocaleString('en')} entries (top-1 on our questions)`,
      `${p99(s.matcher)} (${(s.matcher.top1 * 100).toFixed(1)}%)`,
      s.matcher_fuse.n ? `${ms(s.matcher_fuse.p50_ms)} fuse.js (n=${s.matcher_fuse.n})` : '–',
      s.matcher_fuse.n ? `${times(s.matcher_fuse.p50_ms, s.matcher.p50_ms)} (p50)` : '–',
      `≤ ${target} ms: ${mark(s.matcher.cpu_p99_ms <= target)}`,
    );
  }
  if (k1) {
    row(
      'training, 1,000 entries: `new Engine(kb)` in a fresh process / after a one-question edit',
      `${ms(k1.build.first_ms)} / ${ms(k1.build.after_edit_ms)}`,
      `${ms(k1.build.fuse_index_ms)} fuse.js index`,
      times(k1.build.first_ms, k1.build.fuse_index_ms),
      // The target is the retraining after a moderator's edit (a start loads the shipped model).
      `after an edit ≤ 2 s: ${mark(k1.build.after_edit_ms > 0 && k1.build.after_edit_ms <= 2000)}`,
    );
  }
  out.push('');
  out.push('How it grows (each size in its own process; `–` = not measured at that size, see below):');
  out.push('');
  row(
    'entries',
    'new Engine: fresh / after edit',
    'engine heap',
    'RSS',
    'matcher p50 / p99',
    'top-1',
    'autocomplete p99',
    'whole path q/s',
    'path p99',
    'fuse.js matcher p50',
    '`ask` cold start',
    'load',
  );
  row('---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:');
  for (const s of sizes) {
    const key = s === real ? 'real' : String(Math.round(s.entries / 1000) * 1000);
    const cs = c?.[key];
    if (s.engine === false) {
      row(
        s.entries.toLocaleString('en'),
        '–',
        `${s.kb_heap_mb} MB knowledge`,
        `${s.rss_mb} MB`,
        '–',
        '–',
        `${p99(s.autocomplete)}${s.autocomplete_typos ? `, typos ${p99(s.autocomplete_typos)}` : ''}; fuse.js ${p99(s.autocomplete_fuse)}`,
        '–',
        '–',
        '–',
        '–',
        String(s.load[0]),
      );
      continue;
    }
    row(
      `${s.entries.toLocaleString('en')}${s === real ? ' (real)' : ''}`,
      `${ms(s.build.first_ms)} / ${ms(s.build.after_edit_ms)}`,
      `${s.memory.engine_heap_mb} MB`,
      `${s.memory.rss_mb} MB`,
      `${ms(s.matcher.p50_ms)} / ${p99(s.matcher)}`,
      `${(s.matcher.top1 * 100).toFixed(1)}%`,
      p99(s.autocomplete),
      Math.round(s.path.qps_cpu).toLocaleString('en'),
      p99(s.path),
      s.matcher_fuse.n ? ms(s.matcher_fuse.p50_ms) : '–',
      cs ? ms(cs.dialtone.median_ms) : '–',
      String(s.load[0]),
    );
  }
  return out.join('\n');
}

const saved = argv.indexOf('--table');
const entry =
  saved >= 0
    ? async (): Promise<void> =>
        console.log(table(JSON.parse(readFileSync(argv[saved + 1] ?? '', 'utf8')) as Json))
    : main;
entry().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
