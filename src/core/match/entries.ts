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
    questions: [...t.questions, ...t.asked.map((a) => a.q)],
    postsFrom: t.questions.length,
    summary: t.summary,
    body: t.body,
    kind: 'topic' as const,
    related: [...t.related, ...t.devices],
  }));
  // Devices are asked about in a few fixed ways ("how many FXS ports does the HT814 have"); the
  // model name is the anchor, these phrasings only say "this is a question about the device".
  const devices = [...kb.devices.values()].map((d) => ({
    id: d.id,
    title: deviceTitle(d),
    aliases: d.aliases,
    keywords: [d.model, `${d.model} specs`],
    questions: [
      `how many ports does the ${d.model} have`,
      `how many phones fxs fxo ports on ${d.model}`,
      `does the ${d.vendor} ${d.model} have an fxo line port for a landline`,
    ],
    summary: deviceSummary(d),
    body: d.notes ?? '',
    kind: 'device' as const,
  }));
  return [...topics, ...devices];
}
