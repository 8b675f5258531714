/** `/wire`, `/wire/<from>/<to>` and its generated diagram, on the fixture knowledge. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererStore } from '../../../src/adapters/http/index.js';
import { DiagramRenderer } from '../../../src/core/diagram/index.js';
import { startTestServer, type TestServer } from './helpers.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let t: TestServer;
beforeAll(async () => {
  // The real renderer draws the generated diagrams; the knowledge's own diagrams are not needed here.
  const real = rendererStore(new DiagramRenderer(), () => {
    throw new Error('knowledge diagrams are not used by /wire');
  });
  t = await startTestServer({
    diagrams: { get: () => Promise.resolve(undefined), generated: real.generated },
    apiRateLimit: false,
  });
});
afterAll(() => t.server.close());

describe('GET /wire/<from>/<to>', () => {
  it('24 analog phones → Asterisk: the advice, the path, what to buy, cautions and the diagram', async () => {
    const res = await t.get('/wire/analog-phone/ip-pbx-asterisk?count=24');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const body = await res.text();
    expect(body).toContain('<h1>24 × Analog phone → Asterisk/FreePBX</h1>');
    expect(body).toMatch(/<ol class="path"><li>24 × Analog phone <span class="meta">→ RJ11 →<\/span><\/li>/);
    expect(body).toContain('<h2>What to buy</h2>');
    expect(body).toContain('Ports needed: 24 FXS.');
    expect(body).toMatch(/<aside class="caution" role="note"><strong>Caution<\/strong>/);
    const svg = '/wire/analog-phone/ip-pbx-asterisk/diagram.svg?count=24';
    expect(body).toContain(`srcset="${svg}"`);
    expect(body).toContain('<img src="/wire/analog-phone/ip-pbx-asterisk/diagram.png?count=24"');
    expect(body).toContain('value="24"'); // the count form keeps the count
  });

  it('the example devices link to their cards', async () => {
    const body = await (await t.get('/wire/analog-phone/sip-trunk')).text();
    expect(body).toContain('<h2>Example devices</h2>');
    expect(body).toMatch(/<a href="\/devices\/acme-[a-z0-9-]+">Acme /);
  });

  it('an odd pair explains itself and gives the fix', async () => {
    const body = await (await t.get('/wire/analog-phone/analog-phone')).text();
    expect(body).toContain('cannot call each other');
    expect(body).toMatch(/<strong>The fix<\/strong>.*line simulator/s);
  });

  it('serves the generated diagram as SVG and PNG, with an ETag and 304', async () => {
    const svg = await t.get('/wire/fax/ip-pbx-3cx/diagram.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const text = await svg.text();
    expect(text).toMatch(/<svg[\s>]/);
    expect(text).toContain('Fax machine');
    const etag = svg.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(
      (await t.get('/wire/fax/ip-pbx-3cx/diagram.svg', { headers: { 'if-none-match': etag! } })).status,
    ).toBe(304);
    const png = await t.get('/wire/fax/ip-pbx-3cx/diagram.png');
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(0, 8)
        .equals(PNG_SIGNATURE),
    ).toBe(true);
  });

  it('the count changes the diagram', async () => {
    const one = await (await t.get('/wire/analog-phone/ip-pbx-asterisk/diagram.svg')).text();
    const many = await (await t.get('/wire/analog-phone/ip-pbx-asterisk/diagram.svg?count=24')).text();
    expect(many).not.toBe(one);
    expect(many).toContain('24 × Analog phone');
  });

  it('an alias in the address redirects to the endpoint ids, keeping the count', async () => {
    const res = await t.get('/wire/fax/asterisk?count=3');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/wire/fax/ip-pbx-asterisk?count=3');
    const spaced = await t.get('/wire/college-intercom/3cx');
    expect(spaced.headers.get('location')).toBe('/wire/analog-intercom/ip-pbx-3cx');
    const diagram = await t.get('/wire/fax/asterisk/diagram.png');
    expect(diagram.headers.get('location')).toBe('/wire/fax/ip-pbx-asterisk/diagram.png');
  });

  it('an unknown endpoint is a 404 that lists the valid endpoint ids, escaped', async () => {
    const res = await t.get(`/wire/${encodeURIComponent('<b>toaster</b>')}/ip-pbx-asterisk`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const body = await res.text();
    expect(body).toContain('“&lt;b&gt;toaster&lt;/b&gt;”');
    expect(body).not.toContain('<b>toaster');
    for (const id of ['analog-phone', 'fax', 'wall-jack', 'ip-pbx-asterisk', 'ip-pbx-3cx', 'sip-trunk'])
      expect(body).toContain(`<code>${id}</code>`);
    // Each listed endpoint links to a working pair with the known side kept.
    expect(body).toContain('<a href="/wire/fax/ip-pbx-asterisk">fax</a>');
    const to = await t.get('/wire/fax/nothing-like-it/diagram.svg');
    expect(to.status).toBe(404);
    expect(await to.text()).toContain('<a href="/wire/fax/sip-trunk">sip-trunk</a>');
  });

  it.each(['0', '1001', 'abc', '2.5', '-1', '99999'])('count=%s is a 400 page', async (count) => {
    for (const path of ['/wire/fax/ip-pbx-asterisk', '/wire/fax/ip-pbx-asterisk/diagram.png']) {
      const res = await t.get(`${path}?count=${count}`);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('The count must be a whole number from 1 to 1000');
    }
  });

  it('a repeated count is a 400, an empty one means one', async () => {
    expect((await t.get('/wire/fax/ip-pbx-asterisk?count=2&count=3')).status).toBe(400);
    expect((await t.get('/wire/fax/ip-pbx-asterisk?count=')).status).toBe(200);
  });

  it('another file under a pair is a 404; HEAD works', async () => {
    expect((await t.get('/wire/fax/ip-pbx-asterisk/diagram.gif')).status).toBe(404);
    expect((await t.raw('HEAD', '/wire/fax/ip-pbx-asterisk')).status).toBe(200);
  });
});

describe('GET /wire', () => {
  it('shows the form and every endpoint', async () => {
    const res = await t.get('/wire');
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('<form class="filters" action="/wire" method="get">');
    expect(body).toContain('<option value="ip-pbx-3cx">3CX</option>');
    expect(body).toContain('<code>mobile-network</code>');
  });

  it('the form redirects to the pair; a bad count is a 400', async () => {
    const res = await t.get('/wire?from=fax&to=ip-pbx-3cx&count=2');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/wire/fax/ip-pbx-3cx?count=2');
    expect((await t.get('/wire?from=fax&to=ip-pbx-3cx&count=0')).status).toBe(400);
  });
});

describe('free text routed to the advisor', () => {
  it('/search links the advice page; /api/ask names it', async () => {
    const q = encodeURIComponent('how do I connect my fax to asterisk');
    const page = await (await t.get(`/search?q=${q}`)).text();
    expect(page).toContain('<h2><a href="/wire/fax/ip-pbx-asterisk">Fax machine → Asterisk/FreePBX</a></h2>');
    const api = (await (await t.get(`/api/ask?q=${q}`)).json()) as { status: string; entry: { id: string } };
    expect(api.status).toBe('answer');
    expect(api.entry.id).toBe('wire/fax/ip-pbx-asterisk');
  });
});
