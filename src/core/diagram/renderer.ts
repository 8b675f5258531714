/**
 * DiagramRenderer: style → Graphviz SVG → PNG, cached by content hash in memory and
 * (optionally) on disk.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomic } from '../atomic-write.js';
import type { DiagramSource } from '../knowledge/schema.js';
import type { Problem } from '../knowledge/problems.js';
import {
  DEFAULT_PNG_WIDTH,
  GraphvizError,
  MIN_LABEL_PX,
  PHONE_WIDTH_PX,
  labelPx,
  renderPng,
  renderSvg,
  toolchainVersion,
} from './render.js';
import { DiagramRoleError, DotParseError, styleDotDetailed, type StyledDot } from './style.js';

/** Options for {@link DiagramRenderer}. */
export interface DiagramRendererOptions {
  /** Directory for `<hash>.svg` / `<hash>.png`; memory-only cache when unset. */
  cacheDir?: string;
  /** PNG width in pixels (default {@link DEFAULT_PNG_WIDTH}). */
  pngWidth?: number;
  /**
   * Where Graphviz and resvg run on a cache miss (default {@link rasterise}, in this process).
   * The bot passes one that runs them in a child process, whose memory goes back when it exits.
   */
  rasterise?: Rasterise;
  /**
   * Bytes of rendered SVG and PNG kept in memory, the most recently used first (default
   * {@link DEFAULT_MEMORY_BYTES} with a `cacheDir`, which gives the others back; without one,
   * everything: nothing else could).
   */
  memoryBytes?: number;
}

/** What a render produces: the SVG, the PNG and the smallest label of the PNG's layout. */
export interface RenderArtifact {
  svg: string;
  png: Buffer;
  /**
   * Height in CSS px of the PNG's smallest label when the PNG is shown {@link PHONE_WIDTH_PX}
   * wide (see {@link phoneLayout}); Infinity when the drawing has no text.
   */
  phoneLabelPx: number;
}

/** One rendered diagram. `hash` identifies the styled DOT + toolchain + PNG width. */
export interface RenderedDiagram extends RenderArtifact {
  id: string;
  hash: string;
}

/** One cache miss to lay out and rasterise. */
export interface RenderJob {
  source: DiagramSource;
  /** `source.dot` after {@link styleSource}. */
  styledDot: string;
  pngWidth: number;
}

/** Lays out and rasterises a job; throws {@link DiagramRenderError} with a Problem on failure. */
export type Rasterise = (job: RenderJob) => Promise<RenderArtifact>;

/** Counters for observing the cache (e.g. in tests and metrics). */
export interface RenderStats {
  /** Diagrams laid out by Graphviz (cache misses). */
  graphvizRenders: number;
  memoryHits: number;
  diskHits: number;
}

/** A diagram that could not be rendered; `problem` points at the file (and line when known). */
export class DiagramRenderError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
    this.name = 'DiagramRenderError';
  }
}

const errorProblem = (source: DiagramSource, message: string, line?: number): Problem => ({
  severity: 'error',
  file: source.file,
  ...(line !== undefined ? { line } : {}),
  field: 'dot',
  message,
});

/** Style `source.dot`, turning styling failures into a Problem (with Graphviz's own message for syntax errors). */
export async function styleSource(source: DiagramSource): Promise<StyledDot> {
  try {
    return styleDotDetailed(source.dot);
  } catch (e) {
    if (e instanceof DiagramRoleError) throw new DiagramRenderError(errorProblem(source, e.message, e.line));
    if (!(e instanceof DotParseError)) throw e;
    // Prefer Graphviz's own wording for syntax errors: lay out the unstyled DOT.
    try {
      await renderSvg(source.dot);
    } catch (gvErr) {
      if (gvErr instanceof GraphvizError)
        throw new DiagramRenderError(
          errorProblem(source, `Graphviz: ${gvErr.message}`, gvErr.line ?? e.line),
        );
    }
    // Graphviz takes it, our parser does not (`"a" + "b"`, `a -> subgraph {…}`, `[…][…]`).
    throw new DiagramRenderError(
      errorProblem(source, `DOT the diagram styler cannot read (Graphviz can): ${e.message}`, e.line),
    );
  }
}

/** Lay out styled DOT, turning a Graphviz failure into a Problem. */
export async function svgOrProblem(source: DiagramSource, styled: string): Promise<string> {
  try {
    return await renderSvg(styled);
  } catch (e) {
    if (e instanceof GraphvizError)
      throw new DiagramRenderError(errorProblem(source, `Graphviz: ${e.message}`, e.line));
    throw e;
  }
}

/** The drawing the PNG is made from, with its smallest label at {@link PHONE_WIDTH_PX}. */
export interface PhoneLayout {
  svg: string;
  /** Laid out top to bottom (see `StyleOptions.narrow`). */
  narrow: boolean;
  labelPx: number;
}

