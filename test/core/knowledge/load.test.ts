import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listFiles, loadKnowledge } from '../../../src/core/knowledge/load.js';
import { formatProblem } from '../../../src/core/knowledge/problems.js';
import { validateKnowledge } from '../../../src/core/knowledge/validate.js';
import { device, topic, writeKb } from '../../support/tmp-kb.js';

const NOW = new Date('2026-11-26');

async function check(files: Record<string, string>, dirs?: (root: string) => string[]) {
  const root = await writeKb(files);
  const load = await loadKnowledge(dirs ? dirs(root) : [root]);
  return { root, load, report: validateKnowledge(load, { now: NOW }) };
}

describe('loadKnowledge', () => {
  it('loads topics with category, body and defaults, and devices', async () => {
    const { load, report } = await check({
      'topics/basics/fxs.md': topic({ devices: 'devices: [linksys-pap2t]' }),
      'devices/linksys-pap2t.yaml': device(),
    });
    expect(report.errors).toEqual([]);
    const fxs = load.kb.topics.get('fxs');
    expect(fxs).toMatchObject({ id: 'fxs', category: 'basics', body: 'Longer text.', related: [] });
    expect(load.kb.devices.get('linksys-pap2t')).toMatchObject({ fxs: 2, fxo: 0, kind: 'ata' });
  });

  it('reports broken YAML with file and line', async () => {
    const { root, report } = await check({
      'topics/basics/fxs.md': '---\ntitle: FXS\naliases: [fxs\nsummary: x\n---\nbody',
    });
    const p = report.errors[0];
    expect(p?.file).toBe(path.join(root, 'topics/basics/fxs.md'));
    expect(p?.line).toBeGreaterThanOrEqual(3);
    expect(p?.message).toMatch(/^YAML:/);
  });

  it('reports an unquoted *97 (a YAML alias) at its line instead of stopping the whole load', async () => {
    const { load, report } = await check({
      'topics/basics/fxs.md': topic(),
      'topics/basics/vm.md': '---\ntitle: VM\nquestions:\n  - dial *97 for voicemail\n  - "code: *97"\n  - code: *97\n---\nbody',
    });
    expect(load.kb.topics.has('fxs')).toBe(true);
    const p = report.errors.find((e) => e.file.endsWith('vm.md'));
    expect(p?.line).toBe(6);
    expect(p?.message).toMatch(/quote text that starts with \*, e\.g\. "\*97"/);
  });

  it('names the missing field and the line of its entry', async () => {
    const { report } = await check({ 'topics/basics/fxs.md': topic({ sources: '' }) });
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ field: 'sources', line: 2 });
  });

  it('points at the exact line of a bad list item', async () => {
    const { report } = await check({
      'topics/basics/fxs.md': topic({ sources: 'sources:\n  - https://ok.example/a\n  - not a url' }),
    });
    expect(report.errors[0]).toMatchObject({ field: 'sources.1', line: 13, message: 'must be an http(s) URL' });
  });

  it('rejects a summary over 350 characters', async () => {
    const { report } = await check({ 'topics/basics/fxs.md': topic({ summary: `summary: ${'x'.repeat(351)}` }) });
    expect(report.errors[0]).toMatchObject({ field: 'summary', message: 'must be at most 350 characters' });
  });

  it('rejects unknown fields and bad file names', async () => {
    const { report } = await check({
      'topics/basics/fxs.md': topic({ extra: 'colour: blue' }),
      'topics/basics/Bad_Name.md': topic(),
    });
    const messages = report.errors.map(formatProblem).join('\n');
    expect(messages).toMatch(/Bad_Name.md: error: file name "Bad_Name" must be a lowercase kebab-case id/);
    expect(messages).toMatch(/fxs.md:\d+: error: Unrecognized key: "colour"/);
  });

  it('reports a duplicate alias across a topic and a device', async () => {
    const { report } = await check({
      'topics/basics/fxs.md': topic({ aliases: 'aliases: [pap2t]' }),
      'devices/linksys-pap2t.yaml': device(),
    });
    const dup = report.errors.find((p) => p.message.includes('already used'));
    expect(dup).toBeDefined();
    expect(formatProblem(dup!)).toMatch(/linksys-pap2t.yaml:3: error: aliases.0: alias "pap2t" is already used by topic fxs/);
  });

  it('reports dangling related, devices and diagram references at their lines', async () => {
    const { report } = await check({
      'topics/basics/fxs.md': topic({
        related: 'related: [nope]',
        devices: 'devices:\n  - ghost-ata',
        diagram: 'diagram: missing-picture',
      }),
    });
    const text = report.errors.map(formatProblem).join('\n');
    expect(text).toMatch(/fxs.md:14: error: related.0: unknown topic "nope"/);
    expect(text).toMatch(/fxs.md:16: error: devices.0: unknown device "ghost-ata"/);
    expect(text).toMatch(/fxs.md:17: error: diagram: no diagram file diagrams\/missing-picture.dot/);
  });

  it('catches two topics that steal each other\'s questions', async () => {
    const { report } = await check({
      'topics/basics/fxs.md': topic(),
      'topics/basics/fxs-two.md': topic({ aliases: 'aliases: [fxs port again]', title: 'title: What is an FXS port? FXS FXS' }),
    });
    expect(report.errors.some((p) => /reaches fxs(-two)? first/.test(p.message))).toBe(true);
  });

  it('warns (without failing) on an old review date and a topic without a diagram', async () => {
    const { report } = await check({ 'topics/basics/fxs.md': topic({ reviewed: 'reviewed: 2020-01-01' }) });
    expect(report.errors).toEqual([]);
    expect(report.warnings.map((w) => w.message)).toEqual(
      expect.arrayContaining(['topic has no diagram', expect.stringMatching(/last reviewed \d+ days ago/)]),
    );
  });

  it('counts demand in distinct posts: two paraphrases of one post are one post', async () => {
    const asked = [
      '  - {q: "which port is my phone for", from: "https://forum.example/t/1"}',
      '  - {q: "phone goes in which jack on the adapter", from: "https://forum.example/t/1/"}',
      '  - {q: "new ata, where does the handset plug in", from: "https://forum.example/t/2"}',
    ].join('\n');
    const { report } = await check({ 'topics/basics/fxs.md': topic({ asked: `asked:\n${asked}` }) });
    expect(report.errors).toEqual([]);
    expect(report.warnings.map((w) => w.message)).toContain('2 real posts (3 paraphrases); 6 show the demand');
  });

  it('does not count a manual or a pull request as a post, and says what it looks like', async () => {
    const asked = [
      '  - {q: "which port is my phone for", from: "https://forum.example/t/1"}',
      '  - {q: "phone or line port for the handset?", from: "https://www.manualslib.com/manual/1/ata.html"}',
      '  - {q: "adds an fxs template", from: "https://github.com/fusionpbx/fusionpbx/pull/7017"}',
    ].join('\n');
    const { report } = await check({ 'topics/basics/fxs.md': topic({ asked: `asked:\n${asked}` }) });
    const messages = report.warnings.map((w) => w.message);
    expect(messages).toContain('1 real post; 6 show the demand');
    expect(messages).toContain(
      'https://www.manualslib.com/manual/1/ata.html looks like a manual, not a post: make it a written question',
    );
    expect(messages.some((m) => m.includes('pull/7017 looks like a pull request'))).toBe(true);
  });

  it('rejects sources known to be wrong', async () => {
    const { report } = await check({
      'topics/basics/fxs.md': topic({ sources: 'sources:\n  - https://jvortega.wordpress.com/2005/05/16/voip-terminology/' }),
    });
    expect(report.errors[0]?.message).toMatch(/rejected: defines FXS and FXO the wrong way round/);
  });

  it('lets a later folder override an entry and hide another', async () => {
    const { load } = await check(
      {
        'base/topics/basics/fxs.md': topic(),
        'base/devices/linksys-pap2t.yaml': device(),
        'overlay/topics/basics/fxs.md': topic({ summary: 'summary: Overridden.' }),
        'overlay/removed.yaml': '- linksys-pap2t\n',
      },
      (root) => [path.join(root, 'base'), path.join(root, 'overlay'), path.join(root, 'missing')],
    );
    expect(load.problems).toEqual([]);
    expect(load.kb.topics.get('fxs')?.summary).toBe('Overridden.');
    expect(load.kb.devices.has('linksys-pap2t')).toBe(false);
  });

  it('only warns about a related topic that an overlay removed', async () => {
    const { report } = await check(
      {
        'base/topics/basics/fxs.md': topic({ related: 'related: [fxo]' }),
        'base/topics/basics/fxo.md': topic({ title: 'title: What is an FXO port?', aliases: 'aliases: [fxo port]', questions: 'questions: [what is fxo]' }),
        'overlay/removed.yaml': '- fxo\n',
      },
      (root) => [path.join(root, 'base'), path.join(root, 'overlay')],
    );
    expect(report.errors).toEqual([]);
    expect(report.warnings.map((w) => w.message)).toContain('related topic "fxo" was removed locally');
  });

  it('reports a missing first folder', async () => {
    const load = await loadKnowledge(['/nonexistent/dialtone']);
    expect(load.problems[0]).toMatchObject({ severity: 'error', message: 'knowledge folder not found' });
  });
});

describe('listFiles (the one lister for the loader and the overlay export)', () => {
  it('finds files by extension in subfolders, sorted; none for a missing folder or a file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dialtone-list-'));
    mkdirSync(path.join(dir, 'b'));
    mkdirSync(path.join(dir, 'a'));
    for (const f of ['b/z.md', 'a/y.md', 'x.md', 'a/notes.txt']) writeFileSync(path.join(dir, f), '');
    expect(await listFiles(dir, '.md')).toEqual(['a/y.md', 'b/z.md', 'x.md'].map((f) => path.join(dir, f)));
    expect(await listFiles(path.join(dir, 'missing'), '.md')).toEqual([]);
    expect(await listFiles(path.join(dir, 'x.md'), '.md')).toEqual([]);
  });
});
