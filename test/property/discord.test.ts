/**
 * Hostile questions end to end: generated text sent as /ask, as a mention and as an autocomplete
 * value through the fake Discord to the real discord.js client. The fake validates every body
 * the bot sends (discord-api-spec + Discord's hand rules) and records anything that would ping;
 * both must stay empty, and every interaction gets exactly one answer. Few runs (each is a
 * network round trip); the offline properties in questions.test.ts cover the volume.
 */
import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startBot, type Bot } from '../../src/adapters/discord/bot.js';
import { Guard } from '../../src/adapters/discord/guard.js';
import { Engine } from '../../src/core/engine.js';
import { loadKnowledge } from '../../src/core/knowledge/load.js';
import { FakeDiscord } from '../support/fake-discord/index.js';
import { boundedQuestion, hugeArb, mixedArb } from './arbitraries.js';

let fake: FakeDiscord;
let bot: Bot;
const failures: string[] = [];

beforeAll(async () => {
  const { kb } = await loadKnowledge(['knowledge']);
  const engine = new Engine(kb);
  fake = await new FakeDiscord().start();
  const note = (msg?: string, obj?: object) => failures.push(`${msg} ${JSON.stringify(obj).slice(0, 300)}`);
  bot = await startBot({
    token: fake.token,
    apiBase: fake.restBase,
    clientOptions: { rest: { retries: 0, timeout: 5000 }, waitGuildTimeout: 1000 },
    context: {
      engine: () => engine,
      diagrams: { png: async () => undefined },
      guard: new Guard({ perMinute: 0, cooldownMs: 0 }),
      logger: {
        info: () => undefined,
        debug: () => undefined,
        warn: (obj, msg) => note(msg, obj),
        error: (obj, msg) => note(msg, obj),
      },
      publicBaseUrl: 'https://dialtone.example.org',
      answerChannelIds: new Set(),
      deferAfterMs: 1500,
      onQuestion: () => undefined,
      onFeedback: () => undefined,
    },
  });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.stop();
});

function clean(): void {
  expect(fake.takeViolations()).toEqual([]);
  expect(fake.mentionWarnings.splice(0)).toEqual([]);
  expect(failures.splice(0)).toEqual([]);
}

describe('hostile questions through the fake Discord', () => {
  // /ask's question option has max_length 500: Discord never delivers more.
  test.prop([boundedQuestion(500).filter((q) => q.trim().length > 0)], { numRuns: 40 })(
    '/ask: one valid, non-pinging answer for any question',
    async (q) => {
      const i = fake.slashCommand('ask', [{ name: 'question', type: 3, value: q }]);
      await i.settled();
      expect(i.followUps()).toEqual([]);
      clean();
    },
  );

  test.prop([mixedArb.filter((q) => q.trim().length > 0).map((q) => q.slice(0, 1900))], { numRuns: 30 })(
    'a mention: the reply (if any) is valid and pings nobody, not even the asker',
    async (q) => {
      const msg = fake.userMessage(q, { mentionsBot: true });
      const reply = await msg.reply;
      expect(reply.status).toBe(200);
      expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
      clean();
    },
  );

  test.prop(
    [
      fc.oneof(
        mixedArb,
        hugeArb.map((s) => s.slice(0, 6000)),
      ),
    ],
    { numRuns: 20 },
  )(
    '/explain autocomplete: any typed value (up to 6,000 characters) gets ≤ 25 valid choices in time',
    async (typed) => {
      const cb = await fake.autocomplete('explain', [{ name: 'topic', type: 3, value: typed, focused: true }])
        .callback;
      expect(cb.status).toBe(204);
      expect(cb.body.data.choices.length).toBeLessThanOrEqual(25);
      clean();
    },
  );
});
