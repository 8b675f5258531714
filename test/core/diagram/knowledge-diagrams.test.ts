import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagramRenderer } from '../../../src/core/diagram/index.js';
import { errorsOf, formatProblem } from '../../../src/core/knowledge/problems.js';
import type { DiagramSource } from '../../../src/core/knowledge/schema.js';
import { pngSize, PNG_SIGNATURE, REPO_ROOT } from './helpers.js';

/** Every knowledge/diagrams/*.dot in the repo (the set may be empty or growing). */
function repoDiagrams(): DiagramSource[] {
  const dir = join(REPO_ROOT, 'knowledge', 'diagrams');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.dot'))
    .sort()
    .map((f) => ({
      id: f.slice(0, -4),
      file: `knowledge/diagrams/${f}`,
      dot: readFileSync(join(dir, f), 'utf8'),
    }));
}

describe('knowledge/diagrams', () => {
  it('renders every diagram in the repo to SVG + PNG without errors', { timeout: 120_000 }, async () => {
    const sources = repoDiagrams();
    const renderer = new DiagramRenderer({ pngWidth: 1200 });
    const { results, problems } = await renderer.renderAll(sources);
    expect(errorsOf(problems).map(formatProblem)).toEqual([]);
    expect(results).toHaveLength(sources.length);
    for (const r of results) {
      expect(r.svg).toContain('</svg>');
      expect(r.png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(pngSize(r.png).width).toBe(1200);
    }
  });
});
