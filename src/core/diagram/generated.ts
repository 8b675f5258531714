import { DiagramRenderer, type Rasterise, type RenderedDiagram } from './renderer.js';

/** Generated diagrams kept in memory at most (a few MB). */
const MAX_GENERATED = 200;

/**
 * Diagrams generated per request (advice for an endpoint pair and count, device comparisons:
 * far more than the knowledge holds) get their own renderer, in memory only, started afresh after
 * {@link MAX_GENERATED} Graphviz renders, so that no sequence of requests grows memory or the
 * disk cache without bound. Used by the web pages and the Discord replies alike.
 */
export class GeneratedDiagrams {
  private renderer: DiagramRenderer;

  /** `rasterise`: where Graphviz and resvg run (see `DiagramRendererOptions.rasterise`). */
  constructor(private readonly options: { rasterise?: Rasterise } = {}) {
    this.renderer = new DiagramRenderer(options);
  }

  /** Renders (or takes from memory) the diagram `dot` under `id`; `rendered` says Graphviz ran. */
  async render(id: string, dot: string): Promise<{ file: RenderedDiagram; rendered: boolean }> {
    if (this.renderer.stats.graphvizRenders >= MAX_GENERATED)
      this.renderer = new DiagramRenderer(this.options);
    const before = this.renderer.stats.graphvizRenders;
    const file = await this.renderer.render({ id, dot, file: `${id}.dot` });
    return { file, rendered: this.renderer.stats.graphvizRenders > before };
  }
}
