import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src/adapters/http/index.js';
import { FIXTURE_DIAGRAM, fixtureEngine, memoryStore, startTestServer, type TestServer } from './helpers.js';

const store = memoryStore({ 'phone-ata-router': FIXTURE_DIAGRAM });
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ diagrams: store });
});
afterAll(() => t.server.close());

describe('methods', () => {
  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('%s → 405 with Allow: GET, HEAD', async (method) => {
    for (const path of ['/', '/api/ask?q=fxs', '/topics/fxs', '/nope']) {
      const res = await t.raw(method, path);
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('HEAD gives the same headers as GET and no body', async () => {
    for (const path of [
      '/',
      '/topics/fxs',
      '/diagrams/phone-ata-router.png',
      '/api/ask?q=what+is+fxs',
      '/nope',
      '/healthz',
    ]) {
      const get = await t.raw('GET', path);
      const head = await t.raw('HEAD', path);
      expect(head.status, path).toBe(get.status);
      expect(head.body, path).toBe('');
      for (const h of [
        'content-type',
        'content-length',
        'etag',
        'cache-control',
        'content-security-policy',
        'referrer-policy',
      ]) {
        expect(head.headers[h], `${path} ${h}`).toEqual(get.headers[h]);
      }
    }
  });
});

describe('path traversal and odd paths', () => {
  const attempts = [
    '/topics/..%2F..%2Fetc%2Fpasswd',
    '/topics/..%2f..%2fpackage.json',
    '/topics/%2e%2e%2f%2e%2e%2fpackage.json',
    '/topics/%2e%2e',
    '/topics/../../package.json',
    '/diagrams/../../package.json',
    '/diagrams/..%2F..%2Fpackage.json',
    '/diagrams/%2e%2e%2f%2e%2e%2fpackage.json.png',
    '/diagrams/..%2Fphone-ata-router.png',
    '/static/..%2F..%2Fpackage.json',
    '/static/../../package.json',
    '/devices/..%5C..%5Cpackage.json',
    '/topics/fxs%00.md',
    '/../../etc/passwd',
    '/package.json',
    '/knowledge/topics/basics/fxs.md',
    '/src/adapters/http/app.ts',
    '//etc/passwd',
  ];
  it.each(attempts)('%s → 404/400, never file content', async (path) => {
    const callsBefore = store.calls.length;
    const res = await t.raw('GET', path);
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain('"name": "dialtone"');
    expect(res.body).not.toContain('root:x:0:0');
    expect(res.body).not.toContain('questions:');
    expect(res.body).not.toContain('import ');
    expect(store.calls.length).toBe(callsBefore); // the store never saw a bad id
  });

  it('malformed percent-encoding → 400', async () => {
    expect((await t.raw('GET', '/topics/%E0%A4%A')).status).toBe(400);
  });

  it('absolute-form request targets → 400', async () => {
    expect((await t.raw('GET', 'http://evil.example.org/')).status).toBe(400);
  });

  it('query strings over 1000 characters → 414', async () => {
    const res = await t.raw('GET', `/search?q=${'a'.repeat(1001)}`);
    expect(res.status).toBe(414);
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect((await t.raw('GET', `/api/ask?q=${'a'.repeat(995)}`)).status).toBe(400); // 1000 exactly is allowed, but too long a question
  });

  it('paths over 1000 characters → 414', async () => {
    expect((await t.raw('GET', `/topics/${'a'.repeat(1000)}`)).status).toBe(414);
  });
});

describe('moderator content is sanitised', () => {
  it('no script, event handler, javascript: URL, iframe or inline style reaches the page', async () => {
    const res = await t.get('/topics/injection-test');
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).not.toMatch(/<script/i);
    expect(body).not.toMatch(/onerror/i);
    expect(body).not.toMatch(/onclick/i);
    expect(body).not.toMatch(/javascript:/i);
    expect(body).not.toMatch(/<iframe/i);
    expect(body).not.toMatch(/style="/i);
    expect(body).not.toMatch(/<img[^>]*src="?x/i);
    expect(body).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i); // no event-handler attribute on any tag
    expect(body).toContain('Caution &lt;img src=x&gt; &amp; &lt;b&gt;bold&lt;/b&gt; here.');
    expect(body).not.toContain('<b>markup</b>');
    // The text survives, escaped.
    expect(body).toContain(
      '<h1>Moderator entry with &lt;b&gt;markup&lt;/b&gt; &amp; &quot;quotes&quot;</h1>',
    );
    expect(body).toContain('Summary with &lt;script&gt;');
    expect(body).toContain(
      '<a href="https://example.org/ok" rel="noopener noreferrer nofollow">fine link</a>',
    );
    expect(body).toContain('click me');
    // Attribute values are escaped too.
    expect(body).toContain(
      'content="Moderator entry with &lt;b&gt;markup&lt;/b&gt; &amp; &quot;quotes&quot;"',
    );
  });

  it('search results escape entry text', async () => {
    const body = await (await t.get('/search?q=zzinjection+sanitiser+check')).text();
    expect(body).toContain('Moderator entry with &lt;b&gt;');
    expect(body).not.toMatch(/<script|onerror|javascript:/i);
    expect(body).toContain('Caution &lt;img src=x&gt;');
  });
});

describe('errors', () => {
  it('an exception in a handler → 500 page, logged, no stack trace', async () => {
    const logged: unknown[] = [];
    const broken = await startTestServer({
      engine: () => {
        throw new Error('secret internal detail at /work/main/src/core/engine.ts:42');
      },
      logger: { error: (obj, msg) => logged.push({ obj, msg }) },
    });
    try {
      for (const path of ['/', '/topics/fxs', '/api/ask?q=fxs', '/metrics']) {
        const res = await broken.get(path);
        expect(res.status, path).toBe(500);
        expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
        const body = await res.text();
        expect(body).toContain('Something went wrong');
        expect(body).not.toContain('secret internal detail');
        expect(body).not.toContain('engine.ts');
        expect(body).not.toMatch(/\bat \S+ \(/); // no stack frames
      }
      expect(logged).toHaveLength(4);
      expect(JSON.stringify((logged[0] as { msg: string }).msg)).toContain('http handler failed');
      // Probes do not depend on the engine.
      expect((await broken.get('/healthz')).status).toBe(200);
    } finally {
      await broken.server.close();
    }
  });

  it('a failing diagram store → 500', async () => {
    const failing = await startTestServer({
      diagrams: { get: () => Promise.reject(new Error('renderer exploded')) },
    });
    try {
      const res = await failing.get('/diagrams/phone-ata-router.png');
      expect(res.status).toBe(500);
      expect(await res.text()).not.toContain('renderer exploded');
    } finally {
      await failing.server.close();
    }
  });

  it('publicBaseUrl must be an http(s) URL', async () => {
    const engine = await fixtureEngine();
    const { createHttpApp } = await import('../../../src/adapters/http/index.js');
    const base = { engine: () => engine, diagrams: store, ready: () => true };
    expect(() => createHttpApp({ ...base, publicBaseUrl: 'javascript:alert(1)' })).toThrow();
    expect(() => createHttpApp({ ...base, publicBaseUrl: 'not a url' })).toThrow();
    expect(() => createHttpApp({ ...base, publicBaseUrl: 'https://x.example/?a=1' })).toThrow();
  });
});

describe('errors that are not pages are JSON', () => {
  it.each([
    ['another method', 'POST', '/api/ask?q=fxs', 405],
    ['a long query', 'GET', `/search?q=${'a'.repeat(1001)}`, 414],
    ['a long path', 'GET', `/topics/${'a'.repeat(1000)}`, 414],
    ['bad percent-encoding', 'GET', '/topics/%E0%A4%A', 400],
    ['an absolute-form target', 'GET', 'http://evil.example.org/', 400],
    ['an unknown API path', 'GET', '/api/nope', 404],
  ])('%s → %s … %i with a JSON error and the security headers', async (_label, method, path, status) => {
    const res = await t.raw(method, path);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    const json = JSON.parse(res.body) as { error: string };
    expect(json.error).toEqual(expect.any(String));
    expect(res.body).not.toMatch(/\bat \S+ \(|FST_|statusCode/); // no stack, no framework internals
  });
});
