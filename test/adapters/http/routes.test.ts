import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src/adapters/http/index.js';
import { FIXTURE_DIAGRAM, TINY_PNG, startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
let ready = true;
beforeAll(async () => {
  t = await startTestServer({ publicBaseUrl: 'https://dialtone.example.org/', ready: () => ready });
});
afterAll(() => t.server.close());

function expectSecurityHeaders(res: Response): void {
  expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
}

describe('pages', () => {
  it('GET / lists categories with their topics, a search form and the devices link', async () => {
    const res = await t.get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expectSecurityHeaders(res);
    const body = await res.text();
    expect(body).toContain('<form class="search big" action="/search" method="get"');
    expect(body).toContain('name="q"');
    expect(body).toContain('<h2>Basics</h2>');
    expect(body).toContain('<h2>Which port</h2>');
    expect(body).toContain('<a href="/topics/fxs">What is an FXS port?</a>');
    expect(body).toContain('href="/devices"');
    expect(body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(body).toContain('<link rel="stylesheet" href="/static/style.css">');
  });

  it('GET /topics/<id> shows summary, body, diagram, caution, related, devices, sources and reviewed date', async () => {
    const res = await t.get('/topics/fxs');
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    const body = await res.text();
    expect(body).toContain('<h1>What is an FXS port?</h1>');
    expect(body).toContain('<p class="lead">An FXS port supplies the line');
    expect(body).toContain('<strong>exchange</strong>'); // Markdown rendered
    expect(body).toContain('<table>');
    expect(body).toContain('<img src="/diagrams/phone-ata-router.png"');
    expect(body).toContain('href="/diagrams/phone-ata-router.svg"');
    expect(body).toMatch(
      /class="caution"[^>]*><strong>Caution<\/strong>An FXS port puts out ringing voltage/,
    );
    expect(body).toContain('<a href="/topics/fxo">What is an FXO port?</a>');
    expect(body).toContain('<a href="/devices/acme-ata2">Acme ATA-2</a>');
    expect(body).toContain(
      '<a href="https://example.org/fxs?a=1&amp;b=2" rel="noopener noreferrer nofollow">https://example.org/fxs?a=1&amp;b=2</a>',
    );
    expect(body).toContain('<time datetime="2026-11-26">2026-11-26</time>');
    expect(body).not.toMatch(/<h[12]>Good to know/); // body headings sit below the page's own
  });

  it('a topic without a diagram has no img and no og:image', async () => {
    const body = await (await t.get('/topics/fxo')).text();
    expect(body).not.toContain('/diagrams/');
    expect(body).not.toContain('og:image');
    expect(body).toContain('<meta name="twitter:card" content="summary">');
  });

  it('Open Graph tags use absolute URLs when publicBaseUrl is set', async () => {
    const body = await (await t.get('/topics/fxs')).text();
    expect(body).toContain('<title>What is an FXS port? · Dialtone</title>');
    expect(body).toContain('<meta property="og:title" content="What is an FXS port?">');
    expect(body).toContain(
      '<meta property="og:description" content="An FXS port supplies the line: dial tone, ringing voltage',
    );
    expect(body).toContain('<meta property="og:url" content="https://dialtone.example.org/topics/fxs">');
    expect(body).toContain(
      '<meta property="og:image" content="https://dialtone.example.org/diagrams/phone-ata-router.png">',
    );
    expect(body).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(body).toContain('<meta property="og:type" content="article">');
  });

  it('GET /devices shows a table, with "unconfirmed" for absent facts', async () => {
    const res = await t.get('/devices');
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('<table class="devices">');
    const gw =
      /<tr>\s*<td class="name"><a href="\/devices\/acme-gw4">Acme GW-4<\/a><\/td>([\s\S]*?)<\/tr>/.exec(
        body,
      )?.[1] ?? '';
    const cells = [...gw.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]?.replace(/<[^>]+>/g, ''));
    expect(cells).toEqual([
      'Gateway',
      'unconfirmed',
      '4',
      'unconfirmed',
      'unconfirmed',
      'Discontinued (2021); successor: Acme ATA-2',
    ]);
    expect(gw).toContain('successor: <a href="/devices/acme-ata2">Acme ATA-2</a>');
    const ata =
      /<tr>\s*<td class="name"><a href="\/devices\/acme-ata2">Acme ATA-2<\/a><\/td>([\s\S]*?)<\/tr>/.exec(
        body,
      )?.[1] ?? '';
    const ataCells = [...ata.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]);
    // No FXO port: there is no line for a power-fail lifeline to fall back to.
    expect(ataCells).toEqual(['ATA', '2', '0', 'no (no FXO port)', 'yes', 'Current model']);
    expect(body).toContain('2 devices.');
  });

  it('GET /devices labels every cell so the phone stylesheet can stack each device as a card', async () => {
    const body = await (await t.get('/devices')).text();
    const labels = [...body.matchAll(/<td[^>]*data-label="([^"]+)"/g)].map((m) => m[1]);
    expect(labels.slice(0, 6)).toEqual(['Kind', 'FXS', 'FXO', 'Lifeline', 'T.38', 'Status']);
    const css = await (await t.get('/static/style.css')).text();
    const phone = css.slice(css.indexOf('@media (max-width: 40rem)'));
    expect(phone).toMatch(/table\.devices thead \{[^}]*position: absolute/); // header hidden, still read out
    expect(phone).toMatch(
      /table\.devices,\s*table\.devices tbody,\s*table\.devices tr,\s*table\.devices td \{\s*display: block/,
    );
    expect(phone).toMatch(/table\.devices td::before \{[^}]*content: attr\(data-label\)/);
  });

  it.each([
    ['?fxs=2', ['acme-ata2']],
    ['?fxo=4', ['acme-gw4']],
    ['?kind=gateway', ['acme-gw4']],
    ['?fxs=2&fxo=0&kind=ata', ['acme-ata2']],
    ['?fxs=0', []], // GW-4's FXS count is unconfirmed: it does not match a count filter
    ['?fxs=&fxo=&kind=', ['acme-ata2', 'acme-gw4']],
  ])('GET /devices%s filters exactly', async (query, ids) => {
    const res = await t.get(`/devices${query}`);
    expect(res.status).toBe(200);
    const body = await res.text();
    const shown = [...body.matchAll(/<td class="name"><a href="\/devices\/([a-z0-9-]+)">/g)].map((m) => m[1]);
    expect(shown).toEqual(ids);
  });

  it('keeps the filter in the form and rejects bad filter values with 400', async () => {
    const ok = await (await t.get('/devices?fxs=2&kind=ata')).text();
    expect(ok).toContain('name="fxs" min="0" max="1000" inputmode="numeric" value="2"');
    expect(ok).toContain('<option value="ata" selected>ATA</option>');
    for (const q of ['?fxs=two', '?fxo=-1', '?kind=phone', '?fxs=99999']) {
      const res = await t.get(`/devices${q}`);
      expect(res.status, q).toBe(400);
      expect(await res.text()).toContain('Check the filter');
    }
  });

  it('GET /devices/<id> shows the device facts', async () => {
    const res = await t.get('/devices/acme-gw4');
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('<h1>Acme GW-4</h1>');
    expect(body).toContain('<dt>FXS (phone) ports</dt><dd><span class="unconfirmed">unconfirmed</span></dd>');
    expect(body).toContain('<dt>FXO (line) ports</dt><dd>4</dd>');
    expect(body).toContain('<dt>Ethernet ports</dt><dd>2</dd>');
    expect(body).toContain('<dt>Router (WAN + LAN)</dt><dd>no</dd>');
    expect(body).toContain('<dt>Power</dt><dd>12 V DC adapter</dd>');
    expect(body).toContain(
      '<dt>Status</dt><dd>Discontinued (2021); successor: <a href="/devices/acme-ata2">Acme ATA-2</a></dd>',
    );
    expect(body).toContain('<a href="/topics/fxs">What is an FXS port?</a>'); // topics that mention it
    expect(body).toContain(
      '<meta property="og:url" content="https://dialtone.example.org/devices/acme-gw4">',
    );
  });

  it('GET /devices/<id> says "no (no FXO port)" for the lifeline of a device without FXO', async () => {
    const body = await (await t.get('/devices/acme-ata2')).text();
    expect(body).toContain('<dt>Power-fail lifeline</dt><dd>no (no FXO port)</dd>');
    expect(body).toContain('<dt>Status</dt><dd>Current model</dd>');
    expect(body).not.toContain('<dt>Ethernet ports</dt>');
  });

  it('redirects a device asked for under /topics and a topic under /devices', async () => {
    const a = await t.get('/topics/acme-ata2');
    expect(a.status).toBe(301);
    expect(a.headers.get('location')).toBe('/devices/acme-ata2');
    const b = await t.get('/devices/fxs');
    expect(b.status).toBe(301);
    expect(b.headers.get('location')).toBe('/topics/fxs');
  });

  it('unknown ids and paths give a helpful 404 page', async () => {
    for (const p of [
      '/topics/no-such-topic',
      '/devices/no-such-device',
      '/nope',
      '/topics',
      '/topics/fxs/',
      '/static/',
      '/static/nope.css',
    ]) {
      const res = await t.get(p);
      expect(res.status, p).toBe(404);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expectSecurityHeaders(res);
      const body = await res.text();
      expect(body).toContain('action="/search"');
      expect(body).toContain('<a href="/">Back to all topics</a>');
    }
  });
});

describe('search', () => {
  it('shows the answer for a clear question', async () => {
    const res = await t.get('/search?q=what+is+fxs');
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('<h2><a href="/topics/fxs">What is an FXS port?</a></h2>');
    expect(body).toContain('value="what is fxs"');
    expect(body).toContain('<meta name="robots" content="noindex">');
  });

  it('shows a prompt for an empty query and 400 for an over-long one', async () => {
    const empty = await t.get('/search?q=');
    expect(empty.status).toBe(200);
    expect(await empty.text()).toContain('Type a question');
    const long = await t.get(`/search?q=${'a'.repeat(501)}`);
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('at most 500 characters');
  });

  it('says so when nothing matches', async () => {
    const body = await (await t.get('/search?q=qwertyuiop+zxcvbnm')).text();
    expect(body).toContain('no answer for that yet');
  });

  it('escapes the query wherever it is shown', async () => {
    const body = await (await t.get(`/search?q=${encodeURIComponent('"><script>alert(1)</script>')}`)).text();
    expect(body).not.toContain('<script');
    expect(body).toContain('&quot;&gt;&lt;script&gt;');
  });
});

describe('diagrams and static files', () => {
  it('serves PNG and SVG with ETag and Cache-Control, and 304 on If-None-Match', async () => {
    const png = await t.get('/diagrams/phone-ata-router.png');
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('etag')).toBe(`"${FIXTURE_DIAGRAM.hash}"`);
    expect(png.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expectSecurityHeaders(png);
    expect(Buffer.from(await png.arrayBuffer()).equals(TINY_PNG)).toBe(true);

    const svg = await t.get('/diagrams/phone-ata-router.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(await svg.text()).toBe(FIXTURE_DIAGRAM.svg);

    for (const inm of [
      `"${FIXTURE_DIAGRAM.hash}"`,
      `W/"${FIXTURE_DIAGRAM.hash}"`,
      `"other", "${FIXTURE_DIAGRAM.hash}"`,
      '*',
    ]) {
      const again = await t.get('/diagrams/phone-ata-router.png', { headers: { 'If-None-Match': inm } });
      expect(again.status, inm).toBe(304);
      expect(again.headers.get('etag')).toBe(`"${FIXTURE_DIAGRAM.hash}"`);
      expect((await again.arrayBuffer()).byteLength).toBe(0);
    }
    const stale = await t.get('/diagrams/phone-ata-router.png', { headers: { 'If-None-Match': '"old"' } });
    expect(stale.status).toBe(200);
  });

  it('404s unknown diagrams, other extensions and ids not in the knowledge, without asking the store', async () => {
    for (const p of [
      '/diagrams/nope.png',
      '/diagrams/phone-ata-router.gif',
      '/diagrams/phone-ata-router',
      '/diagrams/Phone-ata-router.png',
    ]) {
      expect((await t.get(p)).status, p).toBe(404);
    }
  });

  it('serves the stylesheet and icon (real files, by @fastify/static) with ETags', async () => {
    const css = await t.get('/static/style.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toBe('public, max-age=86400');
    const etag = css.headers.get('etag') ?? '';
    expect(etag).toMatch(/^(W\/)?"[^"]+"$/);
    const text = await css.text();
    expect(text).toContain('@media');
    expect(text).toBe(
      readFileSync(new URL('../../../src/adapters/http/public/style.css', import.meta.url), 'utf8'),
    );
    // As a browser revalidates (fetch would add Cache-Control: no-cache, which `send` honours).
    const again = await t.raw('GET', '/static/style.css', { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    const icon = await t.get('/static/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    const fav = await t.get('/favicon.ico');
    expect(fav.status).toBe(301);
    expect(fav.headers.get('location')).toBe('/static/favicon.svg');
  });
});

describe('probes', () => {
  it('GET /healthz is 200 ok', async () => {
    const res = await t.get('/healthz');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
    expectSecurityHeaders(res);
  });

  it('GET /readyz follows ready()', async () => {
    ready = false;
    expect((await t.get('/readyz')).status).toBe(503);
    ready = true;
    const res = await t.get('/readyz');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ready');
  });

  it('robots.txt keeps crawlers off search and the API', async () => {
    const res = await t.get('/robots.txt');
    expect(await res.text()).toContain('Disallow: /api/');
  });
});

describe('404 suggestions', () => {
  it('an unknown id close to real entries suggests them', async () => {
    const res = await t.get('/topics/what-is-fxs');
    expect(res.status).toBe(404);
    const body = await res.text();
    expect(body).toContain('Did you mean');
    expect(body).toContain('<a href="/topics/fxs">What is an FXS port?</a>');
  });
});

describe('without publicBaseUrl', () => {
  it('leaves out og:url, og:image and canonical (relative ones would be wrong)', async () => {
    const plain = await startTestServer();
    try {
      const body = await (await plain.get('/topics/fxs')).text();
      expect(body).toContain('<meta property="og:title" content="What is an FXS port?">');
      expect(body).toContain('<meta property="og:description" content="An FXS port supplies the line');
      expect(body).not.toContain('og:url');
      expect(body).not.toContain('og:image');
      expect(body).not.toContain('rel="canonical"');
    } finally {
      await plain.server.close();
    }
  });
});
