/**
 * Fake Discord for end-to-end bot tests (see /work/shared/design/fake-discord.md).
 *
 *   const fake = await new FakeDiscord({ interactionDeadlineMs: 600 }).start();
 *   const client = new Client({ intents, rest: { api: fake.restBase, retries: 0 }, waitGuildTimeout: 1000 });
 *   await Promise.all([once(client, Events.ClientReady), client.login(fake.token)]);
 *   const i = fake.slashCommand('ask', [{ name: 'q', type: 3, value: 'what is fxs' }]);
 *   expect((await i.callback).body.type).toBe(4);
 *   afterEach(() => { expect(fake.violations).toEqual([]); fake.reset(); });
 *
 * Teardown order: `await client.destroy()` first, then `await fake.stop()`.
 */
import { FakeDiscordCore, toApi } from './core.js';
import { InteractionHandle, type InteractionState } from './interactions.js';
import { performance } from 'node:perf_hooks';
import { interactionToken, snowflake } from './snowflake.js';
import type { Json, RecordedRequest, StoredMessage } from './types.js';
import type { MemberKey } from './world.js';

export { FakeDiscordCore } from './core.js';
export { InteractionHandle } from './interactions.js';
export type { FakeDiscordOptions, Json, RecordedFile, RecordedRequest, StoredMessage } from './types.js';
export type { MemberKey } from './world.js';

function findCustomId(components: Json[] | undefined, customId: string): boolean {
  return (components ?? []).some(
    (c: Json) => c?.custom_id === customId || findCustomId(c?.components, customId),
  );
}

export interface InteractionOptions {
  /** Member key (`'alice' | 'moderator' | 'manager' | 'otherBot'`) or a member's user id. Default `'alice'`. */
  member?: MemberKey | string;
  /** Channel the interaction happens in. Default: the general channel (or the target message's channel). */
  channelId?: string;
  locale?: string;
  /** For component/modal interactions: the message the component is on. */
  message?: StoredMessage;
  /** Crafted: claim another guild id (one the bot is not in), as a forged or misrouted payload would. */
  guildId?: string;
  /** From a DM with the bot: `user` instead of `member`, no guild, a DM channel (context 1). */
  dm?: boolean;
  /** Crafted: fields merged into `member` (e.g. `permissions` its roles do not grant). */
  memberPatch?: Json;
}

export interface SlashOptions extends InteractionOptions {
  subcommand?: string;
  subcommandGroup?: string;
  /** Extra `data.resolved` entries (users/members/roles/channels are filled in automatically). */
  resolved?: Json;
}

export interface UserMessageOptions {
  channelId?: string;
  author?: MemberKey | string;
  /** Prefix `<@bot>` so the bot is mentioned (and gets content even without MessageContent). */
  mentionsBot?: boolean;
  /** Make this the starter message of a thread: its id equals the thread (channel) id. */
  threadStarter?: boolean;
  replyTo?: StoredMessage;
  /** Extra API fields merged into the message (e.g. attachments). */
  extra?: Json;
}

export class UserMessageHandle {
  private pending: Promise<RecordedRequest> | undefined;
  constructor(
    readonly msg: StoredMessage,
    private readonly waitReply: () => Promise<RecordedRequest>,
  ) {}
  /** The channel (thread id for forum posts). */
  get channelId(): string {
    return this.msg.channel_id;
  }
  /** The bot's `POST /channels/{cid}/messages` whose message_reference points at `msg` (waits 5 s; lazy). */
  get reply(): Promise<RecordedRequest> {
    this.pending ??= this.waitReply();
    return this.pending;
  }
}

/** The fake plus its test-facing scenario helpers. See FakeDiscordCore for the server side. */
export class FakeDiscord extends FakeDiscordCore {
  // ---- test-facing: interactions ------------------------------------------------------------------------------------------------------
  private commandId(name: string, type: number): string {
    const registered = this.commands.find((c) => c.name === name && c.type === type);
    if (registered) return registered.id;
    const key = `${type}:${name}`;
    if (!this.commandIds.has(key)) this.commandIds.set(key, snowflake());
    return this.commandIds.get(key)!;
  }

