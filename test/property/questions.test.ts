/**
 * Property tests: any question a member can type goes through the matcher, the answer builder and
 * both renderers (Discord, console) without throwing; every Discord payload fits the API limits
 * (discord-api-spec schemas + Discord's hand rules, via the fake Discord's validators) and pings
 * nobody — offline in volume, then end to end through the fake Discord (as /ask, as a mention,
 * as an autocomplete value) against the real discord.js client. The Engine is built once for
 * both (training takes seconds); numRuns are tuned to keep the file within a few seconds on a
 * shared CI machine. A failure prints fast-check's seed and the shrunk
 * counterexample; replay with `fc.configureGlobal({ seed })`.
 */
import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { Bot } from '../../src/adapters/discord/bot.js';
import type { BotContext } from '../../src/adapters/discord/context.js';
import { renderAnswer } from '../../src/adapters/discord/render.js';
import { formatAnswer, formatEntryLong } from '../../src/adapters/console/format.js';
import { LIMITS, cut } from '../../src/adapters/discord/limits.js';
import {
  MAX_TYPED as AUTOCOMPLETE_INPUT,
  typedQuery as autocompleteQuery,
} from '../../src/core/match/autocomplete.js';
import { toAnswerJson } from '../../src/core/answer/answer.js';
import { Engine } from '../../src/core/engine.js';
import { loadKnowledge } from '../../src/core/knowledge/load.js';
import { FakeDiscord } from '../support/fake-discord/index.js';
import { validateBody } from '../support/fake-discord/validate.js';
import { blankArb, boundedQuestion, hostileQuestion, hugeArb, mixedArb } from './arbitraries.js';
import { hasLoneSurrogate, payloadProblems } from './payload.js';
import { QUIET_LOGGER, connectBot, testContext } from '../support/test-bot.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const DECISIONS = new Set(['answer', 'suggest', 'none']);

let engine: Engine;
let ids: Set<string>;
let fake: FakeDiscord;
let bot: Bot;
const failures: string[] = [];

beforeAll(async () => {
  const { kb } = await loadKnowledge(['knowledge']);
  engine = new Engine(kb);
  ids = new Set([...kb.topics.keys(), ...kb.devices.keys()]);
  // The same engine behind the real discord.js client and the fake Discord, for the end-to-end runs.
  fake = await new FakeDiscord().start();
  const note = (msg?: string, obj?: object) => failures.push(`${msg} ${JSON.stringify(obj).slice(0, 300)}`);
  bot = await connectBot(
    fake,
    testContext(() => engine, {
      logger: {
        ...QUIET_LOGGER,
        warn: (obj: object, msg?: string) => note(msg, obj),
        error: (obj: object, msg?: string) => note(msg, obj),
      } as BotContext['logger'],
      publicBaseUrl: 'https://dialtone.example.org',
    }),
  );
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.stop();
});

/** Everything one question produces, checked. */
function checkQuestion(q: string): void {
  const m = engine.match(q);
  expect(DECISIONS.has(m.decision)).toBe(true);
  expect(m.confidence).toBeGreaterThanOrEqual(0);
  expect(m.confidence).toBeLessThanOrEqual(1);
  for (const c of m.candidates) expect(ids.has(c.id)).toBe(true);

  const a = engine.ask(q);
  expect(a.suggestions.length).toBeLessThanOrEqual(3);
  JSON.stringify(toAnswerJson(a)); // the `ask --json` / `/api/ask` contract serialises

  for (const options of [{}, { publicBaseUrl: 'https://dialtone.example.org', diagramPng: PNG }]) {
    const p = renderAnswer(a, options);
    expect(payloadProblems(p)).toEqual([]);
    expect(hasLoneSurrogate(JSON.stringify(p.embeds) + (p.content ?? ''))).toBe(false);
  }

  const text = formatAnswer(a);
  expect(typeof text).toBe('string');
  expect(text.length).toBeGreaterThan(0);
  if (a.entry) expect(formatEntryLong(a.entry).length).toBeGreaterThan(0);
}

describe('any question → matcher → answer → renderers', () => {
  test.prop([hostileQuestion], { numRuns: 700 })('never throws; payloads fit and never ping', (q) => {
    checkQuestion(q);
  });

  test.prop([mixedArb.map((q) => `what is fxs ${q}`)], { numRuns: 200 })(
    'hostile text around a known question still renders within the limits',
    (q) => {
      checkQuestion(q);
    },
  );

  test.prop([hugeArb], { numRuns: 25 })('huge questions (up to 200k chars) are capped, not fatal', (q) => {
    checkQuestion(q);
  });

  test.prop([blankArb])('blank questions get no answer', (q) => {
    expect(engine.ask(q).status).toBe('none');
  });
});

// Fuzzy completion is the costly path (~1–5 ms per call at the 60-character cap), so few runs here.
describe('autocomplete with anything typed', () => {
  test.prop(
    [
      fc.oneof(
        mixedArb,
        hugeArb.map((s) => s.slice(0, 6000)),
      ),
    ],
    { numRuns: 60 },
  )(
    'topics and devices (as the adapter asks): ≤ 25 choices, names 1–100 and values ≤ 100 characters, schema-valid',
    (typed) => {
      const q = autocompleteQuery(typed);
      expect(q.length).toBeLessThanOrEqual(AUTOCOMPLETE_INPUT);
      for (const choices of [
        engine.completeTopic(q, LIMITS.choices),
        engine.completeDevice(q, LIMITS.choices),
      ]) {
        expect(choices.length).toBeLessThanOrEqual(LIMITS.choices);
        const body = {
          type: 8,
          data: { choices: choices.map((c) => ({ name: cut(c.title, LIMITS.choiceName), value: c.id })) },
        };
        expect(validateBody('callback', body)).toEqual([]);
      }
    },
  );
});

// ---- end to end: through the fake Discord (few runs: each is a network round trip) ----
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
