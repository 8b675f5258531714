import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsRefusal } from '../../../src/adapters/http/access.js';
import { clientKey, isLoopback } from '../../../src/adapters/http/index.js';
import { startTestServer, type TestServer } from './helpers.js';

const fakeReq = (remoteAddress: string, headers: Record<string, string> = {}): IncomingMessage =>
  ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

describe('rate-limit keys', () => {
  it('keys IPv6 clients by their /64 and unmaps IPv4-mapped addresses', () => {
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });
});

describe('/metrics access rules', () => {
  it('without a token: loopback only, and not through a proxy', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
    expect(metricsRefusal(fakeReq('127.0.0.1'), undefined)).toBeUndefined();
    expect(metricsRefusal(fakeReq('203.0.113.5'), undefined)).toBe(403);
    expect(metricsRefusal(fakeReq('127.0.0.1', { 'x-forwarded-for': '203.0.113.5' }), undefined)).toBe(403);
    expect(metricsRefusal(fakeReq('127.0.0.1', { forwarded: 'for=203.0.113.5' }), undefined)).toBe(403);
  });

  it('with a token: the bearer token from anywhere, nothing without it', () => {
    expect(
      metricsRefusal(fakeReq('203.0.113.5', { authorization: 'Bearer s3cret' }), 's3cret'),
    ).toBeUndefined();
    expect(metricsRefusal(fakeReq('127.0.0.1'), 's3cret')).toBe(401);
    expect(metricsRefusal(fakeReq('127.0.0.1', { authorization: 'Bearer wrong' }), 's3cret')).toBe(401);
    expect(metricsRefusal(fakeReq('127.0.0.1', { authorization: 'Basic s3cret' }), 's3cret')).toBe(401);
  });
});

describe('served', () => {
  let limited: TestServer;
  let open: TestServer;
  let tokened: TestServer;
  let proxied: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ apiRateLimit: { limit: 3, windowMs: 60_000 } });
    open = await startTestServer({ apiRateLimit: false });
    tokened = await startTestServer({ metricsToken: 's3cret' });
    proxied = await startTestServer({ apiRateLimit: { limit: 2, windowMs: 60_000 }, trustProxy: true });
  });
  afterAll(async () => {
    await Promise.all([limited, open, tokened, proxied].map((t) => t?.server.close()));
  });

  it('/api/ask answers 429 with Retry-After and a JSON error past the per-client limit', async () => {
    for (let i = 0; i < 3; i++) expect((await limited.get('/api/ask?q=what+is+fxs')).status).toBe(200);
    const res = await limited.get('/api/ask?q=what+is+fxs');
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const wait = Number(res.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    const json = (await res.json()) as { error: string; retryAfter: number };
    expect(json.error).toContain('too many questions');
    expect(json.retryAfter).toBe(wait);
    // Spoofing X-Forwarded-For does not reset the count (no trustProxy); pages are not limited.
    const spoofed = await limited.get('/api/ask?q=fxs', { headers: { 'X-Forwarded-For': '198.51.100.9' } });
    expect(spoofed.status).toBe(429);
    expect((await limited.get('/healthz')).status).toBe(200);
    expect(await (await limited.get('/metrics')).text()).toMatch(
      /^dialtone_http_requests_total\{route="api_ask",status="429"\} 2$/m,
    );
  });

  it('/search is limited per client too, with an HTML page and Retry-After', async () => {
    for (let i = 0; i < 3; i++) expect((await limited.get('/search?q=fxs')).status).toBe(200);
    const res = await limited.get('/search?q=fxs');
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = await res.text();
    expect(body).toContain('<h1>Too many questions</h1>');
    expect(body).toContain('action="/search"');
    expect((await limited.get('/')).status).toBe(200); // other pages are not limited
  });

  it('behind a trusted proxy each client (the right-most X-Forwarded-For entry) has its own count', async () => {
    const from = (xff: string) => ({ headers: { 'X-Forwarded-For': xff } });
    for (let i = 0; i < 2; i++)
      expect((await proxied.get('/api/ask?q=fxs', from('198.51.100.1'))).status).toBe(200);
    expect((await proxied.get('/api/ask?q=fxs', from('198.51.100.1'))).status).toBe(429);
    // Prepending a fake address does not make a new client: the proxy appended the real one.
    expect((await proxied.get('/api/ask?q=fxs', from('10.1.1.1, 198.51.100.1'))).status).toBe(429);
    expect((await proxied.get('/api/ask?q=fxs', from('198.51.100.2'))).status).toBe(200);
    // An IPv6 client is counted by its /64.
    for (const ip of ['2001:db8:5:6::1', '2001:db8:5:6::2'])
      expect((await proxied.get('/api/ask?q=fxs', from(ip))).status).toBe(200);
    expect((await proxied.get('/api/ask?q=fxs', from('2001:db8:5:6::3'))).status).toBe(429);
  });

  it('the limit is on by default (30 a minute) and can be turned off', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 31; i++) statuses.add((await tokened.get('/api/ask?q=fxs')).status);
    expect([...statuses].sort()).toEqual([200, 429]);
    for (let i = 0; i < 35; i++) expect((await open.get('/api/ask?q=fxs')).status).toBe(200);
  });

  it('/metrics needs the bearer token when one is configured', async () => {
    const none = await tokened.get('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect((await tokened.get('/metrics', { headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
    const ok = await tokened.get('/metrics', { headers: { Authorization: 'Bearer s3cret' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('dialtone_http_requests_total');
  });

  it('/metrics without a token: loopback yes, proxied no', async () => {
    expect((await open.get('/metrics')).status).toBe(200);
    const proxied = await open.get('/metrics', { headers: { 'X-Forwarded-For': '203.0.113.5' } });
    expect(proxied.status).toBe(403);
    expect(await proxied.text()).not.toContain('dialtone_');
  });
});
