/**
 * The real bot connected to the fake Discord, as every end-to-end test starts it: one place for
 * the connection settings and for a context with nothing in the way (no rate limit, no diagrams,
 * a quiet logger); each test overrides what it is about.
 */
import type { ClientOptions } from 'discord.js';
import { startBot, type Bot } from '../../src/adapters/discord/bot.js';
import type { BotContext } from '../../src/adapters/discord/context.js';
import { Guard } from '../../src/adapters/discord/guard.js';
import { GeneratedDiagrams } from '../../src/core/diagram/index.js';
import type { Engine } from '../../src/core/engine.js';
import type { FakeDiscord } from './fake-discord/index.js';

/** A logger that drops everything. */
export const QUIET_LOGGER: BotContext['logger'] = {
  info: () => undefined,
  debug: () => undefined,
  warn: () => undefined,
  error: () => undefined,
} as unknown as BotContext['logger'];

const generatedHere = new GeneratedDiagrams();
/** `DiagramImages.generated` drawing in the test's own process (the bot draws in a child process). */
export const drawInProcess = async (id: string, dot: string): Promise<Buffer> =>
  (await generatedHere.render(id, dot)).file.png;

/** A bot context with nothing in the way; `overrides` replace single fields. */
export function testContext(engine: () => Engine, overrides: Partial<BotContext> = {}): BotContext {
  return {
    engine,
    diagrams: { png: async () => undefined, generated: drawInProcess },
    guard: new Guard({ perMinute: 0, cooldownMs: 0 }),
    logger: QUIET_LOGGER,
    answerChannelIds: new Set(),
    deferAfterMs: 1500,
    onQuestion: () => undefined,
    onFeedback: () => undefined,
    ...overrides,
  };
}

/**
 * Starts the bot against a running fake Discord. REST calls fail fast (no retries, 5 s) unless
 * `clientOptions` says otherwise (the fault tests keep production retries).
 */
export function connectBot(
  fake: FakeDiscord,
  context: BotContext,
  clientOptions: Partial<ClientOptions> = {},
): Promise<Bot> {
  return startBot({
    token: fake.token,
    apiBase: fake.restBase,
    context,
    clientOptions: { rest: { retries: 0, timeout: 5000 }, waitGuildTimeout: 1000, ...clientOptions },
  });
}
