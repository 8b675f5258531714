/**
 * The Dialtone web app: a plain node:http request handler (no framework) that routes GET and
 * HEAD requests to pages, diagrams, the JSON API, probes and metrics.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { entryTitle, toAnswerJson, type EntryRef } from '../../core/answer/answer.js';
import type { Engine } from '../../core/engine.js';
import { ID_PATTERN } from '../../core/knowledge/schema.js';
import {
  DEFAULT_API_RATE_LIMIT,
  RateLimiter,
  clientAddress,
  clientKey,
  metricsRefusal,
  type RateLimitOptions,
} from './access.js';
import { filterDevices, parseDeviceFilter } from './devices.js';
import { devicePage, devicesPage, topicPage } from './entry-pages.js';
import { Metrics } from './metrics.js';
import { errorPage, indexPage, problemPage, searchPage, type PageContext } from './pages.js';
import * as r from './respond.js';
import { staticAsset } from './static.js';

/** One rendered diagram as the web serves it; `hash` identifies the content (the ETag). */
export interface DiagramFile {
  svg: string;
  png: Buffer;
  hash: string;
}

/** Where the app gets diagrams: the real renderer (see `rendererStore`) or an in-memory map in tests. */
export interface DiagramStore {
  /** The diagram with this (already validated) id, or undefined when there is none. */
  get(id: string): Promise<DiagramFile | undefined>;
}

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
  /** Per-client limit on `/api/ask` (default 30 a minute per IP, IPv6 per /64); `false` turns it off. */
  apiRateLimit?: RateLimitOptions | false;
  /**
   * Take the client address from the right-most `X-Forwarded-For` entry (default false: the
   * socket's peer). Set it only behind a reverse proxy that appends that header.
   */
  trustProxy?: boolean;
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
/** Longest question accepted by `/api/ask` and `/search`. */
export const MAX_QUESTION_LENGTH = 500;

const ALLOW = 'GET, HEAD';
const DIAGRAM_CACHE = 'public, max-age=300';
const STATIC_CACHE = 'public, max-age=86400';
const DIAGRAM_FILE = /^(.+)\.(svg|png)$/;

/** Checks and normalises a public base URL: http(s), no query or fragment, no trailing slash. */
export function normaliseBaseUrl(raw: string): string {
  const u = new URL(raw);
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new Error(`publicBaseUrl must be http(s): ${raw}`);
  if (u.search || u.hash) throw new Error(`publicBaseUrl must not have a query or fragment: ${raw}`);
  return u.href.replace(/\/+$/, '');
}

const defaultLogger: HttpLogger = { error: (obj, msg) => console.error(msg ?? 'http error', obj) };

/**
 * Builds the request handler. Only GET and HEAD are served (others: 405); ids are checked
 * against `ID_PATTERN` before any lookup; nothing is ever read from disk by a request path.
 */
