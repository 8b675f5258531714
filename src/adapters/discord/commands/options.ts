import { ApplicationCommandOptionType } from 'discord.js';

/** The `private` option shared by the answering commands. */
export const PRIVATE_OPTION = {
  type: ApplicationCommandOptionType.Boolean,
  name: 'private',
  description: 'Only you see the answer',
  required: false,
} as const;
