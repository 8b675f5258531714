/**
 * The routes: pages, diagrams, `/api/ask` (with its JSON schema), probes and metrics. Ids are
 * checked against `ID_PATTERN` before any lookup; nothing is read from disk by a request path.
 */
import { performance } from 'node:perf_hooks';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { entryTitle, toAnswerJson, type EntryRef } from '../../core/answer/answer.js';
import type { Engine } from '../../core/engine.js';
import { ID_PATTERN } from '../../core/knowledge/schema.js';
import { metricsRefusal } from './access.js';
import type { DiagramFile } from './diagram-store.js';
import { filterDevices, parseDeviceFilter } from './devices.js';
import { devicePage, devicesPage, topicPage } from './entry-pages.js';
import { indexPage, problemPage, searchPage, type PageContext } from './pages.js';
import { NO_STORE, sendDiagram, sendError, sendHtml, sendRedirect, sendText } from './respond.js';
import type { RouteDeps } from './route-deps.js';
import { wireRoutes } from './wire.js';
import { compareRoutes } from './compare.js';

export type { RouteDeps } from './route-deps.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's label in `dialtone_http_requests_total`. */
    name?: string;
    /** Errors on this route are HTML pages (else JSON). */
    html?: boolean;
  }
}

/** Longest question accepted by `/api/ask` and `/search`. */
export const MAX_QUESTION_LENGTH = 500;

export const STATIC_CACHE = 'public, max-age=86400';
const DIAGRAM_FILE = /^(.+)\.(svg|png)$/;

const ref = { id: { type: 'string' }, title: { type: 'string' } };
const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string' }, retryAfter: { type: 'integer' } },
};
/** `/api/ask`'s query and answers; the 200 shape is `toAnswerJson`'s. */
const ASK_SCHEMA = {
  querystring: {
    type: 'object',
    required: ['q'],
    properties: { q: { type: 'string', pattern: '\\S', maxLength: MAX_QUESTION_LENGTH } },
  },
  response: {
    200: {
      type: 'object',
      required: ['status', 'confidence', 'entry', 'suggestions', 'diagram'],
      properties: {
        status: { type: 'string', enum: ['answer', 'suggest', 'none'] },
        confidence: { type: 'number' },
        entry: {
          type: ['object', 'null'],
          properties: { ...ref, summary: { type: 'string' } },
        },
        suggestions: {
          type: 'array',
          items: { type: 'object', properties: { ...ref, confidence: { type: 'number' } } },
        },
        diagram: { type: ['string', 'null'] },
      },
    },
    '4xx': errorSchema,
    '5xx': errorSchema,
  },
} as const;
const SEARCH_SCHEMA = {
  querystring: { type: 'object', properties: { q: { type: 'string', maxLength: MAX_QUESTION_LENGTH } } },
} as const;

/** The message for a question that failed its schema (`/api/ask` in JSON, `/search` as a page). */
export function questionProblem(err: FastifyError, html: boolean): string {
  const tooLong = err.validation?.some((v) => v.keyword === 'maxLength');
  if (html) return tooLong ? `Questions can be at most ${MAX_QUESTION_LENGTH} characters.` : 'Bad request.';
  return tooLong
    ? `question longer than ${MAX_QUESTION_LENGTH} characters`
    : 'missing question: use /api/ask?q=your+question';
}

/** The helpful 404 page: a message, close entries if any, the search box. */
export function notFoundPage(
  reply: FastifyReply,
  ctx: PageContext,
  what = 'That page',
  suggestions: EntryRef[] = [],
): FastifyReply {
  const message = `${what} is not in the Dialtone knowledge base. Try a search:`;
  return sendHtml(reply, 404, problemPage(404, 'Not found', message, ctx, suggestions));
}

/** Entries close to an unknown id, for the 404 page (not counted as a question). */
function closeTo(id: string, engine: Engine): EntryRef[] {
  const a = engine.ask(id.replace(/-/g, ' '));
  return [...(a.entry ? [a.entry] : []), ...a.suggestions]
    .slice(0, 3)
    .map(({ id, title }) => ({ id, title }));
}

function ask(d: RouteDeps, question: string, source: 'web' | 'api') {
  const started = performance.now();
  const answer = d.engine().ask(question);
  d.metrics.observeAnswer(answer.status, (performance.now() - started) / 1000, source);
  return answer;
}

const rateLimited = (d: RouteDeps) => (d.questionLimit ? { rateLimit: d.questionLimit } : {});

