import { access, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { splitFrontMatter } from './frontmatter.js';
import type { Problem } from './problems.js';
import {
  ID_PATTERN,
  deviceSchema,
  synonymsSchema,
  topicFrontMatterSchema,
  type Device,
  type DiagramSource,
  type KnowledgeBase,
  type Synonyms,
  type Topic,
  TRAINED_MODEL_FILE,
  type TrainedModel,
} from './schema.js';
import { parseYamlSource, validateYaml, type YamlSource } from './yaml-source.js';

/** Result of loading: the knowledge that parsed, and every problem found on the way. */
export interface LoadResult {
  kb: KnowledgeBase;
  problems: Problem[];
  /** Line of a field in an entry's file, for validators that point at references. */
  lineOf(file: string, fieldPath: readonly PropertyKey[]): number | undefined;
}

/** File name of an overlay's list of hidden (removed) entry ids. */
export const REMOVED_FILE = 'removed.yaml';

/**
 * Loads knowledge from several folders, in order: a later folder extends and overrides an
 * earlier one (the shipped `knowledge/`, then the moderators' overlay). The first folder must
 * exist; later ones may be missing. Never throws for bad content: it reports problems.
 */
export async function loadKnowledge(dirs: readonly string[]): Promise<LoadResult> {
  const problems: Problem[] = [];
  const sources = new Map<string, YamlSource>();
  const topics = new Map<string, Topic>();
  const devices = new Map<string, Device>();
  const diagrams = new Map<string, DiagramSource>();
  const hidden = new Set<string>();
  let synonyms: Synonyms = {};
  const trained: TrainedModel[] = [];

  for (const [index, dir] of dirs.entries()) {
    if (!(await isDir(dir))) {
      if (index === 0) problems.push({ severity: 'error', file: dir, message: 'knowledge folder not found' });
      continue;
    }
    for (const file of await listFiles(path.join(dir, 'topics'), '.md')) {
      const topic = await loadTopic(dir, file, problems, sources);
      if (topic) {
        topics.set(topic.id, topic);
        hidden.delete(topic.id);
      }
    }
    for (const file of await listFiles(path.join(dir, 'devices'), '.yaml')) {
      const device = await loadDevice(file, problems, sources);
      if (device) {
        devices.set(device.id, device);
        hidden.delete(device.id);
      }
    }
    for (const file of await listFiles(path.join(dir, 'diagrams'), '.dot')) {
      const id = path.basename(file, '.dot');
      if (checkId(id, file, problems)) diagrams.set(id, { id, file, dot: await readFile(file, 'utf8') });
    }
    const synonymsFile = path.join(dir, 'synonyms.yaml');
    if (await exists(synonymsFile)) {
      const parsed = await parseFile(synonymsFile, synonymsSchema, problems, sources);
      if (parsed) synonyms = { ...synonyms, ...parsed };
    }
    const modelFile = path.join(dir, TRAINED_MODEL_FILE);
    if (await exists(modelFile)) {
      try {
        const parsed = JSON.parse(await readFile(modelFile, 'utf8')) as Partial<TrainedModel>;
        if (typeof parsed.key === 'string') trained.push({ key: parsed.key, report: parsed.report });
      } catch (e) {
        problems.push({
          severity: 'warning',
          file: modelFile,
          message: `not a trained model (${(e as Error).message}): the matcher trains at start-up; run "dialtone kb train"`,
        });
      }
    }
    const removedFile = path.join(dir, REMOVED_FILE);
    if (index > 0 && (await exists(removedFile))) {
      const src = parseYamlSource(await readFile(removedFile, 'utf8'), removedFile);
      problems.push(...src.problems);
      if (Array.isArray(src.value)) for (const id of src.value) if (typeof id === 'string') hidden.add(id);
    }
  }
  for (const id of hidden) {
    topics.delete(id);
    devices.delete(id);
  }
  return {
    kb: { topics, devices, diagrams, synonyms, hidden, trained },
    problems,
    lineOf: (file, fieldPath) => sources.get(file)?.lineOf(fieldPath),
  };
}

async function loadTopic(
  root: string,
  file: string,
  problems: Problem[],
  sources: Map<string, YamlSource>,
): Promise<Topic | undefined> {
  const id = path.basename(file, '.md');
  if (!checkId(id, file, problems)) return undefined;
  const rel = path.relative(path.join(root, 'topics'), path.dirname(file));
  const category = rel.split(path.sep)[0] ?? '';
  if (!category || rel.includes(path.sep)) {
    problems.push({ severity: 'error', file, message: 'topics must be at topics/<category>/<id>.md' });
    return undefined;
  }
  const text = await readFile(file, 'utf8');
  const split = splitFrontMatter(text);
  if (!split) {
    problems.push({ severity: 'error', file, line: 1, message: 'missing YAML front matter between --- lines' });
    return undefined;
  }
  const src = parseYamlSource(split.yaml, file, split.yamlLineOffset);
  const data = validateWith(src, topicFrontMatterSchema, file, problems, sources);
  return data ? { ...data, id, category, body: split.body, file } : undefined;
}

async function loadDevice(
  file: string,
  problems: Problem[],
  sources: Map<string, YamlSource>,
): Promise<Device | undefined> {
  const id = path.basename(file, '.yaml');
  if (!checkId(id, file, problems)) return undefined;
  const data = await parseFile(file, deviceSchema, problems, sources);
  return data ? { ...data, id, file } : undefined;
}

async function parseFile<T extends z.ZodType>(
  file: string,
  schema: T,
  problems: Problem[],
  sources: Map<string, YamlSource>,
): Promise<z.output<T> | undefined> {
  const src = parseYamlSource(await readFile(file, 'utf8'), file);
  return validateWith(src, schema, file, problems, sources);
}

function validateWith<T extends z.ZodType>(
  src: YamlSource,
  schema: T,
  file: string,
  problems: Problem[],
  sources: Map<string, YamlSource>,
): z.output<T> | undefined {
  sources.set(file, src);
  problems.push(...src.problems);
  const checked = validateYaml(src, schema, file);
  problems.push(...checked.problems);
  return checked.data;
}

function checkId(id: string, file: string, problems: Problem[]): boolean {
  if (ID_PATTERN.test(id)) return true;
  problems.push({ severity: 'error', file, message: `file name "${id}" must be a lowercase kebab-case id` });
  return false;
}

/**
 * Files ending in `ext` anywhere under `dir`, sorted; none when `dir` is missing or not a folder.
 * The one file lister of the knowledge code (the loader and the overlay's export use it).
 */
export async function listFiles(dir: string, ext: string): Promise<string[]> {
  if (!(await isDir(dir))) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}
