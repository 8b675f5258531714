import { describe, expect, it } from 'vitest';
import { ConfigError, NEEDS, parseConfig } from '../../src/bin/config.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz012345';

describe('parseConfig', () => {
  it('gives defaults with an empty environment (console mode needs no token)', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      discordToken: undefined,
      discordApiBase: 'https://discord.com/api',
      answerChannelIds: [],
      httpPort: 8080,
      logLevel: 'info',
      cooldownSeconds: 300,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('parses every variable', () => {
    const c = parseConfig({
      DISCORD_TOKEN: `Bot ${TOKEN}`,
      DISCORD_API_BASE: 'http://127.0.0.1:9999/api/',
      ANSWER_CHANNEL_IDS: '123456789012345678, 223456789012345678',
      MODERATOR_ROLE_IDS: '323456789012345678',
      PUBLIC_BASE_URL: 'https://dialtone.example.org',
      HTTP_PORT: '0',
      LOG_LEVEL: 'DEBUG',
      COOLDOWN_SECONDS: '60',
      USER_RATE_LIMIT: '3',
    });
    expect(c).toMatchObject({
      discordToken: TOKEN,
      discordApiBase: 'http://127.0.0.1:9999/api',
      answerChannelIds: ['123456789012345678', '223456789012345678'],
      moderatorRoleIds: ['323456789012345678'],
      httpPort: 0,
      logLevel: 'debug',
      cooldownSeconds: 60,
      userRateLimit: 3,
    });
  });

  it('lists every problem at once, naming variables and never printing the token', () => {
    const secret = 'short secret!';
    let error: unknown;
    try {
      parseConfig({
        DISCORD_TOKEN: secret,
        HTTP_PORT: 'eighty',
        ANSWER_CHANNEL_IDS: '12,abc',
        LOG_LEVEL: 'loud',
        PUBLIC_BASE_URL: 'ftp://x',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.issues).toHaveLength(5);
    expect(e.message).toMatch(/DISCORD_TOKEN: does not look like a bot token \(value hidden\)/);
    expect(e.message).toMatch(/HTTP_PORT: must be a whole number from 0 to 65535, got "eighty"/);
    expect(e.message).toMatch(/ANSWER_CHANNEL_IDS: must be a comma-separated list of Discord ids/);
    expect(e.message).toMatch(/LOG_LEVEL: must be one of/);
    expect(e.message).toMatch(/PUBLIC_BASE_URL: must be an http\(s\) URL/);
    expect(e.message).not.toContain(secret);
  });

  it('checks only what a command needs: a malformed token does not break ask or kb check', () => {
    const env = { DISCORD_TOKEN: 'not a token', HTTP_PORT: 'eighty', DATA_DIR: '/tmp/d' };
    expect(parseConfig(env, NEEDS.knowledge)).toMatchObject({ dataDir: '/tmp/d', discordToken: undefined });
    expect(() => parseConfig(env, NEEDS.serve)).toThrow(/HTTP_PORT/);
    expect(() => parseConfig(env, NEEDS.serve)).not.toThrow(/DISCORD_TOKEN/);
    expect(() => parseConfig(env, NEEDS.deploy)).toThrow(/DISCORD_TOKEN: does not look like a bot token/);
  });

  it('reads the retention period (default 90 days, 0 keeps everything)', () => {
    expect(parseConfig({}).retentionDays).toBe(90);
    expect(parseConfig({ RETENTION_DAYS: '0' }).retentionDays).toBe(0);
    expect(() => parseConfig({ RETENTION_DAYS: '-3' })).toThrow(/RETENTION_DAYS: must be a whole number/);
  });
});
