import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildEngine, trainInWorker } from '../../src/bin/background-training.js';
import { loadKnowledge } from '../../src/core/knowledge/load.js';
import type { KnowledgeBase } from '../../src/core/knowledge/schema.js';
import { matchEntries } from '../../src/core/match/entries.js';
import { forgetTraining, trainingKey, type TrainingStore } from '../../src/core/match/matcher.js';

/** The compiled worker (`npm test` builds before it runs the tests). */
const WORKER = fileURLToPath(new URL('../../dist/bin/train-worker.js', import.meta.url));

/** A part of the shipped knowledge, big enough to learn from and quick to train (no shipped model). */
async function smallKnowledge(topics: number): Promise<KnowledgeBase> {
  const { kb } = await loadKnowledge(['knowledge']);
  return {
    ...kb,
    topics: new Map([...kb.topics].slice(0, topics)),
    devices: new Map([...kb.devices].slice(0, 10)),
    trained: [],
  };
}

describe.skipIf(!existsSync(WORKER))('training in a worker thread', () => {
  it('trains the model for a knowledge base and returns it under its key', async () => {
    const kb = await smallKnowledge(25);
    const { key, report } = await trainInWorker(kb, WORKER);
    expect(key).toBe(trainingKey(matchEntries(kb), kb.synonyms));
    expect(report).toMatchObject({ prior: false, answerAt: expect.any(Number) as number });
    expect((report as { examples: number }).examples).toBeGreaterThan(100);
  });

  it('keeps the event loop answering while a large change trains, and caches the model', async () => {
    forgetTraining();
    const kb = await smallKnowledge(40);
    const kept = new Map<string, unknown>();
    const store: TrainingStore = { get: (k) => kept.get(k), set: (k, r) => kept.set(k, r) };
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const engine = await buildEngine(
      kb,
      { store },
      (e) => {
        throw e;
      },
      WORKER,
    );
    clearInterval(timer);
    // Training in-process is synchronous: the timer could not have fired during it.
    expect(ticks).toBeGreaterThan(3);
    expect(engine.matcher.training.prior).toBe(false);
    expect(kept.get(trainingKey(matchEntries(kb), kb.synonyms))).toEqual(engine.matcher.training);
    // The engine answers with the model trained in the worker.
    expect(engine.match('what is an fxs port').candidates.length).toBeGreaterThan(0);
  });

  it('falls back to training in-process when the worker cannot run', async () => {
    forgetTraining();
    const kb = await smallKnowledge(30);
    const errors: unknown[] = [];
    const engine = await buildEngine(kb, {}, (e) => errors.push(e), fileURLToPath(import.meta.url));
    expect(errors).toHaveLength(1);
    expect(engine.matcher.training.prior).toBe(false);
  });
});
