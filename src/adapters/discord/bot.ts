import { Client, Events, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import { Agent } from 'undici';
import type { BotContext } from './context.js';
import { onInteraction } from './events/interaction-create.js';
import { onMessage } from './events/message-create.js';
import { REST_CONNECTIONS } from './respond.js';

export interface BotOptions {
  token: string;
  /** REST base, e.g. `https://discord.com/api` (operators: a proxy; tests: the fake). */
  apiBase: string;
  context: BotContext;
  /** Extra client options (tests lower timeouts). */
  clientOptions?: Partial<ClientOptions>;
  /** Give up when Discord has not sent READY by then (default 30 s): start-up must not hang. */
  readyTimeoutMs?: number;
}

/** Discord did not finish the handshake in time. */
export class ReadyTimeoutError extends Error {
  readonly code = 'DISCORD_READY_TIMEOUT';
  constructor(ms: number) {
    super(`Discord did not send READY within ${Math.round(ms / 1000)} s`);
    this.name = 'ReadyTimeoutError';
  }
}

/** A running bot: the discord.js client and a clean stop. */
export interface Bot {
  client: Client<true>;
  stop(): Promise<void>;
}

/**
 * Connects to Discord and resolves once the client is ready (all guilds received).
 * Intents: Guilds, GuildMessages and the privileged MessageContent (without it, only mentions,
 * slash commands and the context menu work).
 */
export async function startBot(options: BotOptions): Promise<Bot> {
  const { context } = options;
  const agent = new Agent({ connections: REST_CONNECTIONS });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    partials: [Partials.Channel],
    ...options.clientOptions,
    rest: { agent, ...options.clientOptions?.rest, api: options.apiBase },
  });
  const destroy = async (): Promise<void> => {
    await client.destroy();
    await agent.destroy();
  };
  client.on(Events.InteractionCreate, (interaction) => void onInteraction(interaction, context));
  client.on(Events.MessageCreate, (message) => {
    if (client.isReady()) void onMessage(message, client, context);
  });
  client.on(Events.Error, (error) => context.logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (warning) => context.logger.warn({ warning }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shard) =>
    context.logger.warn({ code: event.code, shard }, 'gateway disconnected'),
  );

  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<Client<true>>((resolve, reject) => {
    client.once(Events.ClientReady, resolve);
    timer = setTimeout(() => reject(new ReadyTimeoutError(timeoutMs)), timeoutMs);
  });
  let readyClient: Client<true>;
  try {
    await Promise.race([client.login(options.token), ready]);
    readyClient = await ready;
  } catch (error) {
    await destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  context.logger.info(
    { user: readyClient.user.tag, guilds: readyClient.guilds.cache.size },
    'connected to Discord',
  );
  return {
    client: readyClient,
    stop: destroy,
  };
}
