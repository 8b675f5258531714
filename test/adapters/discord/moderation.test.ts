/**
 * Moderators' /kb tools end to end, through the real discord.js client and the fake Discord,
 * with the real overlay store, SQLite store and reloader on a temporary DATA_DIR.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../../src/adapters/discord/bot.js';
import { addToTopic, commit } from '../../../src/adapters/discord/moderation/changes.js';
import { Drafts } from '../../../src/adapters/discord/moderation/drafts.js';
import type { Moderation } from '../../../src/adapters/discord/moderation/types.js';
import { Store } from '../../../src/adapters/storage/sqlite.js';
import { KnowledgeReloader } from '../../../src/bin/reloader.js';
import { Engine } from '../../../src/core/engine.js';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';
import { OverlayStore } from '../../../src/core/knowledge/overlay.js';
import { FakeDiscord, type Json } from '../../support/fake-discord/index.js';
import { connectBot, testContext } from '../../support/test-bot.js';

const EPHEMERAL = 64;
const SHIPPED = path.resolve('knowledge');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dialtone-mod-'));
const overlayDir = path.join(dataDir, 'knowledge');
const dirs = [SHIPPED, overlayDir];

let fake: FakeDiscord;
let bot: Bot;
let reloader: KnowledgeReloader;
let store: Store;
let moderation: Moderation;

const NEW_TOPIC = {
  path: 'troubleshooting/zorblax-hum',
  title: 'Zorblax hum on the line',
  summary:
    'A zorblax hum is a test topic: it exists only in this test, to prove new entries are answered at once.',
  questions:
    'what is the zorblax hum\nwhy does my line have a zorblax hum\nzorblax hum fix\nhow to stop zorblax hum\nalias: zorblax',
  details:
    'source: https://example.org/zorblax\nkeywords: zorblax, hum\n\nLonger text about the zorblax hum.',
};

function overlayFiles(): string[] {
  if (!existsSync(overlayDir)) return [];
  return readdirSync(overlayDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(overlayDir, path.join(e.parentPath, e.name)))
    .sort();
}

beforeAll(async () => {
  store = new Store(path.join(dataDir, 'dialtone.db'));
  reloader = new KnowledgeReloader({ dirs, build: (load) => new Engine(load.kb), debounceMs: 100 });
  expect((await reloader.reload()).ok).toBe(true);
  await reloader.watch();
  fake = await new FakeDiscord().start();
  moderation = {
    overlay: new OverlayStore(overlayDir, SHIPPED),
    store,
    load: () => loadKnowledge(dirs),
    reload: () => reloader.reload(),
    moderatorRoleIds: new Set([fake.roles.moderators]),
    drafts: new Drafts(),
    today: () => '2026-11-26',
  };
  bot = await connectBot(
    fake,
    testContext(() => reloader.current(), {
      onQuestion: (e) => store.recordQuestion(e),
      onFeedback: (f) => store.recordFeedback(f),
      moderation,
    }),
  );
});

afterAll(async () => {
  await reloader?.close();
  await bot?.stop();
  await fake?.stop();
  store?.close();
});

afterEach(() => {
  expect(fake.takeViolations()).toEqual([]);
});

const ask = async (q: string): Promise<Json> =>
  (await fake.slashCommand('ask', [{ name: 'question', type: 3, value: q }]).callback).body.data;

/** The moderator's visible reply to an interaction (after a possible deferral). */
async function replyText(h: ReturnType<FakeDiscord['slashCommand']>): Promise<string> {
  const cb = await h.callback;
  if (cb.body.type === 4) return cb.body.data.content ?? '';
  return (await h.settled()).content ?? '';
}

