import type { KnowledgeBase } from '../knowledge/schema.js';
import { deviceSummary, deviceTitle } from '../answer/device-text.js';
import type { MatchEntry } from './matcher.js';

/** Everything the matcher indexes: every visible topic and device. */
export function matchEntries(kb: KnowledgeBase): MatchEntry[] {
  const topics = [...kb.topics.values()].map((t) => ({
    id: t.id,
    title: t.title,
    aliases: t.aliases,
    keywords: t.keywords,
    questions: t.questions,
    summary: t.summary,
  }));
  const devices = [...kb.devices.values()].map((d) => ({
    id: d.id,
    title: deviceTitle(d),
    aliases: d.aliases,
    keywords: [d.model],
    questions: [],
    summary: deviceSummary(d),
  }));
  return [...topics, ...devices];
}
