import { describe, expect, it } from 'vitest';
import { ConfigError, NEEDS, parseConfig } from '../../src/bin/config.js';
import { webAccess } from '../../src/bin/services.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz012345';

describe('parseConfig', () => {
  it('checks PUBLIC_BASE_URL with the web app’s own rule (no query or fragment) and normalises it', () => {
    expect(() => parseConfig({ PUBLIC_BASE_URL: 'https://x.example/?a=1' })).toThrow(
      /PUBLIC_BASE_URL: must not have a query or fragment/,
    );
    expect(() => parseConfig({ PUBLIC_BASE_URL: 'https://x.example/#top' })).toThrow(ConfigError);
    expect(parseConfig({ PUBLIC_BASE_URL: 'https://X.example/dialtone/' }).publicBaseUrl).toBe(
      'https://x.example/dialtone',
    );
  });

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
      MODERATION_GUILD_IDS: '423456789012345678',
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
      moderationGuildIds: ['423456789012345678'],
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

  it('reads the web access settings: HTTP_HOST, METRICS_TOKEN, TRUST_PROXY, WEB_RATE_LIMIT', () => {
    expect(parseConfig({})).toMatchObject({
      httpHost: '0.0.0.0',
      metricsToken: undefined,
      trustProxy: false,
      webRateLimit: 30,
    });
    const c = parseConfig({
      HTTP_HOST: '127.0.0.1',
      METRICS_TOKEN: ' a-long-metrics-token-123 ',
      TRUST_PROXY: 'true',
      WEB_RATE_LIMIT: '0',
    });
    expect(c).toMatchObject({
      httpHost: '127.0.0.1',
      metricsToken: 'a-long-metrics-token-123',
      trustProxy: 1,
      webRateLimit: 0,
    });
    expect(parseConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(parseConfig({ TRUST_PROXY: 'FALSE' }).trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: '10.0.0.0/8, ::1, loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '::1',
      'loopback',
    ]);
    expect(parseConfig({ HTTP_HOST: '::' }).httpHost).toBe('::');
    // `serve` reads them (not only the bot).
    expect(parseConfig({ METRICS_TOKEN: 'x'.repeat(16), HTTP_HOST: '::1' }, NEEDS.serve)).toMatchObject({
      metricsToken: 'x'.repeat(16),
      httpHost: '::1',
    });
  });

  it('names a bad web setting and never prints the metrics token', () => {
    const secret = 'short token';
    let error: unknown;
    try {
      parseConfig(
        {
          HTTP_HOST: 'example.org',
          METRICS_TOKEN: secret,
          TRUST_PROXY: '10.0.0.0/33,yes',
          WEB_RATE_LIMIT: 'lots',
        },
        NEEDS.serve,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.issues).toHaveLength(4);
    expect(e.message).toMatch(/HTTP_HOST: must be an IP address to listen on .*, got "example.org"/);
    expect(e.message).toMatch(
      /METRICS_TOKEN: must be at least 16 characters, without spaces \(value hidden\)/,
    );
    expect(e.message).toMatch(/TRUST_PROXY: must be true, false, a number of proxies/);
    expect(e.message).toMatch(/WEB_RATE_LIMIT: must be a whole number from 0 to 10000, got "lots"/);
    expect(e.message).not.toContain(secret);
  });

  it('hands the web access settings to the web app (services.ts)', () => {
    const c = parseConfig({ METRICS_TOKEN: 'm'.repeat(20), TRUST_PROXY: '1', WEB_RATE_LIMIT: '12' });
    expect(webAccess(c)).toEqual({
      metricsToken: 'm'.repeat(20),
      trustProxy: 1,
      apiRateLimit: { limit: 12, windowMs: 60_000 },
    });
    expect(webAccess(parseConfig({ WEB_RATE_LIMIT: '0' })).apiRateLimit).toBe(false);
  });
});
