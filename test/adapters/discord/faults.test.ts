/**
 * Discord's faults, injected by the fake Discord, against the real discord.js Client with the
 * production REST settings (3 retries): gateway closes and reconnect/invalid-session opcodes,
 * zombie connections, 429s (route and global), 5xx, slow REST calls, expired interactions and
 * a handler that throws. After each fault the bot must keep answering, exactly once per question.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type Bot } from '../../../src/adapters/discord/bot.js';
import type { BotContext } from '../../../src/adapters/discord/context.js';
import { Guard } from '../../../src/adapters/discord/guard.js';
import { Engine } from '../../../src/core/engine.js';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';
import {
  FakeDiscord,
  type InteractionHandle,
  type RecordedRequest,
} from '../../support/fake-discord/index.js';
import { drawInProcess } from '../../support/test-bot.js';

const EPHEMERAL = 64;
const CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;

let fake: FakeDiscord;
let bot: Bot;
const logged: { level: string; obj: Record<string, unknown>; msg?: string }[] = [];
const logger = {
  info: (obj: object, msg?: string) =>
    logged.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
  warn: (obj: object, msg?: string) =>
    logged.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
  error: (obj: object, msg?: string) =>
    logged.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
  debug: () => undefined,
};

beforeAll(async () => {
  const { kb } = await loadKnowledge(['knowledge']);
  const engine = new Engine(kb);
  const context: BotContext = {
    // A question containing KABOOM makes the handler throw (a bug in one handler).
    engine: () =>
      new Proxy(engine, {
        get(target, prop, receiver) {
          if (prop === 'ask')
            return (q: string) => {
              if (q.includes('KABOOM')) throw new Error('boom: simulated handler failure');
              return target.ask(q);
            };
          return Reflect.get(target, prop, receiver) as unknown;
        },
      }),
    diagrams: { png: async () => undefined, generated: drawInProcess },
    guard: new Guard({ perMinute: 0, cooldownMs: 0 }),
    logger,
    answerChannelIds: new Set<string>(),
    deferAfterMs: 1000,
    onQuestion: () => undefined,
    onFeedback: () => undefined,
  };
  // Short heartbeats so a zombie connection shows within a second; identify without the 5 s throttle.
  fake = await new FakeDiscord({ heartbeatIntervalMs: 400, interactionDeadlineMs: 3000 }).start();
  bot = await startBot({
    token: fake.token,
    apiBase: fake.restBase,
    context,
    clientOptions: {
      rest: { timeout: 5000 }, // production retries (3)
      waitGuildTimeout: 1000,
      ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => undefined }) },
    },
  });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.stop();
});

afterEach(() => {
  expect(fake.takeViolations()).toEqual([]);
  expect(fake.mentionWarnings).toEqual([]);
  fake.setHeartbeatAcks(true);
});

const ask = (q: string): InteractionHandle =>
  fake.slashCommand('ask', [{ name: 'question', type: 3, value: q }]);

async function until(what: string, pred: () => boolean, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Requests made with this interaction's id or token. */
const requestsOf = (i: InteractionHandle): RecordedRequest[] =>
  fake.requests.filter((r) => r.path.startsWith(`/interactions/${i.id}/`) || r.path.includes(`/${i.token}`));

/** Answered exactly once: one successful callback, one visible answer embed, no follow-ups. */
async function answeredOnce(i: InteractionHandle): Promise<void> {
  await until('an acknowledgement', () => i.ack !== null);
  const ok = requestsOf(i).filter((r) => CALLBACK.test(r.path) && r.status! < 300);
  expect(ok).toHaveLength(1);
  const m = await i.settled();
  expect(m.embeds[0]?.title).toMatch(/FX[SO]/);
  expect(i.followUps()).toEqual([]);
}

describe('gateway faults', () => {
  it('close 4000: resumes the session (no new IDENTIFY) and answers what was dispatched meanwhile', async () => {
    const { identifies, resumes } = fake.gateway;
    fake.kick(4000);
    const i = ask('what is fxs'); // sent while the socket is down: Discord replays it on RESUME
    await answeredOnce(i);
    expect(fake.gateway.resumes).toBe(resumes + 1);
    expect(fake.gateway.identifies).toBe(identifies);
    expect(fake.gateway.closes).toContain(4000);
  });

  it('op 7 RECONNECT: resumes and keeps answering', async () => {
    const { resumes, connections } = fake.gateway;
    fake.sendOp(7);
    await until('a resume', () => fake.gateway.resumes > resumes);
    expect(fake.gateway.connections).toBe(connections + 1);
    await answeredOnce(ask('what is an fxo port'));
  });

  it('op 9 INVALID_SESSION (not resumable): identifies again and keeps answering', async () => {
    const { identifies } = fake.gateway;
    fake.sendOp(9, false);
    await until('a new IDENTIFY', () => fake.gateway.identifies > identifies);
    await until('the client ready again', () => bot.client.ws.status === 0);
    await answeredOnce(ask('what is fxs'));
    expect(bot.client.isReady()).toBe(true);
  });

  it('missing heartbeat ACKs (zombie connection): reconnects and keeps answering', async () => {
    const { connections, resumes } = fake.gateway;
    fake.setHeartbeatAcks(false);
    await until('a reconnect', () => fake.gateway.connections > connections);
    fake.setHeartbeatAcks(true);
    await until('a resume', () => fake.gateway.resumes > resumes);
    await answeredOnce(ask('what is an fxo port'));
  });
});

