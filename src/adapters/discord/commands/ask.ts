import { ApplicationCommandOptionType } from 'discord.js';
import type { SlashCommand } from '../context.js';
import { renderNotice } from '../render.js';
import { answerQuestion, replyWithin } from '../respond.js';
import { PRIVATE_OPTION } from './options.js';

/** `/ask question:<text> [private]`: the matcher's decision as a reply. */
export const ask: SlashCommand = {
  kind: 'slash',
  data: {
    name: 'ask',
    description: 'Ask a VoIP hardware question (FXS, FXO, ATAs, gateways, fax, failover…)',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'question',
        description: 'Your question',
        required: true,
        max_length: 500,
      },
      PRIVATE_OPTION,
    ],
  },
  async execute(interaction, ctx) {
    const question = interaction.options.getString('question', true);
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    if (!ctx.guard.allowUser(interaction.user.id)) {
      await replyWithin(
        interaction,
        ctx,
        async () => renderNotice("You're asking quickly! Please wait a minute and try again."),
        {
          ephemeral: true,
        },
      );
      return;
    }
    await replyWithin(
      interaction,
      ctx,
      async () =>
        (
          await answerQuestion(ctx, question, {
            source: 'slash',
            userId: interaction.user.id,
            guildId: interaction.guildId,
          })
        ).payload,
      { ephemeral, queued: true },
    );
  },
};
