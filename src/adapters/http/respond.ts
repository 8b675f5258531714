/**
 * Response helpers: helmet's security headers on every response, HTML/text/JSON-error replies,
 * and conditional GET (`fresh` compares `If-None-Match` with the ETag, lists, weak tags and `*`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fresh from 'fresh';
import helmet from 'helmet';
import type { Html } from './html.js';

/** The Content-Security-Policy on every response: no scripts, no inline styles, nothing external. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none';img-src 'self';style-src 'self';form-action 'self';base-uri 'none';frame-ancestors 'none'";

/**
 * helmet's headers with our CSP. No HSTS: TLS is the reverse proxy's business. Diagrams may be
 * embedded elsewhere (Discord previews, forums), so resources are `cross-origin`.
 */
const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      imgSrc: ["'self'"],
      styleSrc: ["'self'"],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
  crossOriginResourcePolicy: { policy: 'cross-origin' },
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: false,
  xFrameOptions: { action: 'deny' },
});

/** Sets the security headers on a raw response (call first, so even failures carry them). */
export function setSecurityHeaders(req: IncomingMessage, res: ServerResponse): void {
  securityHeaders(req, res, () => {});
}

/** Pages may change on every knowledge reload; API answers, errors and probes are never stored. */
export const NO_CACHE = 'no-cache';
/** Cache-Control of a rendered diagram (it changes only with its knowledge). */
export const DIAGRAM_CACHE = 'public, max-age=300';
export const NO_STORE = 'no-store';
export const HTML_TYPE = 'text/html; charset=utf-8';
export const TEXT_TYPE = 'text/plain; charset=utf-8';

/** Sends an HTML page. */
export const sendHtml = (reply: FastifyReply, status: number, page: Html): FastifyReply =>
  reply.code(status).type(HTML_TYPE).header('cache-control', NO_CACHE).send(page.value);

/** Sends short plain text (the probes). */
export const sendText = (reply: FastifyReply, status: number, text: string): FastifyReply =>
  reply.code(status).type(TEXT_TYPE).header('cache-control', NO_STORE).send(text);

/** Sends `{ error, ...extra }` as JSON: every error that is not a page. */
export const sendError = (
  reply: FastifyReply,
  status: number,
  error: string,
  extra: Record<string, unknown> = {},
): FastifyReply =>
  reply
    .code(status)
    .header('cache-control', NO_STORE)
    .send({ error, ...extra });

/**
 * onSend hook: a 200 with an ETag the client already has becomes an empty 304. Only
 * `If-None-Match` is weighed: a request's `Cache-Control: no-cache` (which fetch adds to every
 * conditional request) still gets its 304, as RFC 9110 §13.1.2 has the origin server evaluate it.
 */
export function notModified(request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
  const etag = reply.getHeader('etag');
  const buffered = typeof payload === 'string' || Buffer.isBuffer(payload);
  if (reply.statusCode !== 200 || typeof etag !== 'string' || !buffered) return payload;
  if (!fresh({ 'if-none-match': request.headers['if-none-match'] }, { etag })) return payload;
  reply.code(304);
  return '';
}

/** A rendered diagram as SVG or PNG, with its render hash as ETag. */
export function sendDiagram(
  reply: FastifyReply,
  file: { hash: string; svg: string; png: Buffer },
  ext: string,
): FastifyReply {
  reply.header('etag', `"${file.hash}"`).header('cache-control', DIAGRAM_CACHE);
  return ext === 'svg'
    ? reply.type('image/svg+xml; charset=utf-8').send(file.svg)
    : reply.type('image/png').send(file.png);
}

/** A redirect (301: to the canonical address, names → ids; 302: a form's answer), revalidated. */
export function sendRedirect(reply: FastifyReply, location: string, status: 301 | 302 = 301): FastifyReply {
  return reply.code(status).header('location', location).header('cache-control', NO_CACHE).send();
}
