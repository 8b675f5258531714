import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Writes a knowledge folder from `{ relativePath: content }` into a fresh temp dir; returns its path. */
export async function writeKb(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dialtone-kb-'));
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return dir;
}

/** A valid topic file; `over` replaces front-matter lines by key. */
export function topic(fields: Partial<Record<string, string>> = {}, body = 'Longer text.'): string {
  const base: Record<string, string> = {
    title: 'title: What is an FXS port?',
    aliases: 'aliases: [fxs port]',
    keywords: 'keywords: [dial tone, battery]',
    questions:
      'questions:\n  - what is fxs\n  - whats an fxs port for\n  - fxs meaning\n  - what does fxs do',
    summary: 'summary: An FXS port supplies dial tone, battery and ringing to an analog phone.',
    sources: 'sources:\n  - https://en.wikipedia.org/wiki/Foreign_exchange_service_(telecommunications)',
    reviewed: 'reviewed: 2026-11-26',
  };
  const merged = { ...base, ...fields };
  const lines = Object.values(merged).filter((v): v is string => v !== undefined && v !== '');
  return `---\n${lines.join('\n')}\n---\n${body}\n`;
}

export const device = (extra = ''): string =>
  `vendor: Linksys\nmodel: PAP2T\naliases: [pap2t]\nkind: ata\nfxs: 2\nfxo: 0\nstatus: discontinued\nsources:\n  - https://example.org/pap2t\n${extra}`;

/** A second complete topic (FXO) beside the default one, for tests that need two entries. */
export const FXO_TOPIC = topic({
  title: 'title: What is an FXO port?',
  aliases: 'aliases: [fxo port]',
  keywords: 'keywords: [line port, wall jack]',
  questions: 'questions:\n  - what is fxo\n  - whats an fxo port for\n  - fxo meaning\n  - what does fxo do',
  summary: 'summary: An FXO port connects to a phone line from the telco or a PBX.',
});
