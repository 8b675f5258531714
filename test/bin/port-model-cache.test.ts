import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadShippedPortModel } from '../../src/bin/port-model-cache.js';
import {
  SHIPPED_PORT_MODEL,
  loadPortModel,
  portModelData,
  rememberShippedPortModel,
  shippedPortModel,
} from '../../src/core/advisor/schema.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('the shipped port model cached as JSON', () => {
  it('writes the validated model once, and a later start reads the same model back from it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dialtone-ports-'));
    dirs.push(dir);
    const fromYaml = await loadPortModel(SHIPPED_PORT_MODEL);
    await loadShippedPortModel(dir);
    const [file] = await readdir(dir);
    expect(file).toMatch(/^[0-9a-f]{32}\.json$/);
    expect(JSON.parse(await readFile(path.join(dir, file as string), 'utf8'))).toEqual(
      portModelData(fromYaml),
    );

    // A cache that says something else is what the next start uses (it is keyed by the files).
    const changed = portModelData(fromYaml);
    changed.warnings[0] = { ...changed.warnings[0]!, text: 'from the cache' };
    await writeFile(path.join(dir, file as string), JSON.stringify(changed));
    await loadShippedPortModel(dir);
    expect(shippedPortModel()?.warnings.get(changed.warnings[0].id)).toBe('from the cache');
    expect(shippedPortModel()?.byId.size).toBe(fromYaml.byId.size);
    rememberShippedPortModel(fromYaml);
  });

  it('reads the YAML when the cache file is broken, and rewrites it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dialtone-ports-'));
    dirs.push(dir);
    await loadShippedPortModel(dir);
    const [file] = await readdir(dir);
    await writeFile(path.join(dir, file as string), '{ not json');
    await loadShippedPortModel(dir);
    expect(shippedPortModel()?.endpoints.length).toBeGreaterThan(2);
    expect(JSON.parse(await readFile(path.join(dir, file as string), 'utf8'))).toHaveProperty('endpoints');
  });
});
