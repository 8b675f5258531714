import { mkdtemp, readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';
import {
  ConflictError,
  InvalidIdError,
  NotFoundError,
  OverlayStore,
  topicVersion,
  type OverlayOptions,
} from '../../../src/core/knowledge/overlay.js';
import { topic, writeKb } from '../../support/tmp-kb.js';

const FXS = topic();
const FXS_V2 = topic({ summary: 'summary: An FXS port gives an analog phone dial tone, battery and ringing.' });
const OTHER = topic({ title: 'title: What is an FXO port?', aliases: 'aliases: [fxo port]' });

async function setup(options: OverlayOptions = {}) {
  const shipped = await writeKb({ 'topics/basics/fxs.md': FXS });
  const overlay = path.join(await mkdtemp(path.join(os.tmpdir(), 'dialtone-overlay-')), 'knowledge');
  const store = new OverlayStore(overlay, shipped, options);
  const load = () => loadKnowledge([shipped, overlay]);
  return { shipped, overlay, store, load };
}

async function listAll(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
      .sort();
  } catch {
    return [];
  }
}

describe('OverlayStore', () => {
  it('versions are the first 16 hex digits of the sha256', () => {
    expect(topicVersion('abc')).toBe('ba7816bf8f01cfea');
    expect(OverlayStore.version('abc')).toBe('ba7816bf8f01cfea');
  });

  it('reads the shipped topic, then the overlay one once saved', async () => {
    const { store, shipped, overlay } = await setup();
    const before = await store.readTopic('fxs');
    expect(before).toEqual({
      text: FXS,
      version: topicVersion(FXS),
      category: 'basics',
      source: 'shipped',
      file: path.join(shipped, 'topics/basics/fxs.md'),
    });
    await store.saveTopic('basics', 'fxs', FXS_V2, before!.version, 'mod');
    expect(await store.readTopic('fxs')).toMatchObject({ text: FXS_V2, source: 'overlay', category: 'basics' });
    expect(await readFile(path.join(shipped, 'topics/basics/fxs.md'), 'utf8')).toBe(FXS);
    expect(await listAll(overlay)).toEqual(['topics/basics/fxs.md']);
    expect(await store.readTopic('nope')).toBeUndefined();
  });

  it('saves a new entry, and refuses a new entry whose id exists', async () => {
    const { store, load, overlay } = await setup();
    const saved = await store.saveTopic('which-port', 'fxo', OTHER, null, 'mod');
    expect(saved).toEqual({ version: topicVersion(OTHER), file: path.join(overlay, 'topics/which-port/fxo.md') });
    const { kb } = await load();
    expect(kb.topics.get('fxo')?.title).toBe('What is an FXO port?');

    const err = await store.saveTopic('basics', 'fxs', FXS_V2, null, 'mod').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ code: 'CONFLICT', currentVersion: topicVersion(FXS) });
  });

  it('edits with the right version; a stale version is a conflict and both texts survive', async () => {
    const { store, load, overlay } = await setup({ now: () => new Date('2026-11-26T10:00:00.123Z') });
    const v1 = (await store.readTopic('fxs'))!.version;
    const first = await store.saveTopic('basics', 'fxs', FXS_V2, v1, 'Alice');
    expect((await load()).kb.topics.get('fxs')?.summary).toMatch(/gives an analog phone/);

    const mine = topic({ summary: 'summary: Bob thinks FXS is the phone port of an ATA.' });
    const err = (await store.saveTopic('basics', 'fxs', mine, v1, 'Bob Smith!').catch((e: unknown) => e)) as ConflictError;
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.code).toBe('CONFLICT');
    expect(err.currentVersion).toBe(first.version);
    expect(err.conflictFile).toBe(path.join(overlay, 'conflicts', 'fxs-2026-11-26T10-00-00-123Z-bob-smith.md'));
    expect(await readFile(err.conflictFile!, 'utf8')).toBe(mine);
    expect((await store.readTopic('fxs'))?.text).toBe(FXS_V2);
    // A conflict file is not knowledge, and a second conflict in the same instant gets its own file.
    const again = (await store.saveTopic('basics', 'fxs', mine, v1, 'Bob Smith!').catch((e: unknown) => e)) as ConflictError;
    expect(path.basename(again.conflictFile!)).toBe('fxs-2026-11-26T10-00-00-123Z-bob-smith-2.md');
    const { problems } = await load();
    expect(problems).toEqual([]);
  });

  it('two concurrent saves of the same entry: exactly one wins', async () => {
    const { store } = await setup();
    const v1 = (await store.readTopic('fxs'))!.version;
    const texts = [1, 2, 3, 4].map((n) => topic({ summary: `summary: Version number ${n} of the FXS summary.` }));
    const results = await Promise.allSettled(texts.map((t, i) => store.saveTopic('basics', 'fxs', t, v1, `m${i}`)));
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);
    const winner = results.findIndex((r) => r.status === 'fulfilled');
    expect((await store.readTopic('fxs'))?.text).toBe(texts[winner]);
  });

  it('a crash between write and rename leaves the old file intact and the base loadable', async () => {
    let crash = false;
    const { store, load, overlay } = await setup({
      onTempFile: async (tmp) => {
        if (!crash) return;
        // The temp file sits next to its target, under a name the loader never reads.
        expect(path.basename(tmp)).toMatch(/^(fxs|fxo)\.md\.\d+$/);
        // What a real crash leaves behind: a written temp file next to the target.
        if (tmp.includes('fxs.md')) await writeFile(`${path.dirname(tmp)}/fxs.md.3712093811`, FXS_V2);
        throw new Error('simulated crash');
      },
    });
    await store.saveTopic('basics', 'fxs', FXS, topicVersion(FXS), 'mod');
    crash = true;
    await expect(store.saveTopic('basics', 'fxs', FXS_V2, topicVersion(FXS), 'mod')).rejects.toThrow('simulated crash');
    expect(await readFile(path.join(overlay, 'topics/basics/fxs.md'), 'utf8')).toBe(FXS);
    expect(await listAll(overlay)).toEqual(['topics/basics/fxs.md', 'topics/basics/fxs.md.3712093811']);
    const { kb, problems } = await load();
    expect(problems).toEqual([]);
    expect(kb.topics.get('fxs')?.summary).toBe(
      'An FXS port supplies dial tone, battery and ringing to an analog phone.',
    );
    // A crash while creating a new entry leaves no target at all.
    await expect(store.saveTopic('basics', 'fxo', OTHER, null, 'mod')).rejects.toThrow('simulated crash');
    expect(await store.readTopic('fxo')).toBeUndefined();
    expect((await store.changes()).map((c) => c.path)).toEqual(['topics/basics/fxs.md']);
    // The queue is not stuck after a failure.
    crash = false;
    await store.saveTopic('basics', 'fxs', FXS_V2, topicVersion(FXS), 'mod');
    expect((await store.readTopic('fxs'))?.text).toBe(FXS_V2);
  });

  it('moving a topic to another category removes the old overlay file', async () => {
    const { store, load, overlay } = await setup();
    const { version } = await store.saveTopic('basics', 'fxo', OTHER, null, 'mod');
    await store.saveTopic('which-port', 'fxo', OTHER, version, 'mod');
    expect(await listAll(overlay)).toEqual(['topics/which-port/fxo.md']);
    expect((await load()).kb.topics.get('fxo')?.category).toBe('which-port');
  });

  it('removing a shipped entry hides it; removing an overlay entry deletes it', async () => {
    const { store, load, overlay } = await setup();
    await store.saveTopic('which-port', 'fxo', OTHER, null, 'mod');
    await store.removeTopic('fxo');
    expect(await listAll(overlay)).toEqual([]);
    expect((await load()).kb.topics.has('fxo')).toBe(false);

    await store.removeTopic('fxs', topicVersion(FXS));
    expect(await readFile(path.join(overlay, 'removed.yaml'), 'utf8')).toBe('- fxs\n');
    const { kb, problems } = await load();
    expect(problems).toEqual([]);
    expect(kb.topics.has('fxs')).toBe(false);
    expect(kb.hidden.has('fxs')).toBe(true);
    expect(await store.readTopic('fxs')).toBeUndefined();
    await expect(store.removeTopic('fxs')).rejects.toBeInstanceOf(NotFoundError);

    // Adding it again un-hides it.
    await store.saveTopic('basics', 'fxs', FXS_V2, null, 'mod');
    expect(await listAll(overlay)).toEqual(['topics/basics/fxs.md']);
    expect((await load()).kb.topics.get('fxs')?.summary).toMatch(/gives an analog phone/);
  });

  it('removing an edited shipped entry deletes the overlay file and hides the shipped one', async () => {
    const { store, load, overlay } = await setup();
    const { version } = await store.saveTopic('basics', 'fxs', FXS_V2, topicVersion(FXS), 'mod');
    await expect(store.removeTopic('fxs', topicVersion(FXS))).rejects.toMatchObject({
      code: 'CONFLICT',
      currentVersion: version,
    });
    await store.removeTopic('fxs', version);
    expect(await listAll(overlay)).toEqual(['removed.yaml']);
    expect((await load()).kb.topics.has('fxs')).toBe(false);
  });

  it('changes() lists exactly the local changes', async () => {
    const { store, overlay } = await setup();
    expect(await store.changes()).toEqual([]);
    await store.saveTopic('which-port', 'fxo', OTHER, null, 'mod');
    await store.saveTopic('basics', 'fxs', FXS_V2, topicVersion(FXS), 'mod');
    await store.saveTopic('basics', 'fxs', 'stale', topicVersion(FXS), 'mod').catch(() => undefined);
    await store.removeTopic('fxs');
    await writeFile(path.join(overlay, 'notes.txt'), 'not knowledge');
    expect(await listAll(path.join(overlay, 'conflicts'))).toHaveLength(1);
    expect(await store.changes()).toEqual([
      { path: 'removed.yaml', text: '- fxs\n' },
      { path: 'topics/which-port/fxo.md', text: OTHER },
    ]);
  });

  it('refuses ids and categories that are not kebab-case (no path traversal)', async () => {
    const { store, shipped } = await setup();
    for (const [cat, id] of [
      ['../x', 'fxs'],
      ['basics', '../../etc/passwd'],
      ['basics', 'FXS'],
      ['basics/sub', 'fxs'],
      ['', 'fxs'],
    ] as const) {
      await expect(store.saveTopic(cat, id, FXS, null, 'mod')).rejects.toBeInstanceOf(InvalidIdError);
    }
    await expect(store.readTopic('../fxs')).rejects.toMatchObject({ code: 'INVALID_ID' });
    await expect(store.removeTopic('a/b')).rejects.toMatchObject({ code: 'INVALID_ID' });
    expect(() => new OverlayStore(shipped, shipped)).toThrow();
  });

  it('keeps ids other tools put in removed.yaml', async () => {
    const { store, overlay } = await setup();
    await mkdir(overlay, { recursive: true });
    await writeFile(path.join(overlay, 'removed.yaml'), '- linksys-pap2t\n');
    await store.removeTopic('fxs');
    expect(await readFile(path.join(overlay, 'removed.yaml'), 'utf8')).toBe('- fxs\n- linksys-pap2t\n');
  });
});
