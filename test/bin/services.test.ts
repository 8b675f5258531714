import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/bin/config.js';
import { createLogger, moderationAccess } from '../../src/bin/services.js';

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

describe('moderationAccess', () => {
  it('takes the /kb home guilds and moderator roles from the configuration', () => {
    const access = moderationAccess(
      parseConfig({
        MODERATOR_ROLE_IDS: '323456789012345678',
        MODERATION_GUILD_IDS: '423456789012345678,523456789012345678',
      }),
    );
    expect([...access.moderatorRoleIds]).toEqual(['323456789012345678']);
    expect([...(access.guildIds ?? [])]).toEqual(['423456789012345678', '523456789012345678']);
  });
});
