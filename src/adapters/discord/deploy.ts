import { REST, Routes } from 'discord.js';
import { commandBodies } from './commands/index.js';

/**
 * Registers the bot's commands with a bulk overwrite: in one guild (instant, for testing)
 * or globally. Uses the same list the bot dispatches on.
 */
export async function deployCommands(options: {
  token: string;
  apiBase: string;
  guildId?: string;
}): Promise<number> {
  const rest = new REST({ api: options.apiBase }).setToken(options.token);
  const app = (await rest.get(Routes.currentApplication())) as { id: string };
  const body = commandBodies();
  const route = options.guildId
    ? Routes.applicationGuildCommands(app.id, options.guildId)
    : Routes.applicationCommands(app.id);
  const result = (await rest.put(route, { body })) as unknown[];
  return result.length;
}
