/**
 * The Discord bot end to end: the real discord.js Client, connected to the loopback fake
 * Discord through DISCORD_API_BASE, exactly as it connects to Discord.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { RESTEvents, type APIRequest } from 'discord.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../../src/adapters/discord/bot.js';
import { COMMANDS } from '../../../src/adapters/discord/commands/index.js';
import { type BotContext, type Feedback, type QuestionEvent } from '../../../src/adapters/discord/context.js';
import { deployCommands } from '../../../src/adapters/discord/deploy.js';
import { Guard } from '../../../src/adapters/discord/guard.js';
import { rendererStore } from '../../../src/adapters/http/index.js';
import { DiagramRenderer } from '../../../src/core/diagram/index.js';
import { Engine } from '../../../src/core/engine.js';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';
import { FakeDiscord, type Json, type RecordedRequest } from '../../support/fake-discord/index.js';
import { connectBot, drawInProcess } from '../../support/test-bot.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const EPHEMERAL = 64;
const RATE_LIMIT = 30;

let fake: FakeDiscord;
let bot: Bot;
let engine: Engine;
let strictEngine: Engine;
let useStrict = false;
let failNext = false;
let slowDiagrams = 0;
const logged: { level: string; obj: object; msg?: string }[] = [];
const questions: QuestionEvent[] = [];
const feedback: Feedback[] = [];

const logger = {
  info: (obj: object, msg?: string) => logged.push({ level: 'info', obj, msg }),
  warn: (obj: object, msg?: string) => logged.push({ level: 'warn', obj, msg }),
  error: (obj: object, msg?: string) => logged.push({ level: 'error', obj, msg }),
  debug: () => undefined,
};

beforeAll(async () => {
  const { kb } = await loadKnowledge(['knowledge']);
  engine = new Engine(kb);
  // Same knowledge, but nothing is confident enough to answer: every match becomes a suggestion.
  strictEngine = new Engine(kb, { answerAt: 1.01 });
  const renderer = new DiagramRenderer();
  // As at start-up: render every diagram once, off the hot path.
  await renderer.renderAll(kb.diagrams.values());
  const current = (): Engine => {
    if (failNext) {
      failNext = false;
      throw new Error('boom: simulated handler failure');
    }
    return useStrict ? strictEngine : engine;
  };
  const store = rendererStore(renderer, () => engine);
  const context: BotContext = {
    engine: current,
    diagrams: {
      async png(id) {
        if (slowDiagrams) await sleep(slowDiagrams);
        return (await store.get(id))?.png;
      },
      generated: drawInProcess,
    },
    guard: new Guard({ perMinute: RATE_LIMIT, cooldownMs: 60_000 }),
    logger,
    publicBaseUrl: 'https://dialtone.example.org',
    answerChannelIds: new Set<string>(),
    deferAfterMs: 1000, // generous: a loaded CI machine must not turn a fast answer into a deferral
    onQuestion: (e) => questions.push(e),
    onFeedback: (f) => feedback.push(f),
  };
  fake = await new FakeDiscord({ interactionDeadlineMs: 3000 }).start();
  (context.answerChannelIds as Set<string>).add(fake.channels.answers);
  (context.answerChannelIds as Set<string>).add(fake.channels.forum);
  bot = await connectBot(fake, context);
});

afterAll(async () => {
  await bot?.stop(); // destroy the client before the fake, or it reconnects
  await fake?.stop();
});

beforeEach(() => {
  useStrict = false;
  slowDiagrams = 0;
});

afterEach(() => {
  expect(fake.takeViolations()).toEqual([]);
});

/** Every message body the bot sent that could reach a channel. */
const bodyOf = (r: RecordedRequest): Json => r.body?.data ?? r.body;
const noPings = (r: RecordedRequest): void => {
  expect(bodyOf(r).allowed_mentions).toEqual({
    parse: [],
    ...(bodyOf(r).allowed_mentions?.replied_user === false ? { replied_user: false } : {}),
  });
};

describe('connecting', () => {
  it('logs in through DISCORD_API_BASE and becomes ready with the guild cached', () => {
    expect(bot.client.isReady()).toBe(true);
    expect(bot.client.guilds.cache.has(fake.guildId)).toBe(true);
    expect(fake.intents! & (1 << 15)).toBeTruthy(); // MessageContent requested
    expect(logged.some((l) => l.msg === 'connected to Discord')).toBe(true);
  });

  it('registers the same commands it dispatches on (guild bulk overwrite)', async () => {
    const count = await deployCommands({ token: fake.token, apiBase: fake.restBase, guildId: fake.guildId });
    expect(count).toBe(COMMANDS.length);
    const put = fake.requests.find(
      (r) => r.method === 'PUT' && r.path.endsWith(`/guilds/${fake.guildId}/commands`),
    );
    expect(put?.body.map((c: Json) => c.name).sort()).toEqual([
      'Ask Dialtone',
      'ask',
      'device',
      'explain',
      'help',
      'kb',
      'topics',
      'wire',
    ]);
    const kb = put?.body.find((c: Json) => c.name === 'kb');
    expect(String(kb.default_member_permissions)).toBe('32'); // Manage Server: hidden from members
  });
});

