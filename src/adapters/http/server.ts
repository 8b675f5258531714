/**
 * Starting the web server, and adapting the diagram renderer to the app's {@link DiagramStore}.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Engine } from '../../core/engine.js';
import type { DiagramSource } from '../../core/knowledge/schema.js';
import { GeneratedDiagrams, MIN_LABEL_PX, PHONE_WIDTH_PX, phoneLayout } from '../../core/diagram/index.js';
import type { HttpApp } from './app.js';
import type { DiagramFile, DiagramStore } from './diagram-store.js';
import type { Metrics } from './metrics.js';

/** A running server. */
export interface RunningServer {
  /** The port actually bound (useful with port 0). */
  port: number;
  /** Stops accepting connections, closes idle keep-alive sockets and resolves once closed. */
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0 picks a free port) and resolves once listening. */
export function startHttpServer(app: HttpApp, port: number, host = '0.0.0.0'): Promise<RunningServer> {
  const server = createServer(app);
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const bound = (server.address() as AddressInfo).port;
      resolve({
        port: bound,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeIdleConnections();
          }),
      });
    });
  });
}

/** The part of `DiagramRenderer` (src/core/diagram) the web needs. */
export interface DiagramRendererLike {
  render(source: DiagramSource): Promise<DiagramFile>;
  readonly stats?: { graphvizRenders: number };
}

/**
 * A {@link DiagramStore} backed by a renderer: looks the id up in the current engine's
 * knowledge and renders it (the renderer caches by content hash, so this is cheap after the
 * first time and picks up edited diagrams after a reload). Counts renders in `metrics`.
 * Render failures are counted, then thrown (the app answers 500 and logs them).
 */
export function rendererStore(
  renderer: DiagramRendererLike,
  engine: () => Engine,
  metrics?: Metrics,
): DiagramStore {
  const phoneSizes = new PhoneSizes();
  const generated = new GeneratedDiagrams();
  return {
    async generated(id, dot) {
      const { file, rendered } = await generated.render(id, dot);
      metrics?.observeDiagramRender(rendered ? 'rendered' : 'cached');
      return { ...file, phoneSize: await phoneSizes.of(dot, file) };
    },
    async get(id) {
      const source = engine().kb.diagrams.get(id);
      if (!source) return undefined;
      const before = renderer.stats?.graphvizRenders;
      try {
        const file = await renderer.render(source);
        const after = renderer.stats?.graphvizRenders;
        metrics?.observeDiagramRender(
          before !== undefined && after !== undefined && after > before ? 'rendered' : 'cached',
        );
        return { ...file, phoneSize: await phoneSizes.of(source.dot, file) };
      } catch (e) {
        metrics?.observeDiagramRender('error');
        throw e;
      }
    },
  };
}

/** PNG width and height from its IHDR chunk, or undefined when the bytes are not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | undefined {
  if (png.length < 24 || png.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * The CSS size at which a diagram's PNG (drawn from its phone layout) has labels of
 * {@link MIN_LABEL_PX}, for the diagrams too wide to reach that at {@link PHONE_WIDTH_PX}; one
 * extra layout per diagram version (keyed by the render hash), then remembered.
 */
class PhoneSizes {
  private readonly known = new Map<string, DiagramFile['phoneSize']>();

  async of(dot: string, file: DiagramFile): Promise<DiagramFile['phoneSize']> {
    if (this.known.has(file.hash)) return this.known.get(file.hash);
    let size: DiagramFile['phoneSize'];
    const png = pngSize(file.png);
    try {
      const layout = await phoneLayout(dot, file.svg);
      if (png && layout.labelPx > 0 && layout.labelPx < MIN_LABEL_PX) {
        const width = Math.ceil((PHONE_WIDTH_PX * MIN_LABEL_PX) / layout.labelPx);
        size = { width, height: Math.round((width * png.height) / png.width) };
      }
    } catch {
      size = undefined; // the page then shows the diagram fitted to the column, as before
    }
    if (this.known.size > 1000) this.known.clear();
    this.known.set(file.hash, size);
    return size;
  }
}
