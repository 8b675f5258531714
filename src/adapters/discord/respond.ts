import {
  MessageFlags,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type MessageCreateOptions,
  type RepliableInteraction,
} from 'discord.js';
import type { Answer } from '../../core/answer/answer.js';
import type { BotContext, QuestionEvent } from './context.js';
import { renderAnswer, renderEntry, type ReplyPayload } from './render.js';

/** A payload as discord.js options (files become attachments). */
export function toMessageOptions(p: ReplyPayload): MessageCreateOptions & InteractionEditReplyOptions {
  return {
    content: p.content ?? '',
    embeds: p.embeds,
    components: p.components,
    files: p.files.map((f) => ({ attachment: f.data, name: f.name })),
    allowedMentions: p.allowedMentions,
  };
}

/**
 * Replies to an interaction with a payload that may take a while to build: if it is not ready
 * after `ctx.deferAfterMs`, the interaction is deferred first (Discord's 3-second rule) and the
 * answer is sent as an edit.
 */
export async function replyWithin(
  interaction: RepliableInteraction,
  ctx: BotContext,
  build: () => Promise<ReplyPayload>,
  options: { ephemeral?: boolean } = {},
): Promise<void> {
  const flags = options.ephemeral ? MessageFlags.Ephemeral : undefined;
  let deferral: Promise<unknown> | undefined;
  const timer = setTimeout(() => {
    deferral = interaction.deferReply({ flags });
  }, ctx.deferAfterMs);
  let payload: ReplyPayload;
  try {
    payload = await build();
  } finally {
    clearTimeout(timer);
  }
  if (deferral) {
    await deferral;
    await interaction.editReply(toMessageOptions(payload));
  } else {
    const reply: InteractionReplyOptions = { ...toMessageOptions(payload), flags };
    await interaction.reply(reply);
  }
}

/**
 * Matching is synchronous CPU work (milliseconds per question). A burst of interactions arrives
 * in one socket read, and matching them all back to back would starve the event loop: no reply,
 * deferral or heartbeat leaves until the whole burst is matched (1,000 questions: seconds, past
 * Discord's 3-second window for all of them). So questions are matched one per event-loop turn:
 * between two, sockets are served and deferral timers fire.
 */
const turns: (() => void)[] = [];
let draining = false;

function drainOne(): void {
  turns.shift()?.();
  if (turns.length) setImmediate(drainOne);
  else draining = false;
}

/** Runs `fn` in its own event-loop turn, after the ones queued before it. */
export function inTurn<T>(fn: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    turns.push(() => {
      try {
        resolve(fn());
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    if (!draining) {
      draining = true;
      setImmediate(drainOne);
    }
  });
}

/** Asks the engine and renders the reply with the diagram attached; reports the question. */
export async function answerQuestion(
  ctx: BotContext,
  question: string,
  who: Pick<QuestionEvent, 'source' | 'userId' | 'guildId'>,
  options: { reportOnlyIfAnswered?: boolean } = {},
): Promise<{ answer: Answer; payload: ReplyPayload }> {
  const started = performance.now();
  const answer = await inTurn(() => ctx.engine().ask(question));
  const diagramPng = answer.entry?.diagram ? await ctx.diagrams.png(answer.entry.diagram) : undefined;
  const payload = renderAnswer(answer, { publicBaseUrl: ctx.publicBaseUrl, diagramPng });
  // Messages nobody addressed to Dialtone are not recorded unless it answered them.
  if (options.reportOnlyIfAnswered && answer.status !== 'answer') return { answer, payload };
  ctx.onQuestion({
    ...who,
    question,
    decision: answer.status,
    confidence: answer.confidence,
    entryId: answer.entry?.id ?? null,
    seconds: (performance.now() - started) / 1000,
  });
  return { answer, payload };
}

/** One entry by id, rendered (short or long) with its diagram; undefined if unknown. */
export async function entryReply(
  ctx: BotContext,
  id: string,
  options: { long?: boolean; forUserId?: string } = {},
): Promise<ReplyPayload | undefined> {
  const entry = ctx.engine().entry(id);
  if (!entry) return undefined;
  const diagramPng = entry.diagram ? await ctx.diagrams.png(entry.diagram) : undefined;
  return renderEntry(entry, { ...options, publicBaseUrl: ctx.publicBaseUrl, diagramPng });
}
