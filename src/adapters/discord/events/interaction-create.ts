import {
  DiscordAPIError,
  MessageFlags,
  RESTJSONErrorCodes,
  type AnySelectMenuInteraction,
  type ButtonInteraction,
  type Interaction,
} from 'discord.js';
import { COMMANDS } from '../commands/index.js';
import { onKbInteraction } from '../moderation/components.js';
import type { BotContext } from '../context.js';
import { decodeCustomId } from '../custom-id.js';
import { renderBrowse, renderNotice } from '../render.js';
import { entryReply, replyWithin, toMessageOptions } from '../respond.js';
import { forQuestion } from './question-log.js';

const APOLOGY = 'Sorry, something went wrong while answering. The team has been told; please try again.';

/**
 * Routes every interaction; one failing handler never takes the bot down. Every log line about it
 * carries its id (`qid`, the interaction id).
 */
export async function onInteraction(interaction: Interaction, base: BotContext): Promise<void> {
  const ctx = forQuestion(base, interaction.id);
  try {
    await dispatch(interaction, ctx);
  } catch (error) {
    if (expired(error)) {
      // Discord gave up waiting (the 3-second window passed, e.g. after a stall or a reconnect):
      // nothing can be said on this interaction any more, so no apology either.
      ctx.logger.warn(
        {
          interaction: interaction.id,
          command: interaction.isCommand() ? interaction.commandName : undefined,
          guild: interaction.guildId,
          code: (error as DiscordAPIError).code,
        },
        'interaction expired before Dialtone answered',
      );
      return;
    }
    if (
      error instanceof DiscordAPIError &&
      error.code === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged
    ) {
      // A reply that timed out on our side (e.g. a stalled event loop) but reached Discord, then
      // retried: the member already has the answer, so no apology on top of it.
      ctx.logger.warn(
        { interaction: interaction.id, guild: interaction.guildId, code: error.code },
        'interaction was already acknowledged (a retried reply had gone through)',
      );
      return;
    }
    ctx.logger.error(
      {
        err: error,
        interaction: interaction.id,
        type: interaction.type,
        command: interaction.isCommand() ? interaction.commandName : undefined,
        customId: interaction.isMessageComponent() ? interaction.customId : undefined,
        guild: interaction.guildId,
        user: interaction.user.id,
      },
      'interaction handler failed',
    );
    await apologise(interaction, ctx);
  }
}

/** Unknown interaction (10062) or an unknown/expired interaction webhook (10015): the token is gone. */
function expired(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    (error.code === RESTJSONErrorCodes.UnknownInteraction || error.code === RESTJSONErrorCodes.UnknownWebhook)
  );
}

async function dispatch(interaction: Interaction, ctx: BotContext): Promise<void> {
  if (interaction.isAutocomplete()) {
    const command = COMMANDS.find((c) => c.data.name === interaction.commandName);
    if (command?.kind === 'slash' && command.autocomplete) await command.autocomplete(interaction, ctx);
    else await interaction.respond([]);
    return;
  }
  if (interaction.isChatInputCommand()) {
    const command = COMMANDS.find((c) => c.kind === 'slash' && c.data.name === interaction.commandName);
    if (command?.kind === 'slash') await command.execute(interaction, ctx);
    else await unknown(interaction, ctx);
    return;
  }
  if (interaction.isMessageContextMenuCommand()) {
    const command = COMMANDS.find(
      (c) => c.kind === 'message-menu' && c.data.name === interaction.commandName,
    );
    if (command?.kind === 'message-menu') await command.execute(interaction, ctx);
    else await unknown(interaction, ctx);
    return;
  }
  if ((interaction.isButton() || interaction.isModalSubmit()) && interaction.customId.startsWith('kb:')) {
    await onKbInteraction(interaction, ctx);
    return;
  }
  if (interaction.isButton() || interaction.isAnySelectMenu()) await onComponent(interaction, ctx);
}

async function onComponent(
  interaction: ButtonInteraction | AnySelectMenuInteraction,
  ctx: BotContext,
): Promise<void> {
  const id = decodeCustomId(interaction.customId);
  if (id?.kind === 'topic') {
    // A related-topic or did-you-mean button: answer that topic, publicly like the message it sits on.
    const ephemeral = interaction.message.flags.has(MessageFlags.Ephemeral);
    await replyWithin(
      interaction,
      ctx,
      async () =>
        (await entryReply(ctx, id.id)) ?? renderNotice('That topic is no longer in the knowledge base.'),
      { ephemeral },
    );
    return;
  }
  if (id?.kind === 'feedback') {
    const { vote } = id;
    ctx.onFeedback({ entryId: id.id, userId: interaction.user.id, guildId: interaction.guildId, vote });
    ctx.logger.info({ entry: id.id, vote, user: interaction.user.id }, 'feedback');
    await interaction.reply({
      ...toMessageOptions(
        renderNotice(vote === 'up' ? 'Thanks, glad it helped!' : 'Thanks, the moderators will take a look.'),
      ),
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  if (interaction.isStringSelectMenu() && (id?.kind === 'category' || id?.kind === 'pick')) {
    const value = interaction.values[0] ?? '';
    if (id.kind === 'category') {
      await interaction.update(toMessageOptions(renderBrowse(ctx.engine().categories(), value)));
    } else {
      const payload =
        (await entryReply(ctx, value)) ?? renderNotice('That topic is no longer in the knowledge base.');
      await interaction.update(toMessageOptions(payload));
    }
    return;
  }
  await unknown(interaction, ctx);
}

async function unknown(interaction: Interaction, ctx: BotContext): Promise<void> {
  ctx.logger.warn({ interaction: interaction.id }, 'unknown interaction');
  if (interaction.isRepliable()) {
    await interaction.reply({
      ...toMessageOptions(renderNotice("I don't know that command any more; it may have been removed.")),
      flags: MessageFlags.Ephemeral,
    });
  }
}

async function apologise(interaction: Interaction, ctx: BotContext): Promise<void> {
  if (!interaction.isRepliable()) return;
  const message = { ...toMessageOptions(renderNotice(APOLOGY)), flags: MessageFlags.Ephemeral } as const;
  try {
    if (interaction.deferred && !interaction.replied)
      await interaction.editReply(toMessageOptions(renderNotice(APOLOGY)));
    else if (interaction.replied) await interaction.followUp(message);
    else await interaction.reply(message);
  } catch (error) {
    ctx.logger.warn({ err: error, interaction: interaction.id }, 'could not tell the user about the failure');
  }
}
