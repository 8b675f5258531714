import { describe, expect, it } from 'vitest';
import { cut, embedLength } from '../../../src/adapters/discord/limits.js';
import {
  isShared,
  quoteUser,
  renderAnswer,
  renderBrowse,
  renderEntry,
} from '../../../src/adapters/discord/render.js';
import type { Answer, AnswerEntry } from '../../../src/core/answer/answer.js';
import type { Device } from '../../../src/core/knowledge/schema.js';

const entry = (over: Partial<AnswerEntry> = {}): AnswerEntry => ({
  id: 'fxs',
  type: 'topic',
  title: 'What is an FXS port?',
  summary: 'An FXS port supplies dial tone, battery and ringing.',
  body: 'Long text.',
  category: 'basics',
  related: [
    { id: 'fxo', title: 'What is an FXO port?' },
    { id: 'ata', title: 'What is an ATA?' },
  ],
  devices: [{ id: 'grandstream-ht802', title: 'Grandstream HT802' }],
  sources: ['https://www.example.org/fxs'],
  reviewed: '2026-11-26',
  diagram: 'phone-ata-router',
  ...over,
});

describe('cut', () => {
  it('keeps short text and cuts long text at a sentence, within the limit', () => {
    expect(cut('short', 10)).toBe('short');
    const text = 'First sentence here. Second sentence is longer than the rest of it.';
    expect(cut(text, 30)).toBe('First sentence here.…');
    expect(cut(text, 40)).toBe('First sentence here. Second sentence…'); // a word when the sentence would waste half
    expect(cut('x'.repeat(50), 10)).toHaveLength(10);
  });
});

describe('renderEntry', () => {
  it('renders the embed, the diagram attachment, link, related and feedback buttons, and never pings', () => {
    const p = renderEntry(entry(), { publicBaseUrl: 'https://d.example', diagramPng: Buffer.from('png') });
    expect(p.allowedMentions).toEqual({ parse: [] });
    expect(p.files.map((f) => f.name)).toEqual(['phone-ata-router.png']);
    expect(p.embeds[0]).toMatchInlineSnapshot(`
      {
        "color": 2850281,
        "description": "An FXS port supplies dial tone, battery and ringing.",
        "fields": [
          {
            "name": "Example devices",
            "value": "Grandstream HT802",
          },
        ],
        "footer": {
          "text": "Source: example.org · Reviewed 2026-11-26",
        },
        "image": {
          "url": "attachment://phone-ata-router.png",
        },
        "title": "What is an FXS port?",
        "url": "https://d.example/topics/fxs",
      }
    `);
    const ids = p.components.flatMap((r) =>
      r.components.map((c) => ('custom_id' in c ? c.custom_id : 'url' in c ? c.url : '')),
    );
    expect(ids).toEqual([
      'https://d.example/topics/fxs',
      'https://d.example/diagrams/phone-ata-router.svg',
      'dt:t:fxo',
      'dt:t:ata',
      'dt:fb:up:fxs',
      'dt:fb:down:fxs',
    ]);
  });

  it('cuts a long body at a sentence with a link to the full page, within every embed limit', () => {
    const body = Array.from({ length: 400 }, (_, i) => `Sentence number ${i} explains a detail.`).join(' ');
    const p = renderEntry(entry({ body, caution: 'c'.repeat(2000) }), {
      long: true,
      publicBaseUrl: 'https://d.example',
    });
    const e = p.embeds[0]!;
    expect(e.description!.length).toBeLessThanOrEqual(4096);
    expect(e.description).toMatch(/\.…\[Read more\]\(https:\/\/d\.example\/topics\/fxs\)$|…\s?\[Read more\]/);
    expect(e.fields![0]!.value.length).toBeLessThanOrEqual(1024);
    expect(embedLength({ ...e, fields: e.fields, footer: e.footer })).toBeLessThanOrEqual(6000);
  });

  it('pings only the one user named with for:', () => {
    const p = renderEntry(entry(), { forUserId: '123456789012345678' });
    expect(p.content).toBe('<@123456789012345678>');
    expect(p.allowedMentions).toEqual({ parse: [], users: ['123456789012345678'] });
  });
});

