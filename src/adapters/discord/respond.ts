import {
  InteractionResponseType,
  makeURLSearchParams,
  MessageFlags,
  MessagePayload,
  Options,
  REST,
  Routes,
  type Client,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type MessageCreateOptions,
  type RepliableInteraction,
} from 'discord.js';
import type { Answer } from '../../core/answer/answer.js';
import { adviceReply } from './advice.js';
import { picture } from './picture.js';
import type { BotContext, QuestionEvent } from './context.js';
import { isShared, renderAnswer, renderEntry, type ReplyPayload } from './render.js';

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

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * A reply as discord.js would resolve it (`MessagePayload#resolveBody` and `resolveFiles`: the
 * same JSON body, key for key, and the same files), built directly from the payload, which is
 * already in the API's shape. discord.js's own resolution deep-copies every embed and component
 * through its snake_case transformer and `require`s five modules to tell what the target is, on
 * every reply; a PNG's type is read from its 8-byte signature instead of discord.js's file-type
 * sniffing (the same `image/png`). A client that enforces nonces or transforms JSON itself gets discord.js's path.
 */
export function resolvedReply(
  interaction: RepliableInteraction,
  p: ReplyPayload,
  flags: MessageFlags.Ephemeral | undefined,
): MessagePayload | InteractionReplyOptions {
  const options = { ...toMessageOptions(p), flags };
  const client = interaction.client.options;
  if (client.enforceNonce || client.jsonTransformer !== DEFAULT_JSON_TRANSFORMER) return options;
  const payload = new MessagePayload(interaction, options);
  const { repliedUser, ...mentions } = p.allowedMentions;
  payload.body = {
    content: p.content ?? '',
    tts: false,
    nonce: undefined,
    enforce_nonce: false,
    embeds: p.embeds,
    components: p.components,
    username: undefined,
    avatar_url: undefined,
    allowed_mentions:
      repliedUser === undefined ? p.allowedMentions : { ...mentions, replied_user: repliedUser },
    flags,
    message_reference: undefined,
    attachments: p.files.map((_, index) => ({
      id: index.toString(),
      description: undefined,
      title: undefined,
      waveform: undefined,
      duration_secs: undefined,
    })),
    sticker_ids: undefined,
    thread_name: undefined,
    applied_tags: undefined,
    poll: undefined,
    shared_client_theme: undefined,
  } as MessagePayload['body'];
  payload.files = p.files.map((f) => ({
    data: f.data,
    name: f.name,
    contentType: f.data.subarray(0, 8).equals(PNG_SIGNATURE) ? 'image/png' : undefined,
  }));
  return payload;
}

/**
 * Sends an interaction's first reply (`interaction.reply`). A reply with PNGs is posted as the
 * multipart body @discordjs/rest would build — `files[i]` parts, then `payload_json` — from one
 * `File` per PNG kept with the PNG's buffer: REST copies the bytes into a new Blob and File for
 * every reply (the diagram of a common answer, again and again). The buffers the diagram store
 * hands out are never changed, so the File always holds the same bytes.
 */
export async function replyNow(
  interaction: RepliableInteraction,
  p: ReplyPayload,
  flags: MessageFlags.Ephemeral | undefined,
): Promise<void> {
  const reply = resolvedReply(interaction, p, flags);
  const files = reply instanceof MessagePayload ? reply.files : null;
  if (
    !(reply instanceof MessagePayload) ||
    !files?.length ||
    interaction.deferred ||
    interaction.replied ||
    files.some((f) => f.contentType !== 'image/png' || !Buffer.isBuffer(f.data))
  ) {
    await interaction.reply(reply);
    return;
  }
  const form = new FormData();
  files.forEach((f, index) => form.append(`files[${index}]`, pngFile(f.data as Buffer, f.name)));
  form.append('payload_json', callbackJson(p, flags, reply.body));
  await interaction.client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
    body: form,
    passThroughBody: true,
    auth: false,
    query: WITHOUT_RESPONSE,
  });
  // What interaction.reply records.
  interaction.ephemeral = Boolean((flags ?? 0) & MessageFlags.Ephemeral);
  interaction.replied = true;
}

/**
 * The interaction callback's JSON for payload `p` sent with `flags` (`body`, as `resolvedReply`
 * builds it from them alone). A shared payload's (see `isShared`) is kept with it: a common
 * answer's reply is the same text every time, and stringifying it was most of sending it.
 */
function callbackJson(p: ReplyPayload, flags: MessageFlags.Ephemeral | undefined, body: unknown): string {
  const stringify = (): string =>
    JSON.stringify({ type: InteractionResponseType.ChannelMessageWithSource, data: body });
  if (!isShared(p)) return stringify();
  let byFlags = sharedJson.get(p);
  if (!byFlags) sharedJson.set(p, (byFlags = new Map()));
  let json = byFlags.get(flags);
  if (json === undefined) byFlags.set(flags, (json = stringify()));
  return json;
}

const sharedJson = new WeakMap<ReplyPayload, Map<MessageFlags.Ephemeral | undefined, string>>();