export function createHttpApp(options: HttpAppOptions): HttpApp {
  const metrics = options.metrics ?? new Metrics();
  const logger = options.logger ?? defaultLogger;
  const publicBaseUrl = options.publicBaseUrl ? normaliseBaseUrl(options.publicBaseUrl) : undefined;
  const apiLimiter =
    options.apiRateLimit === false
      ? undefined
      : new RateLimiter(options.apiRateLimit ?? DEFAULT_API_RATE_LIMIT);
  const metricsToken = options.metricsToken?.trim() || undefined;

  const ctxFor = (engine: Engine | undefined): PageContext => ({
    site: { publicBaseUrl },
    hrefFor: (id) => (engine?.kb.devices.has(id) ? `/devices/${id}` : `/topics/${id}`),
    titleFor: (id) => (engine ? entryTitle(engine.kb, id) : undefined),
  });

  const notFound = (
    req: IncomingMessage,
    res: ServerResponse,
    what = 'That page',
    engine?: Engine,
    suggestions: EntryRef[] = [],
  ): void => {
    const message = `${what} is not in the Dialtone knowledge base. Try a search:`;
    r.sendHtml(req, res, 404, problemPage(404, 'Not found', message, ctxFor(engine), suggestions));
  };

  /** Entries close to an unknown id, for the 404 page (not counted as a question). */
  const closeTo = (id: string, engine: Engine): EntryRef[] => {
    const a = engine.ask(id.replace(/-/g, ' '));
    return [...(a.entry ? [a.entry] : []), ...a.suggestions]
      .slice(0, 3)
      .map(({ id, title }) => ({ id, title }));
  };

  const ask = (question: string, source: 'web' | 'api', engine: Engine) => {
    const started = performance.now();
    const answer = engine.ask(question);
    metrics.observeAnswer(answer.status, (performance.now() - started) / 1000, source);
    return answer;
  };

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    segments: string[],
    params: URLSearchParams,
  ): Promise<string> {
    const [first, second, ...rest] = segments;
    if (rest.length > 0) return (notFound(req, res), 'not_found');
    if (second === undefined) {
      switch (first) {
        case '': {
          const engine = options.engine();
          const counts = { topics: engine.kb.topics.size, devices: engine.kb.devices.size };
          r.sendHtml(req, res, 200, indexPage(engine.categories(), counts, ctxFor(engine)));
          return 'index';
        }
        case 'search': {
          const engine = options.engine();
          const q = (params.get('q') ?? '').trim();
          if (q.length > MAX_QUESTION_LENGTH) {
            const msg = `Questions can be at most ${MAX_QUESTION_LENGTH} characters.`;
            r.sendHtml(req, res, 400, problemPage(400, 'Question too long', msg, ctxFor(engine)));
          } else
            r.sendHtml(req, res, 200, searchPage(q, q ? ask(q, 'web', engine) : undefined, ctxFor(engine)));
          return 'search';
        }
        case 'devices': {
          const engine = options.engine();
          const parsed = parseDeviceFilter(params);
          const list = parsed.ok ? filterDevices(engine.kb.devices.values(), parsed.filter) : [];
          const page = devicesPage(list, parsed.filter, parsed.ok ? [] : parsed.errors, ctxFor(engine));
          r.sendHtml(req, res, parsed.ok ? 200 : 400, page);
          return 'devices';
        }
        case 'healthz':
          r.sendText(req, res, 200, 'ok');
          return 'healthz';
        case 'readyz': {
          const ok = options.ready();
          r.sendText(req, res, ok ? 200 : 503, ok ? 'ready' : 'not ready');
          return 'readyz';
        }
        case 'metrics': {
          const refusal = metricsRefusal(req, metricsToken);
          if (refusal === 401) {
            r.sendText(req, res, 401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer realm="metrics"' });
            return 'metrics_denied';
          }
          if (refusal === 403) return (r.sendText(req, res, 403, 'Forbidden'), 'metrics_denied');
          const { kb } = options.engine();
          metrics.setKnowledge({
            topics: kb.topics.size,
            devices: kb.devices.size,
            diagrams: kb.diagrams.size,
          });
          r.send(req, res, 200, await metrics.text(), {
            'Content-Type': metrics.contentType,
            'Cache-Control': r.NO_STORE,
          });
          return 'metrics';
        }
        case 'favicon.ico':
          r.send(req, res, 301, '', { Location: '/static/favicon.svg', 'Cache-Control': STATIC_CACHE });
          return 'static';
        case 'robots.txt':
          r.sendText(req, res, 200, 'User-agent: *\nDisallow: /api/\nDisallow: /search\n', {
            'Cache-Control': STATIC_CACHE,
          });
          return 'static';
      }
      return (notFound(req, res), 'not_found');
    }
    switch (first) {
      case 'topics':
      case 'devices': {
        if (!ID_PATTERN.test(second)) return (notFound(req, res, 'That entry'), 'not_found');
        const engine = options.engine();
        const entry = engine.entry(second);
        if (!entry) return (notFound(req, res, `“${second}”`, engine, closeTo(second, engine)), 'not_found');
        const wanted = first === 'topics' ? 'topic' : 'device';
        if (entry.type !== wanted) {
          r.send(req, res, 301, '', {
            Location: ctxFor(engine).hrefFor(entry.id),
            'Cache-Control': r.NO_CACHE,
          });
          return wanted;
        }
        const page = entry.device
          ? devicePage(entry, entry.device, ctxFor(engine))
          : topicPage(entry, ctxFor(engine));
        r.sendHtml(req, res, 200, page);
        return wanted;
      }
      case 'diagrams': {
        const m = DIAGRAM_FILE.exec(second);
        const id = m?.[1];
        if (!m || !id || !ID_PATTERN.test(id) || !options.engine().kb.diagrams.has(id))
          return (notFound(req, res, 'That diagram'), 'not_found');
        const file = await options.diagrams.get(id);
        if (!file) return (notFound(req, res, 'That diagram'), 'not_found');
        const etag = `"${file.hash}"`;
        if (m[2] === 'svg')
          r.sendCacheable(req, res, file.svg, 'image/svg+xml; charset=utf-8', etag, DIAGRAM_CACHE);
        else r.sendCacheable(req, res, file.png, 'image/png', etag, DIAGRAM_CACHE);
        return 'diagram';
      }
      case 'static': {
        const asset = staticAsset(second);
        if (!asset) return (notFound(req, res), 'not_found');
        r.sendCacheable(req, res, asset.body, asset.contentType, asset.etag, STATIC_CACHE);
        return 'static';
      }
      case 'api':
        if (second !== 'ask') break;
        return apiAsk(req, res, params);
    }
    return (notFound(req, res), 'not_found');
  }

  function apiAsk(req: IncomingMessage, res: ServerResponse, params: URLSearchParams): string {
    const decision = apiLimiter?.take(clientKey(clientAddress(req, options.trustProxy)));
    if (apiLimiter && decision && !decision.ok) {
      const { limit, windowMs } = apiLimiter.options;
      res.setHeader('Retry-After', String(decision.retryAfterSeconds));
      r.sendJson(req, res, 429, {
        error: `too many questions: at most ${limit} every ${windowMs / 1000} s; try again in ${decision.retryAfterSeconds} s`,
        retryAfter: decision.retryAfterSeconds,
      });
      return 'api_ask';
    }
    const q = (params.get('q') ?? '').trim();
    if (!q) r.sendJson(req, res, 400, { error: 'missing question: use /api/ask?q=your+question' });
    else if (q.length > MAX_QUESTION_LENGTH)
      r.sendJson(req, res, 400, { error: `question longer than ${MAX_QUESTION_LENGTH} characters` });
    else r.sendJson(req, res, 200, toAnswerJson(ask(q, 'api', options.engine())));
    return 'api_ask';
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let routeName = 'unknown';
    r.setSecurityHeaders(res);
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        routeName = 'method_not_allowed';
        return r.sendText(req, res, 405, 'Method Not Allowed', { Allow: ALLOW });
      }
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const path = q === -1 ? url : url.slice(0, q);
      const query = q === -1 ? '' : url.slice(q + 1);
      if (!path.startsWith('/'))
        return ((routeName = 'bad_request'), r.sendText(req, res, 400, 'Bad Request'));
      if (query.length > MAX_QUERY_LENGTH || path.length > MAX_PATH_LENGTH) {
        routeName = 'uri_too_long';
        return r.sendText(req, res, 414, 'URI Too Long');
      }
      let segments: string[];
      try {
        segments = path.slice(1).split('/').map(decodeURIComponent);
      } catch {
        return ((routeName = 'bad_request'), r.sendText(req, res, 400, 'Bad Request'));
      }
      routeName = await route(req, res, segments, new URLSearchParams(query));
    } catch (err) {
      routeName = 'error';
      logger.error({ err, method: req.method, path: (req.url ?? '').split('?')[0] }, 'http handler failed');
      if (res.headersSent) res.destroy();
      else r.sendHtml(req, res, 500, errorPage(ctxFor(undefined)));
    } finally {
      metrics.httpRequests.inc({ route: routeName, status: String(res.statusCode) });
    }
  }

  const app = (req: IncomingMessage, res: ServerResponse): void => {
    void handle(req, res);
  };
  return Object.assign(app, { metrics });
}
