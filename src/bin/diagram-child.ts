/**
 * Child process: lays out and rasterises diagrams (Graphviz WASM, resvg) for the parent's
 * {@link DiagramProcess}, one message per job, and exits when the parent lets go of it.
 */
import { DiagramRenderError, rasterise, type RenderJob } from '../core/diagram/renderer.js';
import type { ChildReply } from './diagram-process.js';

process.on('message', (m: { n: number; job: RenderJob }) => {
  void rasterise(m.job).then(
    (artifact) => reply({ n: m.n, ok: true, artifact }),
    (e: unknown) =>
      reply({
        n: m.n,
        ok: false,
        message: e instanceof Error ? e.message : String(e),
        ...(e instanceof DiagramRenderError ? { problem: e.problem } : {}),
      }),
  );
});
process.on('disconnect', () => process.exit(0));

function reply(r: ChildReply): void {
  process.send?.(r);
}
