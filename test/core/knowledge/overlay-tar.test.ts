import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { OverlayStore } from '../../../src/core/knowledge/overlay.js';
import { tarFiles, tarGz } from '../../../src/core/knowledge/tar.js';
import { topic, writeKb } from '../../support/tmp-kb.js';

async function extract(archive: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dialtone-untar-'));
  await writeFile(path.join(dir, 'changes.tar.gz'), archive);
  execFileSync('tar', ['-xzf', 'changes.tar.gz', '-C', path.join(dir)], { cwd: dir });
  return dir;
}

describe('tar', () => {
  it('writes a .tar.gz that the system tar extracts', async () => {
    const long = `topics/${'a'.repeat(80)}/${'b'.repeat(60)}.md`;
    const files = [
      { path: 'removed.yaml', text: '- fxs\n' },
      { path: 'topics/basics/fxs.md', text: topic({}, 'Ünïcödé body — 9 V ☎') },
      { path: 'topics/empty/e.md', text: '' },
      { path: 'exact.md', text: 'x'.repeat(512) },
      { path: long, text: 'long path' },
    ];
    const dir = await extract(await tarGz(files, { mtime: new Date('2025-01-15T12:00:00Z') }));
    for (const f of files) expect(await readFile(path.join(dir, f.path), 'utf8')).toBe(f.text);
    const listing = execFileSync('tar', ['-tvzf', 'changes.tar.gz'], { cwd: dir, encoding: 'utf8' });
    expect(listing).toContain('2025-01-15');
  });

  it('lays out 512-byte blocks and ends with two zero blocks', async () => {
    const tar = await tarFiles([{ path: 'a.md', text: 'hello' }]);
    expect(tar.length).toBe(512 * 4);
    expect(tar.subarray(257, 263).toString('latin1')).toBe('ustar\0');
    expect(tar.subarray(1024).every((b) => b === 0)).toBe(true);
    const header = Buffer.from(tar.subarray(0, 512));
    const stored = parseInt(header.subarray(148, 154).toString('latin1'), 8);
    header.fill(0x20, 148, 156);
    expect(stored).toBe(header.reduce((a, b) => a + b, 0));
    expect(gunzipSync(await tarGz([])).length).toBe(1024);
  });

  it('refuses unsafe or impossible paths', async () => {
    for (const p of ['/etc/passwd', '../x', 'a/../b', 'a//b', '', 'a\\b', 'x'.repeat(101)]) {
      await expect(tarFiles([{ path: p, text: '' }])).rejects.toThrow(/tar:/);
    }
  });

  it("packs an overlay's changes", async () => {
    const shipped = await writeKb({ 'topics/basics/fxs.md': topic() });
    const overlay = path.join(await mkdtemp(path.join(os.tmpdir(), 'dialtone-overlay-')), 'knowledge');
    const store = new OverlayStore(overlay, shipped);
    await store.saveTopic('which-port', 'fxo', topic({ title: 'title: FXO' }), null, 'mod');
    await store.removeTopic('fxs');
    const dir = await extract(await tarGz(await store.changes()));
    expect(await readFile(path.join(dir, 'removed.yaml'), 'utf8')).toBe('- fxs\n');
    expect(await readFile(path.join(dir, 'topics/which-port/fxo.md'), 'utf8')).toContain('title: FXO');
  });
});