describe('who may', () => {
  it('refuses a member without Manage Server or a moderator role, even for crafted interactions; nothing changes', async () => {
    const before = overlayFiles();
    const cmd = await fake.slashCommand('kb', [], { subcommand: 'add', member: 'alice' }).callback;
    expect(cmd.body.type).toBe(4);
    expect(cmd.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(cmd.body.data.content).toMatch(/only moderators/i);
    const crafted = await fake.button('kb:save:0123456789ab', undefined, { member: 'alice' }).callback;
    expect(crafted.body.data.content).toMatch(/only moderators/i);
    const modal = await fake.modalSubmit('kb:form:new', NEW_TOPIC, { member: 'alice' }).callback;
    expect(modal.body.data.content).toMatch(/only moderators/i);
    expect(overlayFiles()).toEqual(before);
  });

  it('lets a member with Manage Server open the editor', async () => {
    const cb = await fake.slashCommand('kb', [], { subcommand: 'add', member: 'manager' }).callback;
    expect(cb.body.type).toBe(9); // a modal
    expect(cb.body.data.components).toHaveLength(5);
  });
});

describe('unknown or mismatched /kb components', () => {
  it('acknowledges every one of them ephemerally, so Discord never shows "This interaction failed"', async () => {
    const before = overlayFiles();
    // A button kind Dialtone never made, a modal it never made, and a Teach button pointing at a
    // draft that is not a missed question (here: an edit preview's draft).
    const frob = await fake.button('kb:frob:0123456789ab', undefined, { member: 'moderator' }).callback;
    expect(frob.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(frob.body.data.content).toMatch(/no longer supported/);
    const modal = await fake.modalSubmit('kb:nonsense', NEW_TOPIC, { member: 'moderator' }).callback;
    expect(modal.body.data.content).toMatch(/no longer supported/);
    const preview = fake.modalSubmit(
      'kb:form:new',
      { ...NEW_TOPIC, path: 'basics/kb-mismatch-test' },
      {
        member: 'moderator',
      },
    );
    const body =
      (await preview.callback).body.type === 4 ? (await preview.callback).body.data : await preview.settled();
    const save = body.components[0].components[0].custom_id as string;
    const draft = save.split(':')[2];
    const teach = await fake.button(`kb:miss:${draft}`, undefined, { member: 'moderator' }).callback;
    expect(teach.body.type).toBe(4);
    expect(teach.body.data.content).toMatch(/does not belong/);
    expect(overlayFiles()).toEqual(before);
  });
});

describe('typed results', () => {
  it('commit and addToTopic say whether they wrote, not only what to tell the moderator', async () => {
    const user = { id: '1', name: 'mod' };
    expect(
      await commit(moderation, { kind: 'miss', question: 'x', bestGuess: null, authorId: '1' }, user),
    ).toEqual({
      written: false,
      message: 'Nothing to save.',
    });
    const missing = await addToTopic(moderation, 'no-such-topic', 'a phrasing', 'alias', user);
    expect(missing.written).toBe(false);
    expect(missing.message).toMatch(/There is no topic/);
  });
});

describe('add → preview → save', () => {
  it('shows the preview with nothing written, then saves, and /ask answers with the new entry at once', async () => {
    expect((await ask('what is the zorblax hum')).embeds?.[0]?.title ?? '').not.toMatch(/Zorblax/);
    const submit = fake.modalSubmit('kb:form:new', NEW_TOPIC, { member: 'moderator' });
    const cb = await submit.callback;
    const preview = cb.body.type === 4 ? cb.body.data : await submit.settled();
    expect(preview.content).toMatch(/Preview of `zorblax-hum`/);
    expect(preview.embeds[0].title).toBe('Zorblax hum on the line');
    const save = preview.components[0].components[0];
    expect(save.custom_id).toMatch(/^kb:save:/);
    expect(save.disabled ?? false).toBe(false);
    expect(overlayFiles()).toEqual([]); // nothing before Save

    const press = fake.button(save.custom_id, submit.original(), { member: 'moderator' });
    expect((await press.callback).body.type).toBe(6);
    const done = await press.nextWebhook();
    expect(done.body.content).toMatch(/Saved `zorblax-hum`/);
    expect(overlayFiles()).toEqual(['topics/troubleshooting/zorblax-hum.md']);
    const answer = await ask('why is there a zorblax hum on my line?');
    expect(answer.embeds[0].title).toBe('Zorblax hum on the line');
    expect(store.history('zorblax-hum')[0]).toMatchObject({ action: 'add', userName: expect.any(String) });
  });

  it('keeps the draft when the write fails, so Save can be pressed again', async () => {
    const quux = {
      ...NEW_TOPIC,
      path: 'troubleshooting/quibble-buzz',
      title: 'Quibble buzz on the line',
      summary:
        'A quibble buzz is a test topic: it exists only in this test, to prove a failed save loses nothing.',
      questions:
        'what is the quibble buzz\nwhy does my line have a quibble buzz\nquibble buzz fix\nhow to stop quibble buzz',
      details: 'source: https://example.org/quibble\nkeywords: quibble, buzz\n\nLonger text.',
    };
    const submit = fake.modalSubmit('kb:form:new', quux, { member: 'moderator' });
    const cb = await submit.callback;
    const preview = cb.body.type === 4 ? cb.body.data : await submit.settled();
    const save = preview.components[0].components[0].custom_id as string;

    const saveTopic = moderation.overlay.saveTopic.bind(moderation.overlay);
    moderation.overlay.saveTopic = () =>
      Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }));
    try {
      const first = fake.button(save, submit.original(), { member: 'moderator' });
      expect((await first.callback).body.type).toBe(6);
      expect((await first.nextWebhook()).body.content).toMatch(/Not saved.*draft is kept/s);
      expect(overlayFiles()).not.toContain('topics/troubleshooting/quibble-buzz.md');
    } finally {
      moderation.overlay.saveTopic = saveTopic;
    }
    const again = fake.button(save, submit.original(), { member: 'moderator' });
    expect((await again.callback).body.type).toBe(6);
    expect((await again.nextWebhook()).body.content).toMatch(/Saved `quibble-buzz`/);
    expect(overlayFiles()).toContain('topics/troubleshooting/quibble-buzz.md');
  });

  it('shows the errors of an invalid entry, cannot save it, and writes nothing', async () => {
    const before = overlayFiles();
    const bad = {
      ...NEW_TOPIC,
      path: 'basics/broken-entry',
      questions: 'broken entry question',
      details: 'no sources here',
    };
    const submit = fake.modalSubmit('kb:form:new', bad, { member: 'moderator' });
    const cb = await submit.callback;
    const preview = cb.body.type === 4 ? cb.body.data : await submit.settled();
    expect(preview.content).toMatch(/Errors/);
    expect(preview.content).toMatch(/sources/);
    expect(preview.components[0].components[0].disabled).toBe(true);
    expect(overlayFiles()).toEqual(before);
  });
});

