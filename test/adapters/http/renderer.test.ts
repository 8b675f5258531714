/** Integration with the real diagram renderer from src/core/diagram through `rendererStore`. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DiagramRenderer } from '../../../src/core/diagram/index.js';
import { Metrics, rendererStore } from '../../../src/adapters/http/index.js';
import { fixtureEngine, startTestServer, type TestServer } from './helpers.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
let t: TestServer;
const metrics = new Metrics();
const renderer = new DiagramRenderer({ pngWidth: 600 });

beforeAll(async () => {
  const engine = await fixtureEngine();
  t = await startTestServer({
    engine: () => engine,
    metrics,
    diagrams: rendererStore(renderer, () => engine, metrics),
  });
});
afterAll(() => t.server.close());

it('serves rendered PNG and SVG with the render hash as ETag, rendering once', async () => {
  const png = await t.get('/diagrams/phone-ata-router.png');
  expect(png.status).toBe(200);
  const bytes = Buffer.from(await png.arrayBuffer());
  expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  const hash = renderer.get('phone-ata-router')?.hash;
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  expect(png.headers.get('etag')).toBe(`"${hash}"`);

  const svg = await t.get('/diagrams/phone-ata-router.svg');
  expect(svg.status).toBe(200);
  const text = await svg.text();
  expect(text.startsWith('<svg')).toBe(true);
  expect(text).not.toMatch(/<script|style=/i); // fits the strict CSP when opened directly

  expect(
    (await t.get('/diagrams/phone-ata-router.png', { headers: { 'If-None-Match': `"${hash}"` } })).status,
  ).toBe(304);
  expect(renderer.stats.graphvizRenders).toBe(1);
  const m = await metrics.text();
  expect(m).toMatch(/^dialtone_diagram_renders_total\{result="rendered"\} 1$/m);
  expect(m).toMatch(/^dialtone_diagram_renders_total\{result="cached"\} 2$/m);
});
