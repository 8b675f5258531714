import { ApplicationCommandOptionType } from 'discord.js';
import { LIMITS, cut } from '../limits.js';
import type { SlashCommand } from '../context.js';
import { renderNotice } from '../render.js';
import { entryReply, replyWithin } from '../respond.js';
import { PRIVATE_OPTION } from './options.js';

/** `/explain topic:<autocomplete> [private] [for:<user>]`: one entry, long form. */
export const explain: SlashCommand = {
  kind: 'slash',
  data: {
    name: 'explain',
    description: 'Explain one topic in full',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'topic',
        description: 'Topic',
        required: true,
        autocomplete: true,
      },
      PRIVATE_OPTION,
      {
        type: ApplicationCommandOptionType.User,
        name: 'for',
        description: 'Mention this member with the answer',
        required: false,
      },
    ],
  },
  async execute(interaction, ctx) {
    const id = interaction.options.getString('topic', true);
    const forUser = interaction.options.getUser('for');
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    await replyWithin(
      interaction,
      ctx,
      async () =>
        (await entryReply(ctx, id, { long: true, forUserId: ephemeral ? undefined : forUser?.id })) ??
        renderNotice(
          'I have no topic by that name. Pick one from the list as you type, or browse with `/topics`.',
        ),
      { ephemeral },
    );
  },
  async autocomplete(interaction, ctx) {
    const typed = interaction.options.getFocused();
    const choices = ctx.engine().completeTopic(typed, LIMITS.choices);
    await interaction.respond(choices.map((c) => ({ name: cut(c.title, LIMITS.choiceName), value: c.id })));
  },
};
