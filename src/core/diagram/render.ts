/**
 * Graphviz (WASM) → SVG and resvg → PNG, using only the DejaVu fonts shipped in
 * `dejavu-fonts-ttf` so output is identical on every machine.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Graphviz } from '@hpcc-js/wasm-graphviz';
import type { Resvg } from '@resvg/resvg-js';
import { FONT_FAMILY } from './roles.js';

/*
 * Graphviz and resvg load on first use (~10 MB of code and native library): a process that only
 * reads rendered diagrams from the cache (the bot, which draws in a child process) never loads them.
 */
const loadGraphviz = async (): Promise<Graphviz> => (await import('@hpcc-js/wasm-graphviz')).Graphviz.load();
let ResvgClass: typeof Resvg | undefined;
const resvgClass = (): typeof Resvg =>
  (ResvgClass ??= (createRequire(import.meta.url)('@resvg/resvg-js') as { Resvg: typeof Resvg }).Resvg);

/** Default PNG width: crisp when Discord scales the preview down to ~400 px. */
export const DEFAULT_PNG_WIDTH = 1200;

/** Bump when styling or rendering changes so cached renders are invalidated. */
export const RENDERER_VERSION = 'dialtone-diagram/2';

/**
 * The phone rule: the PNG (Discord's attachment, the web page on narrow screens) shown
 * {@link PHONE_WIDTH_PX} CSS px wide (a phone's text column; Discord's is wider) must keep its
 * smallest label at {@link MIN_LABEL_PX} or more.
 */
export const PHONE_WIDTH_PX = 320;
export const MIN_LABEL_PX = 10;

/**
 * Height in CSS px of the smallest label of a Graphviz SVG when the whole drawing is shown
 * `displayWidthPx` wide (font sizes and the `width` are both in points).
 */
export function labelPx(svg: string, displayWidthPx: number): number {
  const width = Number(/<svg[^>]*\bwidth="([\d.]+)pt"/.exec(svg)?.[1]);
  const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
  // A graph `size` or `ratio` scales the drawing with a transform on the top group.
  const scale = Number(/<g id="graph0"[^>]*transform="scale\(([\d.]+)/.exec(svg)?.[1] ?? 1);
  if (!width || sizes.length === 0) return Infinity;
  return (Math.min(...sizes) * scale * displayWidthPx) / width;
}

/** An error reported by Graphviz for a DOT source. */
export class GraphvizError extends Error {
  constructor(
    message: string,
    /** 1-based line from Graphviz's message, when it gave one. */
    readonly line?: number,
  ) {
    super(message);
    this.name = 'GraphvizError';
  }
}

let fontFilesCache: string[] | undefined;
let toolchainCache: string | undefined;

/**
 * Renderer version plus the installed Graphviz-WASM and resvg package versions (read from
 * their package.json, without loading the WASM): part of every cache key.
 */
export function toolchainVersion(): string {
  if (!toolchainCache) {
    const require = createRequire(import.meta.url);
    const versionOf = (pkgJson: string): string => {
      try {
        return (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version?: string }).version ?? '?';
      } catch {
        return '?';
      }
    };
    // @hpcc-js/wasm-graphviz does not export its package.json; it sits one level above dist/.
    const gv = versionOf(join(dirname(require.resolve('@hpcc-js/wasm-graphviz')), '..', 'package.json'));
    const resvg = versionOf(require.resolve('@resvg/resvg-js/package.json'));
    toolchainCache = `${RENDERER_VERSION} graphviz-wasm/${gv} resvg/${resvg}`;
  }
  return toolchainCache;
}

/** Absolute paths of the shipped DejaVu Sans TTF files (regular, bold, oblique, bold oblique). */
export function fontFiles(): string[] {
  if (!fontFilesCache) {
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fontFilesCache = [
      'DejaVuSans.ttf',
      'DejaVuSans-Bold.ttf',
      'DejaVuSans-Oblique.ttf',
      'DejaVuSans-BoldOblique.ttf',
    ].map((f) => join(dir, f));
  }
  return fontFilesCache;
}

/** Graphviz's own version string (part of the cache key). */
export async function graphvizVersion(): Promise<string> {
  return (await loadGraphviz()).version();
}

/**
 * Lay out DOT (already styled) with Graphviz `dot` and return SVG. Font families in the
 * output are normalised to {@link SVG_FONTS} and the XML prologue is dropped, so the result
 * starts with `<svg`.
 * @throws GraphvizError with Graphviz's message (and line, when given).
 */
export async function renderSvg(dot: string): Promise<string> {
  // Graphviz unloads its WASM instance after an error; load() hands back a fresh one then.
  const gv = await loadGraphviz();
  let svg: string;
  try {
    svg = gv.dot(dot, 'svg');
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).trim();
    throw new GraphvizError(message || 'Graphviz failed', lineOf(message));
  }
  if (!svg) throw new GraphvizError('Graphviz produced no output (empty DOT?)');
  return normaliseSvg(svg);
}

/** Extract `line N` from a Graphviz message. */
export function lineOf(message: string): number | undefined {
  const m = /\bline (\d+)/i.exec(message);
  return m ? Number(m[1]) : undefined;
}

/**
 * The SVG's font list: resvg finds the shipped DejaVu Sans; a browser showing the SVG without it
 * falls back to Verdana (near-identical metrics) or its own sans-serif, never to a serif face.
 */
export const SVG_FONTS = `${FONT_FAMILY}, Verdana, sans-serif`;

function normaliseSvg(svg: string): string {
  const start = svg.indexOf('<svg');
  return (start > 0 ? svg.slice(start) : svg)
    .replace(/font-family="[^"]*"/g, `font-family="${SVG_FONTS}"`)
    .replace(/\n+$/, '\n');
}

/**
 * Rasterise SVG to PNG at `widthPx` wide (height keeps the aspect ratio) on a white
 * background, with system fonts disabled.
 */
export function renderPng(svg: string, widthPx: number = DEFAULT_PNG_WIDTH): Buffer {
  if (!Number.isInteger(widthPx) || widthPx < 16 || widthPx > 8192) {
    throw new RangeError(`PNG width must be an integer in 16..8192, got ${widthPx}`);
  }
  const resvg = new (resvgClass())(svg, {
    font: {
      fontFiles: fontFiles(),
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
      serifFamily: FONT_FAMILY,
      monospaceFamily: FONT_FAMILY,
    },
    fitTo: { mode: 'width', value: widthPx },
    background: 'white',
    shapeRendering: 2,
    textRendering: 1,
    logLevel: 'off',
  });
  return resvg.render().asPng();
}
