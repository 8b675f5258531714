/**
 * Property tests for the renderers on their own (no Engine, so thousands of runs cost little):
 * whatever text an entry holds (a moderator's /kb edit, a knowledge file) or a member typed, the
 * Discord payload fits every limit, never pings, and never carries a split surrogate pair; the
 * console text never throws. A failure prints fast-check's seed and the shrunk counterexample.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { formatAnswer, formatEntryLong } from '../../src/adapters/console/format.js';
import { LIMITS, cut, embedLength } from '../../src/adapters/discord/limits.js';
import {
  quoteUser,
  renderAnswer,
  renderBrowse,
  renderEntry,
  renderNotice,
} from '../../src/adapters/discord/render.js';
import type { Answer, AnswerEntry } from '../../src/core/answer/answer.js';
import type { Device } from '../../src/core/knowledge/schema.js';
import { pingsOf } from '../support/fake-discord/validate.js';
import { astralArb, hostileQuestion, hugeArb, mixedArb, snowflakeArb, surrogateArb } from './arbitraries.js';
import { hasLoneSurrogate, payloadProblems } from './payload.js';

/** Well-formed text (no lone surrogates): what a knowledge file or a Discord message can hold. */
const wellFormed = (arb: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  arb.filter((s) => !hasLoneSurrogate(s));
const textArb = wellFormed(fc.oneof({ weight: 8, arbitrary: mixedArb }, { weight: 1, arbitrary: hugeArb }));
const nonEmpty = textArb.filter((s) => s.trim().length > 0);
const idArb = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,60}$/);
const refArb = fc.record({ id: idArb, title: nonEmpty });
const urlArb = fc.webUrl();

const deviceArb: fc.Arbitrary<Device> = fc.record(
  {
    id: idArb,
    vendor: nonEmpty,
    model: nonEmpty,
    aliases: fc.array(nonEmpty, { maxLength: 3 }),
    kind: fc.constantFrom('ata', 'gateway', 'card', 'pbx', 'router'),
    fxs: fc.nat({ max: 64 }),
    fxo: fc.nat({ max: 64 }),
    lifeline: fc.boolean(),
    t38: fc.boolean(),
    status: fc.constantFrom('current', 'end-of-sale', 'end-of-life', 'discontinued'),
    status_year: fc.integer({ min: 1990, max: 2030 }),
    successor: idArb,
    ethernet: fc.nat({ max: 8 }),
    router: fc.boolean(),
    power: textArb,
    notes: textArb,
    sources: fc.array(urlArb, { minLength: 1, maxLength: 40 }),
  },
  { requiredKeys: ['id', 'vendor', 'model', 'aliases', 'kind', 'status', 'sources'] },
) as unknown as fc.Arbitrary<Device>;

const entryArb: fc.Arbitrary<AnswerEntry> = fc.record(
  {
    id: idArb,
    type: fc.constantFrom('topic' as const, 'device' as const),
    title: nonEmpty,
    summary: nonEmpty,
    body: textArb,
    caution: textArb,
    category: nonEmpty,
    related: fc.array(refArb, { maxLength: 8 }),
    devices: fc.array(refArb, { maxLength: 30 }),
    sources: fc.array(fc.oneof(urlArb, textArb), { maxLength: 5 }),
    reviewed: fc.constantFrom('2026-12-02', '2025-01-01'),
    diagram: fc.option(idArb, { nil: null }),
    device: deviceArb,
  },
  {
    requiredKeys: [
      'id',
      'type',
      'title',
      'summary',
      'body',
      'category',
      'related',
      'devices',
      'sources',
      'diagram',
    ],
  },
);

const renderOptionsArb = fc.record(
  {
    publicBaseUrl: fc.constantFrom('https://dialtone.example.org', 'http://localhost:8080/sub/path'),
    diagramPng: fc.constant(Buffer.from('png')),
    long: fc.boolean(),
    forUserId: snowflakeArb,
    successorTitle: nonEmpty,
  },
  { requiredKeys: [] },
);

