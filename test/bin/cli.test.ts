import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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
  it('prints top-1, wrong answers, suggestion recall, off-topic rejection and misses', async () => {
    const dir = await writeKb({
      'questions.jsonl': [
        JSON.stringify({ q: 'what is fxs', expect_id: 'fxs' }),
        JSON.stringify({ q: 'what is an fxo port', must: '\\bFXO\\b' }),
        JSON.stringify({ q: 'what is an fxo port', expect_id: 'fxs' }),
        JSON.stringify({ q: 'lol', must: null }),
      ].join('\n'),
    });
    const r = run(['eval', path.join(dir, 'questions.jsonl'), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ onTopic: 3, offTopic: 1, offTopicRejected: 1 });
    expect(report.top1).toBeCloseTo(2 / 3, 2);
    expect(report.wrongAnswers).toBeCloseTo(1 / 3, 2);
    expect(report.misses).toHaveLength(1);
    const text = run(['eval', path.join(dir, 'questions.jsonl')]).stdout;
    expect(text).toMatch(/top-1 \(right entry ranked first\) +66.7%/);
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
    const r = run(['ask', 'x'], '', { HTTP_PORT: '-1', LOG_LEVEL: 'shout' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/HTTP_PORT/);
    expect(r.stderr).toMatch(/LOG_LEVEL/);
  });
});
