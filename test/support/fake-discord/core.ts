import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway, type DispatchData } from './gateway.js';
import { errors, recordRequest, sendJson } from './http.js';
import type { InteractionState } from './interactions.js';
import { snowflake } from './snowflake.js';
import type {
  FakeDiscordOptions,
  Json,
  MessageVia,
  RecordedFile,
  RecordedRequest,
  StoredMessage,
} from './types.js';
import { discordErrors, pingsOf, validateBody, type BodyKind } from './validate.js';
import { World, type MemberKey } from './world.js';

const INTENT_GUILD_MESSAGES = 1 << 9;
const INTENT_MESSAGE_CONTENT = 1 << 15;
const EPHEMERAL = 64;
const LOADING = 128;

interface Reply {
  status: number;
  body?: Json;
  headers?: Record<string, string>;
}
type Handler = (req: RecordedRequest, m: RegExpMatchArray) => Reply | Promise<Reply>;
interface Route {
  method: string;
  re: RegExp;
  auth: boolean;
  handler: Handler;
}
interface Injection {
  method: string;
  re: RegExp;
  status?: number;
  body?: Json;
  headers?: Record<string, string>;
  delayMs?: number;
}

/** Who sends an interaction and where. */

export function toApi(m: StoredMessage): Json {
  const { meta: _meta, ...api } = m;
  return api;
}

/**
 * Server side of the fake: HTTP plumbing, REST routes, message store, interaction state machine.
 * A protocol-faithful fake Discord (REST + gateway on 127.0.0.1) for the real discord.js Client.
 * Teardown order: `await client.destroy()` FIRST, then `await fake.stop()` — a server-side close makes the client reconnect.
 */
export class FakeDiscordCore {
  readonly world = new World();
  readonly token: string;
  /** Every REST request, in order of completion. */
  readonly requests: RecordedRequest[] = [];
  /** Contract breaks: schema/hand-rule failures, protocol errors, unknown routes. Expect it empty after each test. */
  readonly violations: string[] = [];
  /** Bot messages created without allowed_mentions, or that would ping someone. */
  readonly mentionWarnings: string[] = [];
  readonly messages = new Map<string, StoredMessage>();
  readonly commands: Json[] = [];
  protected readonly opts: Required<FakeDiscordOptions>;
  protected readonly interactions = new Map<string, InteractionState>();
  private readonly injections: Injection[] = [];
  private requestWaiters: { pred: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }[] =
    [];
  protected readonly commandIds = new Map<string, string>();
  private server: Server | null = null;
  private gw: FakeGateway | null = null;
  private port = 0;
  private readonly routes: Route[];

