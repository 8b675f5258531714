import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AttachmentBuilder,
  ChannelType,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  Routes,
  Status,
  type ChatInputCommandInteraction,
  type ClientOptions,
  type Interaction,
  type Message,
} from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from './fake-discord/index.js';

const DEADLINE_MS = 600;

async function connect(fake: FakeDiscord, options: Partial<ClientOptions> = {}): Promise<Client> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    rest: { api: fake.restBase, retries: 0, timeout: 5000 },
    waitGuildTimeout: 1000,
    ...options,
  });
  await Promise.all([once(client, Events.ClientReady), client.login(fake.token)]);
  return client;
}

describe('FakeDiscord with the real discord.js Client', () => {
  let fake: FakeDiscord;
  let client: Client;
  /** Per-test slash command behaviour, keyed by command name. */
  const commands = new Map<string, (i: ChatInputCommandInteraction) => Promise<unknown>>();
  const handlerErrors: unknown[] = [];
  /** Per-test behaviour for every other interaction kind. */
  let other: ((i: Interaction) => Promise<unknown>) | null = null;

  beforeAll(async () => {
    fake = await new FakeDiscord({ interactionDeadlineMs: DEADLINE_MS }).start();
    client = await connect(fake);
    client.on(Events.InteractionCreate, (i: Interaction) => {
      if (!i.isChatInputCommand()) return void other?.(i).catch((e: unknown) => handlerErrors.push(e));
      const run = commands.get(i.commandName);
      if (run) run(i).catch((e: unknown) => handlerErrors.push(e));
    });
    client.on(Events.MessageCreate, (m: Message) => {
      if (m.author.bot || !m.content.startsWith('!hello')) return;
      m.reply({ content: `hi ${m.author.username}`, allowedMentions: { repliedUser: false } }).catch(
        (e: unknown) => handlerErrors.push(e),
      );
    });
  });

  afterEach(() => {
    expect(fake.violations).toEqual([]);
    fake.reset();
    commands.clear();
    other = null;
    handlerErrors.length = 0;
  });

  afterAll(async () => {
    await client?.destroy(); // client first: a server-side close would make it reconnect
    await fake?.stop();
  });

  it('logs in with GET /gateway/bot only and caches the guild, channels, roles and members', () => {
    const guild = client.guilds.cache.get(fake.guildId);
    expect(guild?.available).toBe(true);
    expect(guild?.channels.cache.get(fake.channels.general)?.type).toBe(ChannelType.GuildText);
    expect(guild?.channels.cache.get(fake.channels.forum)?.type).toBe(ChannelType.GuildForum);
    const thread = client.channels.cache.get(fake.channels.thread);
    expect(thread?.isThread() && thread.parentId).toBe(fake.channels.forum);
    expect(guild?.roles.cache.find((r) => r.name === 'Moderators')?.id).toBe(fake.roles.moderators);
    expect(guild?.members.cache.get(fake.users.moderator.id)?.roles.cache.has(fake.roles.moderators)).toBe(
      true,
    );
    expect(guild?.members.me?.id).toBe(fake.appId);
    expect(client.user?.id).toBe(fake.appId);
    expect(fake.intents! & GatewayIntentBits.MessageContent).toBeTruthy();
    // login happened in beforeAll; reset() has not run yet, so the login traffic is still recorded
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /gateway/bot']);
  });

  it('records a slash command reply with an embed and a file (multipart, filename recovered)', async () => {
    commands.set('ping', (i) =>
      i.reply({
        content: `pong ${i.options.getString('text')}`,
        embeds: [new EmbedBuilder().setTitle('Pong').setDescription('all good')],
        files: [new AttachmentBuilder(Buffer.from('a,b\n1,2\n'), { name: 'data.csv' })],
        allowedMentions: { parse: [] },
      }),
    );
    const i = fake.slashCommand('ping', [{ name: 'text', type: 3, value: 'abc' }], { member: 'moderator' });
    const cb = await i.callback;
    expect(cb.status).toBe(204);
    expect(cb.headers.authorization).toBeUndefined();
    expect(cb.query.with_response).toBe('false');
    expect(cb.body).toMatchObject({ type: 4, data: { content: 'pong abc', embeds: [{ title: 'Pong' }] } });
    expect(cb.files).toHaveLength(1);
    expect(cb.files[0]).toMatchObject({ field: 'files[0]', name: 'data.csv' });
    expect(cb.files[0]!.data.toString()).toBe('a,b\n1,2\n');
    const shown = i.original();
    expect(shown?.content).toBe('pong abc');
    expect(shown?.attachments[0]?.filename).toBe('data.csv');
    expect(shown?.meta.pings).toEqual([]);
    expect(fake.channelMessages(fake.channels.general).map((m) => m.id)).toContain(shown?.id);
    expect(fake.mentionWarnings).toEqual([]);
  });

  it('handles deferReply + editReply through PATCH @original', async () => {
    commands.set('report', async (i) => {
      await i.deferReply();
      await sleep(50);
      await i.editReply({ content: 'done', allowedMentions: { parse: [] } });
    });
    const i = fake.slashCommand('report');
    expect((await i.callback).body).toEqual({ type: 5, data: { flags: 0 } });
    const edit = await i.nextWebhook(2000);
    expect(edit.method).toBe('PATCH');
    expect(edit.path).toBe(`/webhooks/${fake.appId}/${i.token}/messages/@original`);
    expect((await i.settled()).content).toBe('done');
    expect(i.original()?.flags).toBe(0);
  });

  it('answers a late callback with 10062, surfaced as DiscordAPIError', async () => {
    commands.set('slow', async (i) => {
      await sleep(DEADLINE_MS + 150);
      await i.reply({ content: 'too late', allowedMentions: { parse: [] } });
    });
    const i = fake.slashCommand('slow');
    expect((await i.callback).status).toBe(404);
    await expect.poll(() => handlerErrors.length).toBe(1);
    expect(handlerErrors[0]).toBeInstanceOf(DiscordAPIError);
    expect((handlerErrors[0] as DiscordAPIError).code).toBe(10062);
    expect(fake.takeViolations()).toEqual([expect.stringMatching(/deadline 600 ms/)]);
  });

  it('answers a second acknowledgement with 40060', async () => {
    commands.set('twice', async (i) => {
      await i.reply({ content: 'once', allowedMentions: { parse: [] } });
      // discord.js guards this locally, so go around it through its REST client
      await client.rest.post(Routes.interactionCallback(i.id, i.token), {
        body: { type: 4, data: { content: 'twice' } },
        auth: false,
      });
    });
    fake.slashCommand('twice');
    await expect.poll(() => handlerErrors.length).toBe(1);
    expect((handlerErrors[0] as DiscordAPIError).code).toBe(40060);
    expect(fake.takeViolations()).toEqual([expect.stringMatching(/already acknowledged/)]);
  });

  it('rejects a 2001-character reply with 50035 and records a violation', async () => {
    commands.set('long', (i) => i.reply({ content: 'x'.repeat(2001), allowedMentions: { parse: [] } }));
    const i = fake.slashCommand('long');
    expect((await i.callback).status).toBe(400);
    await expect.poll(() => handlerErrors.length).toBe(1);
    expect((handlerErrors[0] as DiscordAPIError).code).toBe(50035);
    expect(fake.takeViolations()).toEqual(
      expect.arrayContaining([expect.stringContaining('content: 2001 characters exceeds 2000')]),
    );
    expect(i.original()).toBeUndefined();
  });

  it('stores valid commands and rejects a bad command name in PUT commands', async () => {
    const app = client.application!;
    await app.commands.set([
      { name: 'ping', description: 'Ping', options: [{ type: 3, name: 'text', description: 'Text' }] },
      { name: 'Quote This', type: 3 },
    ]);
    expect(fake.commands.map((c) => c.name)).toEqual(['ping', 'Quote This']);
    expect(fake.commands[0]!.id).toMatch(/^\d{18,19}$/);
    await expect(app.commands.set([{ name: 'Ping Me', description: 'bad' }])).rejects.toMatchObject({
      code: 50035,
    });
    expect(fake.takeViolations()).toEqual(
      expect.arrayContaining([expect.stringContaining('"Ping Me" must be lowercase')]),
    );
    // the registered id is used by slashCommand()
    commands.set('ping', (i) => i.reply({ content: i.commandId, allowedMentions: { parse: [] } }));
    expect((await fake.slashCommand('ping').callback).body.data.content).toBe(fake.commands[0]!.id);
  });

  it('routes a user message to message.reply with message_reference and echoes the reply', async () => {
    const u = fake.userMessage('!hello there');
    const reply = await u.reply;
    expect(reply.headers.authorization).toBe(`Bot ${fake.token}`);
    expect(reply.body).toMatchObject({
      content: 'hi alice',
      allowed_mentions: { replied_user: false },
      message_reference: { message_id: u.msg.id },
    });
    const transcript = fake.channelMessages(fake.channels.general);
    expect(transcript.map((m) => m.content)).toEqual(['!hello there', 'hi alice']);
    expect(transcript[1]).toMatchObject({ type: 19, author: { id: fake.appId } });
    expect(transcript[1]!.meta.pings).toEqual([]);
  });

  it('blanks message content for a client without the MessageContent intent', async () => {
    const blind = await connect(fake, {
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    });
    try {
      const seen: Message[] = [];
      blind.on(Events.MessageCreate, (m) => seen.push(m));
      fake.userMessage('secret words');
      fake.userMessage('hey bot', { mentionsBot: true, author: 'manager' });
      await expect.poll(() => seen.length).toBe(2);
      expect(seen[0]!.content).toBe('');
      expect(seen[1]!.content).toBe(`<@${fake.appId}> hey bot`);
      expect(seen[1]!.mentions.users.has(fake.appId)).toBe(true);
      expect(seen[1]!.member?.permissions.has('ManageGuild')).toBe(true);
    } finally {
      await blind.destroy();
    }
  });

  it('drives autocomplete, context menu, button, select menu and modal interactions', async () => {
    other = async (i) => {
      if (i.isAutocomplete()) {
        const q = i.options.getFocused();
        return i.respond([`${q}1`, `${q}2`].map((v) => ({ name: v, value: v })));
      }
      if (i.isMessageContextMenuCommand()) {
        return i.reply({ content: `quoted: ${i.targetMessage.content}`, allowedMentions: { parse: [] } });
      }
      if (i.isButton())
        return i.update({ content: `clicked ${i.customId} by ${i.user.username}`, components: [] });
      if (i.isStringSelectMenu()) return i.deferUpdate();
      if (i.isModalSubmit()) {
        await i.reply({
          content: `got ${i.fields.getTextInputValue('question')}`,
          allowedMentions: { parse: [] },
        });
        return i.followUp({ content: 'and more', allowedMentions: { parse: [] } });
      }
      return undefined;
    };
    const ac = fake.autocomplete('ping', [{ name: 'text', type: 3, value: 'ab' }]);
    expect((await ac.callback).body).toEqual({
      type: 8,
      data: {
        choices: [
          { name: 'ab1', value: 'ab1' },
          { name: 'ab2', value: 'ab2' },
        ],
      },
    });

    const target = fake.userMessage('FXS ports need a ringing voltage').msg;
    const cm = fake.messageContextMenu('Quote This', target);
    expect((await cm.callback).body.data.content).toBe('quoted: FXS ports need a ringing voltage');

    const btn = fake.button('more', undefined, { member: 'manager' });
    expect((await btn.callback).body).toMatchObject({
      type: 7,
      data: { content: 'clicked more by manager' },
    });
    expect(btn.original()?.content).toBe('clicked more by manager');

    const sel = fake.selectMenu('pick', ['a']);
    expect((await sel.callback).body).toEqual({ type: 6 });

    const modal = fake.modalSubmit('ask', { question: 'what is FXO?' });
    expect((await modal.callback).body.data.content).toBe('got what is FXO?');
    const follow = await modal.nextWebhook();
    expect(follow).toMatchObject({ method: 'POST', status: 200, query: { wait: 'true' } });
    expect(modal.visible()?.content).toBe('and more');
    expect(modal.followUps()).toHaveLength(1);
  });

  it('delivers a forum post (THREAD_CREATE + starter message) and flags pinging replies', async () => {
    const seen: Message[] = [];
    const onMessage = (m: Message): void => {
      if (m.author.bot) return;
      seen.push(m);
      if (m.channel.isSendable()) {
        m.channel.send('@everyone look').catch((e: unknown) => handlerErrors.push(e));
      }
    };
    client.on(Events.MessageCreate, onMessage);
    try {
      const post = fake.forumPost('Grandstream HT801 no dial tone', 'It worked yesterday');
      await expect.poll(() => seen.length).toBe(1);
      expect(seen[0]!.id).toBe(post.channelId);
      expect(seen[0]!.channel.isThread() && seen[0]!.channel.parentId).toBe(fake.channels.forum);
      const sent = await fake.waitForRequest(
        (r) => r.method === 'POST' && r.path === `/channels/${post.channelId}/messages`,
      );
      expect(sent.body.content).toBe('@everyone look');
      expect(fake.mentionWarnings).toEqual([
        expect.stringContaining('allowed_mentions missing'),
        expect.stringContaining('would ping everyone'),
      ]);
      // the bot's own message is echoed back: the listener saw it and ignored it
      expect(fake.channelMessages(post.channelId)).toHaveLength(2);
    } finally {
      client.off(Events.MessageCreate, onMessage);
    }
  });

  it('answers op 8 member requests, withResponse replies and user context menus', async () => {
    const members = await client.guilds.cache.get(fake.guildId)!.members.fetch();
    expect(members.size).toBe(5);
    other = async (i) => {
      if (!i.isUserContextMenuCommand()) return undefined;
      const res = await i.reply({
        content: `hello ${i.targetUser.username}`,
        allowedMentions: { parse: [] },
        withResponse: true,
      });
      return i.followUp({ content: `id ${res.resource?.message?.id}`, allowedMentions: { parse: [] } });
    };
    const i = fake.userContextMenu('Greet', 'moderator', { member: 'manager' });
    expect((await i.callback).status).toBe(200);
    await i.nextWebhook();
    expect(i.visible()?.content).toBe(`id ${i.original()?.id}`);
  });

  it('injects failures', async () => {
    fake.failNext('POST', /\/callback$/, 500, { code: 0, message: 'boom' });
    commands.set('ping', (i) => i.reply({ content: 'x', allowedMentions: { parse: [] } }));
    expect((await fake.slashCommand('ping').callback).status).toBe(500);
    await expect.poll(() => handlerErrors.length).toBe(1);
    expect(handlerErrors[0]).toMatchObject({ status: 500 });
  });

  it('resumes after a 4000 close', async () => {
    fake.kick(4000);
    await expect.poll(() => fake.gateway.resumes, { timeout: 5000 }).toBe(1);
    await expect.poll(() => client.ws.status).toBe(Status.Ready);
    commands.set('ping', (i) => i.reply({ content: 'back', allowedMentions: { parse: [] } }));
    expect((await fake.slashCommand('ping').callback).body.data.content).toBe('back');
  });
});

describe('FakeDiscord gateway details', () => {
  it('ACKs heartbeats at a small interval', async () => {
    const fake = await new FakeDiscord({ heartbeatIntervalMs: 100 }).start();
    const client = await connect(fake);
    try {
      await expect.poll(() => fake.gateway.heartbeats, { timeout: 2000 }).toBeGreaterThanOrEqual(3);
      expect(client.ws.ping).toBeGreaterThanOrEqual(0);
      expect(client.ws.status).toBe(Status.Ready);
      expect(fake.gateway.identifies).toBe(1); // no zombie-connection reconnects
    } finally {
      await client.destroy();
      await fake.stop();
    }
  });

  it('rejects a bad token', async () => {
    const fake = await new FakeDiscord().start();
    const client = new Client({ intents: [], rest: { api: fake.restBase, retries: 0 } });
    try {
      await expect(client.login('not-the-token')).rejects.toThrow(/token/i);
      expect(fake.takeViolations()).toEqual(['GET /gateway/bot: missing or wrong Authorization header']);
    } finally {
      await client.destroy();
      await fake.stop();
    }
  });
});
