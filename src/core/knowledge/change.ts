import type { LoadResult } from './load.js';
import { formatProblem, type Problem } from './problems.js';
import type { Topic } from './schema.js';
import { validateKnowledge, type ValidationReport } from './validate.js';
import { parseYamlSource } from './yaml-source.js';
import { splitFrontMatter } from './frontmatter.js';

/** A proposed change to the knowledge base, checked before anything is written. */
export type KnowledgeChange = { kind: 'upsert'; topic: Topic; text: string } | { kind: 'remove'; id: string };

/**
 * Validates the whole knowledge base as it would be after `change`, with the same validator as
 * `dialtone kb check`, and returns only the problems the change introduces (a problem the base
 * already had is not the moderator's doing). Routing is included: a new alias or example question
 * that takes questions away from another entry shows up as that entry's routing error.
 */
export function validateChange(base: LoadResult, change: KnowledgeChange): ValidationReport {
  const before = validateKnowledge(base);
  const known = new Set([...before.errors, ...before.warnings].map(formatProblem));
  const topics = new Map(base.kb.topics);
  const hidden = new Set(base.kb.hidden);
  let lineOf = base.lineOf;
  if (change.kind === 'upsert') {
    topics.set(change.topic.id, change.topic);
    hidden.delete(change.topic.id);
    const split = splitFrontMatter(change.text);
    const src = split ? parseYamlSource(split.yaml, change.topic.file, split.yamlLineOffset) : undefined;
    lineOf = (file, path) => (file === change.topic.file && src ? src.lineOf(path) : base.lineOf(file, path));
  } else {
    topics.delete(change.id);
    hidden.add(change.id);
  }
  const after = validateKnowledge({ ...base, kb: { ...base.kb, topics, hidden }, lineOf });
  const fresh = (ps: Problem[]): Problem[] => ps.filter((p) => !known.has(formatProblem(p)));
  return { errors: fresh(after.errors), warnings: fresh(after.warnings) };
}