describe('cut', () => {
  test.prop(
    [textArb, fc.nat({ max: 5000 }), fc.constantFrom('…', '… [Read more](https://x.example/t)', '')],
    {
      numRuns: 4300,
    },
  )('stays within max, keeps short text, never splits a surrogate pair', (text, max, suffix) => {
    const out = cut(text, max, suffix);
    expect(out.length).toBeLessThanOrEqual(max);
    if (text.length <= max) expect(out).toBe(text);
    expect(hasLoneSurrogate(out)).toBe(false);
  });

  test.prop(
    [fc.array(astralArb, { minLength: 1, maxLength: 60 }).map((a) => a.join('')), fc.nat({ max: 120 })],
    {
      numRuns: 1000,
    },
  )('emoji-heavy text cut anywhere stays well-formed', (text, max) => {
    const out = cut(text, max);
    expect(out.length).toBeLessThanOrEqual(max);
    expect(hasLoneSurrogate(out)).toBe(false);
  });
});

describe('renderEntry with any entry text', () => {
  test.prop([entryArb, renderOptionsArb], { numRuns: 500 })(
    'fits every limit (spec + 2000/6000), pings at most the for: user, stays well-formed',
    (entry, options) => {
      const p = renderEntry(entry, options);
      expect(payloadProblems(p)).toEqual([]);
      for (const e of p.embeds)
        expect(embedLength(e as Parameters<typeof embedLength>[0])).toBeLessThanOrEqual(6000);
      expect(hasLoneSurrogate(JSON.stringify(p))).toBe(false);
      expect(p.allowedMentions.parse).toEqual([]);
      expect(p.allowedMentions.users ?? []).toEqual(options.forUserId ? [options.forUserId] : []);
      expect(formatEntryLong(entry).length).toBeGreaterThan(0);
    },
  );

  test.prop(
    [
      fc.constantFrom('answer' as const, 'suggest' as const, 'none' as const),
      fc.option(entryArb, { nil: null }),
      fc.array(
        refArb.map((r) => ({ ...r, confidence: 0.5 })),
        { maxLength: 5 },
      ),
      fc.option(fc.constantFrom('de', 'es', 'fr'), { nil: undefined }),
    ],
    { numRuns: 800 },
  )('renderAnswer and formatAnswer handle every answer shape', (status, entry, suggestions, language) => {
    const a: Answer = { status, confidence: 0.5, entry, suggestions, diagram: entry?.diagram ?? null };
    if (language) a.language = language;
    expect(payloadProblems(renderAnswer(a, { publicBaseUrl: 'https://d.example' }))).toEqual([]);
    expect(formatAnswer(a).length).toBeGreaterThan(0);
  });
});

describe('text quoted back or shown as a notice', () => {
  test.prop([fc.oneof(hostileQuestion, surrogateArb), fc.integer({ min: 1, max: 2000 })], { numRuns: 1500 })(
    'quoteUser: no mention, role ping or @everyone survives',
    (text, max) => {
      const q = quoteUser(text, max);
      expect(q).not.toMatch(/<@[!&]?\d+>/);
      expect(q).not.toMatch(/@(everyone|here)/);
      expect(pingsOf({ content: q }, false, false)).toEqual([]);
    },
  );

  test.prop([fc.oneof(hostileQuestion, surrogateArb)], { numRuns: 800 })(
    'renderNotice: within limits and no pings for any text',
    (text) => {
      expect(payloadProblems(renderNotice(text))).toEqual([]);
    },
  );

  test.prop(
    [
      fc.array(fc.record({ name: idArb, topics: fc.array(refArb, { maxLength: 40 }) }), {
        minLength: 1,
        maxLength: 40,
      }),
      fc.nat(),
    ],
    { numRuns: 300 },
  )(
    'renderBrowse: ≤ 25 options, labels within limits, for any category or topic names',
    (categories, pick) => {
      const chosen = pick % 2 ? categories[pick % categories.length]?.name : undefined;
      const p = renderBrowse(categories, chosen);
      expect(payloadProblems(p)).toEqual([]);
      const select = p.components[0]?.components[0] as { options?: unknown[] } | undefined;
      const options = select?.options ?? [];
      expect(options.length).toBeLessThanOrEqual(LIMITS.selectOptions);
    },
  );
});
