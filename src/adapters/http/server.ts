/**
 * Starting the web server, and adapting the diagram renderer to the app's {@link DiagramStore}.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Engine } from '../../core/engine.js';
import type { DiagramSource } from '../../core/knowledge/schema.js';
import { GeneratedDiagrams, MIN_LABEL_PX, PHONE_WIDTH_PX } from '../../core/diagram/index.js';
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
  render(source: DiagramSource): Promise<Omit<DiagramFile, 'phoneSize'> & { phoneLabelPx: number }>;
  readonly stats?: { graphvizRenders: number };
}

/**
 * A {@link DiagramStore} backed by a renderer: looks the id up in the current engine's
 * knowledge and renders it (the renderer caches by content hash, so this is cheap after the
 * first time and picks up edited diagrams after a reload). Counts renders in `metrics`.
 * Render failures are counted, then thrown (the app answers 500 and logs them). `generated`
 * renders the per-request diagrams (by default in this process).
 */
export function rendererStore(
  renderer: DiagramRendererLike,
  engine: () => Engine,
  metrics?: Metrics,
  generated: GeneratedDiagrams = new GeneratedDiagrams(),
): DiagramStore {
  return {
    async generated(id, dot) {
      const { file, rendered } = await generated.render(id, dot);
      metrics?.observeDiagramRender(rendered ? 'rendered' : 'cached');
      return { ...file, phoneSize: phoneSize(file) };
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
        return servedFile(file);
      } catch (e) {
        metrics?.observeDiagramRender('error');
        throw e;
      }
    },
  };
}

/** A rendered diagram as served, by the renderer's result (see `servedFile`). */
const served = new WeakMap<object, DiagramFile>();

/**
 * A rendered diagram with its phone size, made once per rendering: the renderer hands back the
 * same result while the diagram is unchanged, and every answer with a diagram asks for it.
 */
function servedFile(file: Awaited<ReturnType<DiagramRendererLike['render']>>): DiagramFile {
  let out = served.get(file);
  if (!out) served.set(file, (out = { ...file, phoneSize: phoneSize(file) }));
  return out;
}

/** PNG width and height from its IHDR chunk, or undefined when the bytes are not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | undefined {
  if (png.length < 24 || png.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * The CSS size at which a diagram's PNG (drawn from its phone layout) has labels of
 * {@link MIN_LABEL_PX}, for the diagrams too wide to reach that at {@link PHONE_WIDTH_PX}.
 */
export function phoneSize(file: { png: Buffer; phoneLabelPx: number }): DiagramFile['phoneSize'] {
  const png = pngSize(file.png);
  if (!png || !(file.phoneLabelPx > 0 && file.phoneLabelPx < MIN_LABEL_PX)) return undefined;
  const width = Math.ceil((PHONE_WIDTH_PX * MIN_LABEL_PX) / file.phoneLabelPx);
  return { width, height: Math.round((width * png.height) / png.width) };
}
