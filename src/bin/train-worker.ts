/**
 * Worker thread: trains the matcher for one knowledge base (sent as `workerData.kb`) and posts
 * back the trained model (a plain TrainingReport) under its key. See background-training.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { KnowledgeBase } from '../core/knowledge/schema.js';
import { trainModel } from '../core/match/train-model.js';

parentPort?.postMessage(trainModel((workerData as { kb: KnowledgeBase }).kb));
