/**
 * Structured logs: the production logger (createLogger, JSON lines) wired into the real bot
 * against the fake Discord. Every line about a question carries its id (`qid`): the interaction's
 * id for slash commands and context menus, the message's id for mentions. LOG_LEVEL is checked.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/adapters/discord/bot.js';
import { ConfigError, parseConfig } from '../../src/bin/config.js';
import { createLogger } from '../../src/bin/logger.js';
import { Engine } from '../../src/core/engine.js';
import { loadKnowledge } from '../../src/core/knowledge/load.js';
import { FakeDiscord } from '../support/fake-discord/index.js';
import { connectBot, testContext } from '../support/test-bot.js';

interface Line {
  level: number;
  msg: string;
  qid?: string;
  [key: string]: unknown;
}

let fake: FakeDiscord;
let bot: Bot;
let text = '';
const lines = (): Line[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);

beforeAll(async () => {
  const { kb } = await loadKnowledge(['knowledge']);
  const engine = new Engine(kb);
  const out = new PassThrough();
  out.on('data', (d: Buffer) => (text += d.toString()));
  const logger = createLogger({ logLevel: 'debug' }, { pretty: false, destination: out });
  fake = await new FakeDiscord({ interactionDeadlineMs: 3000 }).start();
  bot = await connectBot(
    fake,
    testContext(() => engine, { logger }),
  );
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.stop();
});

async function until(what: string, check: () => boolean): Promise<void> {
  const end = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; log:\n${text}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('log lines carry the question id', () => {
  it('a slash command: the question line is JSON with qid = the interaction id, and no question text', async () => {
    const i = fake.slashCommand('ask', [{ name: 'question', type: 3, value: 'what is an fxs port' }]);
    await i.settled();
    await until('the question line', () => lines().some((l) => l.msg === 'question' && l.qid === i.id));
    const line = lines().find((l) => l.msg === 'question' && l.qid === i.id)!;
    expect(line).toMatchObject({ level: 20, source: 'slash', decision: 'answer', entry: 'fxs' });
    expect(JSON.stringify(line)).not.toContain('what is an fxs port');
  });

  it('a failure: the error line carries the id too, and other questions get their own', async () => {
    const bad = fake.slashCommand('ask', [{ name: 'question', type: 3, value: 'what is an fxo port' }]);
    fake.failNext('POST', new RegExp(`^/interactions/${bad.id}/`), 500);
    await until('the failure line', () =>
      lines().some((l) => l.msg === 'interaction handler failed' && l.qid === bad.id),
    );
    const about = lines().filter((l) => l.qid === bad.id);
    expect(about.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['question', 'interaction handler failed']),
    );
    const other = fake.slashCommand('ask', [{ name: 'question', type: 3, value: 'fxs vs fxo' }]);
    await other.settled();
    await until('the other line', () => lines().some((l) => l.qid === other.id));
    expect(new Set(lines().map((l) => l.qid)).size).toBeGreaterThanOrEqual(3);
  });

  it('a context-menu question and a mention: qid is the interaction id and the message id', async () => {
    const target = fake.userMessage('which port does my fax machine plug into on the ata').msg;
    const menu = fake.messageContextMenu('Ask Dialtone', target);
    await menu.settled();
    await until('the menu line', () =>
      lines().some((l) => l.msg === 'question' && l.qid === menu.id && l.source === 'context-menu'),
    );
    const mention = fake.userMessage('what is an fxs port', { mentionsBot: true });
    await mention.reply;
    await until('the mention line', () =>
      lines().some((l) => l.msg === 'question' && l.qid === mention.msg.id && l.source === 'mention'),
    );
  });
});

describe('LOG_LEVEL', () => {
  it('a bad value is one clear error naming the variable and the allowed levels', () => {
    let error: unknown;
    try {
      parseConfig({ LOG_LEVEL: 'verbose' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(
      /LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"/,
    );
  });

  it('sets the level: debug lines only at debug', () => {
    const out = new PassThrough();
    let written = '';
    out.on('data', (d: Buffer) => (written += d.toString()));
    const log = createLogger(parseConfig({ LOG_LEVEL: 'WARN' }), { pretty: false, destination: out });
    log.debug({ qid: 'x' }, 'question');
    log.warn({ qid: 'x' }, 'slow');
    expect(
      written
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as Line).msg),
    ).toEqual(['slow']);
  });
});
