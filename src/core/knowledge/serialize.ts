/**
 * Topic files as text: the moderators' editor works on the same Markdown-with-front-matter
 * format the loader reads (see knowledge/README.md), so an edit round-trips exactly.
 */
import { stringify } from 'yaml';
import { splitFrontMatter } from './frontmatter.js';
import type { Problem } from './problems.js';
import { topicFrontMatterSchema, type TopicFrontMatter } from './schema.js';
import { parseYamlSource, validateYaml } from './yaml-source.js';

/** A topic as edited: its front matter and its Markdown body (no id, category or file). */
export type TopicText = TopicFrontMatter & { body: string };

/** Front-matter keys in the order the schema (and the README) lists them. */
const KEYS = Object.keys(topicFrontMatterSchema.shape) as (keyof TopicFrontMatter)[];

/**
 * Writes a topic file: YAML front matter with keys in the schema's order (empty optional lists
 * and unset fields left out), the closing `---`, then the body. `parseTopicMarkdown` and the
 * loader read it back to the same data.
 */
export function topicToMarkdown(t: TopicText): string {
  const data: Record<string, unknown> = {};
  for (const key of KEYS) {
    const value = t[key];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    data[key] = value;
  }
  const yaml = stringify(data, { lineWidth: 0 });
  const body = t.body.trim();
  return `---\n${yaml}---\n${body ? `${body}\n` : ''}`;
}

/**
 * Parses a topic file's text. Returns the topic when it is valid, and every problem (YAML
 * errors and schema errors) with the line in `file` it points at.
 */
export function parseTopicMarkdown(text: string, file: string): { topic?: TopicText; problems: Problem[] } {
  const split = splitFrontMatter(text);
  if (!split) {
    return { problems: [{ severity: 'error', file, line: 1, message: 'missing YAML front matter between --- lines' }] };
  }
  const src = parseYamlSource(split.yaml, file, split.yamlLineOffset);
  const checked = validateYaml(src, topicFrontMatterSchema, file);
  const problems = [...src.problems, ...checked.problems];
  return checked.data ? { topic: { ...checked.data, body: split.body }, problems } : { problems };
}
