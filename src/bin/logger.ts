/**
 * The one logger: pino, with every place a token could hide redacted. One JSON object per line
 * (Docker, systemd, log shippers), or readable lines (pino-pretty) when stdout is a terminal.
 * The level comes from LOG_LEVEL (checked by config.ts). Each question's lines carry its id
 * (`qid`) through a child logger: see adapters/discord/events/question-log.ts.
 */
import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import type { Config } from './config.js';

/** pino-pretty loads only for a terminal: a service writing JSON lines never needs it. */
const pinoPretty = (): typeof PinoPretty =>
  createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;

export function createLogger(
  config: Pick<Config, 'logLevel'>,
  options: { pretty?: boolean; destination?: NodeJS.WritableStream } = {},
): Logger {
  const settings = {
    level: config.logLevel,
    redact: {
      paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization'],
      censor: '[secret]',
    },
  };
  const destination = options.destination ?? process.stdout;
  if (options.pretty ?? process.stdout.isTTY) {
    return pino(
      settings,
      pinoPretty()({ destination, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }),
    );
  }
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
