/** Start-up never hangs: a Discord that does not finish the handshake is an error, not a wait. */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { ReadyTimeoutError, startBot } from '../../../src/adapters/discord/bot.js';
import type { BotContext } from '../../../src/adapters/discord/context.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz012345';
const servers: Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
});

describe('startBot', () => {
  it('gives up with ReadyTimeoutError when Discord never gets to READY', async () => {
    // Accepts the connection and never answers: like a stalled proxy or gateway.
    const silent = createServer(() => undefined);
    servers.push(silent);
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const { port } = silent.address() as { port: number };
    const started = Date.now();
    await expect(
      startBot({
        token: TOKEN,
        apiBase: `http://127.0.0.1:${port}/api`,
        context: { logger: { info() {}, warn() {}, error() {}, debug() {} } } as unknown as BotContext,
        readyTimeoutMs: 500,
      }),
    ).rejects.toBeInstanceOf(ReadyTimeoutError);
    expect(Date.now() - started).toBeLessThan(5000);
    silent.closeAllConnections();
  });
});
