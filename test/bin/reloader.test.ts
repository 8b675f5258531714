import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  describeChanges,
  KnowledgeReloader,
  type ReloadReport,
  type ReloaderOptions,
} from '../../src/bin/reloader.js';
import { Engine } from '../../src/core/engine.js';
import { OverlayStore } from '../../src/core/knowledge/overlay.js';
import type { Problem } from '../../src/core/knowledge/problems.js';
import { device, FXO_TOPIC, topic, writeKb } from '../support/tmp-kb.js';

const FXO = FXO_TOPIC;

const reloaders: KnowledgeReloader[] = [];
function reloader(dirs: string[], extra: Partial<ReloaderOptions> = {}) {
  const swaps: ReloadReport[] = [];
  const rejections: Problem[][] = [];
  const r = new KnowledgeReloader({
    dirs,
    build: (load) => new Engine(load.kb),
    onSwap: (_engine, report) => swaps.push(report),
    onRejected: (errors) => rejections.push(errors),
    debounceMs: 100,
    ...extra,
  });
  reloaders.push(r);
  return { r, swaps, rejections };
}
afterEach(async () => {
  await Promise.all(reloaders.splice(0).map((r) => r.close()));
});

async function until(check: () => boolean, ms = 4000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('KnowledgeReloader', () => {
  it('has no engine before the first reload, then reports everything as added', async () => {
    const root = await writeKb({ 'topics/basics/fxs.md': topic(), 'devices/linksys-pap2t.yaml': device() });
    const { r, swaps } = reloader([root]);
    expect(() => r.current()).toThrow(/reload/);
    const report = await r.reload();
    expect(report).toMatchObject({
      ok: true,
      errors: [],
      changed: { added: ['fxs', 'linksys-pap2t'], removed: [], modified: [] },
    });
    expect(r.current().entry('fxs')).toBeDefined();
    expect(swaps).toHaveLength(1);
  });

  it('lists added, removed and modified entries, and does not swap when nothing changed', async () => {
    const root = await writeKb({ 'topics/basics/fxs.md': topic(), 'devices/linksys-pap2t.yaml': device() });
    const { r, swaps } = reloader([root]);
    await r.reload();
    const first = r.current();
    expect((await r.reload()).changed).toEqual({ added: [], removed: [], modified: [] });
    expect(r.current()).toBe(first);
    expect(swaps).toHaveLength(1);

    await writeFile(path.join(root, 'topics/basics/fxo.md'), FXO);
    await rm(path.join(root, 'devices/linksys-pap2t.yaml'));
    await writeFile(path.join(root, 'topics/basics/fxs.md'), topic({}, 'A new body.'));
    const report = await r.reload();
    expect(report).toMatchObject({
      ok: true,
      changed: { added: ['fxo'], removed: ['linksys-pap2t'], modified: ['fxs'] },
    });
    expect(r.current()).not.toBe(first);
    expect(r.current().kb.topics.get('fxs')?.body).toBe('A new body.');
    expect(swaps).toHaveLength(2);
  });

  it('keeps the last good engine when a reload has errors, reporting file:line', async () => {
    const root = await writeKb({ 'topics/basics/fxs.md': topic() });
    const { r, rejections, swaps } = reloader([root]);
    await r.reload();
    const good = r.current();
    const file = path.join(root, 'topics/basics/fxs.md');
    await writeFile(file, topic({ sources: 'sources:\n  - not a url' }));
    const report = await r.reload();
    expect(report.ok).toBe(false);
    expect(report.changed).toEqual({ added: [], removed: [], modified: [] });
    expect(report.errors).toContainEqual(expect.objectContaining({ file, line: 12, field: 'sources.0' }));
    expect(rejections).toEqual([report.errors]);
    expect(r.current()).toBe(good);
    expect(swaps).toHaveLength(1);
  });

  it('rejects a first load with errors and still has no engine', async () => {
    const root = await writeKb({ 'topics/basics/fxs.md': '---\ntitle: [\n---\n' });
    const { r } = reloader([root]);
    const report = await r.reload();
    expect(report.ok).toBe(false);
    expect(report.errors[0]).toMatchObject({
      file: path.join(root, 'topics/basics/fxs.md'),
      line: expect.any(Number),
    });
    expect(() => r.current()).toThrow();
  });

  it('can start from a first load with errors, leaving out what failed, and then keeps it on a bad reload', async () => {
    const root = await writeKb({
      'topics/basics/fxs.md': topic(),
      'topics/basics/broken.md': '---\ntitle: [\n---\n',
    });
    const r = new KnowledgeReloader({
      dirs: [root],
      build: (load) => new Engine(load.kb),
      startDespiteErrors: true,
    });
    const first = await r.reload();
    expect(first.ok).toBe(true);
    expect(first.errors[0]?.file).toBe(path.join(root, 'topics/basics/broken.md'));
    const engine = r.current();
    expect([...engine.kb.topics.keys()]).toEqual(['fxs']);
    const again = await r.reload();
    expect(again.ok).toBe(false); // not the first load any more: the engine in use stays
    expect(r.current()).toBe(engine);
  });

  it('watch() picks up an external edit within seconds, and an invalid one is refused', async () => {
    const root = await writeKb({ 'topics/basics/fxs.md': topic() });
    const { r, swaps, rejections } = reloader([root]);
    await r.reload();
    await r.watch(); // ready: chokidar has scanned the folders
    await new Promise((resolve) => setTimeout(resolve, 100));

    const started = Date.now();
    await mkdir(path.join(root, 'topics/which-port'), { recursive: true });
    await writeFile(path.join(root, 'topics/which-port/fxo.md'), FXO);
    await until(() => swaps.length === 2, 2500);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(swaps[1]?.changed.added).toEqual(['fxo']);
    expect(r.current().kb.topics.has('fxo')).toBe(true);

    const good = r.current();
    await writeFile(
      path.join(root, 'topics/which-port/fxo.md'),
      FXO.replace('title: What is an FXO port?', 'title:'),
    );
    await until(() => rejections.length === 1, 2500);
    expect(rejections[0]?.[0]).toMatchObject({
      file: path.join(root, 'topics/which-port/fxo.md'),
      line: 2,
      field: 'title',
    });
    expect(r.current()).toBe(good);
  });

  it('ignores temp files and conflicts, and watches an overlay created after watch()', async () => {
    const shipped = await writeKb({ 'topics/basics/fxs.md': topic() });
    const overlay = path.join(await mkdtemp(path.join(os.tmpdir(), 'dialtone-overlay-')), 'knowledge');
    let reloads = 0;
    const { r, swaps } = reloader([shipped, overlay]);
    const reload = r.reload.bind(r);
    r.reload = () => {
      reloads++;
      return reload();
    };
    await r.reload();
    reloads = 0;
    await r.watch(); // ready: chokidar has scanned the folders
    await new Promise((resolve) => setTimeout(resolve, 100));

    await writeFile(path.join(shipped, 'topics/basics/fxs.md.tmp-abc123'), 'partial');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(reloads).toBe(0);

    const store = new OverlayStore(overlay, shipped);
    await store.saveTopic('which-port', 'fxo', FXO, null, 'mod');
    await until(() => swaps.length === 2);
    expect(swaps[1]?.changed.added).toEqual(['fxo']);

    reloads = 0;
    await store.saveTopic('which-port', 'fxo', 'stale', null, 'mod').catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(reloads).toBe(0);

    await store.removeTopic('fxs');
    await until(() => swaps.length === 3);
    expect(swaps[2]?.changed.removed).toEqual(['fxs']);
  });
});

describe('watching', () => {
  it('ignores the temp files of the atomic writer (name.md.<number>) and other non-knowledge files', async () => {
    const shipped = await writeKb({ 'topics/basics/fxs.md': topic() });
    const { r } = reloader([shipped]);
    let reloads = 0;
    const reload = r.reload.bind(r);
    r.reload = () => {
      reloads++;
      return reload();
    };
    await reload();
    await r.watch();
    await writeFile(path.join(shipped, 'topics/basics/fxs.md.3712093811'), 'partial');
    await writeFile(path.join(shipped, 'notes.txt'), 'x');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(reloads).toBe(0);
    await writeFile(path.join(shipped, 'topics/basics/fxo.md'), FXO);
    await until(() => reloads > 0);
  });
});

describe('describeChanges', () => {
  it('is short: ids when there are a few, counts otherwise', () => {
    const many = Array.from({ length: 105 }, (_, i) => `topic-${i}`);
    expect(describeChanges({ added: many, removed: [], modified: ['fxs'] })).toBe(
      '105 added, 0 removed, modified fxs',
    );
    expect(describeChanges({ added: many, removed: many, modified: many }).length).toBeLessThan(60);
  });
});
