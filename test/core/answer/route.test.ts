/**
 * Free text routed to the wiring advisor (core/answer/route.ts): the rule on its own (with a
 * matcher result made for the case) and end to end through Engine.ask on the shipped knowledge.
 */
import { describe, expect, it } from 'vitest';
import { loadPortModel } from '../../../src/core/advisor/index.js';
import { KEEP_TOPIC_AT, routeToFinder, wiringQuestion, wirePath } from '../../../src/core/answer/route.js';
import { Engine } from '../../../src/core/engine.js';
import { evaluate } from '../../../src/core/eval.js';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';
import type { MatchResult } from '../../../src/core/match/matcher.js';

const { kb } = await loadKnowledge(['knowledge']);
const model = await loadPortModel();
const engine = new Engine(kb, { ports: model });

/** The matcher found nothing: only the rule decides. */
const NOTHING: MatchResult = { decision: 'none', confidence: 0, candidates: [] };
const answered = (id: string, confidence: number): MatchResult => ({
  decision: 'answer',
  confidence,
  candidates: [{ id, confidence } as MatchResult['candidates'][number]],
});

describe('wiringQuestion: questions that ask to connect two endpoints', () => {
  it.each([
    ['how do I connect my fax to asterisk', 'fax', 'ip-pbx-asterisk', undefined],
    ['can my old panasonic pbx use a sip trunk', 'pbx-co-port', 'sip-trunk', undefined],
    ['hook an analog intercom to 3cx', 'analog-intercom', 'ip-pbx-3cx', undefined],
    ['connect 24 analog phones to asterisk', 'analog-phone', 'ip-pbx-asterisk', 24],
    ['how do I hook up a cordless phone to freeswitch', 'cordless-base', 'ip-pbx-freeswitch', undefined],
    ['how to connect my modem to a sip trunk', 'modem', 'sip-trunk', undefined],
    ['can I plug my elevator phone into 3cx?', 'elevator-phone', 'ip-pbx-3cx', undefined],
    ['How do I wire a paging amplifier to Asterisk', 'paging-amp', 'ip-pbx-asterisk', undefined],
    ['can I use my landline with 3cx', 'wall-jack', 'ip-pbx-3cx', undefined],
    ['hook 8 fax machines to freeswitch', 'fax', 'ip-pbx-freeswitch', 8],
    ['can I use a sip phone with my voip provider?', 'sip-phone', 'sip-trunk', undefined],
    ['attach a rotary phone to my 3cx', 'analog-phone', 'ip-pbx-3cx', undefined],
    ['how do I set up a door phone with freepbx', 'door-phone', 'ip-pbx-asterisk', undefined],
    ['will my alarm panel work with a voip provider', 'alarm-panel', 'sip-trunk', undefined],
  ])('%s → %s to %s', (q, from, to, count) => {
    expect(wiringQuestion(model, kb, q, NOTHING)).toEqual({ from, to, ...(count ? { count } : {}) });
  });
});

describe('wiringQuestion: near misses stay with the matcher', () => {
  it.each([
    ['fax keeps failing', 'one endpoint, troubleshooting'],
    ['my fax keeps failing through asterisk', 'troubleshooting'],
    ['why does my fax not connect to asterisk', 'troubleshooting'],
    ['my phone has no dial tone on asterisk', 'troubleshooting'],
    ['echo on calls when I connect my analog phone to asterisk', 'troubleshooting'],
    ['I cant hear anything when I connect my phone to the voip provider', 'troubleshooting'],
    ['should I use a landline or a sip trunk', 'a choice, not a connection'],
    ['asterisk vs 3cx', 'a comparison'],
    ['fax to asterisk', 'no verb'],
    ['where does my fax plug in', 'one endpoint'],
    ['connect my fax and my phone to asterisk', 'three endpoints'],
    ['connect a phone to another phone', 'the same endpoint twice'],
    ['how do I configure the dial plan when I connect my fax to asterisk', 'configuration'],
    ['what is fxs', 'no endpoint'],
    ['how do I connect to my voip provider from my phone app', 'an app is no analog phone'],
    ['can I use my internet router with a voip provider', 'the network and a SIP endpoint'],
    [
      'we moved offices last month and the IT guy connected the old fax to the new asterisk box in the closet, it worked for a week and now nobody knows what changed',
      'a long post',
    ],
  ])('%s (%s)', (q) => {
    expect(wiringQuestion(model, kb, q, NOTHING)).toBeUndefined();
  });

  it('a named catalogue device keeps the matcher (topic + device facts)', () => {
    const match: MatchResult = { ...NOTHING, mentioned: ['grandstream-ht802'] };
    expect(
      wiringQuestion(model, kb, 'how do I connect my fax to asterisk with an ht802', match),
    ).toBeUndefined();
  });

  it('a refused message is never routed', () => {
    const match: MatchResult = { ...NOTHING, reason: 'language', language: 'de' };
    expect(wiringQuestion(model, kb, 'how do I connect my fax to asterisk', match)).toBeUndefined();
  });
});

