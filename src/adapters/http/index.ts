/**
 * The web adapter: knowledge pages, diagrams, `/api/ask`, probes and Prometheus metrics.
 *
 * ```ts
 * const metrics = new Metrics({ defaultMetrics: true });
 * const renderer = new DiagramRenderer({ cacheDir });
 * const app = createHttpApp({
 *   engine: () => currentEngine,
 *   diagrams: rendererStore(renderer, () => currentEngine, metrics),
 *   publicBaseUrl: 'https://dialtone.example.org',
 *   ready: () => knowledgeLoaded,
 *   metrics,
 *   logger,
 *   metricsToken: config.metricsToken, // else /metrics answers loopback only
 *   trustProxy: config.trustProxy, // e.g. 1 behind one reverse proxy
 * });
 * const server = await startHttpServer(app, 8080, '0.0.0.0');
 * ```
 */
export {
  createHttpApp,
  normaliseBaseUrl,
  MAX_QUERY_LENGTH,
  MAX_PATH_LENGTH,
  MAX_QUESTION_LENGTH,
  type DiagramFile,
  type DiagramStore,
  type HttpApp,
  type HttpAppOptions,
  type HttpLogger,
} from './app.js';
export { DEFAULT_API_RATE_LIMIT, clientKey, isLoopback, type RateLimitOptions } from './access.js';
export { startHttpServer, rendererStore, type RunningServer, type DiagramRendererLike } from './server.js';
export { Metrics, type MetricsOptions, type QuestionSource, type DiagramRenderResult } from './metrics.js';
export { escapeHtml, markup, Html } from './html.js';
export { renderMarkdown } from './markdown.js';
export { CONTENT_SECURITY_POLICY } from './respond.js';
