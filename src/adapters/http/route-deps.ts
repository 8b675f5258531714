import type { Engine } from '../../core/engine.js';
import type { DiagramStore } from './diagram-store.js';
import type { Metrics } from './metrics.js';
import type { PageContext } from './pages.js';

/** What the routes need from the app. */
export interface RouteDeps {
  engine: () => Engine;
  diagrams: DiagramStore;
  ready: () => boolean;
  metrics: Metrics;
  metricsToken?: string;
  /** @fastify/rate-limit settings for the question routes, or undefined for none. */
  questionLimit?: { max: number; timeWindow: number };
  ctxFor(engine?: Engine): PageContext;
}
