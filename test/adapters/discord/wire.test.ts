/**
 * `/wire`, free text routed to the advisor, and `/device find|compare` end to end: the real discord.js Client against the
 * loopback fake Discord, as in bot.test.ts.
 */
import { mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../../src/adapters/discord/bot.js';
import { COMMANDS } from '../../../src/adapters/discord/commands/index.js';
import type { BotContext } from '../../../src/adapters/discord/context.js';
import { Guard } from '../../../src/adapters/discord/guard.js';
import { DiagramRenderer } from '../../../src/core/diagram/index.js';
import { Engine } from '../../../src/core/engine.js';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';
import { FakeDiscord, type Json, type RecordedRequest } from '../../support/fake-discord/index.js';
import { FXO_TOPIC, topic, writeKb } from '../../support/tmp-kb.js';
import { connectBot, drawInProcess } from '../../support/test-bot.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const EPHEMERAL = 64;
const BASE = 'https://dialtone.example.org';

let fake: FakeDiscord;
let bot: Bot;

beforeAll(async () => {
  // Two fixture topics and the shipped device catalogue: the commands read devices only.
  const dir = await writeKb({ 'topics/basics/fxs.md': topic(), 'topics/basics/fxo.md': FXO_TOPIC });
  await symlink(path.resolve('knowledge/devices'), path.join(dir, 'devices'), 'dir');
  const { kb } = await loadKnowledge([dir, await mkdtemp(path.join(tmpdir(), 'dialtone-empty-'))]);
  const engine = new Engine(kb);
  // Graphviz and the rasteriser load once per process: do it here, not inside a timed reply.
  await new DiagramRenderer().render({ id: 'warm', dot: 'digraph w { a -> b; }', file: 'warm.dot' });
  const context: BotContext = {
    engine: () => engine,
    diagrams: { png: () => Promise.resolve(undefined), generated: drawInProcess },
    guard: new Guard({ perMinute: 100, cooldownMs: 60_000 }),
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined },
    publicBaseUrl: BASE,
    answerChannelIds: new Set<string>(),
    deferAfterMs: 2500,
    onQuestion: () => undefined,
    onFeedback: () => undefined,
  };
  fake = await new FakeDiscord({ interactionDeadlineMs: 3000 }).start();
  bot = await connectBot(fake, context);
});

afterAll(async () => {
  await bot?.stop();
  await fake?.stop();
});

afterEach(() => {
  expect(fake.takeViolations()).toEqual([]);
});

const noPings = (r: RecordedRequest): void => expect(r.body.data.allowed_mentions).toEqual({ parse: [] });
const str = (name: string, value: string) => ({ name, type: 3, value });
const int = (name: string, value: number) => ({ name, type: 4, value });
const bool = (name: string, value: boolean) => ({ name, type: 5, value });
const embedTotal = (e: Json): number =>
  (e.title?.length ?? 0) +
  (e.description?.length ?? 0) +
  (e.footer?.text?.length ?? 0) +
  (e.fields ?? []).reduce((n: number, f: Json) => n + f.name.length + f.value.length, 0);

function withinLimits(e: Json): void {
  expect(e.title.length).toBeLessThanOrEqual(256);
  expect(e.description.length).toBeLessThanOrEqual(4096);
  expect((e.fields ?? []).length).toBeLessThanOrEqual(25);
  for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(1024);
  expect(embedTotal(e)).toBeLessThanOrEqual(6000);
}

