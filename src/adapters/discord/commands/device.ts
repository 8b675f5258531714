import { ApplicationCommandOptionType } from 'discord.js';
import { LIMITS } from '../limits.js';
import type { SlashCommand } from '../context.js';
import { renderNotice } from '../render.js';
import { entryReply, replyWithin } from '../respond.js';
import { PRIVATE_OPTION } from './options.js';

/** `/device model:<autocomplete>`: a device card with its port counts and sources. */
export const device: SlashCommand = {
  kind: 'slash',
  data: {
    name: 'device',
    description: 'Show an ATA, gateway or card: FXS and FXO ports, lifeline, T.38',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'model',
        description: 'Model, e.g. HT813',
        required: true,
        autocomplete: true,
      },
      PRIVATE_OPTION,
    ],
  },
  async execute(interaction, ctx) {
    const typed = interaction.options.getString('model', true);
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    const engine = ctx.engine();
    // Accept a typed model name as well as a picked choice.
    const id = engine.kb.devices.has(typed) ? typed : engine.completeDevice(typed, 1)[0]?.id;
    await replyWithin(
      interaction,
      ctx,
      async () =>
        (id ? await entryReply(ctx, id) : undefined) ??
        renderNotice(
          "I don't have that device. Start typing a model (HT813, SPA112, OBi110…) and pick from the list.",
        ),
      { ephemeral },
    );
  },
  async autocomplete(interaction, ctx) {
    const choices = ctx.engine().completeDevice(interaction.options.getFocused(), LIMITS.choices);
    await interaction.respond(
      choices.map((c) => ({ name: c.title.slice(0, LIMITS.choiceName), value: c.id })),
    );
  },
};
