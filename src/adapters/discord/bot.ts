import { Client, Events, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import type { BotContext } from './context.js';
import { onInteraction } from './events/interaction-create.js';
import { onMessage } from './events/message-create.js';

export interface BotOptions {
  token: string;
  /** REST base, e.g. `https://discord.com/api` (operators: a proxy; tests: the fake). */
  apiBase: string;
  context: BotContext;
  /** Extra client options (tests lower timeouts). */
  clientOptions?: Partial<ClientOptions>;
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
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    partials: [Partials.Channel],
    ...options.clientOptions,
    rest: { ...options.clientOptions?.rest, api: options.apiBase },
  });
  client.on(Events.InteractionCreate, (interaction) => void onInteraction(interaction, context));
  client.on(Events.MessageCreate, (message) => {
    if (client.isReady()) void onMessage(message, client, context);
  });
  client.on(Events.Error, (error) => context.logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (warning) => context.logger.warn({ warning }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shard) =>
    context.logger.warn({ code: event.code, shard }, 'gateway disconnected'),
  );

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(options.token);
  } catch (error) {
    await client.destroy();
    throw error;
  }
  const readyClient = await ready;
  context.logger.info(
    { user: readyClient.user.tag, guilds: readyClient.guilds.cache.size },
    'connected to Discord',
  );
  return {
    client: readyClient,
    stop: async () => {
      await client.destroy();
    },
  };
}
