import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { baseUrlProblem, normaliseBaseUrl } from '../core/base-url.js';

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
  /** Guilds whose members may use `/kb` (empty: the guilds of the moderator roles). */
  moderationGuildIds: readonly string[];
  publicBaseUrl?: string;
  /** 0 turns the HTTP server off. */
  httpPort: number;
  /** Address the web server listens on (`0.0.0.0` all IPv4, `127.0.0.1` this machine only). */
  httpHost: string;
  /** Bearer token for `/metrics`; without one `/metrics` answers loopback requests only. */
  metricsToken?: string;
  /** Which proxies' `X-Forwarded-For` to believe: false, a number of hops, or addresses/CIDRs. */
  trustProxy: false | number | readonly string[];
  /** Questions per minute per client on `/api/ask` and on `/search`; 0 turns the limit off. */
  webRateLimit: number;
  dataDir: string;
  knowledgeDir: string;
  logLevel: LogLevel;
  /** Seconds before the same entry may be repeated in one channel. */
  cooldownSeconds: number;
  /** Questions one user may ask per minute. */
  userRateLimit: number;
  /** Days questions and votes are kept in the database; 0 keeps them forever. */
  retentionDays: number;
  /** `postgres://…`: the store shared by every host (a secret: it may hold a password); unset = SQLite in DATA_DIR. */
  databaseUrl?: string;
}

/** A configuration error listing every bad variable at once (never their secret values). */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly issues: readonly string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Variables whose values must never appear in a message. */
const SECRETS = new Set<string>(['DISCORD_TOKEN', 'METRICS_TOKEN', 'DATABASE_URL']);

/** Empty strings count as unset; values are trimmed. */
const optional = <T extends z.ZodType<unknown, string>>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() ? v.trim() : undefined), schema.optional());

const int = (max: number, dflt: number) =>
  optional(
    z
      .string()
      .regex(/^\d+$/, `must be a whole number from 0 to ${max}`)
      .transform(Number)
      .refine((n) => n <= max, `must be a whole number from 0 to ${max}`),
  ).transform((n) => n ?? dflt);

const httpUrl = optional(
  z
    .string()
    .refine((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), 'must be an http(s) URL')
    .transform((s) => s.replace(/\/+$/, '')),
);

/** PUBLIC_BASE_URL: the same rule the web app applies (see core/base-url.ts), normalised. */
const baseUrl = optional(
  z.string().transform((s, ctx) => {
    const problem = baseUrlProblem(s);
    if (!problem) return normaliseBaseUrl(s);
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }),
);

const discordIds = optional(
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .refine(
      (ids) => ids.every((id) => /^\d{17,20}$/.test(id)),
      'must be a comma-separated list of Discord ids (17-20 digits)',
    ),
).transform((ids) => ids ?? []);

const token = optional(
  z
    .string()
    .transform((s) => s.replace(/^Bot\s+/i, ''))
    .refine((s) => /^[A-Za-z0-9._-]{20,}$/.test(s), 'does not look like a bot token'),
);

const host = optional(
  z
    .string()
    .refine(
      (s) => isIP(s) !== 0 || s === 'localhost',
      'must be an IP address to listen on (0.0.0.0: everywhere, 127.0.0.1: this machine only)',
    ),
).transform((h) => h ?? '0.0.0.0');

const metricsToken = optional(
  z.string().regex(/^[\x21-\x7e]{16,}$/, 'must be at least 16 characters, without spaces'),
);

/** A proxy address, CIDR or proxy-addr's names for whole ranges. */
const isProxy = (s: string): boolean => {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(s)) return true;
  const [addr = '', bits, ...rest] = s.split('/');
  const v = isIP(addr);
  if (!v || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (v === 4 ? 32 : 128));
};

const trustProxy = optional(
  z
    .string()
    .transform((s): false | number | string[] => {
      const l = s.toLowerCase();
      if (l === 'false') return false;
      if (l === 'true') return 1;
      if (/^\d{1,2}$/.test(l)) return Number(l) || false;
      return l.split(',').map((p) => p.trim());
    })
    .refine(
      (t) => !Array.isArray(t) || (t.length > 0 && t.every(isProxy)),
      'must be true, false, a number of proxies (hops) or comma-separated proxy addresses/CIDRs',
    ),
).transform((t) => t ?? false);

