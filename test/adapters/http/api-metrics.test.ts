import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAnswerJson } from '../../../src/core/answer/answer.js';
import { Metrics, createHttpApp } from '../../../src/adapters/http/index.js';
import { fixtureEngine, memoryStore, startTestServer, type TestServer } from './helpers.js';
import type { Engine } from '../../../src/core/engine.js';

let t: TestServer;
let engine: Engine;
const metrics = new Metrics();
beforeAll(async () => {
  engine = await fixtureEngine();
  t = await startTestServer({ engine: () => engine, metrics });
});
afterAll(() => t.server.close());

describe('/api/ask', () => {
  it('returns exactly toAnswerJson(engine.ask(q))', async () => {
    for (const q of ['what is fxs', 'which port do i plug my phone into', 'phone', 'qwertyuiop zxcvbnm']) {
      const res = await t.get(`/api/ask?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const json = (await res.json()) as Record<string, unknown>;
      expect(Object.keys(json).sort()).toEqual(['confidence', 'diagram', 'entry', 'status', 'suggestions']);
      expect(json).toEqual(toAnswerJson(engine.ask(q)));
    }
  });

  it('answers a clear question with its entry and diagram', async () => {
    const json = (await (await t.get('/api/ask?q=what+is+fxs')).json()) as ReturnType<typeof toAnswerJson>;
    expect(json.status).toBe('answer');
    expect(json.entry).toEqual({
      id: 'fxs',
      title: 'What is an FXS port?',
      summary: expect.stringContaining('supplies the line'),
    });
    expect(json.diagram).toBe('phone-ata-router');
  });

  it.each([
    ['', 'missing'],
    ['?q=', 'missing'],
    ['?q=%20%20', 'missing'],
    [`?q=${'a'.repeat(501)}`, 'longer than 500'],
  ])('400 JSON error for %s', async (query, message) => {
    const res = await t.get(`/api/ask${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const json = (await res.json()) as { error: string };
    expect(json.error).toContain(message);
  });

  it('accepts a 500-character question', async () => {
    expect((await t.get(`/api/ask?q=${'a'.repeat(500)}`)).status).toBe(200);
  });
});

describe('/metrics', () => {
  it('exposes questions, latency, knowledge entries and diagram renders', async () => {
    await t.get('/api/ask?q=what+is+fxs');
    await t.get('/search?q=what+is+fxs');
    metrics.observeAnswer('suggest', 0.012); // what the bot calls
    metrics.observeDiagramRender('rendered');
    const res = await t.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^dialtone_questions_total\{decision="answer",source="api"\} [1-9]\d*$/m);
    expect(text).toMatch(/^dialtone_questions_total\{decision="answer",source="web"\} [1-9]\d*$/m);
    expect(text).toMatch(/^dialtone_questions_total\{decision="suggest",source="discord"\} 1$/m);
    expect(text).toMatch(/^dialtone_answer_latency_seconds_count\{source="api"\} [1-9]\d*$/m);
    expect(text).toMatch(/^dialtone_answer_latency_seconds_bucket\{le="0.025",source="discord"\} 1$/m);
    expect(text).toMatch(/^dialtone_knowledge_entries\{kind="topic"\} 4$/m);
    expect(text).toMatch(/^dialtone_knowledge_entries\{kind="device"\} 2$/m);
    expect(text).toMatch(/^dialtone_knowledge_entries\{kind="diagram"\} 1$/m);
    expect(text).toMatch(/^dialtone_diagram_renders_total\{result="rendered"\} 1$/m);
    expect(text).toMatch(/^dialtone_http_requests_total\{route="api_ask",status="200"\} \d+$/m);
  });

  it('each Metrics has its own registry, so many apps can coexist', async () => {
    const a = new Metrics();
    const b = new Metrics({ defaultMetrics: true });
    a.observeAnswer('none', 0.001);
    expect(await a.text()).toMatch(/^dialtone_questions_total\{decision="none",source="discord"\} 1$/m);
    expect(await b.text()).not.toMatch(/decision="none"/);
    expect(await b.text()).toContain('dialtone_process_cpu_user_seconds_total');
    const app = createHttpApp({ engine: () => engine, diagrams: memoryStore({}), ready: () => true });
    expect(app.metrics).toBeInstanceOf(Metrics);
  });
});
