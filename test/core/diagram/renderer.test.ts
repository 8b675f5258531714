import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkDiagrams,
  DiagramRenderer,
  exportDiagrams,
  labelPx,
  MIN_LABEL_PX,
  phoneLayout,
} from '../../../src/core/diagram/index.js';
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
    expect(r.get('sample')).toEqual({ id: 'sample', hash: out.hash, phoneLabelPx: out.phoneLabelPx });
    expect(r.get('nope')).toBeUndefined();
  });

  it('serves a second render from the cache and re-renders a changed DOT', async () => {
    const r = new DiagramRenderer();
    const first = await r.render(source('readme', README_DOT));
    const again = await r.render(source('readme', README_DOT));
    expect(r.stats).toEqual({ graphvizRenders: 1, memoryHits: 1, diskHits: 0 });
    expect(again.hash).toBe(first.hash);
    expect(again.png).toBe(first.png);
    // The same DOT for the same id is served as it is: no styling, no hashing (a cached diagram ≤ 1 ms).
    expect(again).toBe(first);
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
    expect(files).toEqual([`${out.hash}.json`, `${out.hash}.png`, `${out.hash}.svg`]);
    expect(files.some((f) => f.includes('.tmp'))).toBe(false);

    const r2 = new DiagramRenderer({ cacheDir: dir });
    const cached = await r2.render(source('readme', README_DOT));
    expect(r2.stats).toEqual({ graphvizRenders: 0, memoryHits: 0, diskHits: 1 });
    expect(cached.svg).toBe(out.svg);
    expect(cached.png.equals(out.png)).toBe(true);
    // The phone layout's label size comes back with it: no Graphviz run to find it again.
    expect(cached.phoneLabelPx).toBe(out.phoneLabelPx);
    expect(out.phoneLabelPx).toBeGreaterThan(0);
  });

  it('renders again when the layout facts beside a cached PNG are missing (a cache from before them)', async () => {
    const dir = await tempDir();
    const out = await new DiagramRenderer({ cacheDir: dir }).render(source('readme', README_DOT));
    await rm(join(dir, `${out.hash}.json`));
    const r = new DiagramRenderer({ cacheDir: dir });
    const again = await r.render(source('readme', README_DOT));
    expect(r.stats.graphvizRenders).toBe(1);
    expect(again.phoneLabelPx).toBe(out.phoneLabelPx);
  });

  it('runs Graphviz and resvg through the rasterise option on a miss, and not on a hit', async () => {
    const jobs: string[] = [];
    const r = new DiagramRenderer({
      rasterise: async (job) => {
        jobs.push(job.source.id);
        return { svg: '<svg/>', png: Buffer.from('png'), phoneLabelPx: 12 };
      },
    });
    const first = await r.render(source('readme', README_DOT));
    await r.render(source('readme', README_DOT));
    expect(jobs).toEqual(['readme']);
    expect(first).toMatchObject({ svg: '<svg/>', phoneLabelPx: 12 });
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
    expect(await r.pruneDisk()).toBe(5);
    expect((await readdir(dir)).sort()).toEqual([
      `${edited.hash}.json`,
      `${edited.hash}.png`,
      `${edited.hash}.svg`,
      'notes.txt',
    ]);
  });

  it('keeps only the most recently used renders in memory and reads the others back from disk', async () => {
    const dir = await tempDir();
    const dots = ['"Router"', '"Home router"', '"Office router"'].map((label, i) =>
      source(`d${i}`, README_DOT.replace('"Router"', label)),
    );
    const warm = new DiagramRenderer({ cacheDir: dir });
    const first = await Promise.all(dots.map((d) => warm.render(d)));
    const one = Math.max(...first.map((f) => f.svg.length + f.png.length));
    // Room for about one render: each new one pushes the older out.
    const r = new DiagramRenderer({ cacheDir: dir, memoryBytes: one });
    for (const d of dots) await r.render(d);
    expect(r.stats).toEqual({ graphvizRenders: 0, memoryHits: 0, diskHits: 3 });
    expect(r.heldBytes).toBeLessThanOrEqual(one);
    const again = await r.render(dots[0]!);
    expect(r.stats).toEqual({ graphvizRenders: 0, memoryHits: 0, diskHits: 4 });
    expect(again.png.equals(first[0]!.png)).toBe(true);
    expect(again.svg).toBe(first[0]!.svg);
    // The newest is served from memory as it is.
    expect(await r.render(dots[0]!)).toBe(again);
    expect(r.stats.memoryHits).toBe(1);
  });

  it('draws a render that left memory again when there is no disk cache', async () => {
    const r = new DiagramRenderer({ memoryBytes: 0 });
    const a = await r.render(source('a', README_DOT));
    await r.render(source('b', README_DOT.replace('"Router"', '"Home router"')));
    const again = await r.render(source('a', README_DOT));
    expect(r.stats.graphvizRenders).toBe(3);
    expect(again.png.equals(a.png)).toBe(true);
  });

  it('refuses a PNG width or a memory budget it cannot use, naming the option', () => {
    expect(() => new DiagramRenderer({ pngWidth: 4 })).toThrow(
      /pngWidth must be an integer in 16\.\.8192, got 4/,
    );
    expect(() => new DiagramRenderer({ memoryBytes: -1 })).toThrow(/memoryBytes must be 0 or more, got -1/);
    expect(() => new DiagramRenderer({ memoryBytes: Number.NaN })).toThrow(/memoryBytes/);
  });

  it('prepareAll finds renders already on disk without reading them, and renders the rest', async () => {
    const dir = await tempDir();
    const cached = await new DiagramRenderer({ cacheDir: dir }).render(source('old', README_DOT));
    const r = new DiagramRenderer({ cacheDir: dir });
    const fresh = source('new', README_DOT.replace('"Router"', '"Home router"'));
    const { ready, problems } = await r.prepareAll([
      source('old', README_DOT),
      fresh,
      source('broken', BROKEN),
    ]);
    expect(problems.map((p) => p.file)).toEqual(['knowledge/diagrams/broken.dot']);
    expect(ready.map((d) => d.id)).toEqual(['old', 'new']);
    expect(ready[0]).toEqual({ id: 'old', hash: cached.hash, phoneLabelPx: cached.phoneLabelPx });
    expect(r.stats).toEqual({ graphvizRenders: 1, memoryHits: 0, diskHits: 0 });
    expect(r.get('old')?.hash).toBe(cached.hash);
    // Asked for, it comes from the disk, the same bytes; pruning keeps every prepared render.
    const served = await r.render(source('old', README_DOT));
    expect(r.stats.diskHits).toBe(1);
    expect(served.png.equals(cached.png)).toBe(true);
    expect(await r.pruneDisk()).toBe(0);
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

/** A chain of `n` devices, left to right as authors write them. */
const chain = (n: number): string => {
  const roles = ['phone', 'ata', 'router', 'internet', 'provider', 'pbx', 'gateway', 'pstn'];
  const edges = ['fxs', 'lan', 'internet', 'trunk', 'trunk', 'trunk', 'fxo'];
  const lines = ['digraph chain {', '  rankdir=LR;'];
  for (let i = 0; i < n; i++) lines.push(`  n${i} [role=${roles[i]} label="Device number ${i + 1}"];`);
  for (let i = 1; i < n; i++) lines.push(`  n${i - 1} -> n${i} [role=${edges[i - 1]} label="cable ${i}"];`);
  return `${lines.join('\n')}\n}\n`;
};
/** Width / height of an SVG in points. */
const ratio = (svg: string): number => {
  const [, w, h] = /width="([\d.]+)pt" height="([\d.]+)pt"/.exec(svg)!.map(Number);
  return w! / h!;
};

describe('the PNG rule (Discord, phones)', () => {
  it('draws a long chain top to bottom so its labels stay readable 360 px wide', async () => {
    const r = new DiagramRenderer();
    const out = await r.render(source('long', chain(7)));
    expect(labelPx(out.svg, 360)).toBeLessThan(MIN_LABEL_PX); // the wide layout would be unreadable
    const phone = await phoneLayout(chain(7), out.svg);
    expect(phone.narrow).toBe(true);
    expect(labelPx(phone.svg, 360)).toBeGreaterThanOrEqual(MIN_LABEL_PX);
    // The PNG is that drawing: taller than wide, unlike the SVG.
    const { width, height } = pngSize(out.png);
    expect(width).toBe(1200);
    expect(width / height).toBeCloseTo(ratio(phone.svg), 2);
    expect(ratio(out.svg)).toBeGreaterThan(1);
  });

  it('keeps a short diagram left to right', async () => {
    const dot = 'digraph { a [role=phone label="Phone"]; b [role=ata label="ATA"]; a -> b [role=fxs] }';
    const out = await new DiagramRenderer().render(source('short', dot));
    const phone = await phoneLayout(dot, out.svg);
    expect(phone.narrow).toBe(false);
    expect(phone.svg).toBe(out.svg);
    expect(labelPx(out.svg, 360)).toBeGreaterThanOrEqual(MIN_LABEL_PX);
    expect(pngSize(out.png).width / pngSize(out.png).height).toBeCloseTo(ratio(out.svg), 2);
  });

  it('measures labels with the drawing scaled by a graph size', async () => {
    const out = await new DiagramRenderer().render(
      source('sized', `${chain(3).replace('rankdir=LR;', 'rankdir=LR; size="2,2";')}`),
    );
    const svg = out.svg;
    const fonts = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
    const [, w] = /width="([\d.]+)pt"/.exec(svg)!.map(Number);
    expect(labelPx(svg, 360)).toBeLessThan((Math.min(...fonts) * 360) / w!);
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

  it('warns about a diagram too wide for a phone even top to bottom', async () => {
    // One unbreakable 90-character label is wide in any direction.
    const wide = `digraph {\n a [role=phone label="${'x'.repeat(90)}"]\n b [role=ata]\n a -> b [role=fxs]\n}`;
    const problems = await checkDiagrams([source('wide', wide), source('ok', README_DOT)]);
    expect(problems).toEqual([
      expect.objectContaining({ severity: 'warning', file: 'knowledge/diagrams/wide.dot', field: 'dot' }),
    ]);
    expect(problems[0]!.message).toMatch(/too wide for a phone: labels [\d.]+ px at 320 px/);
  });

  it('names the line of DOT that Graphviz accepts but the styler cannot read', async () => {
    const problems = await checkDiagrams([
      source('concat', 'digraph {\n a [role=phone]\n b [label="x" + "y"]\n}'),
    ]);
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'knowledge/diagrams/concat.dot',
        line: 3,
        field: 'dot',
      }),
    ]);
    expect(problems[0]!.message).toMatch(
      /^DOT the diagram styler cannot read \(Graphviz can\): .*"\+" found/,
    );
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
