import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { loadKnowledge } from '../../src/core/knowledge/load.js';
import { kbCheck, kbTrain } from '../../src/bin/kb.js';
import { topic, writeKb } from '../support/tmp-kb.js';
import { forgetTraining, Matcher, type TrainingReport } from '../../src/core/match/matcher.js';
import { fileTrainingStore, trainingStoreFor } from '../../src/bin/training-store.js';

// Small but above the size the matcher learns from (60 example questions): trains in well under a second.
const SUBJECTS = ['banana', 'kettle', 'bicycle', 'violin', 'glacier', 'lantern'];
const entries = SUBJECTS.map((w) => ({
  id: w,
  title: `All about the ${w}`,
  aliases: [w],
  keywords: [w, `${w}s`],
  questions: Array.from({ length: 12 }, (_, k) => `question ${k} about my ${w}`),
  summary: `The ${w} explained.`,
}));
const synonyms = {};

async function settled(dir: string): Promise<string[]> {
  for (let i = 0; i < 50; i++) {
    const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.json'));
    if (files.length) return files;
    await new Promise((r) => setTimeout(r, 20));
  }
  return [];
}

describe('fileTrainingStore', () => {
  it('keeps the trained model on disk, and a cold start reads it instead of training', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dialtone-train-'));
    forgetTraining();
    const first = new Matcher(entries, synonyms, { store: fileTrainingStore(dir) });
    expect(first.training.prior).toBe(false);
    const [file] = await settled(dir);
    expect(file).toBeDefined();

    forgetTraining();
    const sets: string[] = [];
    const store = fileTrainingStore(dir);
    const spy = {
      get: (k: string) => store.get(k),
      set: (k: string, r: TrainingReport) => sets.push(k) && store.set(k, r),
    };
    const second = new Matcher(entries, synonyms, { store: spy });
    expect(sets).toEqual([]); // nothing trained, nothing written
    expect(second.training.model).toEqual(first.training.model);
    expect(second.match('tell me about the violin').candidates[0]?.id).toBe('violin');
  });

  it('trains again when the stored file is not a model this code trains', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dialtone-train-'));
    forgetTraining();
    new Matcher(entries, synonyms, { store: fileTrainingStore(dir) });
    const [file] = await settled(dir);
    await writeFile(
      path.join(dir, file as string),
      JSON.stringify({ model: { names: ['old'], weights: [1] } }),
    );
    forgetTraining();
    const sets: string[] = [];
    new Matcher(entries, synonyms, {
      store: { get: (k) => fileTrainingStore(dir).get(k), set: (k) => sets.push(k) },
    });
    expect(sets).toHaveLength(1);
  });

  it('reuses a stored model for a small edit after a start, instead of training', () => {
    const saved = new Map<string, TrainingReport>();
    const store = {
      get: (k: string) => saved.get(k),
      set: (k: string, r: TrainingReport) => void saved.set(k, r),
    };
    forgetTraining();
    const first = new Matcher(entries, synonyms, { store });
    forgetTraining(); // a restart: the model now comes from the store
    new Matcher(entries, synonyms, { store });
    const edited = entries.map((e, i) =>
      i === 0 ? { ...e, questions: [...e.questions, 'one more about it'] } : e,
    );
    const after = new Matcher(edited, synonyms, { store });
    expect(after.training.model).toEqual(first.training.model);
  });

  it('lives in DATA_DIR/cache/matcher next to the overlay, and nowhere for a bare --dir', () => {
    expect(trainingStoreFor(['knowledge', '/srv/data/knowledge'])).toBeDefined();
    expect(trainingStoreFor(['/tmp/some-kb'])).toBeUndefined();
  });
});

describe('dialtone kb train / the shipped model', () => {
  // Six topics of twelve questions each: enough to learn from, small enough to train in a moment.
  const files = Object.fromEntries(
    SUBJECTS.map((w) => [
      `topics/basics/${w}.md`,
      topic({
        title: `title: All about the ${w} phone`,
        aliases: `aliases: [${w} phone]`,
        keywords: `keywords: [${w}]`,
        questions: `questions:\n${Array.from({ length: 12 }, (_, k) => `  - question ${k} about my ${w} phone`).join('\n')}`,
        summary: `summary: The ${w} phone explained.`,
      }),
    ]),
  );

  it('writes trained-model.json, which the next engine uses instead of training', async () => {
    const dir = await writeKb(files);
    expect(await kbTrain([dir])).toBe(0);
    const { kb } = await loadKnowledge([dir]);
    expect(kb.trained).toHaveLength(1);
    forgetTraining();
    const sets: string[] = [];
    const engine = new Engine(kb, { store: { get: () => undefined, set: (k) => sets.push(k) } });
    expect(sets).toEqual([]);
    expect(engine.matcher.training.model).toEqual((kb.trained?.[0]?.report as TrainingReport).model);
  });

  it('kb check warns when the model is missing or was trained on other knowledge', async () => {
    const dir = await writeKb(files);
    const log: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((line: string) => void log.push(line));
    try {
      await kbCheck([dir]);
      expect(log.join('\n')).toMatch(/trained-model\.json.*dialtone kb train/);
      await kbTrain([dir]);
      log.length = 0;
      await kbCheck([dir]);
      expect(log.join('\n')).not.toMatch(/trained-model\.json/);
    } finally {
      spy.mockRestore();
    }
  });

  it('a broken trained-model.json is a warning naming the file, and the matcher trains instead', async () => {
    const dir = await writeKb({ ...files, 'trained-model.json': '{not json' });
    const load = await loadKnowledge([dir]);
    const p = load.problems.find((x) => x.file.endsWith('trained-model.json'));
    expect(p?.severity).toBe('warning');
    expect(p?.message).toMatch(/not a trained model .*dialtone kb train/);
    expect(load.kb.topics.size).toBe(SUBJECTS.length);
  });

  it('kb train on a folder without knowledge exits 1 and writes nothing', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await kbTrain(['/nonexistent-dialtone-kb'])).toBe(1);
    } finally {
      log.mockRestore();
    }
  });
});
