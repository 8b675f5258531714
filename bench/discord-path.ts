/**
 * The bot's whole path without the network: the real discord.js Client, logged in to the fake
 * Discord (test/support/fake-discord) in this process, is fed INTERACTION_CREATE payloads as the
 * gateway would (JSON text → `client.actions.InteractionCreate`, what discord.js's own
 * INTERACTION_CREATE handler calls), runs Dialtone's handlers, engine and renderer, and its
 * interaction callback (the reply payload, multipart with the diagram PNG) is taken at the REST
 * layer (`makeRequest`) instead of being sent. The templates are the payloads the fake itself
 * dispatches, and one of each goes the whole way through the fake first (schema-checked).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultRestOptions, type ResponseLike } from '@discordjs/rest';
import { pino } from 'pino';
import { startBot, type Bot } from '../src/adapters/discord/bot.js';
import type { BotContext } from '../src/adapters/discord/context.js';
import { Guard } from '../src/adapters/discord/guard.js';
import { Metrics, rendererStore } from '../src/adapters/http/index.js';
import { Store } from '../src/adapters/storage/sqlite.js';
import { DiagramRenderer } from '../src/core/diagram/index.js';
import type { Engine } from '../src/core/engine.js';
import { FakeDiscord, type Json } from '../test/support/fake-discord/index.js';
import { interactionToken, snowflake } from '../test/support/fake-discord/snowflake.js';

interface Pending {
  resolve(body: unknown): void;
}

/** One reply as sent: the callback body (JSON or multipart `payload_json`) and the files. */
export interface Reply {
  type: number;
  data: Json;
  files: number;
}

/** A reply body as the bot handed it to REST: JSON text, or the multipart form with the PNGs. */
export type SentBody = unknown;

export interface DiscordPath {
  /** Ask `/ask question:<q>` and wait for the reply payload. */
  ask(question: string): Promise<Reply>;
  /**
   * `ask` in the harness's two halves, for timing the bot alone: the gateway text of
   * `/ask question:<q>` (a fresh interaction id and token), made before the clock starts; then
   * `send` it and read the body with `readReply` once the clock has stopped.
   */
  askFrame(question: string): string;
  /** Gateway text in (what discord.js's gateway handler is given), reply body out, as sent. */
  send(frame: string): Promise<SentBody>;
  /** Type `input` into `/explain topic:` and wait for the choices. */
  autocomplete(input: string): Promise<Reply>;
  /** Swap the engine every handler sees (e.g. for the fuse.js baseline). */
  use(engine: Engine): void;
  /** Problems the fake found in the requests that went through it (should be none). */
  violations(): string[];
  /** Interactions that took longer than the bot's deferral threshold (would have been deferred). */
  slow: number;
  close(): Promise<void>;
}

/** The bot's deferral threshold in production (src/bin/services.ts). */
const PRODUCTION_DEFER_MS = 1500;

