/**
 * Who may call what: the rate-limit key of a client (for `/api/ask` and `/search`) and the
 * `/metrics` guard (loopback only, or a bearer token when one is configured).
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

/** The rate-limit key of a client address: IPv4 as is (IPv4-mapped forms unmapped), IPv6 by its /64. */
export function clientKey(address: string): string {
  const a = unmapIPv4(address);
  return isIP(a) === 6 ? ipv6Prefix64(a) : a;
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
