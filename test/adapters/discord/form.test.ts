import { describe, expect, it } from 'vitest';
import { fitsModal, parseTopicForm, topicToForm } from '../../../src/adapters/discord/moderation/form.js';
import type { TopicText } from '../../../src/core/knowledge/serialize.js';

const topic: TopicText = {
  title: 'What is an FXS port?',
  aliases: ['fxs port'],
  keywords: ['dial tone', 'battery'],
  questions: ['what is fxs', 'whats an fxs port for'],
  asked: [],
  summary: 'An FXS port supplies dial tone.',
  diagram: 'phone-ata-router',
  related: ['fxo'],
  devices: ['grandstream-ht802'],
  sources: ['https://example.org/a', 'https://example.org/b'],
  reviewed: '2026-11-26',
  caution: 'Ringing voltage is about 90 V AC.',
  body: 'Long text.\n\nsource: this line is body text, not a directive.',
};

describe('the topic form', () => {
  it('round-trips every field of a topic', () => {
    const form = topicToForm('basics', 'fxs', topic);
    const back = parseTopicForm(form, '2026-11-26');
    expect(back).toEqual({ ok: true, category: 'basics', id: 'fxs', topic });
  });

  it('rejects a malformed category/id (no path traversal)', () => {
    for (const path of ['fxs', '../etc/passwd', 'basics/Bad Id', 'a/b/c']) {
      const r = parseTopicForm({ ...topicToForm('basics', 'fxs', topic), path }, '2026-11-26');
      expect(r.ok).toBe(false);
    }
  });

  it('refuses to open a form that would cut a field', () => {
    expect(fitsModal(topicToForm('basics', 'fxs', topic))).toBe(true);
    expect(fitsModal(topicToForm('basics', 'fxs', { ...topic, body: 'x'.repeat(4001) }))).toBe(false);
  });
});
