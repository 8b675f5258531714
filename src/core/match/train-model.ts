import type { KnowledgeBase } from '../knowledge/schema.js';
import { matchEntries } from './entries.js';
import { Matcher, forgetTraining, trainingKey, type TrainingReport } from './matcher.js';

/**
 * Trains the matcher for `kb` from scratch (no stored model, none reused from this process) and
 * returns the model under its key: what `dialtone kb train` writes and the training worker sends.
 */
export function trainModel(kb: KnowledgeBase): { key: string; report: TrainingReport } {
  forgetTraining();
  const entries = matchEntries(kb);
  const matcher = new Matcher(entries, kb.synonyms);
  return { key: trainingKey(entries, kb.synonyms), report: matcher.training };
}
