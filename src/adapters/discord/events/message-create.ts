import type { Client, Message } from 'discord.js';
import { looksLikeQuestion } from '../../../core/match/question.js';
import type { BotContext } from '../context.js';
import { answerQuestion, toMessageOptions } from '../respond.js';
import { forQuestion } from './question-log.js';

/**
 * Free text. Mentioned: always respond (answer, suggestions or "not sure"). In an answer
 * channel, unprompted: only confident answers to messages that read as questions, and in
 * threads only the first post. Never bots, webhooks or itself.
 */
export async function onMessage(message: Message, client: Client<true>, base: BotContext): Promise<void> {
  if (message.author.bot || message.webhookId || message.author.id === client.user.id || message.system)
    return;
  const mentioned = message.mentions.users.has(client.user.id);
  const text = message.content.replace(new RegExp(`<@!?${client.user.id}>`, 'g'), ' ').trim();
  // Most messages in a server are not for Dialtone: they leave before any per-question work.
  if (mentioned ? !text : !inAnswerChannel(message, base) || !looksLikeQuestion(text)) return;
  const ctx = forQuestion(base, message.id); // every log line about this message carries its id
  try {
    if (mentioned) {
      if (!ctx.guard.allowUser(message.author.id)) return;
      await respond(message, text, 'mention', ctx);
      return;
    }
    const who = { source: 'channel' as const, userId: message.author.id, guildId: message.guildId };
    const { answer, payload } = await answerQuestion(ctx, text, who, { reportOnlyIfAnswered: true });
    // A wrong unprompted answer is the worst outcome: stay silent unless confident.
    if (answer.status !== 'answer' || !answer.entry) return;
    if (ctx.guard.coolingDown(message.channelId, answer.entry.id)) return;
    if (!ctx.guard.allowUser(message.author.id)) return;
    ctx.guard.markPosted(message.channelId, answer.entry.id);
    await message.reply({ ...toMessageOptions(payload), allowedMentions: { parse: [], repliedUser: false } });
  } catch (error) {
    ctx.logger.error(
      { err: error, message: message.id, channel: message.channelId },
      'message handler failed',
    );
  }
}

async function respond(message: Message, text: string, source: 'mention', ctx: BotContext): Promise<void> {
  const { answer, payload } = await answerQuestion(ctx, text, {
    source,
    userId: message.author.id,
    guildId: message.guildId,
  });
  if (answer.entry) ctx.guard.markPosted(message.channelId, answer.entry.id);
  await message.reply({ ...toMessageOptions(payload), allowedMentions: { parse: [], repliedUser: false } });
}

/** In a configured channel, or the first post of a thread whose parent is one. */
function inAnswerChannel(message: Message, ctx: BotContext): boolean {
  if (ctx.answerChannelIds.has(message.channelId)) return true;
  const channel = message.channel;
  if (!channel.isThread() || !channel.parentId || !ctx.answerChannelIds.has(channel.parentId)) return false;
  // Forum posts and threads: the starter message shares the thread's id.
  return message.id === channel.id;
}
