import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { Decision } from '../../core/match/matcher.js';
import type { Engine } from '../../core/engine.js';
import type { Guard } from './guard.js';
import type { Moderation } from './moderation/types.js';

/** The smallest logger the adapter needs (pino satisfies it). */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/**
 * Where PNG diagrams come from: the knowledge's by id (the renderer's cache), and those generated
 * for one answer (advice, comparisons) from their DOT. Either may throw; the answer then goes
 * without its picture (see `picture` in respond.ts).
 */
export interface DiagramImages {
  png(id: string): Promise<Buffer | undefined>;
  generated(id: string, dot: string): Promise<Buffer | undefined>;
}

/** A 👍/👎 vote on an entry. */
export interface Feedback {
  entryId: string;
  userId: string;
  guildId: string | null;
  vote: 'up' | 'down';
}

/** One question and what Dialtone did with it (for metrics and, later, moderators' stats). */
export interface QuestionEvent {
  question: string;
  decision: Decision;
  confidence: number;
  entryId: string | null;
  source: 'slash' | 'mention' | 'channel' | 'context-menu';
  userId: string;
  guildId: string | null;
  seconds: number;
}

/** Everything a command handler may use. The bot builds it once. */
export interface BotContext {
  engine: () => Engine;
  diagrams: DiagramImages;
  guard: Guard;
  logger: Logger;
  publicBaseUrl?: string;
  answerChannelIds: ReadonlySet<string>;
  /** Defer an interaction when its answer is not ready after this many ms (Discord allows 3000). */
  deferAfterMs: number;
  onQuestion(event: QuestionEvent): void;
  onFeedback(feedback: Feedback): void;
  /** The `/kb` tools; absent when the bot runs without storage. */
  moderation?: Moderation;
}

/** A slash command: one file each; `data` is what `deploy-commands` registers. */
export interface SlashCommand {
  kind: 'slash';
  data: RESTPostAPIApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}

/** A message context-menu command ("Apps → Ask Dialtone"). */
export interface MessageMenuCommand {
  kind: 'message-menu';
  data: RESTPostAPIApplicationCommandsJSONBody;
  execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void>;
}

export type Command = SlashCommand | MessageMenuCommand;