/** The callback's query, built once: REST only reads it (`toString`). */
const WITHOUT_RESPONSE = makeURLSearchParams({ with_response: false });

const pngFiles = new WeakMap<Buffer, Map<string, File>>();
function pngFile(data: Buffer, name: string): File {
  let byName = pngFiles.get(data);
  if (!byName) pngFiles.set(data, (byName = new Map()));
  let file = byName.get(name);
  if (!file) byName.set(name, (file = new File([data], name, { type: 'image/png' })));
  return file;
}

/** discord.js's default `jsonTransformer` (its snake_case conversion). */
const DEFAULT_JSON_TRANSFORMER = Options.createDefault().jsonTransformer;

/**
 * Matching is synchronous CPU work (milliseconds per question). A burst of interactions arrives
 * in one socket read, and matching them all back to back would starve the event loop: no reply,
 * deferral or heartbeat leaves until the whole burst is matched (1,000 questions: seconds, past
 * Discord's 3-second window for all of them). So questions are matched one per event-loop turn:
 * between two, sockets are served and deferral timers fire. Each keeps when it was queued.
 */
const turns: { run: () => void; at: number }[] = [];
let draining = false;
/**
 * Wall time between two questions leaving the queue (moving average): how fast it drains now. It
 * starts high (a loaded machine's figure, not an idle one's 2–5 ms): a burst is queued whole
 * before the first turn measures anything, and underestimating leaves its middle on the slow
 * path (deferred only after `deferAfterMs`).
 */
let turnMs = 20;
let lastTurnAt = 0;

/** An answer further away than this is not instant: the interaction is deferred at once. */
export const INSTANT_MS = 500;

/**
 * Queued questions still waiting for their deferral timer. When a burst makes the queue long, they
 * are deferred at once too, before the newcomer: they were queued first, and their timer would
 * otherwise put their deferral behind the whole burst's.
 */
const onTimer = new Set<() => void>();

/** Defers every queued question still waiting for its timer, the earliest first. */
function deferWaiting(): void {
  for (const defer of onTimer) defer();
}

/**
 * HTTP connections to Discord's REST API at once (bot.ts gives discord.js an agent with this cap).
 * Without a cap, a burst of 1,000 interactions opened one connection, with its own TLS handshake,
 * per pending acknowledgement, and the handshakes (or, against the local fake, a full listen
 * queue) delayed the acknowledgements past Discord's 3 seconds.
 */
export const REST_CONNECTIONS = 64;

/** Deferrals sent and not yet answered by Discord. */
let acksInFlight = 0;
let pausedForAcks = false;

/**
 * Acknowledge first, then compute: while more deferrals are on their way than there are
 * connections (so some wait for one), matching pauses and the CPU goes to sending them. It resumes
 * as soon as they are down to the connections' worth, so a steady trickle never stops it.
 */
function trackAck(deferral: Promise<unknown>): void {
  acksInFlight++;
  const done = (): void => {
    acksInFlight--;
    if (pausedForAcks && acksInFlight <= REST_CONNECTIONS) {
      pausedForAcks = false;
      setImmediate(drainOne);
    }
  };
  deferral.then(done, done);
}

function drainOne(): void {
  if (acksInFlight > REST_CONNECTIONS) {
    pausedForAcks = true; // still draining: trackAck resumes
    lastTurnAt = 0; // the pause is not matching time
    return;
  }
  const now = performance.now();
  if (lastTurnAt) turnMs = 0.8 * turnMs + 0.2 * (now - lastTurnAt);
  lastTurnAt = now;
  const turn = turns.shift();
  // The queue is slower than its estimate said (a stale figure, slow questions): what still
  // waits for its deferral timer is not instant either.
  if (turn && now - turn.at > INSTANT_MS) deferWaiting();
  turn?.run();
  if (turns.length) setImmediate(drainOne);
  else {
    draining = false;
    lastTurnAt = 0;
  }
}

/** Runs `fn` in its own event-loop turn, after the ones queued before it. */
export function inTurn<T>(fn: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const run = (): void => {
      try {
        resolve(fn());
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    turns.push({ run, at: performance.now() });
    if (!draining) {
      draining = true;
      setImmediate(drainOne);
    }
  });
}

/** About how long a question queued now waits before it is matched (0 when nothing is queued). */
export function matchingBacklogMs(): number {
  return turns.length * turnMs;
}

export interface WithinOptions {
  ephemeral?: boolean;
  /**
   * The build waits in the matcher's queue (`answerQuestion`): when that queue already holds more
   * than `INSTANT_MS` of work, the answer cannot be instant, so the interaction is deferred at once
   * instead of after `ctx.deferAfterMs` (in a burst, that wait is what pushed acknowledgements
   * past Discord's 3 seconds). Without a queue, a quick answer is one reply, with no "thinking…".
   */
  queued?: boolean;
}

/**
 * Builds a reply while keeping Discord's 3-second rule: the interaction is deferred at once when
 * the build waits behind a long matching queue, else if the build is not done after
 * `ctx.deferAfterMs`. Returns the built value and whether the interaction was deferred (the
 * deferral has then gone through; an error from it, such as an expired interaction, is thrown).
 */
