import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDiagrams, DiagramRenderer, exportDiagrams } from '../../../src/core/diagram/index.js';
import { fixture, pngSize, PNG_SIGNATURE, README_DOT, source } from './helpers.js';

const dirs: string[] = [];
const tempDir = async (): Promise<string> => {
  const d = await mkdtemp(join(tmpdir(), 'dialtone-diagram-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const BROKEN = 'digraph broken {\n  a [role=phone]\n  a -> [role=fxs]\n}\n';

describe('DiagramRenderer', () => {
  it('renders SVG and PNG at the configured width', async () => {
    const r = new DiagramRenderer({ pngWidth: 800 });
    const out = await r.render(fixture('sample'));
    expect(out.id).toBe('sample');
    expect(out.svg).toContain('</svg>');
    expect(out.png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(out.png).width).toBe(800);
    expect(out.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.get('sample')).toBe(out);
    expect(r.get('nope')).toBeUndefined();
  });

  it('serves a second render from the cache and re-renders a changed DOT', async () => {
    const r = new DiagramRenderer();
    const first = await r.render(source('readme', README_DOT));
    const again = await r.render(source('readme', README_DOT));
    expect(r.stats).toEqual({ graphvizRenders: 1, memoryHits: 1, diskHits: 0 });
    expect(again.hash).toBe(first.hash);
    expect(again.png).toBe(first.png);
    const changed = await r.render(source('readme', README_DOT.replace('"Router"', '"Home router"')));
    expect(changed.hash).not.toBe(first.hash);
    expect(r.stats.graphvizRenders).toBe(2);
    expect(r.get('readme')?.hash).toBe(changed.hash);
  });

  it('renders concurrent requests for the same DOT once', async () => {
    const r = new DiagramRenderer();
    const [a, b] = await Promise.all([r.render(source('a', README_DOT)), r.render(source('b', README_DOT))]);
    expect(a.hash).toBe(b.hash);
    expect(r.stats.graphvizRenders).toBe(1);
    expect(r.get('a')?.id).toBe('a');
    expect(r.get('b')?.id).toBe('b');
  });

  it('hash depends on the PNG width', async () => {
    const a = await new DiagramRenderer({ pngWidth: 600 }).render(source('x', README_DOT));
    const b = await new DiagramRenderer({ pngWidth: 700 }).render(source('x', README_DOT));
    expect(a.hash).not.toBe(b.hash);
  });

  it('writes the disk cache atomically and reuses it from a new renderer', async () => {
    const dir = await tempDir();
    const r1 = new DiagramRenderer({ cacheDir: dir });
    const out = await r1.render(source('readme', README_DOT));
    const files = (await readdir(dir)).sort();
    expect(files).toEqual([`${out.hash}.png`, `${out.hash}.svg`]);
    expect(files.some((f) => f.includes('.tmp'))).toBe(false);

    const r2 = new DiagramRenderer({ cacheDir: dir });
    const cached = await r2.render(source('readme', README_DOT));
    expect(r2.stats).toEqual({ graphvizRenders: 0, memoryHits: 0, diskHits: 1 });
    expect(cached.svg).toBe(out.svg);
    expect(cached.png.equals(out.png)).toBe(true);
  });

  it('pruneDisk removes cached files no current diagram uses, and nothing else', async () => {
    const dir = await tempDir();
    const old = await new DiagramRenderer({ cacheDir: dir }).render(source('readme', README_DOT));
    const stale = 'a'.repeat(64);
    await writeFile(join(dir, `${stale}.svg`), '<svg/>');
    await writeFile(join(dir, `${stale}.png.123456`), 'partial');
    await writeFile(join(dir, 'notes.txt'), 'not ours');
    const r = new DiagramRenderer({ cacheDir: dir });
    const edited = await r.render(source('readme', README_DOT.replace('}', '  extra [role=phone]\n}')));
    expect(edited.hash).not.toBe(old.hash);
    expect(await r.pruneDisk()).toBe(4);
    expect((await readdir(dir)).sort()).toEqual([`${edited.hash}.png`, `${edited.hash}.svg`, 'notes.txt']);
  });

  it('renderAll reports a broken DOT with its file and line and keeps going', async () => {
    const r = new DiagramRenderer();
    const { results, problems } = await r.renderAll([
      source('good1', README_DOT),
      source('broken', BROKEN),
      source('role', 'digraph {\n a [role=toaster]\n}'),
      fixture('all-roles'),
    ]);
    expect(results.map((x) => x.id)).toEqual(['good1', 'all-roles']);
    expect(problems).toEqual([
      {
        severity: 'error',
        file: 'knowledge/diagrams/broken.dot',
        line: 3,
        field: 'dot',
        message: expect.stringMatching(/^Graphviz: syntax error in line 3/),
      },
      {
        severity: 'error',
        file: 'knowledge/diagrams/role.dot',
        line: 2,
        field: 'dot',
        message: expect.stringMatching(/unknown node role 'toaster'/),
      },
    ]);
  });
});

describe('checkDiagrams', () => {
  it('reports syntax errors and unknown roles, nothing for good diagrams', async () => {
    const problems = await checkDiagrams([
      source('ok', README_DOT),
      source('broken', BROKEN),
      source('edge', 'digraph { a -> b [role=ethernet] }'),
    ]);
    expect(problems.map((p) => [p.file, p.severity, p.field])).toEqual([
      ['knowledge/diagrams/broken.dot', 'error', 'dot'],
      ['knowledge/diagrams/edge.dot', 'error', 'dot'],
    ]);
    expect(problems[0]!.message).toContain('syntax error');
    expect(problems[1]!.message).toMatch(/unknown edge role 'ethernet'/);
  });

  it('warns about hand-set colours', async () => {
    const problems = await checkDiagrams([source('c', 'digraph {\n a [role=phone color=red]\n}')]);
    expect(problems).toEqual([expect.objectContaining({ severity: 'warning', line: 2, field: 'dot' })]);
  });
});

describe('exportDiagrams', () => {
  it('writes <id>.svg and <id>.png and reports failures', async () => {
    const dir = join(await tempDir(), 'out');
    const { written, problems } = await exportDiagrams(
      [source('readme', README_DOT), source('broken', BROKEN), source('../evil', README_DOT)],
      dir,
    );
    expect(written).toEqual([join(dir, 'readme.svg'), join(dir, 'readme.png')]);
    expect((await readdir(dir)).sort()).toEqual(['readme.png', 'readme.svg']);
    expect(problems.map((p) => p.file)).toEqual([
      'knowledge/diagrams/../evil.dot',
      'knowledge/diagrams/broken.dot',
    ]);
  });
});