const databaseUrl = optional(
  z
    .string()
    .refine(
      (s) => URL.canParse(s) && /^postgres(ql)?:$/.test(new URL(s).protocol) && new URL(s).hostname !== '',
      'must be a PostgreSQL URL: postgres://user:password@host:5432/database',
    ),
);

const logLevel = optional(
  z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })),
).transform((l) => l ?? 'info');

/** Every variable Dialtone reads, with its rule (the README table and `.env.example` list the same). */
const SCHEMA = z.object({
  DISCORD_TOKEN: token,
  DISCORD_API_BASE: httpUrl.transform((u) => u ?? 'https://discord.com/api'),
  ANSWER_CHANNEL_IDS: discordIds,
  MODERATOR_ROLE_IDS: discordIds,
  MODERATION_GUILD_IDS: discordIds,
  PUBLIC_BASE_URL: baseUrl,
  HTTP_PORT: int(65_535, 8080),
  HTTP_HOST: host,
  METRICS_TOKEN: metricsToken,
  TRUST_PROXY: trustProxy,
  WEB_RATE_LIMIT: int(10_000, 30),
  DATA_DIR: optional(z.string()).transform((d) => path.resolve(d ?? 'data')),
  KNOWLEDGE_DIR: optional(z.string()).transform((d) => path.resolve(d ?? SHIPPED_KNOWLEDGE)),
  LOG_LEVEL: logLevel,
  COOLDOWN_SECONDS: int(86_400, 300),
  USER_RATE_LIMIT: int(1000, 6),
  RETENTION_DAYS: int(36_500, 90),
  DATABASE_URL: databaseUrl,
});

export type Variable = keyof typeof SCHEMA.shape;
export const VARIABLES = Object.keys(SCHEMA.shape) as Variable[];

/** What each kind of command reads; a command checks only these, so a bad token cannot break `ask`. */
export const NEEDS = {
  knowledge: ['DATA_DIR', 'KNOWLEDGE_DIR'],
  serve: [
    'DATA_DIR',
    'KNOWLEDGE_DIR',
    'HTTP_PORT',
    'HTTP_HOST',
    'METRICS_TOKEN',
    'TRUST_PROXY',
    'WEB_RATE_LIMIT',
    'PUBLIC_BASE_URL',
    'LOG_LEVEL',
  ],
  deploy: ['DISCORD_TOKEN', 'DISCORD_API_BASE'],
  bot: VARIABLES,
} as const satisfies Record<string, readonly Variable[]>;

/**
 * Parses the environment into a frozen Config, or throws one ConfigError naming every problem.
 * Only the variables in `only` are read (the others take their defaults): each command checks
 * what it needs. Empty strings count as unset.
 */
export function parseConfig(
  env: Record<string, string | undefined>,
  only: readonly Variable[] = VARIABLES,
): Config {
  const read = Object.fromEntries(only.map((name) => [name, env[name]]));
  const result = SCHEMA.safeParse(read);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return SECRETS.has(name)
        ? `${name}: ${issue.message} (value hidden)`
        : `${name}: ${issue.message}, got "${env[name]}"`;
    });
    throw new ConfigError(issues);
  }
  const v = result.data;
  return Object.freeze({
    discordToken: v.DISCORD_TOKEN,
    discordApiBase: v.DISCORD_API_BASE,
    answerChannelIds: Object.freeze(v.ANSWER_CHANNEL_IDS),
    moderatorRoleIds: Object.freeze(v.MODERATOR_ROLE_IDS),
    moderationGuildIds: Object.freeze(v.MODERATION_GUILD_IDS),
    publicBaseUrl: v.PUBLIC_BASE_URL,
    httpPort: v.HTTP_PORT,
    httpHost: v.HTTP_HOST,
    metricsToken: v.METRICS_TOKEN,
    trustProxy: Array.isArray(v.TRUST_PROXY) ? Object.freeze(v.TRUST_PROXY) : v.TRUST_PROXY,
    webRateLimit: v.WEB_RATE_LIMIT,
    dataDir: v.DATA_DIR,
    knowledgeDir: v.KNOWLEDGE_DIR,
    logLevel: v.LOG_LEVEL,
    cooldownSeconds: v.COOLDOWN_SECONDS,
    userRateLimit: v.USER_RATE_LIMIT,
    retentionDays: v.RETENTION_DAYS,
    databaseUrl: v.DATABASE_URL,
  });
}
