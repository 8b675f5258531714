import { describe, expect, it } from 'vitest';
import { entryView } from '../../../src/core/answer/answer.js';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';

const { kb } = await loadKnowledge(['knowledge']);

describe('entryView', () => {
  it('builds each view once per knowledge base and shares it frozen', () => {
    const topic = [...kb.topics.keys()][0] as string;
    const device = [...kb.devices.keys()][0] as string;
    for (const id of [topic, device]) {
      const view = entryView(kb, id);
      expect(view?.id).toBe(id);
      expect(entryView(kb, id)).toBe(view);
      expect(Object.isFrozen(view)).toBe(true);
      expect(Object.isFrozen(view?.related)).toBe(true);
    }
    expect(entryView(kb, 'no-such-entry')).toBeUndefined();
  });

  it('builds a new knowledge base its own views (an edit shows at once)', () => {
    const topic = [...kb.topics.values()][0];
    if (!topic) throw new Error('no topic');
    const edited = { ...kb, topics: new Map(kb.topics).set(topic.id, { ...topic, title: 'Edited title' }) };
    expect(entryView(edited, topic.id)?.title).toBe('Edited title');
    expect(entryView(kb, topic.id)?.title).toBe(topic.title);
  });
});