describe('alias and teach', () => {
  it('teach makes a previously missed phrasing land on the topic', async () => {
    const phrase = 'my handset goes totally quiet after the zap from the storm';
    const missed = await ask(phrase);
    expect(missed.embeds?.[0]?.url ?? '').not.toMatch(/no-dial-tone/);
    const h = fake.slashCommand(
      'kb',
      [
        { name: 'topic', type: 3, value: 'no-dial-tone' },
        { name: 'question', type: 3, value: phrase },
      ],
      { subcommand: 'teach', member: 'moderator' },
    );
    expect(await replyText(h)).toMatch(/Added the phrasing/);
    const now = await ask(phrase);
    expect(now.embeds[0].title).toMatch(/dial tone/i);
    // A new phrasing is not a review of the facts: the public "reviewed" date stays.
    const reviewed = (text: string): string | undefined => /^reviewed: *(.+)$/m.exec(text)?.[1];
    const saved = overlayFiles().find((f) => f.endsWith('/no-dial-tone.md'));
    expect(saved).toBeDefined();
    expect(reviewed(readFileSync(path.join(overlayDir, saved ?? ''), 'utf8'))).toBe(
      reviewed(readFileSync(path.join(SHIPPED, saved ?? ''), 'utf8')),
    );
  });

  it('refuses a phrasing or alias that would take questions away from another entry, with the reason', async () => {
    const before = overlayFiles().map((f) => readFileSync(path.join(overlayDir, f), 'utf8'));
    const teach = fake.slashCommand(
      'kb',
      [
        { name: 'topic', type: 3, value: 'fxo' },
        { name: 'question', type: 3, value: 'what is an fxs port' },
      ],
      { subcommand: 'teach', member: 'moderator' },
    );
    expect(await replyText(teach)).toMatch(/Not added.*reaches/s);
    const alias = fake.slashCommand(
      'kb',
      [
        { name: 'topic', type: 3, value: 'fxo' },
        { name: 'alias', type: 3, value: 'fxs port' },
      ],
      { subcommand: 'alias', member: 'moderator' },
    );
    expect(await replyText(alias)).toMatch(/Not added.*alias "fxs port" is already used by topic/s);
    expect(overlayFiles().map((f) => readFileSync(path.join(overlayDir, f), 'utf8'))).toEqual(before);
  });
});

