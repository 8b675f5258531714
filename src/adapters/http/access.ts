/**
 * Who may call what: a per-client rate limit (for `/api/ask`) and the `/metrics` guard
 * (loopback only, or a bearer token when one is configured).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** A fixed-window limit: at most `limit` requests per `windowMs` per client. */
export interface RateLimitOptions {
  limit: number;
  windowMs: number;
}

/** 30 requests a minute per client. */
export const DEFAULT_API_RATE_LIMIT: RateLimitOptions = { limit: 30, windowMs: 60_000 };

/** Most clients tracked at once; past this, expired windows are dropped, then the oldest. */
const MAX_CLIENTS = 10_000;

/** Result of {@link RateLimiter.take}: allowed, or refused with the seconds to wait. */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Counts requests per client key in fixed windows. Memory is bounded by {@link MAX_CLIENTS}. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (!(options.limit >= 1) || !(options.windowMs >= 1))
      throw new Error('rate limit needs limit >= 1 and windowMs >= 1');
  }

  /** Counts one request from `key`. */
  take(key: string): RateDecision {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.options.windowMs) {
      this.windows.delete(key);
      if (this.windows.size >= MAX_CLIENTS) this.prune(now);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= this.options.limit)
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((w.start + this.options.windowMs - now) / 1000)),
      };
    w.count += 1;
    return { ok: true };
  }

  /** Clients currently tracked. */
  get size(): number {
    return this.windows.size;
  }

  private prune(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.options.windowMs) this.windows.delete(k);
    // Still full: drop the oldest windows (Map keeps insertion order, and windows are re-inserted).
    for (const k of this.windows.keys()) {
      if (this.windows.size < MAX_CLIENTS) break;
      this.windows.delete(k);
    }
  }
}

/** `::ffff:1.2.3.4` → `1.2.3.4`; other addresses unchanged. */
function unmapIPv4(addr: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
  return m?.[1] ?? addr;
}

/** The first four hextets of an IPv6 address (its /64), so one host cannot rotate addresses. */
function ipv6Prefix64(addr: string): string {
  const a = (addr.split('%')[0] ?? '').toLowerCase();
  const [head = '', tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0');
  const groups = tail === undefined ? h : [...h, ...fill, ...t];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * The client address of a request: the socket's peer, or with `trustProxy` the right-most
 * `X-Forwarded-For` entry (the one the proxy in front of us appended).
 */
export function clientAddress(req: IncomingMessage, trustProxy = false): string {
  if (trustProxy) {
    const xff = req.headers['x-forwarded-for'];
    const last = (Array.isArray(xff) ? xff.join(',') : (xff ?? '')).split(',').at(-1)?.trim() ?? '';
    if (isIP(last)) return unmapIPv4(last);
  }
  return unmapIPv4(req.socket.remoteAddress ?? 'unknown');
}

/** The rate-limit key of an address: IPv4 as is, IPv6 by its /64. */
export function clientKey(address: string): string {
  return isIP(address) === 6 ? ipv6Prefix64(address) : address;
}

/** True for 127.0.0.0/8 and ::1 (IPv4-mapped forms included). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = unmapIPv4(address);
  return a === '::1' || /^127\.\d+\.\d+\.\d+$/.test(a);
}

/** True when the request came through a proxy (it then is not really local, whatever the socket says). */
export function isProxied(req: IncomingMessage): boolean {
  return req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** True when the request carries `Authorization: Bearer <token>` (compared in constant time). */
export function hasBearer(req: IncomingMessage, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m?.[1] !== undefined && timingSafeEqual(digest(m[1]), digest(token));
}

/** Why `/metrics` is refused, or undefined when it may be served. */
export function metricsRefusal(req: IncomingMessage, token: string | undefined): 401 | 403 | undefined {
  if (token) return hasBearer(req, token) ? undefined : 401;
  return isLoopback(req.socket.remoteAddress) && !isProxied(req) ? undefined : 403;
}
