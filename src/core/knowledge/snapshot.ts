/**
 * A loaded knowledge base as plain JSON, so a start with unchanged files can skip parsing YAML
 * and validating ~230 files (about a second). Pure: the caller stores it and decides when it is
 * still valid (src/bin/knowledge-cache.ts keys it by the files' sizes and times).
 */
import type { LoadResult } from './load.js';
import type { Problem } from './problems.js';
import type { Device, DiagramSource, Synonyms, Topic, TrainedModel } from './schema.js';

/** Bumped whenever what a load produces changes shape: older snapshots are then ignored. */
export const SNAPSHOT_VERSION = 1;

export interface KnowledgeSnapshot {
  version: number;
  /** What the snapshot was taken of (the caller's fingerprint of the files). */
  key: string;
  topics: Topic[];
  devices: Device[];
  diagrams: DiagramSource[];
  synonyms: Synonyms;
  hidden: string[];
  trained: TrainedModel[];
  problems: Problem[];
}

export function toSnapshot(key: string, load: LoadResult): KnowledgeSnapshot {
  const { kb } = load;
  return {
    version: SNAPSHOT_VERSION,
    key,
    topics: [...kb.topics.values()],
    devices: [...kb.devices.values()],
    diagrams: [...kb.diagrams.values()],
    synonyms: kb.synonyms,
    hidden: [...kb.hidden],
    trained: [...(kb.trained ?? [])],
    problems: load.problems,
  };
}

/**
 * The load a snapshot holds, or undefined when it is not one of this version taken of `key`.
 * Line lookups are not kept: the load's problems carry their lines, `kb check` always parses, and
 * a validation of a snapshot's load (the bot's start) names references without their lines.
 */
export function fromSnapshot(value: unknown, key: string): LoadResult | undefined {
  const s = value as Partial<KnowledgeSnapshot> | null;
  if (!s || s.version !== SNAPSHOT_VERSION || s.key !== key) return undefined;
  const lists = [s.topics, s.devices, s.diagrams, s.hidden, s.trained, s.problems];
  if (!lists.every(Array.isArray) || typeof s.synonyms !== 'object' || s.synonyms === null) return undefined;
  const byId = <T extends { id: string }>(xs: readonly T[]): Map<string, T> => new Map(xs.map((x) => [x.id, x]));
  return {
    kb: {
      topics: byId(s.topics ?? []),
      devices: byId(s.devices ?? []),
      diagrams: byId(s.diagrams ?? []),
      synonyms: s.synonyms,
      hidden: new Set(s.hidden),
      trained: s.trained ?? [],
    },
    problems: s.problems ?? [],
    lineOf: () => undefined,
  };
}
