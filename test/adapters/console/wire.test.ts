/** The console's `wire` command and free text routed to the advisor, through piped input. */
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsole } from '../../../src/adapters/console/repl.js';
import { Engine } from '../../../src/core/engine.js';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';

const { kb } = await loadKnowledge(['knowledge']);
const engine = new Engine(kb);

/** Feeds lines to the console and returns each reply (one per line of input). */
async function consoleSays(...lines: string[]): Promise<string> {
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  await runConsole(() => engine, Readable.from([lines.join('\n') + '\n']), output);
  return chunks.join('');
}

describe('console: wire <from> <to> [--count N]', () => {
  it('prints the advice: path, what to buy, examples and cautions', async () => {
    const out = await consoleSays('wire fax asterisk');
    expect(out).toMatch(/^Fax machine → Asterisk\/FreePBX\n/);
    expect(out).toContain('Path: Fax machine → RJ11 → FXS port of ATA');
    expect(out).toContain('What to buy:');
    expect(out).toContain('Example devices:');
    expect(out).toMatch(/Caution:\n {2}- .*T\.38/);
  });

  it('takes quoted names and a count, either way it is written', async () => {
    const out = await consoleSays('wire "analog phone" 3cx --count 24', ':wire analog-phone 3cx --count=24');
    const [first, second] = out.split(/\n(?=24 × )/);
    expect(first).toMatch(/^24 × Analog phone → 3CX/);
    expect(first).toContain('24-port FXS gateway');
    expect(second?.trim()).toBe(first?.trim());
  });

  it('says what is wrong with a bad count or an unknown endpoint typed as a command', async () => {
    expect(await consoleSays('wire fax asterisk --count 0')).toMatch(
      /^--count must be a whole number from 1 to 1000/,
    );
    const unknown = await consoleSays(':wire toaster asterisk');
    expect(unknown).toMatch(/^Unknown endpoint "toaster"\. Known: analog-phone, /);
    expect(await consoleSays(':wire fax')).toMatch(/^Usage: wire <from> <to>/);
  });

  it('a sentence that starts with "wire" is still a question', async () => {
    const out = await consoleSays('wire my phone to the ata');
    expect(out).not.toMatch(/^Usage|^Unknown endpoint/);
  });

  it('lists wire in :help', async () => {
    expect(await consoleSays(':help')).toContain('wire <from> <to> [--count N]');
  });
});

describe('console: free text routed to the advisor', () => {
  it('answers "how do I connect my fax to asterisk" with the advice and its web page', async () => {
    const out = await consoleSays('how do I connect my fax to asterisk');
    expect(out).toMatch(/^Fax machine → Asterisk\/FreePBX\n/);
    expect(out).toContain('Diagram: /wire/fax/ip-pbx-asterisk on the web server');
  });
});
