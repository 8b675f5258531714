/**
 * Moderator tools refuse crafted interactions: members without Manage Server or a moderator role,
 * payloads claiming permissions the member's roles do not grant, interactions from a guild that
 * does not moderate this bot (or one the bot is not in), and DMs. Through the real discord.js
 * client and the fake Discord, with the real overlay and SQLite stores on a temporary DATA_DIR:
 * a refusal writes nothing.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PermissionFlagsBits as P } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/adapters/discord/bot.js';
import { REFUSAL } from '../../src/adapters/discord/moderation/access.js';
import { Drafts } from '../../src/adapters/discord/moderation/drafts.js';
import type { Moderation } from '../../src/adapters/discord/moderation/types.js';
import { Store } from '../../src/adapters/storage/sqlite.js';
import { Engine } from '../../src/core/engine.js';
import { loadKnowledge } from '../../src/core/knowledge/load.js';
import { OverlayStore } from '../../src/core/knowledge/overlay.js';
import { snowflake } from '../support/fake-discord/snowflake.js';
import {
  FakeDiscord,
  type InteractionHandle,
  type InteractionOptions,
} from '../support/fake-discord/index.js';
import { connectBot, testContext } from '../support/test-bot.js';

const EPHEMERAL = 64;
const SHIPPED = path.resolve('knowledge');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dialtone-sec-'));
const overlayDir = path.join(dataDir, 'knowledge');

let fake: FakeDiscord;
let bot: Bot;
let store: Store;
let moderation: Moderation;
let reloads = 0;

beforeAll(async () => {
  const loaded = await loadKnowledge([SHIPPED]);
  const engine = new Engine(loaded.kb);
  store = new Store(path.join(dataDir, 'dialtone.db'));
  fake = await new FakeDiscord().start();
  moderation = {
    overlay: new OverlayStore(overlayDir, SHIPPED),
    store,
    load: () => loadKnowledge([SHIPPED, overlayDir]),
    reload: async () => {
      reloads++;
      return { ok: true, errors: [], warnings: [], changed: { added: [], removed: [], modified: [] } };
    },
    moderatorRoleIds: new Set([fake.roles.moderators]),
    drafts: new Drafts(),
    today: () => '2026-12-02',
  };
  bot = await connectBot(
    fake,
    testContext(() => engine, { moderation }),
  );
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.stop();
  store?.close();
});

afterEach(() => {
  expect(fake.takeViolations()).toEqual([]);
  moderation.guildIds = undefined;
});

const overlayFiles = (): string[] =>
  existsSync(overlayDir) ? readdirSync(overlayDir, { recursive: true }).map(String) : [];

/** The text the member sees for an interaction (after a possible deferral). */
async function seen(h: InteractionHandle): Promise<{ text: string; ephemeral: boolean }> {
  const m = await h.settled();
  const text = [m.content, ...m.embeds.map((e) => `${e.title ?? ''} ${e.description ?? ''}`)].join(' ');
  return { text, ephemeral: (m.flags & EPHEMERAL) === EPHEMERAL };
}

const kb = (
  sub: string,
  opts: InteractionOptions,
  options: { name: string; type: number; value: unknown }[] = [],
) => fake.slashCommand('kb', options, { subcommand: sub, ...opts });

/** Every moderator entry point a crafted interaction could use. */
const entryPoints: [string, (opts: InteractionOptions) => InteractionHandle][] = [
  ['/kb stats', (o) => kb('stats', o)],
  ['/kb reload', (o) => kb('reload', o)],
  ['/kb export', (o) => kb('export', o)],
  [
    '/kb alias',
    (o) =>
      kb('alias', o, [
        { name: 'topic', type: 3, value: 'fxs' },
        { name: 'alias', type: 3, value: 'pwned' },
      ]),
  ],
  [
    '/kb teach',
    (o) =>
      kb('teach', o, [
        { name: 'topic', type: 3, value: 'fxs' },
        { name: 'question', type: 3, value: 'pwned' },
      ]),
  ],
  ['/kb remove', (o) => kb('remove', o, [{ name: 'topic', type: 3, value: 'fxs' }])],
  ['kb:save button', (o) => fake.button('kb:save:forged-draft', undefined, o)],
  ['kb:form modal', (o) => fake.modalSubmit('kb:form:add', { title: 'Pwned', summary: 'x' }, o)],
];

const crafted: [string, InteractionOptions][] = [
  ['a member without Manage Server or a moderator role', { member: 'alice' }],
  [
    'a payload claiming Administrator and Manage Server that its roles do not grant',
    { member: 'alice', memberPatch: { permissions: String(P.Administrator | P.ManageGuild) } },
  ],
  ['a Manage Server member in a guild the bot is not in', { member: 'manager', guildId: snowflake() }],
  ['a moderator in a guild the bot is not in', { member: 'moderator', guildId: snowflake() }],
  ['a moderator in a DM', { member: 'moderator', dm: true }],
  ['a Manage Server member in a DM', { member: 'manager', dm: true }],
];

describe('crafted interactions from non-moderators are refused and change nothing', () => {
  for (const [who, opts] of crafted) {
    it.each(entryPoints)(`${who}: %s`, async (_name, send) => {
      const before = { files: overlayFiles(), reloads, history: (await store.history('fxs')).length };
      const { text, ephemeral } = await seen(send(opts));
      expect(text).toContain(REFUSAL);
      expect(ephemeral).toBe(true);
      expect({ files: overlayFiles(), reloads, history: (await store.history('fxs')).length }).toEqual(
        before,
      );
    });
  }

  it('a guild outside the configured moderation guilds is refused, even for a moderator', async () => {
    moderation.guildIds = new Set([snowflake()]);
    expect((await seen(kb('stats', { member: 'moderator' }))).text).toContain(REFUSAL);
    expect((await seen(kb('stats', { member: 'manager' }))).text).toContain(REFUSAL);
  });
});

describe('real moderators still get through (the refusals above are not a blanket no)', () => {
  it.each([
    ['a moderator role', 'moderator'],
    ['Manage Server', 'manager'],
  ] as const)('%s in the home guild may use /kb stats', async (_why, member) => {
    const { text } = await seen(kb('stats', { member }));
    expect(text).not.toContain(REFUSAL);
  });

  it('a configured moderation guild admits its moderators', async () => {
    moderation.guildIds = new Set([fake.guildId]);
    expect((await seen(kb('stats', { member: 'moderator' }))).text).not.toContain(REFUSAL);
  });
});
