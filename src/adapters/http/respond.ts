/**
 * Low-level response helpers: the security headers every response carries, bodies that
 * honour HEAD, and conditional GET with ETags.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Html } from './html.js';

/** The Content-Security-Policy on every response: no scripts, no inline styles, nothing external. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Headers sent on every response, whatever its status. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Pages and API answers may change on every knowledge reload. */
export const NO_CACHE = 'no-cache';
export const NO_STORE = 'no-store';

export const HTML_TYPE = 'text/html; charset=utf-8';
export const TEXT_TYPE = 'text/plain; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';

/** Sets the security headers (call first, so even failures carry them). */
export function setSecurityHeaders(res: ServerResponse): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
}

/** Sends a complete response; for HEAD, the same headers (Content-Length included) and no body. */
export function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string>,
): void {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...headers, 'Content-Length': String(buf.length) });
  if (req.method === 'HEAD') res.end();
  else res.end(buf);
}

/** Sends an HTML page. */
export function sendHtml(req: IncomingMessage, res: ServerResponse, status: number, page: Html): void {
  send(req, res, status, page.value, { 'Content-Type': HTML_TYPE, 'Cache-Control': NO_CACHE });
}

/** Sends JSON (never cached: answers change with the knowledge). */
export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, value: unknown): void {
  send(req, res, status, JSON.stringify(value), { 'Content-Type': JSON_TYPE, 'Cache-Control': NO_STORE });
}

/** Sends short plain text. */
export function sendText(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  send(req, res, status, text, { 'Content-Type': TEXT_TYPE, 'Cache-Control': NO_STORE, ...headers });
}

/** True when `If-None-Match` lists `etag` (weak comparison, `*` matches). */
export function etagMatches(req: IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  const strip = (t: string): string => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || strip(t) === strip(etag));
}

/** Sends a cacheable representation with an ETag, or 304 when the client already has it. */
export function sendCacheable(
  req: IncomingMessage,
  res: ServerResponse,
  body: string | Buffer,
  contentType: string,
  etag: string,
  cacheControl: string,
): void {
  if (etagMatches(req, etag)) {
    res.writeHead(304, { ETag: etag, 'Cache-Control': cacheControl });
    res.end();
    return;
  }
  send(req, res, 200, body, { 'Content-Type': contentType, ETag: etag, 'Cache-Control': cacheControl });
}
