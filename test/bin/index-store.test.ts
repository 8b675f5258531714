import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileIndexStore, indexStoreFor } from '../../src/bin/index-store.js';
import { Matcher } from '../../src/core/match/matcher.js';

const entries = ['banana', 'kettle', 'bicycle'].map((w) => ({
  id: w,
  title: `All about the ${w}`,
  aliases: [w],
  keywords: [w],
  questions: [`what is a ${w}`, `how do I fix my ${w}`],
  summary: `The ${w} explained.`,
}));

async function files(dir: string, count = 1): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const names = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.index'));
    if (names.length >= count) return names.sort();
    await new Promise((r) => setTimeout(r, 20));
  }
  return [];
}

describe('fileIndexStore', () => {
  it('writes the built matcher after building, and the next start restores it from the file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dialtone-index-'));
    const built = Matcher.create(entries, {}, { index: fileIndexStore(dir) });
    const [file] = await files(dir);
    expect(file).toMatch(/^3-\d+-\d+-[0-9a-f]{16}\.index$/);
    let sets = 0;
    const store = fileIndexStore(dir);
    const restored = Matcher.create(entries, {}, { index: { get: (k) => store.get(k), set: () => sets++ } });
    expect(sets).toBe(0);
    expect(restored.match('how do i fix my kettle')).toEqual(built.match('how do i fix my kettle'));
  });

  it('takes an unreadable file for a miss and builds', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dialtone-index-'));
    Matcher.create(entries, {}, { index: fileIndexStore(dir) });
    const [file] = await files(dir);
    await writeFile(path.join(dir, file as string), 'not a v8 serialization');
    const store = fileIndexStore(dir);
    expect(store.get(file!.split('-').slice(0, 3).join('-'))).toBeUndefined();
    let sets = 0;
    const m = Matcher.create(entries, {}, { index: { get: (k) => store.get(k), set: () => sets++ } });
    expect(sets).toBe(1);
    expect(m.match('what is a banana').candidates[0]?.id).toBe('banana');
  });

  it('keeps the two newest built matchers', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dialtone-index-'));
    for (let n = 1; n <= 3; n++) {
      Matcher.create(entries.slice(0, n), {}, { index: fileIndexStore(dir) });
      await files(dir, Math.min(n, 2));
      await new Promise((r) => setTimeout(r, 30)); // distinct modification times
    }
    // The third write, then the pruning after it.
    let names: string[] = [];
    for (let i = 0; i < 100; i++) {
      names = await files(dir, 2);
      if (names.length === 2 && names.some((n) => n.startsWith('3-'))) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(names.map((n) => n.split('-')[0]).sort()).toEqual(['2', '3']);
  });

  it('lives in DATA_DIR/cache/index for the folders every command passes, nowhere for others', () => {
    expect(indexStoreFor(['knowledge', '/data/knowledge'])).toBeDefined();
    expect(indexStoreFor(['knowledge'])).toBeUndefined();
  });
});
