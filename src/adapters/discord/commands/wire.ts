import { ApplicationCommandOptionType } from 'discord.js';
import { advise, completeEndpoints, MAX_COUNT, resolveEndpoint } from '../../../core/advisor/index.js';
import { adviceReply } from '../advice.js';
import type { SlashCommand } from '../context.js';
import { LIMITS, cut } from '../limits.js';
import { renderNotice } from '../render.js';
import { replyWithin } from '../respond.js';
import { PRIVATE_OPTION } from './options.js';

const NO_MODEL = 'The wiring advisor is unavailable: its port model could not be read.';

/** `/wire from:<endpoint> to:<endpoint> [count]`: how to connect two things, with a diagram. */
export const wireCommand: SlashCommand = {
  kind: 'slash',
  data: {
    name: 'wire',
    description: 'How to connect two things: phone, fax, landline, PBX, Asterisk, 3CX, SIP trunk…',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'from',
        description: 'What you have, e.g. analog phone',
        required: true,
        autocomplete: true,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'to',
        description: 'What it should work with, e.g. Asterisk',
        required: true,
        autocomplete: true,
      },
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'count',
        description: 'How many (phones, lines…)',
        required: false,
        min_value: 1,
        max_value: MAX_COUNT,
      },
      PRIVATE_OPTION,
    ],
  },
  async execute(interaction, ctx) {
    const from = interaction.options.getString('from', true);
    const to = interaction.options.getString('to', true);
    const count = interaction.options.getInteger('count') ?? 1;
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    await replyWithin(
      interaction,
      ctx,
      async () => {
        const engine = ctx.engine();
        const model = engine.ports;
        if (!model) return renderNotice(NO_MODEL);
        const unknown = [from, to].find((x) => !resolveEndpoint(model, x));
        if (unknown !== undefined) {
          return renderNotice(
            "I don't know that endpoint. Start typing (analog phone, fax, landline, Asterisk, 3CX, SIP trunk…) and pick from the list.",
          );
        }
        const a = advise(model, engine.kb.devices, from, to, Math.min(Math.max(count, 1), MAX_COUNT));
        return adviceReply(a, ctx);
      },
      { ephemeral },
    );
  },
  async autocomplete(interaction, ctx) {
    const model = ctx.engine().ports;
    const choices = model ? completeEndpoints(model, interaction.options.getFocused(), LIMITS.choices) : [];
    await interaction.respond(choices.map((e) => ({ name: cut(e.label, LIMITS.choiceName), value: e.id })));
  },
};