describe('concurrent edits', () => {
  it('refuses the second save with "changed since you opened it" and keeps both texts', async () => {
    const open = async (member: string) => {
      const cb = await fake.slashCommand('kb', [{ name: 'topic', type: 3, value: 'ren' }], {
        subcommand: 'edit',
        member,
      }).callback;
      expect(cb.body.type).toBe(9);
      return cb.body.data as { custom_id: string; components: Json[] };
    };
    const fields = (modal: { components: Json[] }) =>
      Object.fromEntries(
        modal.components.map((r: Json) => [r.components[0].custom_id, r.components[0].value ?? '']),
      );
    const a = await open('moderator');
    const b = await open('manager');
    const submitA = fake.modalSubmit(
      a.custom_id,
      { ...fields(a), summary: 'Edited by A. REN says how many ringers a line can drive.' },
      { member: 'moderator' },
    );
    const submitB = fake.modalSubmit(
      b.custom_id,
      { ...fields(b), summary: 'Edited by B. REN says how many ringers a line can drive.' },
      { member: 'manager' },
    );
    const pa = (await submitA.callback).body.data;
    const pb = (await submitB.callback).body.data;
    const saveA = fake.button(pa.components[0].components[0].custom_id, submitA.original(), {
      member: 'moderator',
    });
    await saveA.callback;
    expect((await saveA.nextWebhook()).body.content).toMatch(/Saved `ren`/);
    const saveB = fake.button(pb.components[0].components[0].custom_id, submitB.original(), {
      member: 'manager',
    });
    await saveB.callback;
    expect((await saveB.nextWebhook()).body.content).toMatch(/changed since you opened it/);
    expect(readFileSync(path.join(overlayDir, 'topics/electrical/ren.md'), 'utf8')).toMatch(/Edited by A/);
    const conflicts = readdirSync(path.join(overlayDir, 'conflicts'));
    expect(conflicts).toHaveLength(1);
    expect(readFileSync(path.join(overlayDir, 'conflicts', conflicts[0]!), 'utf8')).toMatch(/Edited by B/);
  });
});

