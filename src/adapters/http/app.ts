/**
 * The Dialtone web app on fastify: routing, HEAD, per-route JSON schemas and JSON errors come
 * from fastify; security headers from helmet; per-client limits on the question routes from
 * @fastify/rate-limit; the stylesheet and icon from @fastify/static; 304s from `fresh`.
 * Only GET and HEAD are served (others: 405). Errors never show a stack trace.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Engine } from '../../core/engine.js';
import { DEFAULT_API_RATE_LIMIT, clientKey, type RateLimitOptions } from './access.js';
import { Metrics } from './metrics.js';
import { normaliseBaseUrl } from '../../core/base-url.js';
import { errorPage, problemPage, type PageContext } from './pages.js';
import { notModified, sendError, sendHtml, setSecurityHeaders } from './respond.js';
import { notFoundPage, questionProblem, registerRoutes, titleLookup } from './routes.js';

export { MAX_QUESTION_LENGTH } from './routes.js';
export { normaliseBaseUrl };

import type { DiagramStore } from './diagram-store.js';
export type { DiagramFile, DiagramStore } from './diagram-store.js';

/** The slice of a logger the app uses (pino's `Logger` fits). */
export interface HttpLogger {
  error(obj: object, msg?: string): void;
}

/** Options for {@link createHttpApp}. */
export interface HttpAppOptions {
  /** The current engine; called per request so a knowledge reload takes effect at once. */
  engine: () => Engine;
  diagrams: DiagramStore;
  /** Absolute URL the site is reachable at (e.g. `https://dialtone.example.org`), for og:url/og:image. */
  publicBaseUrl?: string;
  /** Readiness for `/readyz` (e.g. knowledge loaded and Discord connected). */
  ready: () => boolean;
  /** Shared metrics (the bot records into the same instance); a private one is made when absent. */
  metrics?: Metrics;
  /** Errors inside handlers are logged here (default: console.error). */
  logger?: HttpLogger;
  /**
   * Per-client limit on `/api/ask` and on `/search` (each its own count; default 30 a minute per
   * IP, IPv6 per /64); `false` turns it off.
   */
  apiRateLimit?: RateLimitOptions | false;
  /**
   * Which proxies to believe about the client address (`X-Forwarded-For`), as fastify's
   * `trustProxy`: false (default: the socket's peer), a number of hops (`true` means 1: the
   * right-most entry, the one our proxy appended), or proxy addresses/CIDRs.
   */
  trustProxy?: boolean | number | readonly string[];
  /**
   * Bearer token for `/metrics` (`METRICS_TOKEN`). Without one (the default), `/metrics` is
   * served only to loopback requests that did not come through a proxy.
   */
  metricsToken?: string;
}

/** A node:http request handler, with the metrics it records into. */
export type HttpApp = ((req: IncomingMessage, res: ServerResponse) => void) & { readonly metrics: Metrics };

/** Longest query string accepted (longer → 414). */
export const MAX_QUERY_LENGTH = 1000;
/** Longest path accepted (longer → 414). */
export const MAX_PATH_LENGTH = 1000;

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

const defaultLogger: HttpLogger = { error: (obj, msg) => console.error(msg ?? 'http error', obj) };

/** What is refused before routing: other methods, absolute-form targets, over-long URLs. */
function refusal(req: IncomingMessage): { status: number; error: string } | undefined {
  if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, error: 'method not allowed' };
  const url = req.url ?? '/';
  if (!url.startsWith('/')) return { status: 400, error: 'bad request target' };
  const q = url.indexOf('?');
  const [path, query] = q === -1 ? [url, ''] : [url.slice(0, q), url.slice(q + 1)];
  if (path.length > MAX_PATH_LENGTH || query.length > MAX_QUERY_LENGTH)
    return { status: 414, error: 'URI too long' };
  return undefined;
}

/** fastify's `trustProxy` from ours: a count trusts that many hops (`true` one), never every address. */
function trustProxyOption(
  t: HttpAppOptions['trustProxy'],
): boolean | string[] | ((a: string, hop: number) => boolean) {
  if (Array.isArray(t)) return [...(t as readonly string[])];
  const hops = t === true ? 1 : typeof t === 'number' ? t : 0;
  return hops > 0 ? (_address, hop) => hop < hops : false;
}

