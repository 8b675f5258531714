import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkDiagrams, exportDiagrams } from '../core/diagram/index.js';
import { loadKnowledge } from '../core/knowledge/load.js';
import { formatProblem } from '../core/knowledge/problems.js';
import { validateKnowledge } from '../core/knowledge/validate.js';
import { writeAtomic } from '../core/atomic-write.js';
import type { Problem } from '../core/knowledge/problems.js';
import { jsonSchemas, TRAINED_MODEL_FILE, type KnowledgeBase } from '../core/knowledge/schema.js';
import { matchEntries } from '../core/match/entries.js';
import { trainingKey } from '../core/match/matcher.js';
import { trainModel } from '../core/match/train-model.js';
import { Engine } from '../core/engine.js';

/** `dialtone kb check`: every problem at once, errors then warnings; exit 1 on any error. */
export async function kbCheck(dirs: readonly string[]): Promise<number> {
  const load = await loadKnowledge(dirs);
  const { topics, devices, diagrams } = load.kb;
  if (topics.size + devices.size + diagrams.size === 0) {
    // A wrong --dir must not pass as "0 errors".
    for (const p of load.problems) console.log(formatProblem(p));
    console.log(`no knowledge found in ${dirs.join(', ')} (expected topics/, devices/ or diagrams/ inside)`);
    return 1;
  }
  const report = validateKnowledge(load);
  if (report.errors.length === 0) report.warnings.push(...staleModel(load.kb, dirs[0] ?? 'knowledge'));
  // Every shipped diagram must lay out: a DOT syntax error names the file and Graphviz's message.
  for (const p of await checkDiagrams(load.kb.diagrams.values())) {
    (p.severity === 'error' ? report.errors : report.warnings).push(p);
  }
  for (const p of [...report.errors, ...report.warnings]) console.log(formatProblem(p));
  console.log(
    `${topics.size} topics, ${devices.size} devices, ${diagrams.size} diagrams: ` +
      `${report.errors.length} error(s), ${report.warnings.length} warning(s)`,
  );
  return report.errors.length ? 1 : 0;
}

/**
 * `dialtone kb train`: trains the matcher on the knowledge in `dirs` and writes the model to the
 * first folder's trained-model.json, so every start (and CI) with this knowledge skips training.
 */
export async function kbTrain(dirs: readonly string[]): Promise<number> {
  const load = await loadKnowledge(dirs);
  if (load.kb.topics.size === 0) {
    console.log(`no knowledge found in ${dirs.join(', ')}`);
    return 1;
  }
  const started = performance.now();
  const trained = trainModel(load.kb);
  if (trained.report.prior) {
    console.log('the knowledge is too small to learn from: nothing written (the prior model is used)');
    return 0;
  }
  const file = path.join(dirs[0] ?? 'knowledge', TRAINED_MODEL_FILE);
  await writeAtomic(file, `${JSON.stringify(trained)}\n`);
  console.log(`trained in ${((performance.now() - started) / 1000).toFixed(1)} s; wrote ${file}`);
  return 0;
}

/**
 * `dialtone kb confusions [id]`: the example questions whose own entry is not ranked first when
 * they are held out, the entry that wins instead, and the pairs most often confused. Where to
 * look when editing the knowledge: a mislabelled example, a vague one, a missing keyword.
 */
export async function kbConfusions(dirs: readonly string[], id?: string): Promise<number> {
  const { kb } = await loadKnowledge(dirs);
  if (kb.topics.size === 0) {
    console.log(`no knowledge found in ${dirs.join(', ')}`);
    return 1;
  }
  if (id !== undefined && !kb.topics.has(id) && !kb.devices.has(id)) {
    console.log(`no topic or device "${id}" in ${dirs.join(', ')}`);
    return 1;
  }
  const ranking = new Engine(kb).matcher.heldOutRanking();
  const missed = ranking.filter((r) => r.first !== r.owner);
  const shown = id ? missed.filter((r) => r.owner === id || r.first === id) : missed;
  for (const r of shown) console.log(`${r.owner} -> ${r.first || '(none)'} | ${r.text}`);
  const pairs = new Map<string, number>();
  for (const r of shown) {
    const pair = `${r.owner} -> ${r.first}`;
    pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
  }
  const top = [...pairs].sort((a, b) => b[1] - a[1]).slice(0, 20);
  if (top.length) console.log(`\nmost confused:\n${top.map(([pair, n]) => `  ${n}  ${pair}`).join('\n')}`);
  const right = ranking.length - missed.length;
  console.log(
    `\nleave-one-out top-1: ${((100 * right) / Math.max(ranking.length, 1)).toFixed(1)}% of ${ranking.length} example questions`,
  );
  return 0;
}

/** A warning when the shipped model was trained on other knowledge (the matcher then trains at start-up). */
function staleModel(kb: KnowledgeBase, dir: string): Problem[] {
  const key = trainingKey(matchEntries(kb), kb.synonyms);
  if (kb.trained?.some((t) => t.key === key)) return [];
  return [
    {
      severity: 'warning',
      file: path.join(dir, TRAINED_MODEL_FILE),
      message:
        'the trained matcher model is missing or was trained on other knowledge: run "dialtone kb train" (until then the matcher trains at every start)',
    },
  ];
}

/** `dialtone kb schema DIR`: JSON Schemas generated from the same definitions the loader uses. */
export async function writeJsonSchemas(dir: string): Promise<number> {
  await mkdir(dir, { recursive: true });
  for (const [name, schema] of Object.entries(jsonSchemas())) {
    await writeFile(path.join(dir, name), `${JSON.stringify(schema, null, 2)}\n`);
    console.log(`wrote ${path.join(dir, name)}`);
  }
  return 0;
}

/** `dialtone diagrams export DIR`: every diagram as SVG and PNG, for a static site or a PR preview. */
export async function diagramsExport(dirs: readonly string[], outDir: string): Promise<number> {
  const load = await loadKnowledge(dirs);
  const { written, problems } = await exportDiagrams(load.kb.diagrams.values(), outDir);
  for (const p of problems) console.error(formatProblem(p));
  console.log(`wrote ${written.length} files to ${outDir}`);
  return problems.some((p) => p.severity === 'error') ? 1 : 0;
}
