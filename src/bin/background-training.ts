/**
 * Training off the event loop. A large knowledge change (a reload after `git pull`, an import)
 * trains the matcher from scratch, seconds of CPU; on the main thread that would stall every
 * Discord interaction meanwhile. Here the model is trained in a worker thread and handed to the
 * new Engine through its training store, so the engine itself only builds its indexes.
 * Small edits (a moderator's add) reuse the last weights and need no worker.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Engine, withShippedModels, type EngineOptions } from '../core/engine.js';
import type { KnowledgeBase } from '../core/knowledge/schema.js';
import { matchEntries } from '../core/match/entries.js';
import { trainingKey, trainsFromScratch, type TrainingStore } from '../core/match/matcher.js';

/** The compiled worker; absent when running from TypeScript sources (tests), then training stays in-process. */
const WORKER = fileURLToPath(new URL('./train-worker.js', import.meta.url));

/** Trains the matcher for `kb` in a worker thread; resolves with the model under its key. */
export function trainInWorker(kb: KnowledgeBase, file = WORKER): Promise<{ key: string; report: unknown }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: { kb } });
    worker.once('message', (m: { key: string; report: unknown }) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`training worker exited with code ${code}`)));
  });
}

/**
 * A new Engine for `kb`; when that would mean training from scratch, the training runs in a
 * worker thread first (falls back to in-process training if the worker cannot run).
 */
export async function buildEngine(
  kb: KnowledgeBase,
  options: EngineOptions = {},
  onWorkerError: (e: unknown) => void = () => {},
  workerFile = WORKER,
): Promise<Engine> {
  const entries = matchEntries(kb);
  const key = trainingKey(entries, kb.synonyms);
  const examples = entries.reduce((n, e) => n + e.questions.length, 0);
  if (!existsSync(workerFile) || !trainsFromScratch(key, examples, withShippedModels(kb, options.store))) {
    return new Engine(kb, options);
  }
  try {
    const trained = await trainInWorker(kb, workerFile);
    const kept = options.store;
    const store: TrainingStore = {
      get: (k) => (k === trained.key ? trained.report : kept?.get(k)),
      set: (k, report) => kept?.set(k, report),
    };
    const engine = new Engine(kb, { ...options, store });
    // Kept for the next start too (the Engine took the model from the store, so it did not).
    if (trained.key === key && !engine.matcher.training.prior) kept?.set(key, engine.matcher.training);
    return engine;
  } catch (e) {
    onWorkerError(e);
    return new Engine(kb, options);
  }
}