  private interaction(type: number, data: Json, opts: InteractionOptions): InteractionHandle {
    const user = this.world.user(opts.member ?? 'alice');
    const channelId = opts.dm
      ? this.world.dmChannel(user).id
      : (opts.channelId ?? opts.message?.channel_id ?? this.channels.general);
    const channel = this.world.channel(channelId);
    const locale = opts.locale ?? 'en-US';
    const id = snowflake();
    const token = interactionToken();
    const guildId = opts.guildId ?? this.guildId;
    const where: Json = opts.dm
      ? {
          channel_id: channelId,
          channel,
          user,
          context: 1,
          authorizing_integration_owners: { 1: user.id },
        }
      : {
          guild_id: guildId,
          guild: { id: guildId, locale: 'en-US', features: [] },
          channel_id: channelId,
          channel: { ...channel, guild_id: guildId, permissions: this.world.permissions(user.id).toString() },
          member: { ...this.world.interactionMember(user.id), ...opts.memberPatch },
          guild_locale: 'en-US',
          context: 0,
          authorizing_integration_owners: { 0: guildId },
        };
    const payload: Json = {
      id,
      application_id: this.appId,
      type,
      token,
      version: 1,
      data,
      ...where,
      app_permissions: this.world.permissions(this.appId).toString(),
      locale,
      entitlements: [],
      attachment_size_limit: 10_485_760,
      ...(opts.message ? { message: toApi(opts.message) } : {}),
    };
    const st: InteractionState = {
      id,
      token,
      payload,
      dispatchedAt: performance.now(),
      ack: null,
      originalId: null,
      loading: false,
      followUpIds: [],
      handle: new InteractionHandle(
        id,
        token,
        payload,
        this.opts.callbackWaitMs,
        (mid) => this.messages.get(mid),
        () => st,
      ),
    };
    this.interactions.set(id, st);
    st.dispatchedAt = performance.now();
    this.dispatch('INTERACTION_CREATE', payload);
    return st.handle;
  }

  private resolveOptions(options: Json[], resolved: Json): void {
    for (const o of options) {
      if (o.options) this.resolveOptions(o.options, resolved);
      const v = String(o.value);
      if (o.type === 6 || o.type === 9) {
        const member = this.world.members.get(v);
        if (member) {
          (resolved.users ??= {})[v] = member.user;
          (resolved.members ??= {})[v] = { ...this.world.interactionMember(v), user: undefined };
        }
      }
      if (o.type === 8 || o.type === 9) {
        const role = Object.values(this.world.roles).find((r) => r.id === v);
        if (role) (resolved.roles ??= {})[v] = role;
      }
      if (o.type === 7 && this.world.channelById.has(v)) {
        const c = this.world.channel(v);
        (resolved.channels ??= {})[v] = {
          id: c.id,
          name: c.name,
          type: c.type,
          parent_id: c.parent_id,
          permissions: '1071698660929',
          ...(c.thread_metadata ? { thread_metadata: c.thread_metadata } : {}),
        };
      }
    }
  }

  /** Dispatch a CHAT_INPUT command (type 2, data.type 1). `options` are top-level or subcommand options. */
  slashCommand(name: string, options: Json[] = [], opts: SlashOptions = {}): InteractionHandle {
    let opts2 = options;
    if (opts.subcommand) opts2 = [{ name: opts.subcommand, type: 1, options }];
    if (opts.subcommandGroup) opts2 = [{ name: opts.subcommandGroup, type: 2, options: opts2 }];
    const resolved: Json = { ...opts.resolved };
    this.resolveOptions(opts2, resolved);
    const registered = this.commands.find((c) => c.name === name && c.type === 1);
    return this.interaction(
      2,
      {
        id: this.commandId(name, 1),
        name,
        type: 1,
        options: opts2,
        ...(registered?.guild_id ? { guild_id: registered.guild_id } : {}),
        ...(Object.keys(resolved).length ? { resolved } : {}),
      },
      opts,
    );
  }

  /** Dispatch an autocomplete interaction (type 4). The option marked `focused` (default: the last) is being typed. */
  autocomplete(name: string, options: Json[], opts: SlashOptions = {}): InteractionHandle {
    const withFocus = options.some((o) => o.focused)
      ? options
      : options.map((o, i) => (i === options.length - 1 ? { ...o, focused: true } : o));
    let opts2 = withFocus;
    if (opts.subcommand) opts2 = [{ name: opts.subcommand, type: 1, options: withFocus }];
    return this.interaction(4, { id: this.commandId(name, 1), name, type: 1, options: opts2 }, opts);
  }

  /** Dispatch a message context-menu command (type 2, data.type 3) targeting a stored message. */
  messageContextMenu(name: string, target: StoredMessage, opts: InteractionOptions = {}): InteractionHandle {
    return this.interaction(
      2,
      {
        id: this.commandId(name, 3),
        name,
        type: 3,
        target_id: target.id,
        resolved: { messages: { [target.id]: toApi(target) } },
      },
      { channelId: target.channel_id, ...opts, message: undefined },
    );
  }

