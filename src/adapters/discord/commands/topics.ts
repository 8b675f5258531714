import type { SlashCommand } from '../context.js';
import { renderBrowse } from '../render.js';
import { replyWithin } from '../respond.js';

/** `/topics`: browse categories with a select menu, then an entry. */
export const topics: SlashCommand = {
  kind: 'slash',
  data: { name: 'topics', description: 'Browse what Dialtone knows, by category' },
  async execute(interaction, ctx) {
    await replyWithin(interaction, ctx, async () => renderBrowse(ctx.engine().categories()), {
      ephemeral: true,
    });
  },
};