describe('REST faults', () => {
  it('429 on the interaction callback (route bucket, retry_after): retried and answered once', async () => {
    fake.rateLimitNext('POST', CALLBACK, { retryAfterMs: 500 });
    const i = ask('what is fxs');
    expect((await i.callback).status).toBe(429);
    await answeredOnce(i);
    expect(
      requestsOf(i)
        .filter((r) => CALLBACK.test(r.path))
        .map((r) => r.status),
    ).toEqual([429, 204]);
  });

  it('global 429 on a channel reply: retried after retry_after and posted once', async () => {
    const path = new RegExp(`^/channels/${fake.channels.general}/messages$`);
    fake.rateLimitNext('POST', path, { retryAfterMs: 500, global: true });
    const msg = fake.userMessage('what is fxs', { mentionsBot: true });
    await until('the reply', () =>
      fake.requests.some((r) => r.body?.message_reference?.message_id === msg.msg.id && r.status === 200),
    );
    const replies = fake.requests.filter((r) => r.body?.message_reference?.message_id === msg.msg.id);
    expect(replies.map((r) => r.status)).toEqual([429, 200]);
    const visible = fake
      .channelMessages(fake.channels.general)
      .filter((m) => m.message_reference?.message_id === msg.msg.id);
    expect(visible).toHaveLength(1);
  });

  it('502 once: retried and answered once', async () => {
    fake.failNext('POST', CALLBACK, 502, { message: '502 Bad Gateway', code: 0 });
    const i = ask('what is an fxo port');
    await answeredOnce(i);
    expect(
      requestsOf(i)
        .filter((r) => CALLBACK.test(r.path))
        .map((r) => r.status),
    ).toEqual([502, 204]);
  });

  it('500 on every retry: a clean logged error, one apology, and the next question is answered', async () => {
    for (let n = 0; n < 4; n++)
      fake.failNext('POST', CALLBACK, 500, { message: '500: Internal Server Error', code: 0 });
    const before = logged.length;
    const i = ask('what is fxs');
    await until('the apology', () => i.ack !== null);
    expect(requestsOf(i).map((r) => r.status)).toEqual([500, 500, 500, 500, 204]);
    const m = await i.settled();
    expect(m.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(m.content).toMatch(/something went wrong/i);
    const errors = logged.slice(before).filter((l) => l.level === 'error');
    expect(errors.map((l) => l.msg)).toEqual(['interaction handler failed']);
    expect(errors[0]?.obj.err).toMatchObject({ status: 500 });
    await answeredOnce(ask('what is fxs'));
  });

  it('a slow REST call does not hold up other interactions', async () => {
    const slow = ask('what is fxs');
    fake.delayNext('POST', new RegExp(`^/interactions/${slow.id}/`), 1500);
    await sleep(50);
    const quick = ask('what is an fxo port');
    await answeredOnce(quick);
    expect(slow.ack).toBeNull(); // still held by the fake while the other one was answered
    await answeredOnce(slow);
    const order = fake.requests.filter((r) => CALLBACK.test(r.path)).map((r) => r.path.split('/')[2]);
    expect(order.indexOf(quick.id)).toBeLessThan(order.indexOf(slow.id));
  });
});

describe('interaction faults', () => {
  it('an expired interaction (10062) is logged as a warning, not fatal, with no second attempt', async () => {
    const before = logged.length;
    const i = ask('what is fxs');
    fake.expire(i);
    await until('the warning', () => logged.slice(before).some((l) => l.level === 'warn'));
    const mine = logged.slice(before);
    expect(mine.map((l) => l.msg)).toEqual(['interaction expired before Dialtone answered']);
    expect(mine[0]?.obj).toMatchObject({ interaction: i.id, command: 'ask', code: 10062 });
    await sleep(100);
    expect(requestsOf(i).map((r) => r.status)).toEqual([404]);
    await answeredOnce(ask('what is an fxo port'));
  });

  it('a retried reply that had already gone through (40060) is a warning, not an apology', async () => {
    const before = logged.length;
    fake.failNext('POST', CALLBACK, 400, {
      code: 40060,
      message: 'Interaction has already been acknowledged.',
    });
    const i = ask('what is fxs');
    await until('the warning', () => logged.slice(before).some((l) => l.level === 'warn'));
    expect(logged.slice(before).map((l) => l.msg)).toEqual([
      'interaction was already acknowledged (a retried reply had gone through)',
    ]);
    await sleep(100);
    expect(requestsOf(i).map((r) => r.status)).toEqual([400]);
    await answeredOnce(ask('what is an fxo port'));
  });

  it('a handler that throws leaves the interactions around it working', async () => {
    const before = logged.length;
    const good = [ask('what is fxs'), ask('what is an fxo port')];
    const bad = ask('what is fxs KABOOM');
    good.push(ask('what is fxs'), ask('what is an fxo port'));
    for (const i of good) await answeredOnce(i);
    const apology = await bad.settled();
    expect(apology.content).toMatch(/something went wrong/i);
    expect(apology.flags & EPHEMERAL).toBe(EPHEMERAL);
    const errors = logged.slice(before).filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.obj).toMatchObject({ interaction: bad.id, command: 'ask' });
  });
});