describe('misses, stats, history, export', () => {
  it('a miss recorded by /ask appears in /kb misses with its count', async () => {
    await ask('does the quantum flux capacitor need a warp coil');
    await ask('Does the quantum flux capacitor need a warp coil?');
    const h = fake.slashCommand('kb', [], { subcommand: 'misses', member: 'moderator' });
    const cb = await h.callback;
    const body = cb.body.type === 4 ? cb.body.data : await h.settled();
    expect(body.embeds[0].description).toMatch(/quantum flux capacitor.*×2/i);
    expect(body.components[0].components[0].custom_id).toMatch(/^kb:miss:/);
  });

  it('feedback shows in /kb stats', async () => {
    await fake.button('dt:fb:up:fxs', undefined, { member: 'alice' }).callback;
    const h = fake.slashCommand('kb', [], { subcommand: 'stats', member: 'moderator' });
    const cb = await h.callback;
    const body = cb.body.type === 4 ? cb.body.data : await h.settled();
    const fields = Object.fromEntries(body.embeds[0].fields.map((f: Json) => [f.name, f.value]));
    expect(fields.Feedback).toMatch(/`fxs` 👍 1 👎 0/);
    expect(Number(fields.Questions)).toBeGreaterThan(0);
  });

  it('/kb history shows who changed what, before and after', async () => {
    const h = fake.slashCommand('kb', [{ name: 'topic', type: 3, value: 'ren' }], {
      subcommand: 'history',
      member: 'moderator',
    });
    const cb = await h.callback;
    const body = cb.body.type === 4 ? cb.body.data : await h.settled();
    expect(body.embeds[0].description).toMatch(/edit by .*\nbefore: .*\nafter: Edited by A/);
  });

  it('/kb export contains exactly the local changes, in the knowledge format', async () => {
    const h = fake.slashCommand('kb', [], { subcommand: 'export', member: 'moderator' });
    const cb = await h.callback;
    const files = cb.body.type === 4 ? cb.files : (await h.nextWebhook()).files;
    expect(files[0]!.name).toBe('dialtone-knowledge-changes.tar.gz');
    const out = mkdtempSync(path.join(os.tmpdir(), 'dialtone-export-'));
    writeFileSync(path.join(out, 'x.tar.gz'), files[0]!.data);
    execFileSync('tar', ['-xzf', 'x.tar.gz'], { cwd: out });
    const listed = readdirSync(path.join(out, 'knowledge'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(path.join(out, 'knowledge'), path.join(e.parentPath, e.name)))
      .sort();
    expect(listed).toEqual(overlayFiles().filter((f) => !f.startsWith('conflicts')));
    const loaded = await loadKnowledge([path.join(out, 'knowledge')]);
    expect(loaded.kb.topics.has('zorblax-hum')).toBe(true);
  });
});

describe('remove', () => {
  it('asks to confirm, then hides a shipped topic locally', async () => {
    expect((await ask('what is hook flash')).embeds[0].url ?? '').toBe('');
    const h = fake.slashCommand('kb', [{ name: 'topic', type: 3, value: 'hook-flash' }], {
      subcommand: 'remove',
      member: 'moderator',
    });
    const cb = await h.callback;
    expect(cb.body.data.content).toMatch(/Remove .*hook-flash.*hidden here, not deleted/s);
    expect(reloader.current().kb.topics.has('hook-flash')).toBe(true); // nothing before confirming
    const confirm = fake.button(cb.body.data.components[0].components[0].custom_id, h.original(), {
      member: 'moderator',
    });
    await confirm.callback;
    expect((await confirm.nextWebhook()).body.content).toMatch(/Removed `hook-flash`/);
    expect(reloader.current().kb.topics.has('hook-flash')).toBe(false);
    expect(readFileSync(path.join(overlayDir, 'removed.yaml'), 'utf8')).toMatch(/hook-flash/);
    expect(existsSync(path.join(SHIPPED, 'topics/electrical/hook-flash.md'))).toBe(true); // shipped file untouched
  });
});

describe('reload', () => {
  it('picks up an external edit within seconds, and an invalid one keeps the last good knowledge', async () => {
    const dir = path.join(overlayDir, 'topics', 'basics');
    mkdirSync(dir, { recursive: true });
    const text = readFileSync(path.join(overlayDir, 'topics/troubleshooting/zorblax-hum.md'), 'utf8')
      .replace('title: Zorblax hum on the line', 'title: Quibbleflux whine')
      .replace(/zorblax/gi, 'quibbleflux');
    writeFileSync(path.join(dir, 'quibbleflux.md'), text);
    let title = '';
    for (let n = 0; n < 40 && title !== 'Quibbleflux whine'; n++) {
      await sleep(100);
      title = reloader.current().ask('what is the quibbleflux hum').entry?.title ?? '';
    }
    expect(title).toBe('Quibbleflux whine');

    writeFileSync(path.join(dir, 'broken.md'), '---\ntitle: [unclosed\n---\n');
    await sleep(800);
    expect(reloader.current().ask('what is the quibbleflux hum').entry?.title).toBe('Quibbleflux whine');
    const h = fake.slashCommand('kb', [], { subcommand: 'reload', member: 'moderator' });
    expect(await replyText(h)).toMatch(/Not reloaded.*YAML/s);
  });

  it('a restart keeps every saved change', async () => {
    const fresh = await loadKnowledge(dirs);
    expect(fresh.kb.topics.get('zorblax-hum')?.title).toBe('Zorblax hum on the line');
    expect(fresh.kb.topics.get('ren')?.summary).toMatch(/Edited by A/);
    expect(fresh.kb.topics.has('hook-flash')).toBe(false);
    expect(fresh.kb.topics.get('no-dial-tone')?.questions).toContain(
      'my handset goes totally quiet after the zap from the storm',
    );
  });
});