describe('device card', () => {
  const device = (over: Partial<Device> = {}): AnswerEntry =>
    entry({
      id: 'acme-ata2',
      type: 'device',
      title: 'Acme ATA-2',
      diagram: null,
      device: {
        id: 'acme-ata2',
        vendor: 'Acme',
        model: 'ATA-2',
        aliases: [],
        kind: 'ata',
        fxs: 2,
        fxo: 0,
        status: 'current',
        variants: [],
        sources: ['https://example.org/acme-ata2'],
        ...over,
      } as Device,
    });
  const field = (p: ReturnType<typeof renderEntry>, name: string): string | undefined =>
    p.embeds[0]?.fields?.find((f) => f.name === name)?.value;

  it('stays within 6000 in total when the card is all long fields and a short answer (the description alone cannot give way)', () => {
    const long = (c: string) => c.repeat(2000);
    const card = {
      ...device({
        power: long('p'),
        notes: long('n'),
        sources: Array.from({ length: 60 }, (_, i) => `https://example.org/${long('s').slice(0, 40)}${i}`),
      }),
      title: long('t'),
      summary: 'x',
      caution: long('c'),
      sources: [`no url ${long('s')}`],
      devices: Array.from({ length: 200 }, (_, i) => ({ id: `d${i}`, title: `Device model ${i}` })),
    };
    const e = renderEntry(card).embeds[0]!;
    expect(embedLength({ ...e, fields: e.fields, footer: e.footer })).toBeLessThanOrEqual(6000);
    expect(e.fields!.every((f) => f.value.length > 0)).toBe(true);
  });

  it('says "no (no FXO port)" for the lifeline of a device without an FXO port', () => {
    const p = renderEntry(device());
    expect(field(p, 'Lifeline relay')).toBe('no (no FXO port)');
    expect(field(p, 'Status')).toBe('Current model');
    expect(field(p, 'Ethernet ports')).toBeUndefined();
    expect(field(renderEntry(device({ fxo: undefined })), 'Lifeline relay')).toBe('unconfirmed');
    expect(field(renderEntry(device({ fxo: 1, lifeline: true })), 'Lifeline relay')).toBe('yes');
  });

  it('shows the lifecycle with year and successor, and ethernet/router/power when present', () => {
    const d = { status: 'end-of-life', status_year: 2023, successor: 'acme-ata3' } as const;
    const p = renderEntry(device({ ...d, ethernet: 2, router: true, power: '12 V DC adapter' }), {
      successorTitle: 'Acme ATA-3',
    });
    expect(field(p, 'Status')).toBe('End of life (2023); successor: Acme ATA-3');
    expect(field(p, 'Ethernet ports')).toBe('2');
    expect(field(p, 'Router (WAN + LAN)')).toBe('yes');
    expect(field(p, 'Power')).toBe('12 V DC adapter');
    expect(field(renderEntry(device(d)), 'Status')).toBe('End of life (2023); successor: acme-ata3');
  });
});

describe('renderAnswer and browse', () => {
  it('suggests with at most three buttons, and says "not sure" otherwise', () => {
    const suggestions = ['a', 'b', 'c', 'd'].map((id) => ({ id, title: `T ${id}`, confidence: 0.3 }));
    const s = renderAnswer({ status: 'suggest', confidence: 0.3, entry: null, suggestions, diagram: null });
    expect(s.components[0]!.components).toHaveLength(3);
    const none = renderAnswer({ status: 'none', confidence: 0, entry: null, suggestions: [], diagram: null });
    expect(none.content).toMatch(/\/topics/);
  });

  it('never offers more than 25 options in a select menu', () => {
    const topics = Array.from({ length: 40 }, (_, i) => ({ id: `t${i}`, title: `Topic ${i}` }));
    const p = renderBrowse([{ name: 'big', topics }], 'big');
    const select = p.components[0]!.components[0] as { options: unknown[] };
    expect(select.options).toHaveLength(25);
    expect(p.content).toMatch(/first 25 shown/);
  });

  it("renders a shared (frozen) entry view's answer once: the same frozen payload, as renderEntry renders it", () => {
    const view = Object.freeze(entry());
    const answer: Answer = {
      status: 'answer',
      confidence: 0.9,
      entry: view,
      suggestions: [],
      diagram: null,
    };
    const png = Buffer.from('png');
    const first = renderAnswer(answer, { publicBaseUrl: 'https://d.example', diagramPng: png });
    expect(renderAnswer(answer, { publicBaseUrl: 'https://d.example', diagramPng: png })).toBe(first);
    expect(isShared(first)).toBe(true);
    expect(first).toEqual(renderEntry(view, { publicBaseUrl: 'https://d.example', diagramPng: png }));
    // Other options render anew; a view that is not shared is never kept.
    const other = renderAnswer(answer, { publicBaseUrl: 'https://other.example' });
    expect(other).not.toBe(first);
    expect(other).toEqual(renderEntry(view, { publicBaseUrl: 'https://other.example' }));
    const own: Answer = { ...answer, entry: entry() };
    expect(isShared(renderAnswer(own, { publicBaseUrl: 'https://d.example' }))).toBe(false);
  });

  it('quotes user text without markdown or mentions', () => {
    expect(quoteUser('**hi** @everyone <@123>')).toBe('\\*\\*hi\\*\\* @\u200beveryone <@\u200b123>');
  });
});