describe('wiringQuestion: a confident topic that is better keeps the question', () => {
  const q = 'hook an analog intercom to 3cx';

  it('a topic about either endpoint (its title names it, outside the parentheses) stays', () => {
    expect(kb.topics.get('intercom-door-phone')?.title).toMatch(/intercom.*3CX/i);
    expect(wiringQuestion(model, kb, q, answered('intercom-door-phone', 0.6))).toBeUndefined();
    expect(kb.topics.get('pulse-dialing-rotary')?.title).toMatch(/^Rotary .*phones/);
    const rotary = 'attach a rotary phone to my 3cx';
    expect(wiringQuestion(model, kb, rotary, answered('pulse-dialing-rotary', 0.8))).toBeUndefined();
  });

  it(`any topic at ${KEEP_TOPIC_AT} or above stays`, () => {
    expect(wiringQuestion(model, kb, q, answered('fxs', KEEP_TOPIC_AT))).toBeUndefined();
    expect(wiringQuestion(model, kb, q, answered('fxs', KEEP_TOPIC_AT - 0.01))).toBeDefined();
  });

  it('a topic about something else (digital handsets for a PBX trunk question) gives way', () => {
    const pbx = 'can my old panasonic pbx use a sip trunk';
    expect(wiringQuestion(model, kb, pbx, answered('digital-pbx-phones-not-analog', 0.85))).toEqual({
      from: 'pbx-co-port',
      to: 'sip-trunk',
    });
  });

  it('a suggestion ("did you mean") never stops the advisor', () => {
    const match: MatchResult = { ...answered('intercom-door-phone', 0.4), decision: 'suggest' };
    expect(wiringQuestion(model, kb, q, match)).toBeDefined();
  });
});

describe('routeToFinder: "which ATA has an FXO port"', () => {
  it.each([
    ['which ATA has an FXO port', 'ata', { fxo: 1 }, 'ATAs with 1 FXO port'],
    ['which gateway has 8 fxs ports', 'gateway', { fxs: 8 }, 'Gateways with 8 FXS ports'],
    ['what device has 4 fxo ports', undefined, { fxo: 4 }, 'Devices with 4 FXO ports'],
    ['recommend an ata with lifeline', 'ata', { lifeline: true }, 'ATAs with a power-fail lifeline relay'],
    [
      'which adapter has two fxs ports and t.38',
      'ata',
      { fxs: 2, t38: true },
      'ATAs with 2 FXS ports, T.38 fax',
    ],
    // The port names people use are port names, not a phone to size for.
    ['ata with 2 phone ports', 'ata', { fxs: 2 }, 'ATAs with 2 FXS ports'],
    ['i need an ata with a line port', 'ata', { fxo: 1 }, 'ATAs with 1 FXO port'],
  ])('%s → %s', (q, kind, wanted, title) => {
    const a = routeToFinder(kb, q, NOTHING, model);
    expect(a?.entry).toMatchObject({ type: 'finder', title });
    const found = (a?.entry?.devices ?? []).map((d) => kb.devices.get(d.id)!);
    expect(found.length).toBeGreaterThan(0);
    for (const d of found) {
      if (kind) expect(d.kind).toBe(kind);
      if ('lifeline' in wanted) expect(d.lifeline).toBe(true);
      if ('t38' in wanted) expect(d.t38).toBe(true);
    }
    // The ports shown (of the order variant that fits) are at least the ones asked for.
    const lines = (a?.entry?.summary ?? '').split('\n').filter((l) => / FXS \+ /.test(l));
    expect(lines).toHaveLength(found.length);
    for (const l of lines) {
      const [, fxs, fxo] = /: (\d+) FXS \+ (\d+) FXO/.exec(l) ?? [];
      if ('fxs' in wanted) expect(Number(fxs)).toBeGreaterThanOrEqual(wanted.fxs);
      if ('fxo' in wanted) expect(Number(fxo)).toBeGreaterThanOrEqual(wanted.fxo);
    }
    // Exact port matches first, each line names the device and its lifecycle.
    expect(a?.entry?.summary.split('\n')[0]).toMatch(/^✓ .+: \d+ FXS \+ \d+ FXO.*\. .+\.$/);
  });

  it('links the catalogue page with the filters it has', () => {
    expect(routeToFinder(kb, 'which ATA has an FXO port', NOTHING, model)?.entry?.id).toBe(
      'devices?fxo=1&kind=ata',
    );
  });

  it.each([
    ['is the spa3102 still sold', 'one named device: its card'],
    ['does the ht813 do T.38', 'one named device'],
    ['which ata has an fxo port that keeps dropping calls', 'troubleshooting'],
    ['which ATA has 99 FXO ports', 'nothing in the catalogue'],
    ['what is an fxo port', 'no kind of device asked for'],
    ['my gateway spec sheet says 4 FXS, what does that mean', 'an explanation'],
    ['we have 4 copper lines and freepbx, which fxo gateway do we need', 'sizing for endpoints'],
    ['ata with a line port for my landline and two phones', 'sizing for endpoints'],
  ])('%s stays with the matcher (%s)', (q) => {
    expect(routeToFinder(kb, q, NOTHING, model)).toBeUndefined();
  });

  it(`a topic answered at ${KEEP_TOPIC_AT} or above stays`, () => {
    expect(routeToFinder(kb, 'which ata supports t38', answered('fax-t38-vs-g711', 0.95))).toBeUndefined();
    expect(routeToFinder(kb, 'which ata supports t38', answered('fax-t38-vs-g711', 0.6))).toBeDefined();
  });
});