export async function buildWithin<T>(
  interaction: RepliableInteraction,
  ctx: BotContext,
  build: () => Promise<T>,
  options: WithinOptions = {},
): Promise<{ value: T; deferred: boolean }> {
  const flags = options.ephemeral ? MessageFlags.Ephemeral : undefined;
  let deferral: Promise<unknown> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const defer = (): void => {
    clearTimeout(timer);
    onTimer.delete(defer);
    if (deferral) return;
    deferral = interaction.deferReply({ flags });
    trackAck(deferral); // also keeps a failure from being unhandled: it is awaited below
  };
  if (options.queued && matchingBacklogMs() > INSTANT_MS) {
    deferWaiting();
    defer();
  } else {
    timer = setTimeout(defer, ctx.deferAfterMs);
    if (options.queued) onTimer.add(defer);
  }
  let value: T;
  try {
    value = await build();
  } finally {
    clearTimeout(timer);
    onTimer.delete(defer);
  }
  if (deferral) await deferral;
  return { value, deferred: Boolean(deferral) };
}

/**
 * The answer to a deferred interaction, as an edit of its original response. Discord does not
 * count interaction endpoints against a bot's 50-per-second global limit, but discord.js's REST
 * client does for every route except the callback: after a burst, the edits queued behind it
 * (1,000 deferred answers trailed by ~20 s). The edit goes through a second REST client built from
 * the same options (API base, agent, retries) without that limit; the route limits still apply.
 */
export async function editOriginal(
  interaction: RepliableInteraction,
  options: InteractionEditReplyOptions,
): Promise<void> {
  const { body, files } = await MessagePayload.create(interaction.webhook, options)
    .resolveBody()
    .resolveFiles();
  await interactionRest(interaction.client).patch(
    Routes.webhookMessage(interaction.webhook.id, interaction.token, '@original'),
    { body, files: files ?? undefined, auth: false },
  );
  interaction.replied = true;
}

const interactionRests = new WeakMap<Client, REST>();
function interactionRest(client: Client): REST {
  let rest = interactionRests.get(client);
  if (!rest) {
    rest = new REST({ ...client.options.rest, globalRequestsPerSecond: Number.POSITIVE_INFINITY });
    interactionRests.set(client, rest);
  }
  return rest;
}

/**
 * Replies to an interaction with a payload that may take a while to build: if it cannot be
 * instant (see `buildWithin`), the interaction is deferred first and the answer sent as an edit.
 */
export async function replyWithin(
  interaction: RepliableInteraction,
  ctx: BotContext,
  build: () => Promise<ReplyPayload>,
  options: WithinOptions = {},
): Promise<void> {
  const { value: payload, deferred } = await buildWithin(interaction, ctx, build, options);
  if (deferred) {
    await editOriginal(interaction, toMessageOptions(payload));
  } else {
    const flags = options.ephemeral ? MessageFlags.Ephemeral : undefined;
    await replyNow(interaction, payload, flags);
  }
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
  const payload = answer.advice
    ? await adviceReply(answer.advice, ctx, answer.suggestions)
    : await rendered(ctx, answer);
  // Messages nobody addressed to Dialtone are not recorded unless it answered them.
  if (options.reportOnlyIfAnswered && answer.status !== 'answer') return { answer, payload };
  const seconds = (performance.now() - started) / 1000;
  ctx.onQuestion({
    ...who,
    question,
    decision: answer.status,
    confidence: answer.confidence,
    entryId: answer.entry?.id ?? null,
    seconds,
  });
  // ctx.logger carries the question's id (events/question-log.ts); the text itself is not logged.
  ctx.logger.debug(
    {
      decision: answer.status,
      entry: answer.entry?.id ?? null,
      confidence: answer.confidence,
      source: who.source,
      ms: Math.round(seconds * 1000),
    },
    'question',
  );
  return { answer, payload };
}

/** The PNG of the knowledge's diagram `id`, if there is one and it draws (see `picture`). */
function storedPicture(ctx: BotContext, id: string | null | undefined): Promise<Buffer | undefined> {
  return id ? picture(ctx, id, () => ctx.diagrams.png(id)) : Promise.resolve(undefined);
}

/** A topic or device answer with its diagram attached. */
async function rendered(ctx: BotContext, answer: Answer): Promise<ReplyPayload> {
  const diagramPng = await storedPicture(ctx, answer.entry?.diagram);
  return renderAnswer(answer, { publicBaseUrl: ctx.publicBaseUrl, diagramPng });
}

/** One entry by id, rendered (short or long) with its diagram; undefined if unknown. */
export async function entryReply(
  ctx: BotContext,
  id: string,
  options: { long?: boolean; forUserId?: string } = {},
): Promise<ReplyPayload | undefined> {
  const entry = ctx.engine().entry(id);
  if (!entry) return undefined;
  const diagramPng = await storedPicture(ctx, entry.diagram);
  return renderEntry(entry, { ...options, publicBaseUrl: ctx.publicBaseUrl, diagramPng });
}
