import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/bin/services.js';

function capture(pretty: boolean): { log: ReturnType<typeof createLogger>; text: () => string } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  return { log: createLogger({ logLevel: 'info' }, { pretty, destination: out }), text: () => text };
}

describe('createLogger', () => {
  it('writes one JSON object per line when not on a terminal, with the token redacted', () => {
    const { log, text } = capture(false);
    log.info({ token: 'secret-value' }, 'knowledge reloaded: 3 added, 0 removed, 0 modified');
    const line = JSON.parse(text().trim()) as { msg: string; token: string };
    expect(line.msg).toBe('knowledge reloaded: 3 added, 0 removed, 0 modified');
    expect(line.token).toBe('[secret]');
  });

  it('writes readable lines on a terminal', () => {
    const { log, text } = capture(true);
    log.info({ token: 'secret-value' }, 'web server listening');
    expect(text()).toMatch(/INFO.*web server listening/);
    expect(text().trim().startsWith('{')).toBe(false);
    expect(text()).not.toContain('secret-value');
  });
});