  /** Dispatch a user context-menu command (type 2, data.type 2). */
  userContextMenu(
    name: string,
    target: MemberKey | string,
    opts: InteractionOptions = {},
  ): InteractionHandle {
    const u = this.world.user(target);
    return this.interaction(
      2,
      {
        id: this.commandId(name, 2),
        name,
        type: 2,
        target_id: u.id,
        resolved: {
          users: { [u.id]: u },
          members: { [u.id]: { ...this.world.interactionMember(u.id), user: undefined } },
        },
      },
      opts,
    );
  }

  /** The message carrying `customId`, or a synthetic bot message with that button. */
  private componentMessage(customId: string, componentType: number, given?: StoredMessage): StoredMessage {
    if (given) return given;
    const found = [...this.messages.values()]
      .reverse()
      .find((m) => !m.meta.deleted && findCustomId(m.components, customId));
    if (found) return found;
    const component =
      componentType === 2
        ? { type: 2, style: 1, label: customId, custom_id: customId }
        : { type: componentType, custom_id: customId, options: [] };
    const api = this.world.message(this.channels.general, this.botUser, '', {
      components: [{ type: 1, components: [component] }],
    });
    return this.store(api, { via: 'fixture' });
  }

  /** Dispatch a button click (type 3, component_type 2) on `message` (default: the latest message carrying the button). */
  button(customId: string, message?: StoredMessage, opts: InteractionOptions = {}): InteractionHandle {
    const msg = this.componentMessage(customId, 2, message ?? opts.message);
    return this.interaction(3, { custom_id: customId, component_type: 2 }, { ...opts, message: msg });
  }

  /** Dispatch a select-menu choice (type 3; component_type 3 string select by default). */
  selectMenu(
    customId: string,
    values: string[],
    opts: InteractionOptions & { componentType?: number } = {},
  ): InteractionHandle {
    const componentType = opts.componentType ?? 3;
    const msg = this.componentMessage(customId, componentType, opts.message);
    return this.interaction(
      3,
      { custom_id: customId, component_type: componentType, values },
      { ...opts, message: msg },
    );
  }

  /** Dispatch a modal submit (type 5) with text-input values keyed by custom_id. */
  modalSubmit(
    customId: string,
    fields: Record<string, string>,
    opts: InteractionOptions = {},
  ): InteractionHandle {
    const components = Object.entries(fields).map(([k, v]) => ({
      type: 1,
      components: [{ type: 4, custom_id: k, value: v }],
    }));
    return this.interaction(5, { custom_id: customId, components }, opts);
  }

  /** Handle of an interaction by id (e.g. to inspect one the test did not start itself). */
  interactionHandle(id: string): InteractionHandle | undefined {
    return this.interactions.get(id)?.handle;
  }

  // ---- test-facing: user messages --------------------------------------------------------------------------------------------------------
  /** A human (default alice) posts in a channel: MESSAGE_CREATE with mentions, member, etc. */
  userMessage(content: string, opts: UserMessageOptions = {}): UserMessageHandle {
    const channelId = opts.channelId ?? this.channels.general;
    const author = this.world.user(opts.author ?? 'alice');
    const text =
      opts.mentionsBot && !content.includes(`<@${this.appId}>`) ? `<@${this.appId}> ${content}` : content;
    const channel = this.world.channel(channelId);
    if (opts.threadStarter && channel.type !== 11)
      throw new Error('FakeDiscord: threadStarter needs a thread channel');
    const ref = opts.replyTo;
    const api = this.world.message(channelId, author, text, {
      ...(opts.threadStarter ? { id: channelId } : {}),
      ...(ref ? this.replyFields(ref) : {}),
      ...opts.extra,
    });
    if (channel.type === 11) {
      channel.message_count++;
      channel.total_message_sent++;
    }
    const msg = this.store(api, { via: 'user' });
    this.echo('MESSAGE_CREATE', msg);
    return new UserMessageHandle(msg, () =>
      this.waitForRequest(
        (r) =>
          r.method === 'POST' &&
          r.path === `/channels/${channelId}/messages` &&
          r.body?.message_reference?.message_id === msg.id,
      ),
    );
  }

  /** A human opens a new forum post: THREAD_CREATE then the starter MESSAGE_CREATE (message id = thread id). */
  forumPost(
    title: string,
    content: string,
    opts: { author?: MemberKey | string; forumId?: string } = {},
  ): UserMessageHandle {
    const author = this.world.user(opts.author ?? 'alice');
    const thread = this.world.threadPayload(
      snowflake(),
      opts.forumId ?? this.channels.forum,
      title,
      author.id,
    );
    this.world.channelById.set(thread.id, thread);
    this.dispatch('THREAD_CREATE', {
      ...thread,
      newly_created: true,
      member: { id: thread.id, user_id: author.id, join_timestamp: new Date().toISOString(), flags: 1 },
    });
    return this.userMessage(content, { channelId: thread.id, author: author.id, threadStarter: true });
  }
}