/**
 * The PNG rule (Discord's attachment, the web page on a phone): keep the wide layout when its
 * labels stay at {@link MIN_LABEL_PX} or more shown {@link PHONE_WIDTH_PX} wide; otherwise lay
 * out top to bottom (long chains become tall instead of tiny) when that reads better.
 */
export async function phoneLayout(dot: string, wideSvg: string): Promise<PhoneLayout> {
  const wide = { svg: wideSvg, narrow: false, labelPx: labelPx(wideSvg, PHONE_WIDTH_PX) };
  if (wide.labelPx >= MIN_LABEL_PX) return wide;
  try {
    const svg = await renderSvg(styleDotDetailed(dot, { narrow: true }).dot);
    const tall = { svg, narrow: true, labelPx: labelPx(svg, PHONE_WIDTH_PX) };
    return tall.labelPx > wide.labelPx ? tall : wide;
  } catch {
    return wide; // the wide layout worked, so keep it
  }
}

/** Graphviz SVG, the phone layout and resvg PNG for one job, in this process. */
export async function rasterise({ source, styledDot, pngWidth }: RenderJob): Promise<RenderArtifact> {
  const svg = await svgOrProblem(source, styledDot);
  const layout = await phoneLayout(source.dot, svg);
  try {
    return { svg, png: renderPng(layout.svg, pngWidth), phoneLabelPx: layout.labelPx };
  } catch (e) {
    throw new DiagramRenderError(
      errorProblem(source, `PNG rendering failed: ${e instanceof Error ? e.message : String(e)}`),
    );
  }
}

/** Warnings from styling as Problems. */
export const warningProblems = (source: DiagramSource, styled: StyledDot): Problem[] =>
  styled.warnings.map((w) => ({
    severity: 'warning',
    file: source.file,
    line: w.line,
    field: 'dot',
    message: w.message,
  }));

/** What the renderer keeps of every diagram it has rendered, held in memory or not. */
export interface DiagramInfo {
  id: string;
  hash: string;
  phoneLabelPx: number;
}

/** Per id: the DOT last rendered and its hash, and the render itself while its files are in memory. */
interface Known {
  dot: string;
  info: DiagramInfo;
  rendered?: RenderedDiagram;
}

/** Memory for rendered SVGs and PNGs when a disk cache backs it (see `DiagramRendererOptions.memoryBytes`). */
export const DEFAULT_MEMORY_BYTES = 6 * 1024 * 1024;

/**
 * Renders diagrams to SVG + PNG with a content-hash cache. Safe to share across callers.
 *
 * In memory it keeps the most recently used renders up to `memoryBytes`; with a disk cache the
 * others are read back from it when asked for again (a fraction of a millisecond), so a bot with
 * many diagrams does not hold every PNG for good. {@link prepareAll} makes sure every diagram is
 * on disk without reading the files into memory.
 */
export class DiagramRenderer {
  readonly pngWidth: number;
  readonly cacheDir: string | undefined;
  readonly memoryBytes: number;
  readonly stats: RenderStats = { graphvizRenders: 0, memoryHits: 0, diskHits: 0 };
  private readonly rasterise: Rasterise;
  /** Renders by hash, least recently used first (a render in progress too: one render per hash). */
  private readonly artifacts = new Map<string, Promise<RenderArtifact>>();
  /** Bytes of each finished render in `artifacts`, and their sum. */
  private readonly sizes = new Map<string, number>();
  private held = 0;
  private readonly byId = new Map<string, Known>();

  constructor(options: DiagramRendererOptions = {}) {
    this.pngWidth = options.pngWidth ?? DEFAULT_PNG_WIDTH;
    this.cacheDir = options.cacheDir;
    this.memoryBytes = options.memoryBytes ?? (options.cacheDir ? DEFAULT_MEMORY_BYTES : Infinity);
    this.rasterise = options.rasterise ?? rasterise;
    if (!Number.isInteger(this.pngWidth) || this.pngWidth < 16 || this.pngWidth > 8192) {
      throw new RangeError(`pngWidth must be an integer in 16..8192, got ${this.pngWidth}`);
    }
    if (!(this.memoryBytes >= 0))
      throw new RangeError(`memoryBytes must be 0 or more, got ${this.memoryBytes}`);
  }

  /** Cache key: sha256 of toolchain version, PNG width and the styled DOT. */
  hashOf(styledDot: string): string {
    return createHash('sha256')
      .update(`${toolchainVersion()}\0png:${this.pngWidth}\0${styledDot}`)
      .digest('hex');
  }