export async function discordPath(engine: Engine): Promise<DiscordPath> {
  let current = engine;
  const dataDir = mkdtempSync(join(tmpdir(), 'dialtone-bench-'));
  const store = new Store(join(dataDir, 'dialtone.db'));
  const metrics = new Metrics({ defaultMetrics: false });
  const renderer = new DiagramRenderer();
  await renderer.renderAll(engine.kb.diagrams.values()); // as at start-up, off the hot path
  const diagrams = rendererStore(renderer, () => current, metrics);
  const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
  // As services.ts wires it (metrics, the question log in SQLite, a debug line), minus the
  // production rate limit (0 = unlimited): one user asks everything.
  const context: BotContext = {
    engine: () => current,
    diagrams: {
      png: async (id) => (await diagrams.get(id))?.png,
      generated: async (id, dot) => (await diagrams.generated?.(id, dot))?.png,
    },
    guard: new Guard({ perMinute: 0, cooldownMs: 60_000 }),
    logger,
    publicBaseUrl: 'https://dialtone.example.org',
    answerChannelIds: new Set<string>(),
    deferAfterMs: 60_000, // never defer here; `slow` counts what production would have deferred
    onQuestion: (e) => {
      metrics.observeAnswer(e.decision, e.seconds);
      store.recordQuestion(e);
      logger.debug({ decision: e.decision, entry: e.entryId }, 'question');
    },
    onFeedback: () => undefined,
  };

  const waiting = new Map<string, Pending>();
  const makeRequest = async (url: string, init: Parameters<typeof DefaultRestOptions.makeRequest>[1]) => {
    const m = /\/interactions\/(\d+)\/[^/]+\/callback/.exec(url);
    const pending = m ? waiting.get(m[1] as string) : undefined;
    if (!m || !pending) return DefaultRestOptions.makeRequest(url, init);
    waiting.delete(m[1] as string);
    pending.resolve(init.body);
    return new Response(null, { status: 204 }) as unknown as ResponseLike;
  };

  const fake = await new FakeDiscord({ interactionDeadlineMs: 60_000 }).start();
  const bot: Bot = await startBot({
    token: fake.token,
    apiBase: fake.restBase,
    context,
    clientOptions: { rest: { retries: 0, timeout: 10_000, makeRequest }, waitGuildTimeout: 1000 },
  });
  // Templates: what the fake dispatches, sent once the whole way through it.
  const askHandle = fake.slashCommand('ask', [{ name: 'question', type: 3, value: 'what is an fxs port' }]);
  const acHandle = fake.autocomplete('explain', [{ name: 'topic', type: 3, value: 'fx' }]);
  await Promise.all([askHandle.callback, acHandle.callback]);
  const askTemplate = askHandle.payload as Json;
  const acTemplate = acHandle.payload as Json;
  // What discord.js's gateway handler for INTERACTION_CREATE does with `packet.d`.
  const actions = (bot.client as unknown as { actions: { InteractionCreate: { handle(d: Json): void } } })
    .actions;

  const path: DiscordPath = {
    slow: 0,
    async ask(question) {
      return readReply(await send(askFrame(question)));
    },
    askFrame,
    send,
    async autocomplete(input) {
      return readReply(
        await send(
          frame({
            ...acTemplate,
            data: { ...acTemplate.data, options: [{ name: 'topic', type: 3, value: input, focused: true }] },
          }),
        ),
      );
    },
    use(e) {
      current = e;
    },
    violations: () => fake.takeViolations(),
    async close() {
      await bot.stop();
      await fake.stop();
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };

  /** An INTERACTION_CREATE gateway frame for interaction data `d`, with a fresh id and token. */
  function frame(d: Json): string {
    return JSON.stringify({
      op: 0,
      t: 'INTERACTION_CREATE',
      s: 1,
      d: { ...d, id: snowflake(), token: interactionToken() },
    });
  }

  function askFrame(question: string): string {
    return frame({
      ...askTemplate,
      data: { ...askTemplate.data, options: [{ name: 'question', type: 3, value: question }] },
    });
  }

  async function send(text: string): Promise<SentBody> {
    const started = performance.now();
    const d = (JSON.parse(text) as Json).d;
    const body = new Promise<unknown>((resolve) => waiting.set(d.id as string, { resolve }));
    actions.InteractionCreate.handle(d);
    const raw = await body;
    if (performance.now() - started > PRODUCTION_DEFER_MS) path.slow++;
    return raw;
  }
  return path;
}

/** A reply body as sent, read back: the callback JSON and the number of files. */
export function readReply(raw: SentBody): Reply {
  if (raw instanceof FormData) {
    const json = JSON.parse(String(raw.get('payload_json'))) as Json;
    return { ...json, files: [...raw.keys()].filter((k) => k.startsWith('files[')).length };
  }
  return { ...(JSON.parse(String(raw)) as Json), files: 0 };
}
