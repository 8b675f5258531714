/** `/devices/compare/<a>/<b>` and its generated diagram, on the fixture knowledge. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererStore } from '../../../src/adapters/http/index.js';
import { DiagramRenderer } from '../../../src/core/diagram/index.js';
import { startTestServer, type TestServer } from './helpers.js';

let t: TestServer;
beforeAll(async () => {
  // The real renderer draws the generated diagram; the knowledge's own diagrams are not needed here.
  const real = rendererStore(new DiagramRenderer(), () => {
    throw new Error('knowledge diagrams are not used by the comparison');
  });
  t = await startTestServer({
    diagrams: { get: () => Promise.resolve(undefined), generated: real.generated },
    apiRateLimit: false,
  });
});
afterAll(() => t.server.close());

describe('GET /devices/compare/<a>/<b>', () => {
  it('shows both devices side by side: names, ports, differences, cards and the diagram', async () => {
    const res = await t.get('/devices/compare/acme-ata2/acme-gw4');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const body = await res.text();
    expect(body).toContain('<h1>Acme ATA-2 vs Acme GW-4</h1>');
    // Each device's column header links to its card.
    expect(body).toContain('<a href="/devices/acme-ata2">Acme ATA-2</a>');
    expect(body).toContain('<a href="/devices/acme-gw4">Acme GW-4</a>');
    // The ports row: 2 FXS against an unconfirmed count, 0 FXO against 4.
    expect(body).toMatch(
      /<th scope="row">FXS \(phone\) ports <span class="meta">\(differs\)<\/span><\/th>\s*<td data-label="Acme ATA-2">2<\/td>\s*<td data-label="Acme GW-4">unconfirmed<\/td>/,
    );
    expect(body).toMatch(
      /<th scope="row">FXO \(line\) ports.*?<\/th>\s*<td data-label="Acme ATA-2">0<\/td>\s*<td data-label="Acme GW-4">4<\/td>/s,
    );
    expect(body).toMatch(/<td data-label="Acme GW-4">Discontinued \(2021\); successor: Acme ATA-2<\/td>/);
    expect(body).toMatch(/Differences: Kind, FXS \(phone\) ports, FXO \(line\) ports/);
    expect(body).toContain('srcset="/devices/compare/acme-ata2/acme-gw4/diagram.svg"');
    expect(body).toContain('<img src="/devices/compare/acme-ata2/acme-gw4/diagram.png"');
  });

  it('serves the diagram of both devices as SVG', async () => {
    const svg = await t.get('/devices/compare/acme-ata2/acme-gw4/diagram.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const text = await svg.text();
    expect(text).toMatch(/<svg[\s>]/);
    expect(text).toContain('ATA&#45;2'); // Graphviz escapes the hyphen
    expect(svg.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
  });

  it('names in the address redirect (301) to the ids, the diagram too', async () => {
    const res = await t.get('/devices/compare/gw-4/Acme%20ATA-2');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/devices/compare/acme-gw4/acme-ata2');
    const spaced = await t.get('/devices/compare/acme-gw4/acme+ata2');
    expect(spaced.headers.get('location')).toBe('/devices/compare/acme-gw4/acme-ata2');
    const diagram = await t.get('/devices/compare/ata-2/gw-4/diagram.png');
    expect(diagram.status).toBe(301);
    expect(diagram.headers.get('location')).toBe('/devices/compare/acme-ata2/acme-gw4/diagram.png');
  });

  it('an unknown device is a 404 naming it, escaped, with a link to the catalogue only', async () => {
    const res = await t.get(`/devices/compare/acme-ata2/${encodeURIComponent('<b>toaster</b>')}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const body = await res.text();
    expect(body).toContain('<h1>Unknown device</h1>');
    expect(body).toContain('“&lt;b&gt;toaster&lt;/b&gt;”');
    expect(body).not.toContain('<b>toaster');
    expect(body).toContain('<a href="/devices">See all devices</a>');
    const main = body.slice(body.indexOf('<h1>'), body.indexOf('HTTP 404'));
    expect(main.match(/<a href=/g)).toHaveLength(1); // no list of devices, no guesses
    expect(main).not.toContain('acme-gw4');
    expect((await t.get('/devices/compare/nothing/acme-ata2')).status).toBe(404);
    expect((await t.get('/devices/compare/acme-ata2/acme-gw4/diagram.gif')).status).toBe(404);
  });

  it('HEAD works; the device cards are unchanged', async () => {
    expect((await t.raw('HEAD', '/devices/compare/acme-ata2/acme-gw4')).status).toBe(200);
    expect((await t.get('/devices/acme-gw4')).status).toBe(200);
  });
});