  constructor(options: FakeDiscordOptions = {}) {
    this.opts = {
      token: `${Buffer.from(this.world.appId).toString('base64url')}.Gx1zQa.${'f'.repeat(38)}`,
      heartbeatIntervalMs: 41250,
      interactionDeadlineMs: 3000,
      tokenLifetimeMs: 15 * 60_000,
      callbackWaitMs: 10_000,
      allowedPrivilegedIntents: (1 << 1) | (1 << 8) | (1 << 15),
      validate: true,
      skipGuildCreate: false,
      ackHeartbeats: true,
      shards: 1,
      ...options,
    };
    this.token = this.opts.token;
    const r = (method: string, re: RegExp, handler: Handler, auth = true): Route => ({
      method,
      re,
      handler,
      auth,
    });
    this.routes = [
      r('GET', /^\/gateway\/bot$/, () => ({
        status: 200,
        body: {
          url: this.gatewayUrl,
          shards: this.opts.shards,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
        },
      })),
      r('GET', /^\/gateway$/, () => ({ status: 200, body: { url: this.gatewayUrl } }), false),
      r('GET', /^\/users\/@me$/, () => ({
        status: 200,
        body: { ...this.botUser, verified: true, mfa_enabled: false, locale: 'en-US' },
      })),
      r('GET', /^\/applications\/@me$/, () => ({ status: 200, body: this.application() })),
      r('*', /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands(?:\/(\d+))?$/, (q, m) =>
        this.commandsRoute(q, m),
      ),
      r(
        'POST',
        /^\/interactions\/(\d+)\/([^/]+)\/callback$/,
        (q, m) => this.callbackRoute(q, m[1]!, m[2]!),
        false,
      ),
      r(
        '*',
        /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/,
        (q, m) => this.webhookRoute(q, m[1]!, m[2]!, m[3]),
        false,
      ),
      r('*', /^\/channels\/(\d+)\/messages(?:\/(\d+))?$/, (q, m) =>
        this.channelMessagesRoute(q, m[1]!, m[2]),
      ),
      r('POST', /^\/channels\/(\d+)\/typing$/, () => ({ status: 204 })),
      r('GET', /^\/channels\/(\d+)$/, (_q, m) =>
        this.world.channelById.has(m[1]!)
          ? { status: 200, body: this.world.channel(m[1]!) }
          : { status: 404, body: errors.unknownChannel },
      ),
      r('GET', /^\/guilds\/(\d+)\/members\/(\d+)$/, (_q, m) =>
        this.world.members.has(m[2]!)
          ? { status: 200, body: this.world.members.get(m[2]!) }
          : { status: 404, body: { code: 10007, message: 'Unknown Member' } },
      ),
    ];
  }

