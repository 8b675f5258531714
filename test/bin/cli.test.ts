import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { topic, writeKb } from '../support/tmp-kb.js';

// Runs the built command exactly as users do (`npm test` builds before vitest).
const CLI = path.resolve('dist/bin/cli.js');
const DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'dialtone-cli-'));

function run(args: string[], input = '', env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', DATA_DIR, HTTP_PORT: '0', ...env },
    timeout: 20_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('dialtone ask --json', () => {
  it('prints exactly one JSON object with the contract fields', () => {
    const r = run(['ask', '--json', 'what is fxs']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]!);
    expect(Object.keys(json)).toEqual(['status', 'confidence', 'entry', 'suggestions', 'diagram']);
    expect(json.status).toBe('answer');
    expect(json.entry).toMatchObject({ id: 'fxs' });
    expect(Object.keys(json.entry)).toEqual(['id', 'title', 'summary']);
    expect(json.confidence).toBeGreaterThanOrEqual(0);
    expect(json.confidence).toBeLessThanOrEqual(1);
  });

  it('matches the contract in the README: on an answer, suggestions are runners-up, never the entry', () => {
    const readme = readFileSync('README.md', 'utf8');
    const example = /`ask --json` prints[\s\S]*?```json\n(.+)\n```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const documented = JSON.parse(example ?? '{}');
    const json = JSON.parse(run(['ask', '--json', 'what is fxs']).stdout);
    expect(Object.keys(json)).toEqual(Object.keys(documented));
    expect(Object.keys(json.suggestions[0] ?? documented.suggestions[0])).toEqual(
      Object.keys(documented.suggestions[0]),
    );
    expect(json.suggestions.length).toBeLessThanOrEqual(3);
    expect(json.suggestions.map((x: { id: string }) => x.id)).not.toContain(json.entry.id);
  });

  it('reads one question per line from stdin and answers each in order', () => {
    const r = run(['ask', '--json'], 'what is fxo\n\nlol\nwhat is fxs\n');
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((x) => x.status)).toEqual(['answer', 'none', 'answer']);
    expect(rows[0].entry.id).toBe('fxo');
    expect(rows[1]).toEqual({ status: 'none', confidence: 0, entry: null, suggestions: [], diagram: null });
    expect(rows[2].entry.id).toBe('fxs');
  });
});

