import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Json } from './types.js';

const PRIVILEGED = (1 << 1) | (1 << 8) | (1 << 15);

interface Session {
  id: string;
  seq: number;
  intents: number;
  ws: WebSocket | null;
  /** Dispatches kept for RESUME replay. */
  sent: { s: number; t: string; d: Json }[];
  /** IDENTIFY's `[shard_id, num_shards]` (default `[0, 1]`). */
  shard: [number, number];
}

/** The shard Discord sends a guild's events to: `(guild_id >> 22) % num_shards`. */
export function shardOf(guildId: string, numShards: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(numShards));
}

/** Whether a session gets an event: guild events go to the guild's shard, DMs to shard 0. */
function routedTo(session: Session, d: Json): boolean {
  const [id, count] = session.shard;
  const guildId = d && typeof d === 'object' && typeof d.guild_id === 'string' ? d.guild_id : undefined;
  return guildId === undefined ? id === 0 : shardOf(guildId, count) === id;
}

export interface GatewayOptions {
  token: string;
  heartbeatIntervalMs: number;
  allowedPrivilegedIntents: number;
  ackHeartbeats: boolean;
  skipGuildCreate: boolean;
  ready(sessionId: string): Json;
  guildCreates(): Json[];
}

/** Per-session payload: return null to not deliver (e.g. the session lacks the intent). */
export type DispatchData = Json | ((intents: number) => Json | null);

/** The gateway half of the fake: HELLO, IDENTIFY→READY→GUILD_CREATE, heartbeat ACK, RESUME, dispatch. */
export class FakeGateway {
  readonly wss: WebSocketServer;
  readonly sessions = new Map<string, Session>();
  /** Every payload a client sent, in order. */
  readonly received: Json[] = [];
  heartbeats = 0;
  identifies = 0;
  resumes = 0;
  /** WebSocket connections opened so far (a reconnect opens a new one). */
  connections = 0;
  /** Close codes the clients' sockets ended with, in order (client- or server-initiated). */
  readonly closes: number[] = [];
  /** Answer op 1 with op 11; turn off to simulate a zombie connection (missing ACKs). */
  ackHeartbeats: boolean;
  /** Intents of the latest IDENTIFY. */
  intents: number | undefined;

  constructor(
    server: Server,
    private readonly opts: GatewayOptions,
  ) {
    this.ackHeartbeats = opts.ackHeartbeats;
    this.wss = new WebSocketServer({ server, path: '/gateway' });
    this.wss.on('connection', (ws) => this.onConnection(ws));
  }

  private send(ws: WebSocket, payload: Json): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(payload));
  }

  private onConnection(ws: WebSocket): void {
    this.connections++;
    this.send(ws, { op: 10, s: null, t: null, d: { heartbeat_interval: this.opts.heartbeatIntervalMs } });
    ws.on('message', (raw) => {
      let msg: Json;
      try {
        msg = JSON.parse(String(raw));
      } catch {
        ws.close(4002, 'Decode error');
        return;
      }
      this.received.push(msg);
      this.onPayload(ws, msg);
    });
    ws.on('close', (code) => {
      this.closes.push(code);
      for (const s of this.sessions.values()) if (s.ws === ws) s.ws = null;
    });
  }

  private onPayload(ws: WebSocket, msg: Json): void {
    switch (msg.op) {
      case 1:
        this.heartbeats++;
        if (this.ackHeartbeats) this.send(ws, { op: 11, s: null, t: null, d: null });
        return;
      case 2: {
        this.identifies++;
        if (msg.d?.token !== this.opts.token) return void ws.close(4004, 'Authentication failed.');
        const intents = Number(msg.d?.intents ?? 0);
        if (intents & PRIVILEGED & ~this.opts.allowedPrivilegedIntents)
          return void ws.close(4014, 'Disallowed intent(s).');
        this.intents = intents;
        const shard = msg.d?.shard ?? [0, 1];
        const [shardId, numShards] = shard;
        if (!Number.isInteger(shardId) || !Number.isInteger(numShards) || shardId < 0 || shardId >= numShards)
          return void ws.close(4010, 'Invalid shard.');
        const session: Session = {
          id: randomBytes(16).toString('hex'),
          seq: 0,
          intents,
          ws,
          sent: [],
          shard: [shardId, numShards],
        };
        this.sessions.set(session.id, session);
        const mine = (g: Json): boolean => shardOf(String(g.id), numShards) === shardId;
        const ready = this.opts.ready(session.id);
        this.dispatchTo(session, 'READY', {
          ...ready,
          guilds: ready.guilds.filter(mine),
          shard: session.shard,
        });
        if (!this.opts.skipGuildCreate)
          for (const g of this.opts.guildCreates().filter(mine)) this.dispatchTo(session, 'GUILD_CREATE', g);
        return;
      }
      case 6: {
        const session = this.sessions.get(msg.d?.session_id);
        if (!session || msg.d?.token !== this.opts.token)
          return this.send(ws, { op: 9, s: null, t: null, d: false });
        this.resumes++;
        session.ws = ws;
        for (const p of session.sent.filter((p) => p.s > Number(msg.d.seq ?? 0)))
          this.send(ws, { op: 0, ...p });
        this.dispatchTo(session, 'RESUMED', null);
        return;
      }
      case 8: {
        const guild = this.opts.guildCreates().find((g) => g.id === msg.d?.guild_id);
        for (const s of this.sessions.values()) {
          if (s.ws === ws && guild) {
            this.dispatchTo(s, 'GUILD_MEMBERS_CHUNK', {
              guild_id: guild.id,
              members: guild.members,
              chunk_index: 0,
              chunk_count: 1,
              not_found: [],
              nonce: msg.d?.nonce,
            });
          }
        }
        return;
      }
      default:
        return; // op 3 presence, op 4 voice: recorded only
    }
  }

  private dispatchTo(session: Session, t: string, d: Json): void {
    const s = ++session.seq;
    session.sent.push({ s, t, d });
    if (session.sent.length > 500) session.sent.shift();
    if (session.ws) this.send(session.ws, { op: 0, s, t, d });
  }

  /** Dispatch an event to every session (sessions whose socket is down get it on RESUME). */
  dispatch(t: string, data: DispatchData): void {
    for (const session of this.sessions.values()) {
      const d = typeof data === 'function' ? data(session.intents) : data;
      if (d !== null && routedTo(session, d)) this.dispatchTo(session, t, d);
    }
  }

  /** Send a raw opcode (1 heartbeat request, 7 reconnect, 9 invalid session) to every open socket. */
  sendOp(op: number, d: Json = null): void {
    for (const ws of this.wss.clients) this.send(ws, { op, s: null, t: null, d });
  }

  /** Close every client socket with `code` (4000 → client resumes, 4004 → fatal auth failure). */
  kick(code: number, reason = 'kicked by FakeDiscord'): void {
    for (const ws of this.wss.clients) ws.close(code, reason);
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