  /**
   * Render one diagram (cached). A changed DOT gives a new hash and re-renders.
   * @throws DiagramRenderError carrying a Problem for a syntax error, an unknown role or a Graphviz failure.
   */
  async render(source: DiagramSource): Promise<RenderedDiagram> {
    const known = this.byId.get(source.id);
    if (known?.dot === source.dot && known.rendered && this.artifacts.has(known.info.hash)) {
      // The same DOT for the same id, still in memory: no styling, no hashing.
      this.stats.memoryHits++;
      this.touch(known.info.hash);
      return known.rendered;
    }
    if (known?.dot === source.dot) return this.renderHash(source, known.info.hash);
    const styled = (await styleSource(source)).dot;
    return this.renderHash(source, this.hashOf(styled), styled);
  }

  /** `render` once the hash is known (`styled`: the styled DOT, when it was made for the hash). */
  private async renderHash(source: DiagramSource, hash: string, styled?: string): Promise<RenderedDiagram> {
    const artifact = await this.artifact(source, hash, styled);
    const result: RenderedDiagram = { id: source.id, ...artifact, hash };
    this.remember(source, result);
    return result;
  }

  /**
   * Makes sure every source is rendered (on disk when there is a disk cache, else in memory)
   * without holding the files: a diagram already on disk is only looked up. A broken diagram
   * becomes a Problem and does not stop the others.
   */
  async prepareAll(sources: Iterable<DiagramSource>): Promise<{ ready: DiagramInfo[]; problems: Problem[] }> {
    const { done, problems } = await eachSource(sources, (s) => this.prepare(s));
    return { ready: done, problems };
  }

  /** Render every source; a broken diagram becomes a Problem and does not stop the others. */
  async renderAll(
    sources: Iterable<DiagramSource>,
  ): Promise<{ results: RenderedDiagram[]; problems: Problem[] }> {
    const { done, problems } = await eachSource(sources, (s) => this.render(s));
    return { results: done, problems };
  }

  /**
   * Deletes cached files on disk that belong to no diagram this renderer currently holds (old
   * versions of edited diagrams, removed diagrams, an older toolchain). Returns how many went.
   */
  async pruneDisk(): Promise<number> {
    if (!this.cacheDir) return 0;
    const keep = new Set([...this.byId.values()].map((k) => k.info.hash));
    let removed = 0;
    for (const name of await readdir(this.cacheDir).catch(() => [])) {
      const hash = /^([0-9a-f]{64})\.(svg|png|json)(\.\d+)?$/.exec(name)?.[1];
      // Only our own files (<sha256>.svg|png, or a temp file left by a crash), never one in use.
      if (!hash || keep.has(hash)) continue;
      await rm(join(this.cacheDir, name), { force: true });
      removed++;
    }
    return removed;
  }

  /** The latest successful render of `id` (its hash and layout facts), if any. */
  get(id: string): DiagramInfo | undefined {
    return this.byId.get(id)?.info;
  }

  /** Bytes of SVG and PNG held in memory now (at most `memoryBytes`, plus one render larger than it). */
  get heldBytes(): number {
    return this.held;
  }

  private async prepare(source: DiagramSource): Promise<DiagramInfo> {
    const known = this.byId.get(source.id);
    if (known?.dot === source.dot) return known.info;
    const styled = (await styleSource(source)).dot;
    const hash = this.hashOf(styled);
    const facts = this.artifacts.has(hash) ? undefined : await this.readFacts(hash);
    if (facts === undefined) {
      // Not on disk (or in memory already): render it, with the styling done above.
      const { phoneLabelPx } = await this.renderHash(source, hash, styled);
      return { id: source.id, hash, phoneLabelPx };
    }
    const info = { id: source.id, hash, phoneLabelPx: facts };
    this.byId.set(source.id, { dot: source.dot, info });
    return info;
  }

  /** The render for `hash`: from memory, else the disk cache, else Graphviz (styling first if not done). */
  private artifact(source: DiagramSource, hash: string, styled?: string): Promise<RenderArtifact> {
    let pending = this.artifacts.get(hash);
    if (pending) {
      this.stats.memoryHits++;
      this.touch(hash);
      return pending;
    }
    pending = this.produce(source, hash, styled);
    this.artifacts.set(hash, pending);
    pending.then(
      (a) => this.hold(hash, pending, a),
      () => {
        if (this.artifacts.get(hash) === pending) this.artifacts.delete(hash);
      },
    );
    return pending;
  }

  /** Records `id`'s latest render; an edited diagram's old render leaves memory when no other id uses it. */
  private remember(source: DiagramSource, result: RenderedDiagram): void {
    const previous = this.byId.get(source.id)?.info.hash;
    const info = { id: result.id, hash: result.hash, phoneLabelPx: result.phoneLabelPx };
    this.byId.set(source.id, { dot: source.dot, info, rendered: result });
    if (
      previous &&
      previous !== result.hash &&
      ![...this.byId.values()].some((k) => k.info.hash === previous)
    ) {
      this.drop(previous);
    }
  }