describe('Engine.ask', () => {
  it('answers "how do I connect my fax to asterisk" with the advisor: path, class, examples, warnings, diagram', () => {
    const a = engine.ask('how do I connect my fax to asterisk');
    expect(a.status).toBe('answer');
    expect(a.advice?.from.id).toBe('fax');
    expect(a.advice?.to.id).toBe('ip-pbx-asterisk');
    expect(a.advice?.deviceClass).toBe('ata');
    expect(a.advice?.pathText).toMatch(/^Fax machine → RJ11 → FXS port of ATA/);
    expect(a.advice?.warnings.map((w) => w.id)).toContain('fax-t38');
    expect(a.advice?.dot).toMatch(/^digraph /);
    expect(a.entry).toMatchObject({
      id: 'wire/fax/ip-pbx-asterisk',
      type: 'advice',
      title: 'Fax machine → Asterisk/FreePBX',
    });
    expect(a.entry?.summary).toContain('Path: Fax machine → RJ11');
    expect(a.entry?.devices.length).toBeGreaterThan(0);
    for (const d of a.entry?.devices ?? []) expect(kb.devices.has(d.id)).toBe(true);
    expect(a.suggestions.length).toBeLessThanOrEqual(3);
  });

  it('scales with the count and links the page with it', () => {
    const a = engine.ask('connect 24 analog phones to asterisk');
    expect(a.advice?.deviceClass).toBe('fxs-gateway');
    expect(a.advice?.ports.fxs).toBe(24);
    expect(a.entry?.id).toBe('wire/analog-phone/ip-pbx-asterisk?count=24');
    expect(wirePath(a.advice!)).toBe('/wire/analog-phone/ip-pbx-asterisk?count=24');
  });

  it('leaves "fax keeps failing" on the fax topic', () => {
    const a = engine.ask('fax keeps failing');
    expect(a.advice).toBeUndefined();
    expect([a.entry?.id, ...a.suggestions.map((s) => s.id)]).toContain('fax-failures');
  });

  it('leaves comparisons and device questions where they were', () => {
    expect(engine.ask('pap2t vs spa112').advice).toBeUndefined();
    expect(engine.ask('is the spa3102 still sold').entry?.id).toBe('linksys-spa3102');
  });

  it('without a port model, nothing is routed', () => {
    const bare = new Engine(kb, { ports: { endpoints: [], byId: new Map(), warnings: new Map() } });
    expect(bare.ask('how do I connect my fax to asterisk').advice).toBeUndefined();
  });
});

describe("evaluate judges what members see: a routed answer replaces the matcher's", () => {
  const question = 'can my old panasonic pbx use a sip trunk';

  it('counts a routed answer that shows the concept asked for as answered correctly', () => {
    const report = evaluate(engine, [{ q: question, must: 'FXS' }]);
    expect(report.answeredCorrectly).toBe(1);
    expect(report.wrongAnswers).toBe(0);
  });

  it('counts a routed answer that misses the concept as wrong, and an entry-id label never matches it', () => {
    expect(evaluate(engine, [{ q: question, must: 'T\\.38 fax relay' }]).wrongAnswers).toBe(1);
    expect(evaluate(engine, [{ q: question, expect_id: 'analog-pbx-to-ip-pbx' }]).wrongAnswers).toBe(1);
  });
});
