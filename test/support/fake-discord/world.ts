import { PermissionFlagsBits as P } from 'discord.js';
import { snowflake } from './snowflake.js';
import type { Json, StoredMessage } from './types.js';

const JOINED = '2024-01-15T12:00:00.000000+00:00';

function user(username: string, bot = false): Json {
  return {
    id: snowflake(),
    username,
    global_name: bot ? null : username[0]!.toUpperCase() + username.slice(1),
    discriminator: '0',
    avatar: null,
    bot,
    system: false,
    public_flags: 0,
    flags: 0,
  };
}

function role(id: string, name: string, position: number, permissions: bigint, extra: Json = {}): Json {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed: false,
    mentionable: false,
    flags: 0,
    ...extra,
  };
}

const EVERYONE_PERMS =
  P.ViewChannel |
  P.SendMessages |
  P.SendMessagesInThreads |
  P.CreatePublicThreads |
  P.ReadMessageHistory |
  P.EmbedLinks |
  P.AttachFiles |
  P.AddReactions |
  P.UseApplicationCommands |
  P.UseExternalEmojis;

export type MemberKey = 'alice' | 'moderator' | 'manager' | 'otherBot' | 'self';

/** The in-memory Discord world: one guild, its channels, roles, members, and the bot. */
export class World {
  readonly appId = snowflake();
  readonly botUser: Json = { ...user('dialtone', true), id: this.appId };
  readonly guildId = snowflake();
  readonly users: Record<MemberKey, Json> = {
    alice: user('alice'),
    moderator: user('mod'),
    manager: user('manager'),
    otherBot: user('otherbot', true),
    self: this.botUser,
  };
  readonly ownerId = snowflake();
  readonly roles = {
    everyone: role(this.guildId, '@everyone', 0, EVERYONE_PERMS),
    moderators: role(
      snowflake(),
      'Moderators',
      2,
      P.ManageMessages | P.ManageThreads | P.ModerateMembers | P.KickMembers,
      { hoist: true, mentionable: true },
    ),
    managers: role(snowflake(), 'Managers', 3, P.ManageGuild),
    bot: role(snowflake(), 'Dialtone', 1, EVERYONE_PERMS, { managed: true, tags: { bot_id: this.appId } }),
  };
  readonly channels: Record<'general' | 'answers' | 'forum' | 'thread', Json>;
  readonly members = new Map<string, Json>();
  readonly channelById = new Map<string, Json>();

  constructor() {
    const base = (name: string, type: number, position: number, extra: Json = {}): Json => ({
      id: snowflake(),
      type,
      name,
      guild_id: this.guildId,
      position,
      parent_id: null,
      permission_overwrites: [],
      nsfw: false,
      rate_limit_per_user: 0,
      topic: null,
      last_message_id: null,
      flags: 0,
      ...extra,
    });
    const forum = base('voip-help', 15, 2, {
      available_tags: [],
      default_reaction_emoji: null,
      default_sort_order: null,
      default_forum_layout: 0,
      default_thread_rate_limit_per_user: 0,
      default_auto_archive_duration: 1440,
    });
    this.channels = {
      general: base('general', 0, 0),
      answers: base('dialtone-answers', 0, 1),
      forum,
      thread: this.threadPayload(snowflake(), forum.id, 'My ATA has no dial tone', this.users.alice.id),
    };
    for (const c of Object.values(this.channels)) this.channelById.set(c.id, c);
    const add = (key: MemberKey, roles: string[]): void => {
      const u = this.users[key];
      this.members.set(u.id, {
        user: u,
        roles,
        nick: null,
        avatar: null,
        banner: null,
        joined_at: JOINED,
        premium_since: null,
        deaf: false,
        mute: false,
        flags: 0,
        pending: false,
        communication_disabled_until: null,
      });
    };
    add('alice', []);
    add('moderator', [this.roles.moderators.id]);
    add('manager', [this.roles.managers.id]);
    add('otherBot', []);
    add('self', [this.roles.bot.id]);
  }

