import { DiagramRenderer, type Rasterise, type RenderedDiagram } from './renderer.js';

/** Graphviz renders before the renderer starts afresh (its list of ids stays short). */
const MAX_GENERATED = 200;
/** Bytes of generated SVG and PNG kept in memory, the most recently used (about 20 diagrams). */
const GENERATED_MEMORY_BYTES = 4 * 1024 * 1024;

/**
 * Diagrams generated per request (advice for an endpoint pair and count, device comparisons:
 * far more than the knowledge holds) get their own renderer, in memory only: it keeps the most
 * recently used up to {@link GENERATED_MEMORY_BYTES} and starts afresh after
 * {@link MAX_GENERATED} Graphviz renders, so that no sequence of requests grows memory or the
 * disk cache without bound. Used by the web pages and the Discord replies alike.
 */
export class GeneratedDiagrams {
  private renderer: DiagramRenderer;

  /** `rasterise`: where Graphviz and resvg run (see `DiagramRendererOptions.rasterise`). */
  constructor(private readonly options: { rasterise?: Rasterise } = {}) {
    this.renderer = this.fresh();
  }

  private fresh(): DiagramRenderer {
    return new DiagramRenderer({ ...this.options, memoryBytes: GENERATED_MEMORY_BYTES });
  }

  /** Renders (or takes from memory) the diagram `dot` under `id`; `rendered` says Graphviz ran. */
  async render(id: string, dot: string): Promise<{ file: RenderedDiagram; rendered: boolean }> {
    if (this.renderer.stats.graphvizRenders >= MAX_GENERATED) this.renderer = this.fresh();
    const before = this.renderer.stats.graphvizRenders;
    const file = await this.renderer.render({ id, dot, file: `${id}.dot` });
    return { file, rendered: this.renderer.stats.graphvizRenders > before };
  }
}
