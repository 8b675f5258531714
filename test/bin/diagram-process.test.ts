import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DiagramProcess } from '../../src/bin/diagram-process.js';
import { DiagramRenderError, DiagramRenderer, rasterise } from '../../src/core/diagram/renderer.js';
import { styleDot } from '../../src/core/diagram/style.js';
import { README_DOT, source } from '../core/diagram/helpers.js';

/** The compiled child (`npm test` builds before it runs the tests). */
const CHILD = fileURLToPath(new URL('../../dist/bin/diagram-child.js', import.meta.url));

const job = (id: string, dot: string, pngWidth = 600) => ({
  source: source(id, dot),
  styledDot: styleDot(dot),
  pngWidth,
});
const variant = (k: number): string => README_DOT.replace('"Router"', `"Router ${k}"`);
const exited = (p: DiagramProcess): Promise<void> =>
  new Promise((done) => {
    const poll = setInterval(() => {
      if ((p as unknown as { live: Set<unknown> }).live.size === 0) {
        clearInterval(poll);
        done();
      }
    }, 20);
  });

let drawing: DiagramProcess | undefined;
afterEach(() => drawing?.close());

describe.skipIf(!existsSync(CHILD))('diagrams drawn in a child process', () => {
  it('gives the same SVG, PNG bytes and label size as drawing in this process', async () => {
    drawing = new DiagramProcess({ file: CHILD });
    const [there, here] = await Promise.all([
      drawing.rasterise(job('a', README_DOT)),
      rasterise(job('a', README_DOT)),
    ]);
    expect(Buffer.isBuffer(there.png)).toBe(true);
    expect(there.png.equals(here.png)).toBe(true);
    expect(there.svg).toBe(here.svg);
    expect(there.phoneLabelPx).toBe(here.phoneLabelPx);
    expect(drawing.started).toBe(1);
  });

  it("brings Graphviz's error back as a DiagramRenderError naming the file and line", async () => {
    drawing = new DiagramProcess({ file: CHILD });
    const bad = { ...job('bad', README_DOT), styledDot: 'digraph {\n  a -> \n}\n' };
    const err = await drawing.rasterise(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiagramRenderError);
    expect((err as DiagramRenderError).problem).toMatchObject({
      file: 'knowledge/diagrams/bad.dot',
      field: 'dot',
      line: 3,
    });
    // The child survives a bad drawing.
    await expect(drawing.rasterise(job('a', README_DOT))).resolves.toMatchObject({ svg: expect.any(String) });
    expect(drawing.started).toBe(1);
  });

  it('starts a fresh child after maxJobs drawings and lets every child go when idle', async () => {
    drawing = new DiagramProcess({ file: CHILD, maxJobs: 2, idleMs: 50 });
    const renderer = new DiagramRenderer({ rasterise: drawing.rasterise });
    const { results, problems } = await renderer.renderAll(
      [1, 2, 3, 4, 5].map((k) => source(`d${k}`, variant(k))),
    );
    expect(problems).toEqual([]);
    expect(results).toHaveLength(5);
    expect(drawing.started).toBe(3);
    await exited(drawing); // each child exits on its own: nothing left holding memory
  });

  it('ends a child that does not answer in time, failing its drawing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dialtone-stuck-'));
    const stuck = path.join(dir, 'stuck.mjs');
    await writeFile(
      stuck,
      "process.on('message', () => {}); process.on('disconnect', () => process.exit(0));\n",
    );
    try {
      drawing = new DiagramProcess({ file: stuck, timeoutMs: 300 });
      await expect(drawing.rasterise(job('a', README_DOT))).rejects.toThrow(
        /diagram renderer exited \(SIGKILL\)/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails the drawings of a child that dies and draws the next one in a new child', async () => {
    drawing = new DiagramProcess({ file: CHILD });
    const pending = drawing.rasterise(job('a', README_DOT));
    drawing.close(); // kills the child mid-drawing
    await expect(pending).rejects.toThrow(/diagram renderer exited/);
    await expect(drawing.rasterise(job('b', variant(2)))).resolves.toMatchObject({ svg: expect.any(String) });
    expect(drawing.started).toBe(2);
  });
});