  // ---- world accessors ---------------------------------------------------------------------------------
  get appId(): string {
    return this.world.appId;
  }
  get botUser(): Json {
    return this.world.botUser;
  }
  get guildId(): string {
    return this.world.guildId;
  }
  get channels(): { general: string; answers: string; forum: string; thread: string } {
    const c = this.world.channels;
    return { general: c.general.id, answers: c.answers.id, forum: c.forum.id, thread: c.thread.id };
  }
  get roles(): { everyone: string; moderators: string; managers: string; bot: string } {
    const r = this.world.roles;
    return { everyone: r.everyone.id, moderators: r.moderators.id, managers: r.managers.id, bot: r.bot.id };
  }
  get users(): Record<MemberKey, Json> {
    return this.world.users;
  }
  get restBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }
  get gateway(): FakeGateway {
    if (!this.gw) throw new Error('FakeDiscord: not started');
    return this.gw;
  }

  // ---- lifecycle ---------------------------------------------------------------------------------------
  async start(): Promise<this> {
    const server = createServer((req, res) => void this.onRequest(req, res));
    this.server = server;
    this.gw = new FakeGateway(server, {
      token: this.token,
      heartbeatIntervalMs: this.opts.heartbeatIntervalMs,
      allowedPrivilegedIntents: this.opts.allowedPrivilegedIntents,
      ackHeartbeats: this.opts.ackHeartbeats,
      skipGuildCreate: this.opts.skipGuildCreate,
      ready: (sessionId) => ({
        v: 10,
        user: { ...this.botUser, verified: true, mfa_enabled: false },
        guilds: [{ id: this.guildId, unavailable: true }],
        session_id: sessionId,
        resume_gateway_url: this.gatewayUrl,
        shard: [0, 1],
        application: { id: this.appId, flags: 0 },
        private_channels: [],
        relationships: [],
        presences: [],
        user_settings: {},
      }),
      guildCreates: () => [this.world.guildCreate()],
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  /** Terminate sockets and close the server. Destroy the discord.js client BEFORE calling this. */
  async stop(): Promise<void> {
    await this.gw?.close();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = null;
  }

  /** Clear requests, violations, warnings, injections, interactions and non-fixture messages. */
  reset(): void {
    for (const a of [this.requests, this.violations, this.mentionWarnings, this.injections]) a.length = 0;
    this.messages.clear();
    this.interactions.clear();
  }

  /** Return and clear the recorded violations. */
  takeViolations(): string[] {
    return this.violations.splice(0);
  }

  // ---- gateway passthroughs -----------------------------------------------------------------------------
  /** Escape hatch: dispatch any event (op 0, next `s`). */
  dispatch(t: string, d: DispatchData): void {
    this.gateway.dispatch(t, d);
  }
  /** Close every client socket: 4000 → resume, 4004 → fatal auth failure. */
  kick(code: number): void {
    this.gateway.kick(code);
  }
  /** Send op 1 (heartbeat request), 7 (reconnect) or 9 (invalid session). */
  sendOp(op: number, d: Json = null): void {
    this.gateway.sendOp(op, d);
  }
  /** Intents of the latest IDENTIFY. */
  get intents(): number | undefined {
    return this.gw?.intents;
  }

  // ---- failure injection ---------------------------------------------------------------------------------
  /** The next request matching method ('*' = any) and path regex gets `status`/`body` instead of being handled. */
  failNext(
    method: string,
    path: RegExp,
    status: number,
    body: Json = { code: 0, message: `${status}: injected` },
    headers: Record<string, string> = {},
  ): void {
    this.injections.push({ method, re: path, status, body, headers });
  }
  /**
   * The next matching request gets a 429 as Discord sends it: `retry-after` (seconds) and the
   * `x-ratelimit-*` headers, body `{message, retry_after, global}`. `global: true` is the
   * all-routes limit (`x-ratelimit-global`), otherwise a per-route bucket with `remaining: 0`.
   */
  rateLimitNext(method: string, path: RegExp, opts: { retryAfterMs: number; global?: boolean }): void {
    const seconds = opts.retryAfterMs / 1000;
    const headers: Record<string, string> = {
      'retry-after': String(Math.max(1, Math.ceil(seconds))),
      'x-ratelimit-scope': opts.global ? 'global' : 'user',
    };
    if (opts.global) headers['x-ratelimit-global'] = 'true';
    else
      Object.assign(headers, {
        'x-ratelimit-bucket': 'f4k3bucket',
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Date.now() / 1000 + seconds),
        'x-ratelimit-reset-after': String(seconds),
      });
    this.injections.push({
      method,
      re: path,
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: seconds, global: Boolean(opts.global) },
      headers,
    });
  }
  /** The interaction's 3-second window has passed: every callback now gets 404 10062 (not a violation). */
  expire(handle: { id: string }): void {
    const st = this.interactions.get(handle.id);
    if (st) st.expired = true;
  }
  /** Stop (or resume) answering heartbeats: without ACKs the client sees a zombie connection and reconnects. */
  setHeartbeatAcks(on: boolean): void {
    this.gateway.ackHeartbeats = on;
  }
  /** The next matching request is handled after `ms`. */
  delayNext(method: string, path: RegExp, ms: number): void {
    this.injections.push({ method, re: path, delayMs: ms });
  }

  // ---- observation ---------------------------------------------------------------------------------------
  /** Visible (non-deleted) messages of a channel, oldest first, including ephemeral ones (flags & 64). */
  channelMessages(channelId: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId && !m.meta.deleted);
  }

  /** First recorded (or future) request matching `pred`. */
  waitForRequest(pred: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    const done = this.requests.find(pred);
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const waiter = {
        pred,
        resolve: (r: RecordedRequest) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      const timer = setTimeout(() => {
        this.requestWaiters = this.requestWaiters.filter((w) => w !== waiter);
        reject(new Error(`FakeDiscord: no matching request within ${timeoutMs} ms`));
      }, timeoutMs);
      this.requestWaiters.push(waiter);
    });
  }

  // ---- HTTP plumbing ---------------------------------------------------------------------------------------
  private async onRequest(raw: IncomingMessage, res: ServerResponse): Promise<void> {
    let req: RecordedRequest;
    try {
      req = await recordRequest(raw);
    } catch (e) {
      this.violations.push(`${raw.method} ${raw.url}: unparseable request (${String(e)})`);
      return sendJson(res, 400, { code: 50109, message: 'The request body contains invalid JSON.' });
    }
    const reply = await this.handle(req).catch((e: unknown): Reply => {
      this.violations.push(`${req.method} ${req.path}: fake crashed: ${String(e)}`);
      return { status: 500, body: { code: 0, message: String(e) } };
    });
    req.status = reply.status;
    this.requests.push(req);
    // Interaction handles see every request made with their id/token, including injected failures.
    const cb = req.path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/);
    if (cb) this.interactions.get(cb[1]!)?.handle.recordCallback(req);
    const wh = req.path.match(/^\/webhooks\/\d+\/([^/]+)/);
    if (wh) [...this.interactions.values()].find((s) => s.token === wh[1])?.handle.recordWebhook(req);
    sendJson(res, reply.status, reply.body, reply.headers);
    for (const w of this.requestWaiters.filter((w) => w.pred(req))) {
      this.requestWaiters = this.requestWaiters.filter((x) => x !== w);
      w.resolve(req);
    }
  }

  private async handle(req: RecordedRequest): Promise<Reply> {
    const inj = this.injections.find(
      (i) => (i.method === '*' || i.method === req.method) && i.re.test(req.path),
    );
    if (inj) {
      this.injections.splice(this.injections.indexOf(inj), 1);
      if (inj.delayMs !== undefined) await new Promise((r) => setTimeout(r, inj.delayMs));
      if (inj.status !== undefined) return { status: inj.status, body: inj.body, headers: inj.headers };
    }
    for (const route of this.routes) {
      const m = req.path.match(route.re);
      if (!m || (route.method !== '*' && route.method !== req.method)) continue;
      if (route.auth && req.headers.authorization !== `Bot ${this.token}`) {
        this.violations.push(`${req.method} ${req.path}: missing or wrong Authorization header`);
        return { status: 401, body: errors.unauthorized };
      }
      return route.handler(req, m);
    }
    return this.violation(req, 'unknown route', 404, errors.notFound);
  }

  private violation(req: RecordedRequest, what: string, status: number, body: Json): Reply {
    this.violations.push(`${req.method} ${req.path}: ${what}`);
    return { status, body };
  }

  /** Validate a body; on failure record violations and return the 50035 reply. */
  private invalid(req: RecordedRequest, kind: BodyKind): Reply | null {
    if (!this.opts.validate) return null;
    const issues = validateBody(kind, req.body);
    if (req.files.length > 10) issues.push('files: more than 10 attachments');
    if (issues.length === 0) return null;
    for (const i of issues) this.violations.push(`${req.method} ${req.path}: ${i}`);
    return { status: 400, body: errors.invalidForm(discordErrors(issues)) };
  }

  private application(): Json {
    return {
      id: this.appId,
      name: 'Dialtone',
      icon: null,
      description: '',
      summary: '',
      type: null,
      bot: this.botUser,
      bot_public: false,
      bot_require_code_grant: false,
      verify_key: 'f'.repeat(64),
      flags: 0,
      hook: true,
      owner: this.world.users.manager,
      team: null,
      install_params: null,
      approximate_guild_count: 1,
      redirect_uris: [],
      interactions_endpoint_url: null,
      tags: [],
      integration_types_config: { 0: {} },
    };
  }

  // ---- commands ----------------------------------------------------------------------------------------------
  private storeCommand(body: Json, guildId: string | undefined, existing?: Json): Json {
    const cmd = {
      id: existing?.id ?? snowflake(),
      application_id: this.appId,
      version: snowflake(),
      type: body.type ?? 1,
      name: body.name,
      name_localizations: body.name_localizations ?? null,
      description: body.description ?? '',
      description_localizations: body.description_localizations ?? null,
      options: body.options ?? [],
      default_member_permissions: body.default_member_permissions ?? null,
      nsfw: body.nsfw ?? false,
      contexts: body.contexts ?? null,
      integration_types: body.integration_types ?? [0],
      ...(guildId ? { guild_id: guildId } : { dm_permission: body.dm_permission ?? true }),
    };
    if (existing) this.commands.splice(this.commands.indexOf(existing), 1, cmd);
    else this.commands.push(cmd);
    return cmd;
  }

  private commandsRoute(req: RecordedRequest, m: RegExpMatchArray): Reply {
    const [, appId, guildId, cmdId] = m;
    if (appId !== this.appId)
      return this.violation(req, `wrong application id ${appId}`, 404, {
        code: 10002,
        message: 'Unknown Application',
      });
    const scope = this.commands.filter((c) => c.guild_id === guildId);
    const same = (a: Json) => (c: Json) => c.name === a.name && c.type === (a.type ?? 1);
    if (!cmdId) {
      if (req.method === 'GET') return { status: 200, body: scope };
      if (req.method === 'PUT') {
        const bad = this.invalid(req, 'commandsPut');
        if (bad) return bad;
        for (const c of scope.filter((c) => !req.body.some((b: Json) => same(b)(c))))
          this.commands.splice(this.commands.indexOf(c), 1);
        return {
          status: 200,
          body: req.body.map((b: Json) => this.storeCommand(b, guildId, scope.find(same(b)))),
        };
      }
      if (req.method === 'POST') {
        const bad = this.invalid(req, 'commandCreate');
        if (bad) return bad;
        const existing = scope.find(same(req.body));
        return { status: existing ? 200 : 201, body: this.storeCommand(req.body, guildId, existing) };
      }
    } else {
      const cmd = scope.find((c) => c.id === cmdId);
      if (!cmd) return this.violation(req, 'unknown command id', 404, errors.unknownCommand);
      if (req.method === 'GET') return { status: 200, body: cmd };
      if (req.method === 'DELETE') {
        this.commands.splice(this.commands.indexOf(cmd), 1);
        return { status: 204 };
      }
      if (req.method === 'PATCH') {
        const bad = this.invalid(req, 'commandEdit');
        return bad ?? { status: 200, body: this.storeCommand({ ...cmd, ...req.body }, guildId, cmd) };
      }
    }
    return this.violation(req, 'unknown route', 405, { code: 0, message: '405: Method Not Allowed' });
  }

  // ---- message store ----------------------------------------------------------------------------------------------
  private attachmentsFrom(
    channelId: string,
    body: Json,
    files: RecordedFile[],
    previous: Json[] = [],
  ): Json[] {
    const described: Json[] = Array.isArray(body?.attachments)
      ? body.attachments
      : files.map((_f, i) => ({ id: String(i) }));
    return described.flatMap((a: Json) => {
      const old = previous.find((p) => p.id === String(a.id));
      if (old) return [old];
      const file = files.find((f) => f.field === `files[${a.id}]`) ?? files[Number(a.id)];
      if (!file) return [];
      const id = snowflake();
      const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${file.name}`;
      return [
        {
          id,
          filename: file.name,
          size: file.data.length,
          url,
          proxy_url: url,
          content_type: file.contentType,
          description: a.description ?? undefined,
          title: a.title ?? undefined,
        },
      ];
    });
  }

  /** Create a bot-authored message from a request body and echo it on the gateway unless ephemeral. */
  private botMessage(
    req: RecordedRequest,
    channelId: string,
    via: MessageVia,
    extra: Json = {},
  ): StoredMessage {
    const b = req.body ?? {};
    const ref = b.message_reference?.message_id
      ? this.messages.get(b.message_reference.message_id)
      : undefined;
    const api = this.world.message(channelId, this.botUser, b.content ?? '', {
      embeds: (b.embeds ?? []).map((e: Json) => ({ type: 'rich', ...e })),
      components: b.components ?? [],
      attachments: this.attachmentsFrom(channelId, b, req.files),
      flags: (b.flags ?? 0) & (EPHEMERAL | 4 | 4096),
      tts: Boolean(b.tts),
      ...(ref ? this.replyFields(ref) : {}),
      ...extra,
    });
    const pings = pingsOf(b, via !== 'channel', Boolean(ref));
    const where = `${req.method} ${req.path}`;
    if (b.allowed_mentions === undefined) this.mentionWarnings.push(`${where}: allowed_mentions missing`);
    if (pings.length) this.mentionWarnings.push(`${where}: would ping ${pings.join(', ')}`);
    const msg = this.store(api, { via, files: req.files, allowedMentions: b.allowed_mentions, pings });
    if (!(msg.flags & EPHEMERAL)) this.echo('MESSAGE_CREATE', msg);
    return msg;
  }

  /** The fields that make a message a reply to `ref` (type 19 with a message_reference). */
  protected replyFields(ref: StoredMessage): Json {
    return {
      type: 19,
      message_reference: { type: 0, message_id: ref.id, channel_id: ref.channel_id, guild_id: this.guildId },
      referenced_message: toApi(ref),
    };
  }

  protected store(api: Json, meta: Partial<StoredMessage['meta']> & { via: MessageVia }): StoredMessage {
    const msg: StoredMessage = {
      ...api,
      meta: { files: [], allowedMentions: undefined, pings: [], deleted: false, ...meta },
    };
    this.messages.set(msg.id, msg);
    const channel = this.world.channelById.get(msg.channel_id);
    if (channel) channel.last_message_id = msg.id;
    return msg;
  }

  /** Apply an edit body (content/embeds/components/attachments/files) to a stored message. */
  private editMessage(msg: StoredMessage, req: RecordedRequest): StoredMessage {
    const b = req.body ?? {};
    if ('content' in b) msg.content = b.content ?? '';
    if ('embeds' in b) msg.embeds = (b.embeds ?? []).map((e: Json) => ({ type: 'rich', ...e }));
    if ('components' in b) msg.components = b.components ?? [];
    if ('attachments' in b || req.files.length)
      msg.attachments = this.attachmentsFrom(msg.channel_id, b, req.files, msg.attachments);
    if ('allowed_mentions' in b) msg.meta.allowedMentions = b.allowed_mentions;
    msg.meta.files = [...msg.meta.files, ...req.files];
    msg.edited_timestamp = new Date().toISOString();
    if (!(msg.flags & EPHEMERAL)) this.echo('MESSAGE_UPDATE', msg);
    return msg;
  }

  /** MESSAGE_CREATE/UPDATE gated like Discord: GuildMessages intent; content blanked without MessageContent. */
  protected echo(t: string, msg: StoredMessage): void {
    const api = toApi(msg);
    this.gateway.dispatch(t, (intents: number) => {
      if (!(intents & INTENT_GUILD_MESSAGES)) return null;
      const privileged = api.author.id === this.appId || api.mentions.some((u: Json) => u.id === this.appId);
      if (intents & INTENT_MESSAGE_CONTENT || privileged) return api;
      return { ...api, content: '', embeds: [], attachments: [], components: [] };
    });
  }

  // ---- channel messages ----------------------------------------------------------------------------------------------
  private channelMessagesRoute(
    req: RecordedRequest,
    channelId: string,
    messageId: string | undefined,
  ): Reply {
    if (!this.world.channelById.has(channelId))
      return this.violation(req, 'unknown channel', 404, errors.unknownChannel);
    if (!messageId) {
      if (req.method === 'GET') {
        const limit = Number(req.query.limit ?? 50);
        return { status: 200, body: this.channelMessages(channelId).reverse().slice(0, limit).map(toApi) };
      }
      if (req.method !== 'POST') return this.violation(req, 'unknown route', 405, errors.notFound);
      const bad = this.invalid(req, 'messageCreate');
      if (bad) return bad;
      const refId = req.body?.message_reference?.message_id;
      if (refId && !this.messages.has(refId) && req.body.message_reference.fail_if_not_exists !== false) {
        this.violations.push(`${req.method} ${req.path}: message_reference to unknown message ${refId}`);
        return {
          status: 400,
          body: errors.invalidForm({
            message_reference: { _errors: [{ code: 'REPLIES_UNKNOWN_MESSAGE', message: 'Unknown message' }] },
          }),
        };
      }
      return { status: 200, body: toApi(this.botMessage(req, channelId, 'channel')) };
    }
    const msg = this.messages.get(messageId);
    if (!msg || msg.meta.deleted || msg.channel_id !== channelId)
      return { status: 404, body: errors.unknownMessage };
    if (req.method === 'GET') return { status: 200, body: toApi(msg) };
    if (req.method === 'DELETE') {
      msg.meta.deleted = true;
      this.dispatch('MESSAGE_DELETE', { id: msg.id, channel_id: channelId, guild_id: this.guildId });
      return { status: 204 };
    }
    if (req.method === 'PATCH') {
      if (msg.author.id !== this.appId)
        return this.violation(req, 'editing a message the bot did not author', 403, {
          code: 50005,
          message: 'Cannot edit a message authored by another user',
        });
      return this.invalid(req, 'messageEdit') ?? { status: 200, body: toApi(this.editMessage(msg, req)) };
    }
    return this.violation(req, 'unknown route', 405, errors.notFound);
  }

  // ---- interactions: callback ------------------------------------------------------------------------------------------------
  private callbackRoute(req: RecordedRequest, id: string, token: string): Reply {
    const st = this.interactions.get(id);
    if (!st || st.token !== token)
      return this.violation(req, 'callback for unknown interaction', 404, errors.unknownInteraction);
    return this.callback(req, st);
  }

  private callback(req: RecordedRequest, st: InteractionState): Reply {
    const late = req.at - st.dispatchedAt;
    if (st.expired) return { status: 404, body: errors.unknownInteraction };
    if (st.ack)
      return this.violation(
        req,
        `interaction already acknowledged (type ${st.ack.type})`,
        400,
        errors.alreadyAcked,
      );
    if (late > this.opts.interactionDeadlineMs) {
      return this.violation(
        req,
        `callback ${Math.round(late)} ms after dispatch (deadline ${this.opts.interactionDeadlineMs} ms)`,
        404,
        errors.unknownInteraction,
      );
    }
    const bad = this.invalid(req, 'callback');
    if (bad) return bad;
    const type: number = req.body.type;
    const iType: number = st.payload.type;
    const allowed: Record<number, number[]> = {
      2: [4, 5, 9],
      3: [4, 5, 6, 7, 9],
      4: [8],
      5: st.payload.message ? [4, 5, 6, 7] : [4, 5],
    };
    if (!allowed[iType]?.includes(type)) {
      return this.violation(
        req,
        `callback type ${type} is not valid for interaction type ${iType}`,
        400,
        errors.invalidForm(discordErrors([`type ${type} invalid here`])),
      );
    }
    const flags: number = req.body.data?.flags ?? 0;
    if (type === 5 && flags & ~EPHEMERAL) {
      return this.violation(
        req,
        `deferred callback flags ${flags} (only EPHEMERAL allowed)`,
        400,
        errors.invalidForm(discordErrors(['data.flags: only EPHEMERAL allowed'])),
      );
    }
    const channelId: string = st.payload.channel_id;
    const meta = {
      id: st.id,
      type: iType,
      user: st.payload.member?.user ?? st.payload.user,
      authorizing_integration_owners: st.payload.authorizing_integration_owners,
      ...(st.payload.data?.name ? { name: st.payload.data.name } : {}),
    };
    const origType = iType === 2 ? (st.payload.data.type === 1 ? 20 : 23) : 0;
    const extra = {
      webhook_id: this.appId,
      application_id: this.appId,
      interaction_metadata: meta,
      type: origType,
    };
    let message: StoredMessage | undefined;
    if (type === 4) {
      message = this.botMessage({ ...req, body: req.body.data ?? {} }, channelId, 'interaction', extra);
      st.originalId = message.id;
    } else if (type === 5) {
      message = this.store(
        this.world.message(channelId, this.botUser, '', { ...extra, flags: LOADING | (flags & EPHEMERAL) }),
        { via: 'interaction', interactionId: st.id },
      );
      if (!(message.flags & EPHEMERAL)) this.echo('MESSAGE_CREATE', message);
      st.originalId = message.id;
      st.loading = true;
    } else if (type === 6 || type === 7) {
      message = this.messages.get(st.payload.message.id);
      st.originalId = message?.id ?? null;
      if (message && type === 7) this.editMessage(message, { ...req, body: req.body.data ?? {} });
    }
    if (message) message.meta.interactionId = st.id;
    st.ack = { type, at: req.at, flags };
    if (req.query.with_response !== 'true') return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id: st.id,
          type: iType,
          response_message_id: message?.id,
          response_message_loading: type === 5,
          response_message_ephemeral: Boolean(message && message.flags & EPHEMERAL),
        },
        resource: { type, ...(message ? { message: toApi(message) } : {}) },
      },
    };
  }

  // ---- interactions: webhook token routes ------------------------------------------------------------------------------------------
  private webhookRoute(
    req: RecordedRequest,
    appId: string,
    token: string,
    messageId: string | undefined,
  ): Reply {
    const st = [...this.interactions.values()].find((s) => s.token === token);
    if (!st || appId !== this.appId)
      return this.violation(req, 'unknown webhook', 404, errors.unknownWebhook);
    return this.webhook(req, st, messageId);
  }

  private webhook(req: RecordedRequest, st: InteractionState, messageId: string | undefined): Reply {
    if (req.at - st.dispatchedAt > this.opts.tokenLifetimeMs)
      return this.violation(req, 'interaction token expired', 401, errors.invalidWebhookToken);
    if (!st.ack)
      return this.violation(
        req,
        'webhook request before the interaction was acknowledged',
        404,
        errors.unknownWebhook,
      );
    if (!messageId) {
      if (req.method !== 'POST') return this.violation(req, 'unknown route', 405, errors.notFound);
      const bad = this.invalid(req, 'webhookExecute');
      if (bad) return bad;
      let msg: StoredMessage;
      const original = st.originalId ? this.messages.get(st.originalId) : undefined;
      if (st.loading && original) {
        // The first follow-up after a deferred reply fills the "thinking" placeholder (keeping its ephemerality).
        st.loading = false;
        original.flags &= ~LOADING;
        msg = this.editMessage(original, req);
      } else {
        msg = this.botMessage(req, st.payload.channel_id, 'followup', {
          webhook_id: this.appId,
          application_id: this.appId,
        });
        msg.meta.interactionId = st.id;
        st.followUpIds.push(msg.id);
      }
      return req.query.wait === 'false' ? { status: 204 } : { status: 200, body: toApi(msg) };
    }
    const id = messageId === '@original' ? st.originalId : messageId;
    const msg =
      id && (id === st.originalId || st.followUpIds.includes(id)) ? this.messages.get(id) : undefined;
    if (!msg || msg.meta.deleted)
      return this.violation(req, `unknown interaction message ${messageId}`, 404, errors.unknownMessage);
    if (req.method === 'GET') return { status: 200, body: toApi(msg) };
    if (req.method === 'DELETE') {
      msg.meta.deleted = true;
      if (!(msg.flags & EPHEMERAL))
        this.dispatch('MESSAGE_DELETE', { id: msg.id, channel_id: msg.channel_id, guild_id: this.guildId });
      return { status: 204 };
    }
    if (req.method === 'PATCH') {
      const bad = this.invalid(req, 'webhookEdit');
      if (bad) return bad;
      if (id === st.originalId && st.loading) {
        st.loading = false;
        msg.flags &= ~LOADING;
      }
      return { status: 200, body: toApi(this.editMessage(msg, req)) };
    }
    return this.violation(req, 'unknown route', 405, errors.notFound);
  }
}
