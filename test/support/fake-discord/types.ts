/** Loose JSON as it travels on the wire. Tests read deep fields (`body.data.embeds[0].title`), so this is `any`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface RecordedFile {
  /** Multipart field name, e.g. `files[0]`. */
  field: string;
  /** Filename from Content-Disposition (discord.js puts it nowhere else). */
  name: string;
  contentType: string;
  data: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** Decoded path below /api/v10, e.g. `/webhooks/123/tok/messages/@original`. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or parsed `payload_json` for multipart; undefined when empty. */
  body: Json;
  files: RecordedFile[];
  /** performance.now() when the request arrived. */
  at: number;
  /** HTTP status the fake answered with (set once answered). */
  status?: number;
}

export type MessageVia = 'user' | 'channel' | 'interaction' | 'followup' | 'fixture';

/** A message in the fake's store: the API object plus test-only metadata under `meta`. */
export interface StoredMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: Json[];
  components: Json[];
  attachments: Json[];
  flags: number;
  author: Json;
  [field: string]: Json;
  meta: {
    via: MessageVia;
    files: RecordedFile[];
    /** The allowed_mentions the bot sent (undefined = omitted). */
    allowedMentions: Json;
    /** What this message would ping on real Discord: `user:<id>`, `role:<id>`, `everyone`, `replied_user`. */
    pings: string[];
    deleted: boolean;
    interactionId?: string;
  };
}

export interface FakeDiscordOptions {
  token?: string;
  /** HELLO heartbeat_interval in ms (default 41250). */
  heartbeatIntervalMs?: number;
  /** Initial-response deadline in ms, measured from dispatch (default 3000). */
  interactionDeadlineMs?: number;
  /** Interaction token lifetime in ms (default 15 min). */
  tokenLifetimeMs?: number;
  /** How long `handle.callback` waits before rejecting (default 10000). */
  callbackWaitMs?: number;
  /** Privileged intents the "developer portal" allows; others close with 4014 (default: all). */
  allowedPrivilegedIntents?: number;
  /** Validate bodies against discord-api-spec and the hand rules (default true). */
  validate?: boolean;
  /** Do not send GUILD_CREATE after READY (default false). */
  skipGuildCreate?: boolean;
  /** Answer heartbeats with op 11 (default true). */
  ackHeartbeats?: boolean;
  /** Shard count `GET /gateway/bot` recommends (default 1). Sessions are routed by their IDENTIFY `shard` either way. */
  shards?: number;
}
