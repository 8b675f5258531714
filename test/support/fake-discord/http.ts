import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Json, RecordedFile, RecordedRequest } from './types.js';

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Read and record a request: decode the path, split the query, parse JSON or multipart (payload_json + files[n]). */
export async function recordRequest(req: IncomingMessage): Promise<RecordedRequest> {
  const at = performance.now();
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname
    .replace(/^\/api(\/v\d+)?/, '')
    .split('/')
    .map((seg) => decodeURIComponent(seg))
    .join('/');
  const raw = await readAll(req);
  const contentType = String(req.headers['content-type'] ?? '');
  let body: Json;
  const files: RecordedFile[] = [];
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Request('http://127.0.0.1/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: raw,
    }).formData();
    for (const [field, value] of form.entries()) {
      if (field === 'payload_json') body = JSON.parse(String(value));
      else if (typeof value !== 'string') {
        files.push({
          field,
          name: value.name,
          contentType: value.type,
          data: Buffer.from(await value.arrayBuffer()),
        });
      }
    }
  } else if (raw.length > 0) {
    const text = raw.toString('utf8');
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return {
    method: req.method ?? 'GET',
    path,
    query: Object.fromEntries(url.searchParams),
    headers: req.headers,
    body,
    files,
    at,
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body?: Json,
  headers: Record<string, string> = {},
): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status === 200 && body === undefined ? 204 : status, headers).end();
    return;
  }
  const text = JSON.stringify(body);
  res
    .writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...headers,
    })
    .end(text);
}

/** Discord-shaped error bodies. */
export const errors = {
  unknownInteraction: { code: 10062, message: 'Unknown interaction' },
  alreadyAcked: { code: 40060, message: 'Interaction has already been acknowledged.' },
  unknownWebhook: { code: 10015, message: 'Unknown Webhook' },
  invalidWebhookToken: { code: 50027, message: 'Invalid Webhook Token' },
  unknownMessage: { code: 10008, message: 'Unknown Message' },
  unknownChannel: { code: 10003, message: 'Unknown Channel' },
  unknownCommand: { code: 10063, message: 'Unknown application command' },
  unauthorized: { code: 0, message: '401: Unauthorized' },
  notFound: { code: 0, message: '404: Not Found' },
  invalidForm: (errs: Json) => ({ code: 50035, message: 'Invalid Form Body', errors: errs }),
};
