import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';
import { parseTopicMarkdown, topicToMarkdown, type TopicText } from '../../../src/core/knowledge/serialize.js';
import { topic, writeKb } from '../../support/tmp-kb.js';

const FULL: TopicText = {
  title: 'What is an FXS port?',
  aliases: ['fxs port', 'foreign exchange station'],
  keywords: ['dial tone', '911'],
  questions: ['what is fxs', 'whats an fxs port for: the phone?', 'fxs meaning', '- what does fxs do'],
  asked: [{ q: 'which port on my ata gives dial tone to the phone', from: 'https://forum.example.org/t/1' }],
  summary: 'An FXS port supplies dial tone, battery and ringing to an analog phone. It is "the line".',
  diagram: 'phone-ata-router',
  related: ['fxo'],
  devices: ['linksys-pap2t'],
  sources: ['https://en.wikipedia.org/wiki/Foreign_exchange_service_(telecommunications)'],
  reviewed: '2026-11-26',
  caution: 'Ringing voltage: up to 90 V AC.\nDo not touch.',
  body: '## Longer\n\nText with `code` and --- a dash line:\n\n---\n\nafter a rule.',
};

describe('topicToMarkdown', () => {
  it('writes keys in schema order and leaves out empty lists and unset fields', () => {
    const text = topicToMarkdown({ ...FULL, aliases: [], asked: [], related: [], devices: [], diagram: undefined, caution: undefined });
    const keys = [...text.matchAll(/^([a-z]+):/gm)].map((m) => m[1]);
    expect(keys).toEqual(['title', 'keywords', 'questions', 'summary', 'sources', 'reviewed']);
    expect(text.startsWith('---\ntitle: What is an FXS port?\n')).toBe(true);
    expect(text).toContain('reviewed: 2026-11-26\n---\n## Longer');
  });

  it('round-trips through parseTopicMarkdown and the loader', async () => {
    const text = topicToMarkdown(FULL);
    const parsed = parseTopicMarkdown(text, 'x.md');
    expect(parsed.problems).toEqual([]);
    expect(parsed.topic).toEqual(FULL);

    const root = await writeKb({ 'topics/basics/fxs.md': text });
    const { kb, problems } = await loadKnowledge([root]);
    expect(problems).toEqual([]);
    const { id, category, file, ...loaded } = kb.topics.get('fxs')!;
    expect({ id, category, file }).toEqual({ id: 'fxs', category: 'basics', file: path.join(root, 'topics/basics/fxs.md') });
    expect(loaded).toEqual(FULL);
  });

  it('round-trips a topic read from a hand-written file', async () => {
    const root = await writeKb({ 'topics/basics/fxs.md': topic() });
    const original = await readFile(path.join(root, 'topics/basics/fxs.md'), 'utf8');
    const first = parseTopicMarkdown(original, 'fxs.md').topic!;
    const again = parseTopicMarkdown(topicToMarkdown(first), 'fxs.md').topic!;
    expect(again).toEqual(first);
    expect(topicToMarkdown(again)).toBe(topicToMarkdown(first));
  });

  it('writes an empty body as nothing after the closing fence', () => {
    expect(topicToMarkdown({ ...FULL, body: '' }).endsWith('---\n')).toBe(true);
  });
});

describe('parseTopicMarkdown', () => {
  it('reports missing front matter', () => {
    expect(parseTopicMarkdown('just text', 'a.md')).toEqual({
      problems: [{ severity: 'error', file: 'a.md', line: 1, message: 'missing YAML front matter between --- lines' }],
    });
  });

  it('reports schema errors with the file line', () => {
    const text = topic({ sources: 'sources: [not-a-url]', reviewed: 'reviewed: yesterday' });
    const { topic: t, problems } = parseTopicMarkdown(text, 'a.md');
    expect(t).toBeUndefined();
    const lines = text.split('\n');
    const lineOf = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix)) + 1;
    expect(problems).toContainEqual(expect.objectContaining({ field: 'sources.0', line: lineOf('sources:') }));
    expect(problems).toContainEqual(expect.objectContaining({ field: 'reviewed', line: lineOf('reviewed:') }));
  });

  it('reports YAML errors', () => {
    const { topic: t, problems } = parseTopicMarkdown('---\ntitle: [unclosed\n---\nbody', 'a.md');
    expect(t).toBeUndefined();
    expect(problems[0]).toMatchObject({ severity: 'error', file: 'a.md' });
    expect(problems[0]?.message).toMatch(/^YAML:/);
  });

  it('rejects unknown keys', () => {
    const { problems } = parseTopicMarkdown(topic({ extra: 'colour: red' }), 'a.md');
    expect(problems.some((p) => p.severity === 'error')).toBe(true);
  });
});