  /** Moves `hash` to the most recently used end. */
  private touch(hash: string): void {
    const pending = this.artifacts.get(hash);
    if (!pending) return;
    this.artifacts.delete(hash);
    this.artifacts.set(hash, pending);
  }

  /** Counts a finished render's bytes, then lets the least recently used go while over budget. */
  private hold(hash: string, pending: Promise<RenderArtifact>, a: RenderArtifact): void {
    if (this.artifacts.get(hash) !== pending || this.sizes.has(hash)) return;
    const bytes = a.svg.length + a.png.length;
    this.sizes.set(hash, bytes);
    this.held += bytes;
    for (const old of this.artifacts.keys()) {
      if (this.held <= this.memoryBytes) break;
      // A render in progress and the newest stay; the disk cache gives the others back (without
      // one, Graphviz draws them again).
      if (old !== hash && this.sizes.has(old)) this.drop(old);
    }
  }

  /** Lets a render leave memory (the disk cache, if any, still has it). */
  private drop(hash: string): void {
    this.artifacts.delete(hash);
    this.held -= this.sizes.get(hash) ?? 0;
    this.sizes.delete(hash);
    for (const known of this.byId.values()) if (known.info.hash === hash) delete known.rendered;
  }

  private async produce(source: DiagramSource, hash: string, styled?: string): Promise<RenderArtifact> {
    const fromDisk = await this.readDisk(hash);
    if (fromDisk) {
      this.stats.diskHits++;
      return fromDisk;
    }
    this.stats.graphvizRenders++;
    const styledDot = styled ?? (await styleSource(source)).dot;
    const artifact = await this.rasterise({ source, styledDot, pngWidth: this.pngWidth });
    if (this.cacheDir) {
      // A cache: it can be rebuilt, so no fsync. The layout facts go last: a render is on disk
      // once its JSON is.
      const file = (ext: string): string => join(this.cacheDir ?? '', `${hash}.${ext}`);
      await writeAtomic(file('svg'), artifact.svg, { durable: false });
      await writeAtomic(file('png'), artifact.png, { durable: false });
      const facts: DiskFacts = { phoneLabelPx: finite(artifact.phoneLabelPx) };
      await writeAtomic(file('json'), JSON.stringify(facts), { durable: false });
    }
    return artifact;
  }

  /** The layout facts of a render on disk (its label size), or undefined when it is not there. */
  private async readFacts(hash: string): Promise<number | undefined> {
    if (!this.cacheDir) return undefined;
    const file = (ext: string): string => join(this.cacheDir ?? '', `${hash}.${ext}`);
    try {
      const facts = JSON.parse(await readFile(file('json'), 'utf8')) as DiskFacts;
      await Promise.all([stat(file('svg')), stat(file('png'))]);
      return facts.phoneLabelPx ?? Infinity;
    } catch {
      return undefined; // absent, partial or from before the layout facts: render again
    }
  }

  private async readDisk(hash: string): Promise<RenderArtifact | undefined> {
    if (!this.cacheDir) return undefined;
    const file = (ext: string): string => join(this.cacheDir ?? '', `${hash}.${ext}`);
    try {
      const facts = JSON.parse(await readFile(file('json'), 'utf8')) as DiskFacts;
      const [svg, png] = await Promise.all([readFile(file('svg'), 'utf8'), readFile(file('png'))]);
      return { svg, png, phoneLabelPx: facts.phoneLabelPx ?? Infinity };
    } catch {
      return undefined; // absent, partial or from before the layout facts: render again
    }
  }
}

/** `work` for each source in turn; a failure becomes a Problem and does not stop the others. */
async function eachSource<T>(
  sources: Iterable<DiagramSource>,
  work: (source: DiagramSource) => Promise<T>,
): Promise<{ done: T[]; problems: Problem[] }> {
  const done: T[] = [];
  const problems: Problem[] = [];
  for (const source of sources) {
    try {
      done.push(await work(source));
    } catch (e) {
      problems.push(toProblem(source, e));
    }
  }
  return { done, problems };
}

/** `<hash>.json` beside a cached render (JSON has no Infinity: null stands for it). */
interface DiskFacts {
  phoneLabelPx: number | null;
}
const finite = (n: number): number | null => (Number.isFinite(n) ? n : null);

/** A Problem for any render failure (unexpected errors included). */
export function toProblem(source: DiagramSource, e: unknown): Problem {
  if (e instanceof DiagramRenderError) return e.problem;
  return errorProblem(source, e instanceof Error ? e.message : String(e));
}
