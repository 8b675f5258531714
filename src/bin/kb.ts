import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadKnowledge } from '../core/knowledge/load.js';
import { formatProblem } from '../core/knowledge/problems.js';
import { jsonSchemas } from '../core/knowledge/schema.js';
import { validateKnowledge } from '../core/knowledge/validate.js';

/** `dialtone kb check`: every problem at once, errors then warnings; exit 1 on any error. */
export async function kbCheck(dirs: readonly string[]): Promise<number> {
  const load = await loadKnowledge(dirs);
  const report = validateKnowledge(load);
  for (const p of [...report.errors, ...report.warnings]) console.log(formatProblem(p));
  const { topics, devices, diagrams } = load.kb;
  console.log(
    `${topics.size} topics, ${devices.size} devices, ${diagrams.size} diagrams: ` +
      `${report.errors.length} error(s), ${report.warnings.length} warning(s)`,
  );
  return report.errors.length ? 1 : 0;
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
