import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { knowledgeCacheFor, knowledgeKey, loadKnowledgeCached } from '../../src/bin/knowledge-cache.js';
import { KnowledgeReloader } from '../../src/bin/reloader.js';
import { Engine } from '../../src/core/engine.js';
import { loadKnowledge } from '../../src/core/knowledge/load.js';
import { fromSnapshot, toSnapshot } from '../../src/core/knowledge/snapshot.js';
import { device, FXO_TOPIC, topic, writeKb } from '../support/tmp-kb.js';

const snapshots = async (dir: string): Promise<string[]> =>
  (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.json'));

describe('loadKnowledgeCached', () => {
  it('gives what loading the real knowledge gives, from the files and then from the snapshot', async () => {
    const cache = await mkdtemp(path.join(os.tmpdir(), 'dialtone-kcache-'));
    const fresh = await loadKnowledge(['knowledge']);
    const first = await loadKnowledgeCached(['knowledge'], cache);
    expect(await snapshots(cache)).toHaveLength(1);
    const second = await loadKnowledgeCached(['knowledge'], cache);
    for (const load of [first, second]) {
      expect(load.kb).toEqual(fresh.kb);
      expect(load.problems).toEqual(fresh.problems);
    }
    // The second came from the snapshot: the parser's line lookups are not kept there.
    const someFile = [...fresh.kb.topics.values()][0]?.file ?? '';
    expect(fresh.lineOf(someFile, ['title'])).toBeGreaterThan(0);
    expect(second.lineOf(someFile, ['title'])).toBeUndefined();
  });

  it('reads the files again when one changed, and keeps the problems of a broken one', async () => {
    const dir = await writeKb({
      'topics/basics/fxs.md': topic(),
      'topics/basics/fxo.md': FXO_TOPIC,
      'devices/linksys-pap2t.yaml': device(),
    });
    const cache = await mkdtemp(path.join(os.tmpdir(), 'dialtone-kcache-'));
    const before = await loadKnowledgeCached([dir], cache);
    expect(before.kb.topics.get('fxs')?.title).toBe('What is an FXS port?');

    await writeFile(path.join(dir, 'topics/basics/fxs.md'), topic({ title: 'title: FXS, the phone side' }));
    const after = await loadKnowledgeCached([dir], cache);
    expect(after.kb.topics.get('fxs')?.title).toBe('FXS, the phone side');

    await writeFile(path.join(dir, 'topics/basics/fxo.md'), '---\ntitle: [unclosed\n---\n');
    const broken = await loadKnowledgeCached([dir], cache);
    const again = await loadKnowledgeCached([dir], cache);
    expect(broken.kb.topics.has('fxo')).toBe(false);
    expect(again.problems).toEqual(broken.problems);
    expect(again.problems.some((p) => p.severity === 'error' && p.file.endsWith('fxo.md'))).toBe(true);
    expect(await snapshots(cache)).toHaveLength(3);
  });

  it('reads the files when the snapshot is unreadable, of another version or of other files', async () => {
    const dir = await writeKb({ 'topics/basics/fxs.md': topic() });
    const cache = await mkdtemp(path.join(os.tmpdir(), 'dialtone-kcache-'));
    const key = await knowledgeKey([dir]);
    await writeFile(path.join(cache, `${key}.json`), '{"version": 1, "key": "trunc');
    expect((await loadKnowledgeCached([dir], cache)).kb.topics.has('fxs')).toBe(true);

    const good = JSON.parse(await readFile(path.join(cache, `${key}.json`), 'utf8')) as object;
    expect(fromSnapshot(good, key)?.kb.topics.has('fxs')).toBe(true);
    expect(fromSnapshot({ ...good, version: 0 }, key)).toBeUndefined();
    expect(fromSnapshot(good, 'another key')).toBeUndefined();
    expect(fromSnapshot({ ...good, topics: 'not a list' }, key)).toBeUndefined();
  });

  it('works without a cache folder, and places it under DATA_DIR/cache for the usual folders', async () => {
    const dir = await writeKb({ 'topics/basics/fxs.md': topic() });
    expect((await loadKnowledgeCached([dir], undefined)).kb.topics.size).toBe(1);
    expect(knowledgeCacheFor(['knowledge', '/srv/data/knowledge'])).toBe(
      path.join('/srv/data', 'cache', 'knowledge'),
    );
    expect(knowledgeCacheFor(['knowledge'])).toBeUndefined();
  });

  it('round-trips a load through JSON', async () => {
    const load = await loadKnowledge(['knowledge']);
    const back = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot('k', load))), 'k');
    expect(back?.kb).toEqual(load.kb);
  });

  it("the bot's reloader starts from the snapshot and still picks up an edit", async () => {
    const shipped = await writeKb({ 'topics/basics/fxs.md': topic(), 'topics/basics/fxo.md': FXO_TOPIC });
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'dialtone-kdata-'));
    const dirs = [shipped, path.join(dataDir, 'knowledge')];
    const start = (): KnowledgeReloader =>
      new KnowledgeReloader({ dirs, build: (load) => new Engine(load.kb) });
    const first = start();
    expect((await first.reload()).ok).toBe(true);
    expect(await snapshots(path.join(dataDir, 'cache', 'knowledge'))).toHaveLength(1);

    const restarted = start();
    expect((await restarted.reload()).ok).toBe(true);
    expect(restarted.current().kb).toEqual(first.current().kb);

    await writeFile(path.join(shipped, 'topics/basics/fxs.md'), topic({ title: 'title: FXS, edited' }));
    const report = await restarted.reload();
    expect(report.changed.modified).toEqual(['fxs']);
    expect(restarted.current().kb.topics.get('fxs')?.title).toBe('FXS, edited');
  });
});
