/**
 * Burst bench (issue 12): N `/ask` interactions dispatched back to back on one gateway connection
 * to a bot *process* (`dialtone bot`, as in production), with the fake Discord in this process
 * standing in for Discord. Reports how soon each interaction was acknowledged (dispatch → first
 * callback, as the fake sees it), how many within Discord's 3 seconds, when the last answer became
 * visible, and checks the invariants (every one acknowledged exactly once, none lost, none
 * answered twice, no contract violation). The fake's 3-second rule is relaxed so late
 * acknowledgements are measured instead of refused.
 *
 *   npx tsc -p tsconfig.bench.json && node build/bench/burst.js [--count 1000] [--runs 3]
 *
 * BURST_NODE_ARGS passes options to the bot's node (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 *
 * Questions: the 143 labelled questions of test/fixtures/questions.jsonl, cycled.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FakeDiscord, type InteractionHandle } from '../test/support/fake-discord/index.js';

/**
 * `dialtone bot` from this build (build/src; `dist/` may be older): what cli.ts's `bot` command runs.
 */
const LAUNCH = `
import path from 'node:path';
import { parseConfig } from './build/src/bin/config.js';
import { runService } from './build/src/bin/lifecycle.js';
const c = parseConfig(process.env);
process.exitCode = await runService(c, [c.knowledgeDir, path.join(c.dataDir, 'knowledge')], 'bot');
`;
const CALLBACK = /^\/interactions\/(\d+)\/[^/]+\/callback$/;
const LOADING = 128;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

function questions(): string[] {
  return readFileSync('test/fixtures/questions.jsonl', 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { q: string }).q.slice(0, 500));
}

async function burst(count: number, qs: string[]): Promise<Record<string, unknown>> {
  const fake = await new FakeDiscord({ interactionDeadlineMs: 60_000, callbackWaitMs: 120_000 }).start();
  const dataDir = mkdtempSync(join(tmpdir(), 'dialtone-burst-'));
  const env = {
    ...process.env,
    DISCORD_TOKEN: fake.token,
    DISCORD_API_BASE: fake.restBase,
    HTTP_PORT: '0',
    DATA_DIR: dataDir,
    KNOWLEDGE_DIR: resolve('knowledge'),
    LOG_LEVEL: 'info',
    USER_RATE_LIMIT: '0',
  };
  const nodeArgs = (process.env.BURST_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--input-type=module', '-e', LAUNCH], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  child.stdout.on('data', (d: Buffer) => (logs += d.toString()));
  child.stderr.on('data', (d: Buffer) => (logs += d.toString()));
  const exited = new Promise<void>((r) => child.on('close', () => r()));
  try {
    // Steady state: connected, and start-up's diagram rendering (seconds of synchronous PNG work
    // in a fresh DATA_DIR) is over, then one question answered.
    while (fake.intents === undefined || !logs.includes('"diagrams rendered"')) {
      if (child.exitCode !== null) throw new Error(`bot exited: ${logs.slice(0, 500)}`);
      await sleep(20);
    }
    await fake.slashCommand('ask', [{ name: 'question', type: 3, value: 'what is fxs' }]).settled(120_000);
    logs = '';
    fake.takeViolations();
    const load = loadavg()[0];
    const started = performance.now();
    const handles: InteractionHandle[] = [];
    for (let n = 0; n < count; n++) {
      handles.push(fake.slashCommand('ask', [{ name: 'question', type: 3, value: qs[n % qs.length]! }]));
    }
    const dispatchMs = performance.now() - started;
    const answered = new Set<string>();
    const end = performance.now() + 120_000;
    while (answered.size < count && performance.now() < end) {
      for (const h of handles) {
        if (answered.has(h.id)) continue;
        const m = h.visible();
        if (m && !(m.flags & LOADING) && (m.content || m.embeds.length)) answered.add(h.id);
      }
      await sleep(50);
    }
    const allAnsweredMs = performance.now() - started;
    const okCallbacks = new Map<string, number>();
    for (const r of fake.requests) {
      const m = CALLBACK.exec(r.path);
      if (m && r.status! < 300) okCallbacks.set(m[1]!, (okCallbacks.get(m[1]!) ?? 0) + 1);
    }
    const acks = handles
      .map((h) => h.ackLatency())
      .filter((a): a is number => a !== undefined)
      .sort((a, b) => a - b);
    return {
      interactions: count,
      load_before: Math.round(load! * 100) / 100,
      dispatch_ms: Math.round(dispatchMs),
      acknowledged: acks.length,
      acked_within_3s: acks.filter((a) => a <= 3000).length,
      ack_p50_ms: Math.round(pct(acks, 50)),
      ack_p99_ms: Math.round(pct(acks, 99)),
      ack_max_ms: Math.round(acks.at(-1) ?? NaN),
      deferred: handles.filter((h) => h.ack?.type === 5).length,
      answered: answered.size,
      all_answered_ms: Math.round(allAnsweredMs),
      acknowledged_twice: handles.filter((h) => (okCallbacks.get(h.id) ?? 0) > 1).length,
      follow_ups: handles.filter((h) => h.followUps().length > 0).length,
      violations: fake.takeViolations().slice(0, 5),
      bot_warnings: logs
        .split('\n')
        .filter((l) => /"level":(40|50|60)/.test(l))
        .slice(0, 5),
    };
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
    await fake.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const count = arg('count', 1000);
  const runs = arg('runs', 1);
  const qs = questions();
  console.log(
    JSON.stringify({
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      node: process.version,
      questions: qs.length,
    }),
  );
  for (let r = 0; r < runs; r++) console.log(JSON.stringify(await burst(count, qs)));
}

await main();
