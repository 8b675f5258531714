/** Shared test setup: a small Engine from the fixture knowledge and a server on loopback. */
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Engine } from '../../../src/core/engine.js';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';
import {
  createHttpApp,
  startHttpServer,
  type DiagramFile,
  type DiagramStore,
  type HttpAppOptions,
  type HttpApp,
  type RunningServer,
} from '../../../src/adapters/http/index.js';

export const FIXTURE_KNOWLEDGE = fileURLToPath(new URL('../../fixtures/http/knowledge', import.meta.url));

/** Loads the fixture knowledge; fails loudly if the fixture itself has problems. */
export async function fixtureEngine(): Promise<Engine> {
  const { kb, problems } = await loadKnowledge([FIXTURE_KNOWLEDGE]);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new Error(`fixture knowledge has problems: ${JSON.stringify(errors)}`);
  return new Engine(kb);
}

/** A 1×1 transparent PNG. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** An in-memory diagram store. */
export function memoryStore(files: Record<string, DiagramFile>): DiagramStore & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    get: (id) => {
      calls.push(id);
      return Promise.resolve(Object.hasOwn(files, id) ? files[id] : undefined);
    },
  };
}

export const FIXTURE_DIAGRAM: DiagramFile = {
  svg: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n',
  png: TINY_PNG,
  hash: 'abc123hash',
};

/** A started app plus helpers to call it. */
export interface TestServer {
  app: HttpApp;
  server: RunningServer;
  base: string;
  /** fetch relative to the server. */
  get(path: string, init?: RequestInit): Promise<Response>;
  /** A raw request: the path is sent byte for byte (no URL normalisation as fetch does). */
  raw(
    method: string,
    path: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>;
}

/** Starts an app on 127.0.0.1:0 with the fixture engine and an in-memory store unless overridden. */
export async function startTestServer(overrides: Partial<HttpAppOptions> = {}): Promise<TestServer> {
  const engine = await fixtureEngine();
  const app = createHttpApp({
    engine: () => engine,
    diagrams: memoryStore({ 'phone-ata-router': FIXTURE_DIAGRAM }),
    ready: () => true,
    logger: { error: () => {} },
    ...overrides,
  });
  const server = await startHttpServer(app, 0, '127.0.0.1');
  const base = `http://127.0.0.1:${server.port}`;
  return {
    app,
    server,
    base,
    get: (path, init) => fetch(base + path, { redirect: 'manual', ...init }),
    raw: (method, path, headers = {}) =>
      new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: server.port, method, path, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end();
      }),
  };
}