/** `/`, `/search`, `/devices` and the topic and device pages. */
function pageRoutes(app: FastifyInstance, d: RouteDeps): void {
  app.get('/', { config: { name: 'index', html: true } }, (_req, reply) => {
    const engine = d.engine();
    const counts = { topics: engine.kb.topics.size, devices: engine.kb.devices.size };
    return sendHtml(reply, 200, indexPage(engine.categories(), counts, d.ctxFor(engine)));
  });
  app.get<{ Querystring: { q?: string } }>(
    '/search',
    { schema: SEARCH_SCHEMA, config: { name: 'search', html: true, ...rateLimited(d) } },
    (request, reply) => {
      const q = (request.query.q ?? '').trim();
      const answer = q ? ask(d, q, 'web') : undefined;
      return sendHtml(reply, 200, searchPage(q, answer, d.ctxFor(d.engine())));
    },
  );
  app.get('/devices', { config: { name: 'devices', html: true } }, (request, reply) => {
    const engine = d.engine();
    const parsed = parseDeviceFilter(new URLSearchParams(request.url.split('?')[1] ?? ''));
    const list = parsed.ok ? filterDevices(engine.kb.devices.values(), parsed.filter) : [];
    const page = devicesPage(list, parsed.filter, parsed.ok ? [] : parsed.errors, d.ctxFor(engine));
    return sendHtml(reply, parsed.ok ? 200 : 400, page);
  });
  for (const wanted of ['topic', 'device'] as const) {
    app.get<{ Params: { id: string } }>(
      `/${wanted}s/:id`,
      { config: { name: wanted, html: true } },
      async (request, reply) => {
        const { id } = request.params;
        if (!ID_PATTERN.test(id)) return notFoundPage(reply, d.ctxFor(), 'That entry');
        const engine = d.engine();
        const ctx = d.ctxFor(engine);
        const entry = engine.entry(id);
        if (!entry) return notFoundPage(reply, ctx, `“${id}”`, closeTo(id, engine));
        if (entry.type !== wanted) return sendRedirect(reply, ctx.hrefFor(entry.id));
        const page = entry.device
          ? devicePage(entry, entry.device, ctx)
          : topicPage(entry, ctx, await phoneSize(d, entry.diagram));
        return sendHtml(reply, 200, page);
      },
    );
  }
}

/** A topic diagram's phone size (see `DiagramFile.phoneSize`); a failed render leaves it out. */
async function phoneSize(d: RouteDeps, id: string | null | undefined): Promise<DiagramFile['phoneSize']> {
  if (!id) return undefined;
  try {
    return (await d.diagrams.get(id))?.phoneSize;
  } catch {
    return undefined; // the diagram's own route reports the failure
  }
}

/** `/diagrams/<id>.svg|png`, with the render hash as ETag. */
function diagramRoute(app: FastifyInstance, d: RouteDeps): void {
  app.get<{ Params: { file: string } }>(
    '/diagrams/:file',
    { config: { name: 'diagram', html: true } },
    async (request, reply) => {
      const m = DIAGRAM_FILE.exec(request.params.file);
      const id = m?.[1];
      if (!m || !id || !ID_PATTERN.test(id) || !d.engine().kb.diagrams.has(id))
        return notFoundPage(reply, d.ctxFor(), 'That diagram');
      const file = await d.diagrams.get(id);
      if (!file) return notFoundPage(reply, d.ctxFor(), 'That diagram');
      return sendDiagram(reply, file, m[2] ?? '');
    },
  );
}

/** `/api/ask`, the probes, `/metrics`, `robots.txt` and `/favicon.ico`. */
function machineRoutes(app: FastifyInstance, d: RouteDeps): void {
  app.get<{ Querystring: { q: string } }>(
    '/api/ask',
    { schema: ASK_SCHEMA, config: { name: 'api_ask', ...rateLimited(d) } },
    (request, reply) =>
      reply.header('cache-control', NO_STORE).send(toAnswerJson(ask(d, request.query.q.trim(), 'api'))),
  );
  app.get('/healthz', { config: { name: 'healthz' } }, (_req, reply) => sendText(reply, 200, 'ok'));
  app.get('/readyz', { config: { name: 'readyz' } }, (_req, reply) =>
    d.ready() ? sendText(reply, 200, 'ready') : sendText(reply, 503, 'not ready'),
  );
  app.get('/metrics', { config: { name: 'metrics' } }, async (request, reply) => {
    const refusal = metricsRefusal(request.raw, d.metricsToken);
    if (refusal === 401)
      return sendError(
        reply.header('www-authenticate', 'Bearer realm="metrics"'),
        401,
        'bearer token required',
      );
    if (refusal === 403) return sendError(reply, 403, 'metrics are served to loopback only');
    const { kb } = d.engine();
    d.metrics.setKnowledge({ topics: kb.topics.size, devices: kb.devices.size, diagrams: kb.diagrams.size });
    const text = await d.metrics.text();
    return reply.type(d.metrics.contentType).header('cache-control', NO_STORE).send(text);
  });
  app.get('/robots.txt', { config: { name: 'static' } }, (_req, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .header('cache-control', STATIC_CACHE)
      .send('User-agent: *\nDisallow: /api/\nDisallow: /search\n'),
  );
  app.get('/favicon.ico', { config: { name: 'static' } }, (_req, reply) =>
    reply.header('cache-control', STATIC_CACHE).redirect('/static/favicon.svg', 301),
  );
}

/** Registers every route of the app (the stylesheet and icon are @fastify/static's, in app.ts). */
export function registerRoutes(app: FastifyInstance, d: RouteDeps): void {
  pageRoutes(app, d);
  wireRoutes(app, d);
  compareRoutes(app, d);
  diagramRoute(app, d);
  machineRoutes(app, d);
}

/** Looks up an entry's title for page templates (device successors). */
export const titleLookup = (engine: Engine | undefined) => (id: string) =>
  engine ? entryTitle(engine.kb, id) : undefined;
