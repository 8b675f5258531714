/**
 * Knowledge-base diagrams: Graphviz DOT → one visual language → SVG + PNG, in-process
 * (Graphviz WASM + resvg) with the shipped DejaVu font.
 *
 * - {@link styleDot}: role attributes → concrete styling, fonts, legend.
 * - {@link renderSvg} / {@link renderPng}: the two raw rendering steps.
 * - {@link DiagramRenderer}: cached rendering of `DiagramSource`s.
 * - {@link checkDiagrams}: problems for `dialtone kb check`.
 * - {@link exportDiagrams}: `<id>.svg` / `<id>.png` files for `dialtone diagrams export DIR`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DiagramSource } from '../knowledge/schema.js';
import type { Problem } from '../knowledge/problems.js';
import {
  DiagramRenderer,
  phoneLayout,
  styleSource,
  svgOrProblem,
  toProblem,
  warningProblems,
} from './renderer.js';
import { MIN_LABEL_PX, PHONE_WIDTH_PX } from './render.js';
import { writeAtomic } from '../atomic-write.js';

export {
  styleDot,
  styleDotDetailed,
  DiagramRoleError,
  DotParseError,
  type StyledDot,
  type StyleWarning,
} from './style.js';
export {
  renderSvg,
  renderPng,
  fontFiles,
  toolchainVersion,
  GraphvizError,
  labelPx,
  DEFAULT_PNG_WIDTH,
  MIN_LABEL_PX,
  PHONE_WIDTH_PX,
  RENDERER_VERSION,
} from './render.js';
export {
  DiagramRenderer,
  DiagramRenderError,
  phoneLayout,
  type PhoneLayout,
  type DiagramRendererOptions,
  type RenderedDiagram,
  type RenderStats,
} from './renderer.js';
export { GeneratedDiagrams } from './generated.js';
export { NODE_ROLES, EDGE_ROLES, FONT_FAMILY, type NodeRole, type EdgeRole } from './roles.js';

/**
 * Validate diagrams without rasterising: every DOT must parse, use only known roles and lay
 * out in Graphviz. Errors carry the file, the line when known, `field: 'dot'` and Graphviz's
 * message; hand-set fonts or colours are warnings, and so is a drawing whose labels stay under
 * {@link MIN_LABEL_PX} on a phone even top to bottom. One broken diagram does not stop the rest.
 */
export async function checkDiagrams(sources: Iterable<DiagramSource>): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const source of sources) {
    try {
      const styled = await styleSource(source);
      problems.push(...warningProblems(source, styled));
      const phone = await phoneLayout(source.dot, await svgOrProblem(source, styled.dot));
      if (phone.labelPx < MIN_LABEL_PX)
        problems.push({
          severity: 'warning',
          file: source.file,
          field: 'dot',
          message: `too wide for a phone: labels ${phone.labelPx.toFixed(1)} px at ${PHONE_WIDTH_PX} px even top to bottom (move notes into labels, split side branches)`,
        });
    } catch (e) {
      problems.push(toProblem(source, e));
    }
  }
  return problems;
}

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Render every diagram into `dir` as `<id>.svg` and `<id>.png` (atomic writes; `dir` is
 * created). Returns the paths written and a Problem per diagram that failed or whose id is
 * not a safe file name.
 */
export async function exportDiagrams(
  sources: Iterable<DiagramSource>,
  dir: string,
  renderer: DiagramRenderer = new DiagramRenderer(),
): Promise<{ written: string[]; problems: Problem[] }> {
  const safe: DiagramSource[] = [];
  const problems: Problem[] = [];
  for (const s of sources) {
    if (SAFE_ID.test(s.id) && !s.id.includes('..')) safe.push(s);
    else
      problems.push({
        severity: 'error',
        file: s.file,
        field: 'id',
        message: `diagram id '${s.id}' is not a safe file name`,
      });
  }
  // The folder first: a path that cannot be a folder fails at once, not after every render.
  if (safe.length > 0) await mkdir(dir, { recursive: true });
  const { results, problems: renderProblems } = await renderer.renderAll(safe);
  problems.push(...renderProblems);
  const written: string[] = [];
  for (const r of results) {
    const svgPath = join(dir, `${r.id}.svg`);
    const pngPath = join(dir, `${r.id}.png`);
    await writeAtomic(svgPath, r.svg);
    await writeAtomic(pngPath, r.png);
    written.push(svgPath, pngPath);
  }
  return { written, problems };
}
