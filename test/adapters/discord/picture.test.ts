import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { picture } from '../../../src/adapters/discord/picture.js';
import { createLogger } from '../../../src/bin/logger.js';

describe('an answer whose diagram cannot be drawn', () => {
  it('goes without its picture, and the failure is logged with the diagram', async () => {
    const out = new PassThrough();
    let logged = '';
    out.on('data', (d: Buffer) => (logged += d.toString()));
    const logger = createLogger({ logLevel: 'warn' }, { pretty: false, destination: out });
    const png = Buffer.from('png');
    expect(await picture({ logger }, 'ok', () => Promise.resolve(png))).toBe(png);
    expect(await picture({ logger }, 'none', () => Promise.resolve(undefined))).toBeUndefined();
    expect(
      await picture({ logger }, 'fxs-ports', () =>
        Promise.reject(new Error('diagram renderer exited (code 1)')),
      ),
    ).toBeUndefined();
    expect(JSON.parse(logged.trim())).toMatchObject({
      level: 40,
      diagram: 'fxs-ports',
      reason: 'diagram renderer exited (code 1)',
      msg: 'diagram left out of an answer',
    });
  });
});
