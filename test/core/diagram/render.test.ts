import { describe, expect, it } from 'vitest';
import { renderPng, renderSvg, styleDot, fontFiles } from '../../../src/core/diagram/index.js';
import { EDGE_STYLES } from '../../../src/core/diagram/roles.js';
import { existsSync } from 'node:fs';
import { fixture, pngSize, PNG_SIGNATURE, README_DOT } from './helpers.js';

describe('renderSvg / renderPng', () => {
  it('renders a sample DOT to valid SVG using only DejaVu Sans (browsers: a sans-serif fallback)', async () => {
    const svg = await renderSvg(styleDot(fixture('sample').dot));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const families = new Set([...svg.matchAll(/font-family="([^"]*)"/g)].map((m) => m[1]));
    expect(families).toEqual(new Set(['DejaVu Sans, Verdana, sans-serif']));
    expect(svg).toContain('Legend');
  });

  it('draws FXS and FXO in different colours and the wrong edge red and dashed', async () => {
    const svg = await renderSvg(styleDot(fixture('sample').dot));
    const fxs = EDGE_STYLES.fxs.attrs.color!.toLowerCase();
    const fxo = EDGE_STYLES.fxo.attrs.color!.toLowerCase();
    expect(fxs).not.toBe(fxo);
    expect(svg).toContain(`stroke="${fxs}"`);
    expect(svg).toContain(`stroke="${fxo}"`);
    expect(svg).toMatch(/<path[^>]*stroke="#d62728"[^>]*stroke-dasharray/);
    expect(svg).toContain('✗');
  });

  it('renders PNG at the requested width', async () => {
    const svg = await renderSvg(styleDot(README_DOT));
    for (const width of [1200, 400]) {
      const png = renderPng(svg, width);
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(pngSize(png).width).toBe(width);
    }
    expect(() => renderPng(svg, 0)).toThrow(RangeError);
  });

  it('is deterministic and uses the shipped fonts', async () => {
    for (const f of fontFiles()) expect(existsSync(f)).toBe(true);
    const svg = await renderSvg(styleDot(README_DOT));
    expect(renderPng(svg, 600).equals(renderPng(svg, 600))).toBe(true);
    expect(await renderSvg(styleDot(README_DOT))).toBe(svg);
  });

  it('reports Graphviz syntax errors with the line', async () => {
    await expect(renderSvg('digraph {\n a -> ;\n}')).rejects.toMatchObject({
      name: 'GraphvizError',
      line: 2,
    });
    // Graphviz recovers after an error.
    expect(await renderSvg('digraph { a }')).toContain('</svg>');
  });
});