describe('dialtone start without a token', () => {
  it('says so in one line and answers in the console from piped input', () => {
    const r = run([], 'what is fxs\n:more\n:topics\n:nope\n:quit\nwhat is fxo\n');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/No DISCORD_TOKEN set: starting the local console/);
    expect(r.stdout).toMatch(/FXS/);
    expect(r.stdout).toMatch(/Sources:\n {2}https?:\/\//); // :more
    expect(r.stdout).toMatch(/^basics:$/m); // :topics
    expect(r.stdout).toMatch(/Unknown command :nope/);
    expect(r.stdout).not.toMatch(/\(fxo, confidence/); // nothing answered after :quit
    expect(r.stdout).toMatch(/\(fxs, confidence/);
  });
});

describe('dialtone kb check', () => {
  it('passes on the shipped knowledge', () => {
    const r = run(['kb', 'check']);
    expect(r.stdout).toMatch(/0 error\(s\)/);
    expect(r.code).toBe(0);
  });

  it('exits 1 and names file, line and field for a broken entry', async () => {
    const dir = await writeKb({ 'topics/basics/fxs.md': topic({ summary: '' }) });
    const r = run(['kb', 'check', '--dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/topics\/basics\/fxs.md:2: error: summary: Invalid input/);
  });
});

describe('dialtone kb confusions', () => {
  it("lists an entry's held-out misses, the most confused pairs and the leave-one-out top-1", () => {
    const r = run(['kb', 'confusions', 'cannot-call-out']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.includes(' | '));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/^(cannot-call-out -> \S+|\S+ -> cannot-call-out) \| ./);
    expect(r.stdout).toMatch(/leave-one-out top-1: \d+\.\d% of \d+ example questions/);
  });

  it('names an entry that does not exist and exits 1', () => {
    const r = run(['kb', 'confusions', 'no-such-topic']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/no topic or device "no-such-topic"/);
  });
});

describe('dialtone kb check on diagrams', () => {
  it("names the DOT file and Graphviz's message for a syntax error", async () => {
    const dir = await writeKb({
      'topics/basics/fxs.md': topic({ diagram: 'diagram: broken' }),
      'diagrams/broken.dot': 'digraph g {\n  a -> b [role=fxs\n}\n',
    });
    const r = run(['kb', 'check', '--dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/diagrams\/broken.dot(:\d+)?: error: dot: /);
  });
});

describe('dialtone eval', () => {
  it('prints top-1, wrong answers, suggestion recall, off-topic rejected and answered, and misses', async () => {
    const dir = await writeKb({
      'questions.jsonl': [
        JSON.stringify({ q: 'what is fxs', expect_id: 'fxs' }),
        JSON.stringify({ q: 'what is an fxo port', must: '\\bFXO\\b' }),
        JSON.stringify({ q: 'what is an fxo port', expect_id: 'fxs' }),
        JSON.stringify({ q: 'lol', must: null }),
        JSON.stringify({ q: 'what is fxs', must: null }), // labelled off-topic: answered anyway
      ].join('\n'),
    });
    const r = run(['eval', path.join(dir, 'questions.jsonl'), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ onTopic: 3, offTopic: 2, offTopicRejected: 0.5, offTopicAnswered: 0.5 });
    expect(report.top1).toBeCloseTo(2 / 3, 2);
    expect(report.wrongAnswers).toBeCloseTo(1 / 3, 2);
    expect(report.misses).toHaveLength(2);
    const text = run(['eval', path.join(dir, 'questions.jsonl')]).stdout;
    expect(text).toMatch(/top-1 \(right entry ranked first\) +66.7%/);
    expect(text).toMatch(/off-topic answered \(posted unprompted\) +50.0%/);
  });

  it('names the line of a bad row', async () => {
    const dir = await writeKb({ 'q.jsonl': '{"q": "ok"}\nnot json\n' });
    const r = run(['eval', path.join(dir, 'q.jsonl')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/q.jsonl:2: not valid JSON/);
  });
});

describe('configuration errors', () => {
  it('fail fast with every bad variable named', () => {
    const r = run(['serve'], '', { HTTP_PORT: '-1', LOG_LEVEL: 'shout' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/HTTP_PORT/);
    expect(r.stderr).toMatch(/LOG_LEVEL/);
  });

  it('are checked per command: a malformed DISCORD_TOKEN breaks neither ask nor kb check', async () => {
    const env = { DISCORD_TOKEN: 'not a real token', HTTP_PORT: 'eighty' };
    const asked = run(['ask', '--json', 'what is fxs'], '', env);
    expect(asked.code).toBe(0);
    expect(JSON.parse(asked.stdout).entry.id).toBe('fxs');
    const dir = await writeKb({ 'topics/basics/fxs.md': topic() });
    expect(run(['kb', 'check', '--dir', dir], '', env).code).toBe(0);
    const deploy = run(['deploy-commands'], '', env);
    expect(deploy.code).toBe(1);
    expect(deploy.stderr).toMatch(/DISCORD_TOKEN: does not look like a bot token \(value hidden\)/);
    expect(deploy.stderr).not.toContain('not a real token');
  });
});

/** A Node stack trace line. */
const STACK = /^\s+at /m;

describe('bad input and usage', () => {
  it.each([
    [['ask', '--jsn', 'what is fxs'], /unknown option '--jsn'/],
    [['serve', '--port', '9999'], /unknown option '--port'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['eval'], /missing required argument 'file'/],
  ])('%j: one clear message, exit 2, no stack trace', (args, message) => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK);
  });

  it('a missing file: one line naming it, exit 1, no stack trace', () => {
    const r = run(['eval', '/nonexistent/questions.jsonl']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('dialtone: /nonexistent/questions.jsonl: no such file or folder');
    const bad = run(['diagrams', 'export', '/etc/passwd/x']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).not.toMatch(STACK);
  });

  it('the line number of a bad eval row, without a stack trace', async () => {
    const dir = await writeKb({ 'q.jsonl': 'not json\n' });
    const r = run(['eval', path.join(dir, 'q.jsonl')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/q.jsonl:1: not valid JSON/);
    expect(r.stderr).not.toMatch(STACK);
  });

  it('kb check on a folder without knowledge fails instead of passing with 0 entries', () => {
    const r = run(['kb', 'check', '--dir', mkdtempSync(path.join(os.tmpdir(), 'dialtone-empty-'))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/no knowledge found in/);
  });

  it('a reader that leaves early (| head) ends it quietly: exit 0, no EPIPE stack trace', async () => {
    const child = spawn(process.execPath, [CLI, 'ask'], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR, HTTP_PORT: '0' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.end('what is fxs\n'.repeat(2000));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });

  it('--version and per-command --help', () => {
    const v = run(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = run(['ask', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: dialtone ask \[options\] \[question\.\.\.\]/);
    expect(help.stdout).toMatch(/--json/);
    expect(run(['kb', 'check', '--help']).stdout).toMatch(/--dir <dir\.\.\.>/);
  });

  it('ask does not point to the console-only :topics as if it were a command here', () => {
    const r = run(['ask', 'lol']);
    expect(r.stdout).toMatch(/Sorry, I don't know that one/);
    expect(r.stdout).not.toMatch(/Try :topics/);
    expect(r.stdout).toMatch(/dialtone console/);
  });

  it('caps a huge question at the door (a 10 MB line is answered quickly, in little memory)', () => {
    const huge = `${'what is fxs '.repeat(900_000)}\n`;
    const r = run(['ask', '--json'], huge);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).status).not.toBeUndefined();
  });
});