/** The reply for an error thrown in a route or hook: a page on page routes, else JSON; 5xx are logged. */
function errorReply(
  err: FastifyError & { retryAfter?: number },
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: PageContext,
  logger: HttpLogger,
): FastifyReply {
  const html = request.routeOptions.config.html === true;
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
  if (status === 500) {
    logger.error(
      { qid: request.id, err, method: request.method, path: request.url.split('?')[0] },
      'http handler failed',
    );
    if (reply.sent || reply.raw.headersSent) return reply;
    if (html) return sendHtml(reply, 500, errorPage(ctx));
    return sendError(reply, 500, 'Something went wrong; the error has been logged.');
  }
  const message = err.validation ? questionProblem(err, html) : err.message;
  if (!html) return sendError(reply, status, message, err.retryAfter ? { retryAfter: err.retryAfter } : {});
  const title = status === 429 ? 'Too many questions' : err.validation ? 'Question too long' : 'Bad request';
  return sendHtml(reply, status, problemPage(status, title, message, ctx));
}

/** @fastify/rate-limit's 429: an error the error handler turns into JSON or a page. */
const tooMany =
  ({ limit, windowMs }: RateLimitOptions) =>
  (_request: FastifyRequest, { ttl }: { ttl: number }) => {
    const wait = Math.max(1, Math.ceil(ttl / 1000));
    const message = `too many questions: at most ${limit} every ${windowMs / 1000} s; try again in ${wait} s`;
    return Object.assign(new Error(message), { statusCode: 429, retryAfter: wait });
  };

/** A short random id per request, logged as `qid` with a failure (unique across hosts, unlike `req-1`). */
const requestId = (): string => randomBytes(4).toString('hex');

/** Builds the app. It is ready to serve at once: requests wait for fastify's start-up. */
export function createHttpApp(options: HttpAppOptions): HttpApp {
  const metrics = options.metrics ?? new Metrics();
  const logger = options.logger ?? defaultLogger;
  const publicBaseUrl = options.publicBaseUrl ? normaliseBaseUrl(options.publicBaseUrl) : undefined;
  const limit = options.apiRateLimit === false ? undefined : (options.apiRateLimit ?? DEFAULT_API_RATE_LIMIT);
  const ctxFor = (engine?: Engine): PageContext => ({
    site: { publicBaseUrl },
    hrefFor: (id) => (engine?.kb.devices.has(id) ? `/devices/${id}` : `/topics/${id}`),
    titleFor: titleLookup(engine),
  });

  const app = Fastify({
    logger: false,
    genReqId: requestId,
    trustProxy: trustProxyOption(options.trustProxy),
    // The router refuses a URL it cannot decode, or a parameter over its length limit.
    frameworkErrors: (_err, request, reply) => {
      setSecurityHeaders(request.raw, reply.raw);
      const { status, error } = refusal(request.raw) ?? { status: 400, error: 'bad request: malformed URL' };
      sendError(reply, status, error);
    },
  });
  app.addHook('onRequest', (request, reply, done) => {
    setSecurityHeaders(request.raw, reply.raw);
    const refused = refusal(request.raw);
    if (!refused) return done();
    if (refused.status === 405) reply.header('allow', 'GET, HEAD');
    sendError(reply, refused.status, refused.error);
  });
  app.addHook('onSend', async (request, reply, payload) => notModified(request, reply, payload));
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.config.name ?? (request.is404 ? 'not_found' : 'static');
    metrics.httpRequests.inc({ route, status: String(reply.statusCode) });
  });
  app.setErrorHandler((err: FastifyError, request, reply) =>
    errorReply(err, request, reply, ctxFor(), logger),
  );
  app.setNotFoundHandler((request, reply) =>
    request.url.startsWith('/api/')
      ? sendError(reply, 404, 'no such API endpoint')
      : notFoundPage(reply, ctxFor()),
  );

  if (limit)
    void app.register(rateLimit, {
      global: false,
      keyGenerator: (r) => clientKey(r.ip),
      errorResponseBuilder: tooMany(limit),
    });
  // Fixed routes for the files there (no wildcard): a request path never reaches the file system.
  void app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/static/',
    wildcard: false,
    index: false,
    decorateReply: false,
    maxAge: '1d', // public, max-age=86400
  });
  void app.register(async (scope) =>
    registerRoutes(scope, {
      engine: options.engine,
      diagrams: options.diagrams,
      ready: options.ready,
      metrics,
      metricsToken: options.metricsToken?.trim() || undefined,
      questionLimit: limit && { max: limit.limit, timeWindow: limit.windowMs },
      ctxFor,
    }),
  );

  const started = new Promise<void>((resolve, reject) => app.ready((err) => (err ? reject(err) : resolve())));
  started.catch((err: unknown) => logger.error({ err }, 'web app failed to start'));
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    started.then(
      () => app.routing(req, res),
      () => res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('not ready'),
    );
  };
  return Object.assign(handler, { metrics });
}