  threadPayload(id: string, parentId: string, name: string, ownerId: string): Json {
    return {
      id,
      type: 11,
      name,
      guild_id: this.guildId,
      parent_id: parentId,
      owner_id: ownerId,
      last_message_id: null,
      rate_limit_per_user: 0,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      flags: 0,
      applied_tags: [],
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: new Date().toISOString(),
        locked: false,
        create_timestamp: new Date().toISOString(),
      },
    };
  }

  /** The DM channel between the bot and `user` (created on first use; not part of the guild). */
  dmChannel(user: Json): Json {
    const existing = [...this.channelById.values()].find(
      (c) => c.type === 1 && c.recipients?.[0]?.id === user.id,
    );
    if (existing) return existing;
    const dm = { id: snowflake(), type: 1, last_message_id: null, flags: 0, recipients: [user] };
    this.channelById.set(dm.id, dm);
    return dm;
  }

  /** Resolve a member key (`'alice'`) or a user id to a user object. */
  user(who: MemberKey | string): Json {
    const u = this.users[who as MemberKey] ?? [...this.members.values()].find((m) => m.user.id === who)?.user;
    if (!u) throw new Error(`FakeDiscord: unknown user ${who}`);
    return u;
  }

  permissions(userId: string): bigint {
    const m = this.members.get(userId);
    if (!m) return 0n;
    const all = Object.values(this.roles);
    return [this.guildId, ...m.roles].reduce(
      (acc: bigint, rid: string) => acc | BigInt(all.find((r) => r.id === rid)?.permissions ?? '0'),
      0n,
    );
  }

  /** The member object as it appears in an interaction (with computed `permissions`). */
  interactionMember(userId: string): Json {
    const m = this.members.get(userId);
    if (!m) throw new Error(`FakeDiscord: ${userId} is not a guild member`);
    return { ...m, permissions: this.permissions(userId).toString() };
  }

  channel(id: string): Json {
    const c = this.channelById.get(id);
    if (!c) throw new Error(`FakeDiscord: unknown channel ${id}`);
    return c;
  }

  guildCreate(): Json {
    const all = [...this.channelById.values()];
    return {
      id: this.guildId,
      name: 'VoIP Hardware',
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: this.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 1,
      default_message_notifications: 1,
      explicit_content_filter: 2,
      features: [],
      mfa_level: 0,
      system_channel_id: this.channels.general.id,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: 'en-US',
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      max_members: 500000,
      max_video_channel_users: 25,
      application_id: null,
      emojis: [],
      stickers: [],
      roles: Object.values(this.roles),
      joined_at: JOINED,
      large: false,
      unavailable: false,
      member_count: this.members.size,
      members: [...this.members.values()],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      channels: all.filter((c) => c.type !== 11 && c.type !== 1),
      threads: all.filter((c) => c.type === 11),
    };
  }

  /** A full API message object. */
  message(channelId: string, author: Json, content: string, extra: Partial<StoredMessage> = {}): Json {
    const channel = this.channel(channelId);
    const member = this.members.get(author.id);
    const { user: _u, ...memberField } = member ?? {};
    const mentions = [...content.matchAll(/<@!?(\d{17,20})>/g)]
      .map((m) => [...this.members.values()].find((x) => x.user.id === m[1]))
      .filter((m): m is Json => Boolean(m))
      .map((m) => ({ ...m.user, member: { ...m, user: undefined } }));
    return {
      id: snowflake(),
      channel_id: channelId,
      guild_id: channel.guild_id,
      author,
      ...(member && !extra.webhook_id ? { member: memberField } : {}),
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: /@(everyone|here)/.test(content),
      mentions,
      mention_roles: [...content.matchAll(/<@&(\d{17,20})>/g)].map((m) => m[1]),
      mention_channels: [],
      attachments: [],
      embeds: [],
      components: [],
      reactions: [],
      pinned: false,
      type: 0,
      flags: 0,
      position: 0,
      ...extra,
    };
  }
}
