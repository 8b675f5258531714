/**
 * Worker thread: trains the matcher for one knowledge base (sent as `workerData.kb`) and posts
 * back the trained model (a plain TrainingReport) under its key. See background-training.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { matchEntries } from '../core/match/entries.js';
import { Matcher, trainingKey } from '../core/match/matcher.js';
import type { KnowledgeBase } from '../core/knowledge/schema.js';

const kb = (workerData as { kb: KnowledgeBase }).kb;
const entries = matchEntries(kb);
const matcher = new Matcher(entries, kb.synonyms);
parentPort?.postMessage({ key: trainingKey(entries, kb.synonyms), report: matcher.training });
