import type { BotContext, Logger } from '../context.js';

interface WithChild extends Logger {
  child(bindings: Record<string, unknown>): Logger;
}

const hasChild = (logger: Logger): logger is WithChild =>
  typeof (logger as Partial<WithChild>).child === 'function';

/**
 * A logger whose every line carries the question's id as `qid` (the interaction's or the message's
 * Discord id, so an operator can follow one question through the logs and find it in Discord):
 * pino's child logger, or a wrapper for the plain loggers tests pass.
 */
export function questionLogger(logger: Logger, qid: string): Logger {
  if (hasChild(logger)) return logger.child({ qid });
  const tag = (obj: object): object => ({ qid, ...obj });
  return {
    info: (obj, msg) => logger.info(tag(obj), msg),
    warn: (obj, msg) => logger.warn(tag(obj), msg),
    error: (obj, msg) => logger.error(tag(obj), msg),
    debug: (obj, msg) => logger.debug(tag(obj), msg),
  };
}

/** The context for handling one question: the same, with the question's logger. */
export function forQuestion(ctx: BotContext, qid: string): BotContext {
  return { ...ctx, logger: questionLogger(ctx.logger, qid) };
}
