/**
 * Prometheus metrics for Dialtone, on a private prom-client `Registry` (never the global
 * one), so any number of apps (and tests) can each have their own.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Decision } from '../../core/match/matcher.js';

/** Where a question came from. */
export type QuestionSource = 'discord' | 'web' | 'api' | (string & {});

/** Outcome of one diagram request to the renderer. */
export type DiagramRenderResult = 'rendered' | 'cached' | 'error';

/** Options for {@link Metrics}. */
export interface MetricsOptions {
  /** Also collect prom-client's default process metrics (CPU, memory, event loop). Default false. */
  defaultMetrics?: boolean;
  /** Metric name prefix (default `dialtone_`). */
  prefix?: string;
}

/** The set of Dialtone metrics, with helpers the adapters call. */
export class Metrics {
  readonly registry = new Registry();
  /** Questions answered, by decision (`answer`, `suggest`, `none`) and source. */
  readonly questions: Counter<'decision' | 'source'>;
  /** Time to answer one question, in seconds. */
  readonly latency: Histogram<'source'>;
  /** Entries in the loaded knowledge base, by kind (`topic`, `device`, `diagram`). */
  readonly knowledgeEntries: Gauge<'kind'>;
  /** Diagram requests to the renderer, by result. */
  readonly diagramRenders: Counter<'result'>;
  /** HTTP requests by route pattern (bounded set) and status code. */
  readonly httpRequests: Counter<'route' | 'status'>;

  constructor(options: MetricsOptions = {}) {
    const p = options.prefix ?? 'dialtone_';
    const registers = [this.registry];
    this.questions = new Counter({
      name: `${p}questions_total`,
      help: 'Questions answered, by decision and source',
      labelNames: ['decision', 'source'],
      registers,
    });
    this.latency = new Histogram({
      name: `${p}answer_latency_seconds`,
      help: 'Time to match a question and build the answer',
      labelNames: ['source'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.knowledgeEntries = new Gauge({
      name: `${p}knowledge_entries`,
      help: 'Entries in the loaded knowledge base, by kind',
      labelNames: ['kind'],
      registers,
    });
    this.diagramRenders = new Counter({
      name: `${p}diagram_renders_total`,
      help: 'Diagram requests to the renderer, by result (rendered, cached, error)',
      labelNames: ['result'],
      registers,
    });
    this.httpRequests = new Counter({
      name: `${p}http_requests_total`,
      help: 'HTTP requests by route and status code',
      labelNames: ['route', 'status'],
      registers,
    });
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: p });
  }

  /** Records one answered question: the bot calls this with `source` left at `discord`. */
  observeAnswer(decision: Decision, seconds: number, source: QuestionSource = 'discord'): void {
    this.questions.inc({ decision, source });
    if (Number.isFinite(seconds) && seconds >= 0) this.latency.observe({ source }, seconds);
  }

  /** Records one diagram request to the renderer. */
  observeDiagramRender(result: DiagramRenderResult): void {
    this.diagramRenders.inc({ result });
  }

  /** Sets the knowledge gauge from the counts of a loaded knowledge base. */
  setKnowledge(counts: { topics: number; devices: number; diagrams: number }): void {
    this.knowledgeEntries.set({ kind: 'topic' }, counts.topics);
    this.knowledgeEntries.set({ kind: 'device' }, counts.devices);
    this.knowledgeEntries.set({ kind: 'diagram' }, counts.diagrams);
  }

  /** The Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** Content-Type of {@link text}. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