describe('/ask', () => {
  it('answers a clear question with an embed, the diagram PNG inside it and no pings', async () => {
    const i = fake.slashCommand('ask', [{ name: 'question', type: 3, value: 'what is an fxs port' }]);
    const cb = await i.callback;
    expect(cb.body.type).toBe(4);
    const embed = cb.body.data.embeds[0];
    expect(embed.title).toMatch(/FXS/);
    expect(embed.url).toBe('https://dialtone.example.org/topics/fxs');
    expect(embed.description.length).toBeLessThanOrEqual(4096);
    expect(embed.footer.text).toMatch(/Reviewed \d{4}-\d{2}-\d{2}/);
    expect(cb.files).toHaveLength(1);
    expect(cb.files[0]!.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(embed.image.url).toBe(`attachment://${cb.files[0]!.name}`);
    const customIds = cb.body.data.components.flatMap((r: Json) =>
      r.components.map((c: Json) => c.custom_id ?? c.url),
    );
    expect(customIds).toEqual(
      expect.arrayContaining(['dt:fb:up:fxs', 'dt:fb:down:fxs', 'https://dialtone.example.org/topics/fxs']),
    );
    noPings(cb);
    expect(cb.body.data.flags ?? 0).toBe(0);
    expect(questions.at(-1)).toMatchObject({ decision: 'answer', entryId: 'fxs', source: 'slash' });
  });

  it('offers up to three "did you mean" buttons when unsure', async () => {
    useStrict = true;
    const i = fake.slashCommand('ask', [
      { name: 'question', type: 3, value: 'which port does my fax machine go in' },
    ]);
    const cb = await i.callback;
    expect(cb.body.data.content).toMatch(/Did you mean/);
    const buttons = cb.body.data.components[0].components;
    expect(buttons.length).toBeGreaterThan(0);
    expect(buttons.length).toBeLessThanOrEqual(3);
    expect(buttons[0].custom_id).toBe('dt:t:port-for-fax-modem');
    // Pressing a did-you-mean button answers that topic.
    useStrict = false;
    const press = fake.button(buttons[0].custom_id, i.original());
    const answer = await press.callback;
    expect(answer.body.type).toBe(4);
    expect(answer.body.data.embeds[0].url).toMatch(/\/topics\/port-for-fax-modem$/);
  });

  it('says "not sure" kindly for off-topic chatter, pointing to /topics', async () => {
    const cb = await fake.slashCommand('ask', [
      { name: 'question', type: 3, value: 'which GPU should I buy' },
    ]).callback;
    expect(cb.body.data.content).toMatch(/not sure.*\/topics/s);
    expect(cb.body.data.embeds ?? []).toEqual([]);
  });

  it('answers privately with private:true', async () => {
    const cb = await fake.slashCommand('ask', [
      { name: 'question', type: 3, value: 'what is fxo' },
      { name: 'private', type: 5, value: true },
    ]).callback;
    expect(cb.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
  });

  it('defers first when the answer is slow, then edits the reply', async () => {
    slowDiagrams = 1800;
    // The edit does not wait in the client's REST queue behind its 50/s global limit, which
    // Discord does not apply to interaction endpoints (see editOriginal).
    const throughClient: string[] = [];
    const seen = (request: APIRequest): void => void throughClient.push(request.path);
    bot.client.rest.on(RESTEvents.Response, seen);
    const i = fake.slashCommand('ask', [{ name: 'question', type: 3, value: 'what is an fxs port' }]);
    const cb = await i.callback;
    expect(cb.body.type).toBe(5);
    expect(i.ackLatency()).toBeLessThan(3000);
    const edit = await i.nextWebhook(5000);
    await sleep(200); // the edit's response reaches the sender right after the fake records it
    bot.client.rest.off(RESTEvents.Response, seen);
    expect(edit.method).toBe('PATCH');
    expect(edit.path).toMatch(/messages\/@original$/);
    expect(edit.body.embeds[0].title).toMatch(/FXS/);
    expect(edit.files[0]!.name).toMatch(/\.png$/);
    expect(throughClient.some((path) => path.includes('/callback'))).toBe(true);
    expect(throughClient.filter((path) => path.includes('/messages/'))).toEqual([]);
  });

  it('survives a handler that throws: one short ephemeral apology, a structured log line, and it keeps working', async () => {
    failNext = true;
    const cb = await fake.slashCommand('ask', [{ name: 'question', type: 3, value: 'what is fxs' }]).callback;
    expect(cb.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(cb.body.data.content).toMatch(/something went wrong/i);
    const line = logged.find((l) => l.level === 'error' && l.msg === 'interaction handler failed');
    expect(line?.obj).toMatchObject({ command: 'ask', guild: fake.guildId });
    expect(JSON.stringify(line?.obj)).not.toContain(fake.token);
    const next = await fake.slashCommand('ask', [{ name: 'question', type: 3, value: 'what is fxs' }])
      .callback;
    expect(next.body.data.embeds[0].title).toMatch(/FXS/);
  });

  it('rate-limits one member with a polite ephemeral notice', async () => {
    const ask = () =>
      fake.slashCommand('ask', [{ name: 'question', type: 3, value: 'what is fxo' }], { member: 'manager' })
        .callback;
    for (let n = 0; n < RATE_LIMIT; n++) expect((await ask()).body.data.embeds?.length).toBe(1);
    const limited = await ask();
    expect(limited.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(limited.body.data.content).toMatch(/wait a minute/);
  });
});

describe('/explain, /device, autocomplete, /topics, /help', () => {
  it('autocompletes topics: exact name first, at most 25 choices within limits', async () => {
    const cb = await fake.autocomplete('explain', [{ name: 'topic', type: 3, value: 'fxs', focused: true }])
      .callback;
    expect(cb.body.type).toBe(8);
    const choices = cb.body.data.choices;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices[0].value).toBe('fxs');
    for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(100);
    const all = await fake.autocomplete('explain', [{ name: 'topic', type: 3, value: '', focused: true }])
      .callback;
    expect(all.body.data.choices).toHaveLength(25);
  });

  it('/explain for:<user> pings exactly that user and nobody else', async () => {
    const alice = fake.users.alice.id;
    const cb = await fake.slashCommand('explain', [
      { name: 'topic', type: 3, value: 'fxs-vs-fxo' },
      { name: 'for', type: 6, value: alice },
    ]).callback;
    expect(cb.body.data.content).toBe(`<@${alice}>`);
    expect(cb.body.data.allowed_mentions).toEqual({ parse: [], users: [alice] });
    expect(fake.mentionWarnings.at(-1)).toMatch(new RegExp(`would ping user:${alice}$`)); // only that user
    expect(cb.body.data.embeds[0].description.length).toBeGreaterThan(350); // the long form
  });

  it('/device shows a device card with port counts from the knowledge', async () => {
    const cb = await fake.slashCommand('device', [{ name: 'model', type: 3, value: 'grandstream-ht813' }])
      .callback;
    const fields = Object.fromEntries(cb.body.data.embeds[0].fields.map((f: Json) => [f.name, f.value]));
    expect(fields['FXS (phone) ports']).toBe('1');
    expect(fields['FXO (line) ports']).toBe('1');
    expect(fields['Lifeline relay']).toBe('yes');
    const ac = await fake.autocomplete('device', [{ name: 'model', type: 3, value: 'ht81', focused: true }])
      .callback;
    expect(ac.body.data.choices.map((c: Json) => c.value)).toEqual(
      expect.arrayContaining(['grandstream-ht813', 'grandstream-ht814']),
    );
  });

  it('/topics: category menu, then topics of that category, then the entry', async () => {
    const i = fake.slashCommand('topics');
    const cb = await i.callback;
    const select = cb.body.data.components[0].components[0];
    expect(select.custom_id).toBe('dt:cat');
    expect(select.options.map((o: Json) => o.value)).toContain('basics');
    const pickCategory = fake.selectMenu('dt:cat', ['basics'], { message: i.original() });
    const step2 = await pickCategory.callback;
    expect(step2.body.type).toBe(7);
    const topics = step2.body.data.components[0].components[0];
    expect(topics.custom_id).toBe('dt:pick');
    expect(topics.options.length).toBeLessThanOrEqual(25);
    const pickTopic = fake.selectMenu('dt:pick', ['fxo'], { message: i.original() });
    const step3 = await pickTopic.callback;
    expect(step3.body.type).toBe(7);
    expect(step3.body.data.embeds[0].title).toMatch(/FXO/);
  });

  it('/help lists what it knows', async () => {
    const cb = await fake.slashCommand('help').callback;
    expect(cb.body.data.embeds[0].description).toMatch(/\/ask/);
    expect(cb.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
  });
});

describe('buttons', () => {
  it('a related-topic button answers that topic; feedback is acknowledged privately and recorded', async () => {
    const first = fake.slashCommand('ask', [{ name: 'question', type: 3, value: 'what is an fxs port' }]);
    const cb = await first.callback;
    const related = cb.body.data.components[0].components.find((c: Json) => c.custom_id?.startsWith('dt:t:'));
    expect(related).toBeDefined();
    const press = await fake.button(related.custom_id, first.original()).callback;
    expect(press.body.data.embeds[0].url).toContain(related.custom_id.slice(5));
    const vote = await fake.button('dt:fb:down:fxs', first.original()).callback;
    expect(vote.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(feedback.at(-1)).toMatchObject({ entryId: 'fxs', vote: 'down', userId: fake.users.alice.id });
  });
});

describe('free text', () => {
  it('a mention gets a reply to that message, and @everyone inside it never pings', async () => {
    const warningsBefore = fake.mentionWarnings.length;
    const m = fake.userMessage('@everyone hey what is the difference between fxs and fxo?', {
      mentionsBot: true,
    });
    const reply = await m.reply;
    expect(reply.body.message_reference.message_id).toBe(m.msg.id);
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(reply.body.embeds[0].title).toMatch(/FXS/);
    expect(fake.mentionWarnings.slice(warningsBefore)).toEqual([]);
  });

  it('a mention always responds, even when unsure', async () => {
    const m = fake.userMessage('lol', { mentionsBot: true });
    expect((await m.reply).body.content).toMatch(/not sure/);
  });

  it('in an answer channel: answers a clear question unprompted', async () => {
    const m = fake.userMessage('where does my fax machine plug in on the ata?', {
      channelId: fake.channels.answers,
    });
    expect((await m.reply).body.embeds[0].url).toMatch(/port-for-fax-modem/);
  });

  it('in an answer channel: stays silent on off-topic, on non-questions, in other channels, and for bots', async () => {
    const silent = [
      fake.userMessage('which GPU should I buy for gaming?', { channelId: fake.channels.answers }),
      fake.userMessage('fxs fxo fxs fxo', { channelId: fake.channels.answers }),
      fake.userMessage('just plugged in my new ht813, looks nice', { channelId: fake.channels.answers }),
      fake.userMessage('what is an fxo port?', { channelId: fake.channels.general }),
      fake.userMessage('what is an fxs port?', { channelId: fake.channels.answers, author: 'otherBot' }),
    ];
    const probe = fake.userMessage('why do calls never hang up on my fxo port?', {
      channelId: fake.channels.answers,
    });
    await probe.reply; // handled in order: by now the earlier ones were too
    await sleep(100);
    for (const m of silent) {
      expect(fake.requests.some((r) => r.body?.message_reference?.message_id === m.msg.id)).toBe(false);
    }
  });

  it('does not repeat the same entry in a channel within the cooldown', async () => {
    const first = fake.userMessage('what does the REN number mean for my phones?', {
      channelId: fake.channels.answers,
    });
    await first.reply;
    const again = fake.userMessage('what is REN on a phone line?', { channelId: fake.channels.answers });
    const probe = fake.userMessage('why do my faxes fail over voip?', { channelId: fake.channels.answers });
    await probe.reply;
    await sleep(100);
    expect(fake.requests.some((r) => r.body?.message_reference?.message_id === again.msg.id)).toBe(false);
  });

  it('in a forum answer channel: answers only the first post of a thread', async () => {
    const post = fake.forumPost('Help with HT813', 'which port does the wall jack go into on my ht813?');
    expect((await post.reply).body.embeds.length).toBe(1);
    const followUp = fake.userMessage('what is an fxs port?', { channelId: post.channelId });
    const probe = fake.userMessage('is t38 better than g711 for fax?', { channelId: fake.channels.answers });
    await probe.reply;
    await sleep(100);
    expect(fake.requests.some((r) => r.body?.message_reference?.message_id === followUp.msg.id)).toBe(false);
  });

  it('the "Ask Dialtone" context menu answers the chosen message as a reply to it', async () => {
    const target = fake.userMessage('my phone has no dial tone on the ata, what do i check?').msg;
    await sleep(50);
    const i = fake.messageContextMenu('Ask Dialtone', target);
    const cb = await i.callback;
    expect(cb.body.type).toBe(5);
    expect(cb.body.data.flags).toBe(EPHEMERAL);
    const reply = await fake.waitForRequest((r) => r.body?.message_reference?.message_id === target.id);
    expect(reply.body.embeds[0].url).toMatch(/no-dial-tone/);
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const edit = await i.nextWebhook();
    expect(edit.body.content).toMatch(/Answered/);
  });
});
