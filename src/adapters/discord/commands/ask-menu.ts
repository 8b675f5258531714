import { ApplicationCommandType, MessageFlags } from 'discord.js';
import type { MessageMenuCommand } from '../context.js';
import { renderNotice } from '../render.js';
import { answerQuestion, buildWithin, editOriginal, toMessageOptions } from '../respond.js';

/** Message context menu "Ask Dialtone": answers the chosen message, as a reply to it. */
export const askMenu: MessageMenuCommand = {
  kind: 'message-menu',
  data: { name: 'Ask Dialtone', type: ApplicationCommandType.Message },
  async execute(interaction, ctx) {
    const target = interaction.targetMessage;
    const ephemeral = { flags: MessageFlags.Ephemeral } as const;
    if (!target.content.trim()) {
      await interaction.reply({
        ...toMessageOptions(renderNotice('That message has no text I can read.')),
        ...ephemeral,
      });
      return;
    }
    // Acknowledged (deferred, privately) at once when matching will take a while (3-second rule).
    const { value, deferred } = await buildWithin(
      interaction,
      ctx,
      () =>
        answerQuestion(ctx, target.content, {
          source: 'context-menu',
          userId: interaction.user.id,
          guildId: interaction.guildId,
        }),
      { ephemeral: true, queued: true },
    );
    const { answer, payload } = value;
    if (answer.status !== 'answer') {
      // Not sure: tell only the member who asked; never post a guess publicly.
      if (deferred) await editOriginal(interaction, toMessageOptions(payload));
      else await interaction.reply({ ...toMessageOptions(payload), ...ephemeral });
      return;
    }
    // Acknowledge first (3-second rule), then reply to the message itself.
    if (!deferred) await interaction.deferReply(ephemeral);
    await target.reply({ ...toMessageOptions(payload), allowedMentions: { parse: [], repliedUser: false } });
    await editOriginal(interaction, { content: 'Answered in the channel.', allowedMentions: { parse: [] } });
  },
};
