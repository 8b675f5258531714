import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the shipped knowledge lives, next to `dist/` in the package. */
export const SHIPPED_KNOWLEDGE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../knowledge',
);

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Dialtone's whole configuration, parsed once from the environment and frozen. */
export interface Config {
  discordToken?: string;
  discordApiBase: string;
  answerChannelIds: readonly string[];
  moderatorRoleIds: readonly string[];
  publicBaseUrl?: string;
  /** 0 turns the HTTP server off. */
  httpPort: number;
  dataDir: string;
  knowledgeDir: string;
  logLevel: LogLevel;
  /** Seconds before the same entry may be repeated in one channel. */
  cooldownSeconds: number;
  /** Questions one user may ask per minute. */
  userRateLimit: number;
}

/** A configuration error listing every bad variable at once (never their secret values). */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly issues: readonly string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const SNOWFLAKE = /^\d{17,20}$/;
/** Variables whose values must never appear in a message. */
const SECRETS = new Set(['DISCORD_TOKEN']);

/** Every variable Dialtone reads, with its meaning (the README table and `.env.example` list the same). */
export const VARIABLES = [
  'DISCORD_TOKEN',
  'DISCORD_API_BASE',
  'ANSWER_CHANNEL_IDS',
  'MODERATOR_ROLE_IDS',
  'PUBLIC_BASE_URL',
  'HTTP_PORT',
  'DATA_DIR',
  'KNOWLEDGE_DIR',
  'LOG_LEVEL',
  'COOLDOWN_SECONDS',
  'USER_RATE_LIMIT',
] as const;

/**
 * Parses the environment into a Config, or throws one ConfigError naming every problem.
 * Empty strings count as unset.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const issues: string[] = [];
  const get = (name: (typeof VARIABLES)[number]): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const bad = (name: string, why: string): void => {
    issues.push(SECRETS.has(name) ? `${name}: ${why} (value hidden)` : `${name}: ${why}, got "${env[name]}"`);
  };
  const ids = (name: 'ANSWER_CHANNEL_IDS' | 'MODERATOR_ROLE_IDS'): string[] => {
    const list = (get(name) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (list.some((id) => !SNOWFLAKE.test(id)))
      bad(name, 'must be a comma-separated list of Discord ids (17-20 digits)');
    return list;
  };
  const int = (
    name: 'HTTP_PORT' | 'COOLDOWN_SECONDS' | 'USER_RATE_LIMIT',
    dflt: number,
    max: number,
  ): number => {
    const raw = get(name);
    if (raw === undefined) return dflt;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > max) {
      bad(name, `must be a whole number from 0 to ${max}`);
      return dflt;
    }
    return n;
  };
  const url = (name: 'DISCORD_API_BASE' | 'PUBLIC_BASE_URL'): string | undefined => {
    const raw = get(name);
    if (raw === undefined) return undefined;
    try {
      const u = new URL(raw);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
      return raw.replace(/\/+$/, '');
    } catch {
      bad(name, 'must be an http(s) URL');
      return undefined;
    }
  };

  const token = get('DISCORD_TOKEN');
  if (token !== undefined && !/^[A-Za-z0-9._-]{20,}$/.test(token.replace(/^Bot\s+/i, ''))) {
    bad('DISCORD_TOKEN', 'does not look like a bot token');
  }
  const logLevel = (get('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    bad('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);

  const config: Config = {
    discordToken: token?.replace(/^Bot\s+/i, ''),
    discordApiBase: url('DISCORD_API_BASE') ?? 'https://discord.com/api',
    answerChannelIds: ids('ANSWER_CHANNEL_IDS'),
    moderatorRoleIds: ids('MODERATOR_ROLE_IDS'),
    publicBaseUrl: url('PUBLIC_BASE_URL'),
    httpPort: int('HTTP_PORT', 8080, 65535),
    dataDir: path.resolve(get('DATA_DIR') ?? 'data'),
    knowledgeDir: path.resolve(get('KNOWLEDGE_DIR') ?? SHIPPED_KNOWLEDGE),
    logLevel: logLevel as LogLevel,
    cooldownSeconds: int('COOLDOWN_SECONDS', 300, 86_400),
    userRateLimit: int('USER_RATE_LIMIT', 6, 1000),
  };
  if (issues.length) throw new ConfigError(issues);
  return Object.freeze(config);
}