describe('/wire', () => {
  it('24 analog phones → Asterisk: path, a 24-port FXS gateway, examples, cautions and the diagram PNG', async () => {
    const cb = await fake.slashCommand('wire', [
      str('from', 'analog-phone'),
      str('to', 'ip-pbx-asterisk'),
      int('count', 24),
    ]).callback;
    expect(cb.body.type).toBe(4);
    const embed = cb.body.data.embeds[0];
    withinLimits(embed);
    expect(embed.title).toBe('24 × Analog phone → Asterisk/FreePBX');
    expect(embed.description).toMatch(
      /\*\*Path:\*\* 24 × Analog phone → RJ11 → FXS port of 24-port FXS gateway/,
    );
    const field = (name: string): string => embed.fields.find((f: Json) => f.name === name)?.value ?? '';
    expect(field('What to buy')).toMatch(/24-port FXS gateway\nPorts needed: 24 FXS/);
    expect(field('Example devices')).toContain(`[Grandstream GXW4224](${BASE}/devices/grandstream-gxw4224)`);
    expect(field('Other ways')).toMatch(/channel bank/);
    expect(embed.fields.filter((f: Json) => f.name === '⚠️ Caution').length).toBeGreaterThan(0);
    expect(cb.files).toHaveLength(1);
    expect(cb.files[0]!.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(embed.image.url).toBe(`attachment://${cb.files[0]!.name}`);
    noPings(cb);
  });

  it('the college intercom → 3CX by typed alias, privately', async () => {
    const cb = await fake.slashCommand('wire', [
      str('from', 'college intercom'),
      str('to', '3cx'),
      bool('private', true),
    ]).callback;
    const embed = cb.body.data.embeds[0];
    expect(embed.title).toBe('Analog intercom / PA system → 3CX');
    expect(embed.fields.map((f: Json) => f.value).join('\n')).toMatch(/not analog lines/);
    expect(cb.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    noPings(cb);
  });

  it('phone to phone: the explanation and the fix', async () => {
    const cb = await fake.slashCommand('wire', [str('from', 'analog-phone'), str('to', 'analog-phone')])
      .callback;
    const embed = cb.body.data.embeds[0];
    expect(embed.description).toMatch(/cannot call each other/);
    expect(embed.fields.find((f: Json) => f.name === 'The fix')?.value).toMatch(/line simulator/);
    withinLimits(embed);
  });

  it('an unknown endpoint gets a short notice, no embed, no pings', async () => {
    const cb = await fake.slashCommand('wire', [str('from', 'toaster @everyone'), str('to', 'asterisk')])
      .callback;
    expect(cb.body.data.content).toMatch(/don't know that endpoint/);
    expect(cb.body.data.embeds).toEqual([]);
    noPings(cb);
  });

  it('autocompletes endpoints: best match first, at most 25 choices within limits', async () => {
    const cb = await fake.autocomplete('wire', [
      str('from', 'fax'),
      { name: 'to', type: 3, value: 'aster', focused: true },
    ]).callback;
    expect(cb.body.type).toBe(8);
    expect(cb.body.data.choices[0]).toEqual({ name: 'Asterisk/FreePBX', value: 'ip-pbx-asterisk' });
    const all = await fake.autocomplete('wire', [{ name: 'from', type: 3, value: '', focused: true }])
      .callback;
    expect(all.body.data.choices.length).toBeGreaterThan(10);
    expect(all.body.data.choices.length).toBeLessThanOrEqual(25);
    for (const c of all.body.data.choices) expect(c.name.length).toBeLessThanOrEqual(100);
  });
});

describe('free text routed to the advisor', () => {
  it('/ask "how do I connect my fax to asterisk": the advice embed with its diagram, no pings', async () => {
    const cb = await fake.slashCommand('ask', [str('question', 'how do I connect my fax to asterisk')])
      .callback;
    const embed = cb.body.data.embeds[0];
    withinLimits(embed);
    expect(embed.title).toBe('Fax machine → Asterisk/FreePBX');
    expect(embed.description).toMatch(/\*\*Path:\*\* Fax machine → RJ11 → FXS port of ATA/);
    expect(embed.fields.map((f: Json) => f.value).join('\n')).toMatch(/T\.38/);
    expect(cb.files).toHaveLength(1);
    expect(cb.files[0]!.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(embed.image.url).toBe(`attachment://${cb.files[0]!.name}`);
    expect(embed.url).toBe(`${BASE}/wire/fax/ip-pbx-asterisk`);
    const buttons = cb.body.data.components.flatMap((r: Json) => r.components);
    expect(buttons[0]).toMatchObject({ style: 5, url: `${BASE}/wire/fax/ip-pbx-asterisk` });
    noPings(cb);
  });

  it('/ask "any ATA with a lifeline relay?": the finder, devices linked to the catalogue', async () => {
    const cb = await fake.slashCommand('ask', [str('question', 'any ATA with a lifeline relay?')]).callback;
    const embed = cb.body.data.embeds[0];
    withinLimits(embed);
    expect(embed.title).toBe('ATAs with a power-fail lifeline relay');
    expect(embed.url).toBe(`${BASE}/devices?kind=ata`);
    expect(embed.description).toMatch(/^✓ .+: \d+ FXS \+ \d+ FXO/);
    expect(embed.fields.find((f: Json) => f.name === 'Example devices')?.value).toMatch(/Grandstream HT813/);
    noPings(cb);
  });

  it('a troubleshooting question naming the same pair is not routed', async () => {
    const cb = await fake.slashCommand('ask', [str('question', 'my fax keeps failing through asterisk')])
      .callback;
    expect(cb.body.data.embeds?.[0]?.title ?? '').not.toMatch(/→/);
    noPings(cb);
  });
});

describe('/device find and compare', () => {
  it('find fxs:2 fxo:0 t38: exact matches (✓) first, current first, linked to their cards', async () => {
    const cb = await fake.slashCommand('device', [int('fxs', 2), int('fxo', 0), bool('t38', true)], {
      subcommand: 'find',
    }).callback;
    const embed = cb.body.data.embeds[0];
    withinLimits(embed);
    expect(embed.title).toBe('Devices with 2 FXS, 0 FXO, T.38 yes');
    const lines: string[] = embed.description.split('\n');
    expect(lines[0]).toMatch(
      /^✓ \[.+\]\(https:\/\/dialtone\.example\.org\/devices\/.+\) — 2 FXS, 0 FXO · current$/,
    );
    expect(embed.description).toContain(`[Grandstream HT802](${BASE}/devices/grandstream-ht802)`);
    const firstRetired = lines.findIndex((l) => !l.endsWith('· current'));
    if (firstRetired >= 0)
      expect(lines.slice(firstRetired).some((l) => l.endsWith('· current') && l.startsWith('✓'))).toBe(false);
    noPings(cb);
  });

  it('find with nothing matching says so', async () => {
    const cb = await fake.slashCommand('device', [int('fxs', 999), int('fxo', 999)], { subcommand: 'find' })
      .callback;
    expect(cb.body.data.content).toMatch(/^No device in the catalogue has 999 FXS, 999 FXO\.$/);
    noPings(cb);
  });

  it('compare pap2t vs spa112 (typed names): side by side, differences named', async () => {
    const cb = await fake.slashCommand('device', [str('a', 'pap2t'), str('b', 'spa112')], {
      subcommand: 'compare',
    }).callback;
    const embed = cb.body.data.embeds[0];
    withinLimits(embed);
    expect(embed.title).toBe('Linksys PAP2T vs Cisco SPA112');
    expect(embed.fields.map((f: Json) => [f.name, f.inline])).toEqual([
      ['Linksys PAP2T', true],
      ['Cisco SPA112', true],
    ]);
    expect(embed.fields[0].value).toMatch(/\*\*FXS \(phone\) ports:\*\* 2/);
    expect(embed.fields[1].value).toMatch(/\*\*T\.38 fax:\*\* yes/);
    expect(embed.description).toMatch(/^Differences: .*T\.38 fax/);
    expect(cb.files).toHaveLength(1);
    expect(cb.files[0]!.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(embed.image.url).toBe(`attachment://${cb.files[0]!.name}`);
    noPings(cb);
  });

  it('compare autocompletes models; show still gives the card', async () => {
    const ac = await fake.autocomplete('device', [{ name: 'b', type: 3, value: 'spa11', focused: true }], {
      subcommand: 'compare',
    }).callback;
    expect(ac.body.data.choices.map((c: Json) => c.value)).toContain('cisco-spa112');
    const cb = await fake.slashCommand('device', [str('model', 'grandstream-ht813')], { subcommand: 'show' })
      .callback;
    const fields = Object.fromEntries(cb.body.data.embeds[0].fields.map((f: Json) => [f.name, f.value]));
    expect(fields['FXO (line) ports']).toBe('1');
    noPings(cb);
    // A client that still has the earlier `/device model:` (no sub-command) gets the card too.
    const legacy = await fake.slashCommand('device', [str('model', 'grandstream-ht813')]).callback;
    expect(legacy.body.data.embeds[0].title).toBe('Grandstream HT813');
  });

  it('registers /device with show, find and compare, and /wire (not /advise) with autocompleted endpoints', () => {
    const body = (name: string): Json => COMMANDS.find((c) => c.data.name === name)?.data;
    expect(body('device').options.map((o: Json) => [o.name, o.type])).toEqual([
      ['show', 1],
      ['find', 1],
      ['compare', 1],
    ]);
    expect(body('advise')).toBeUndefined();
    const wire = body('wire').options;
    expect(wire.filter((o: Json) => o.autocomplete).map((o: Json) => o.name)).toEqual(['from', 'to']);
    expect(wire.find((o: Json) => o.name === 'count')).toMatchObject({
      type: 4,
      min_value: 1,
      max_value: 1000,
    });
  });
});
