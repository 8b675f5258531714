import type { SlashCommand } from '../context.js';
import { renderHelp } from '../render.js';
import { replyWithin } from '../respond.js';

/** `/help`: what Dialtone knows and how to ask. */
export const help: SlashCommand = {
  kind: 'slash',
  data: { name: 'help', description: 'What Dialtone knows and how to ask it' },
  async execute(interaction, ctx) {
    const engine = ctx.engine();
    await replyWithin(interaction, ctx, async () => renderHelp(engine.categories(), engine.kb.devices.size), {
      ephemeral: true,
    });
  },
};
