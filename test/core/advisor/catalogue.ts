/**
 * The shipped device catalogue alone (topics are edited by many people at once, and the
 * advisor reads only devices): a temporary folder whose `devices` links to knowledge/devices.
 */
import { mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';
import type { Device } from '../../../src/core/knowledge/schema.js';

export async function loadCatalogue(): Promise<ReadonlyMap<string, Device>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dialtone-catalogue-'));
  await symlink(path.resolve('knowledge/devices'), path.join(dir, 'devices'), 'dir');
  return (await loadKnowledge([dir])).kb.devices;
}
