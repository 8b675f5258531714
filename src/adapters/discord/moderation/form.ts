/**
 * The topic editor as a Discord modal. A modal holds at most five text inputs, so the two
 * paragraph fields carry a few `key: value` lines besides their text:
 * - "Example questions": one question per line; `alias: …` lines are aliases.
 * - "Details": `source:`, `caution:`, `keywords:`, `related:`, `devices:`, `diagram:` lines,
 *   then the long explanation (Markdown).
 */
import { ComponentType, TextInputStyle, type APIModalInteractionResponseCallbackData } from 'discord.js';
import type { TopicText } from '../../../core/knowledge/serialize.js';
import { ID_PATTERN, SUMMARY_MAX } from '../../../core/knowledge/schema.js';

export interface TopicForm {
  path: string;
  title: string;
  summary: string;
  questions: string;
  details: string;
}

/** Discord's limit for one text input. */
export const TEXT_INPUT_MAX = 4000;

const FIELD = {
  path: 'path',
  title: 'title',
  summary: 'summary',
  questions: 'questions',
  details: 'details',
} as const;
const LIST_KEYS = ['keywords', 'related', 'devices'] as const;

/** The modal, empty for `/kb add` or filled in for `/kb edit`. */
export function topicModal(
  customId: string,
  heading: string,
  prefill?: TopicForm,
): APIModalInteractionResponseCallbackData {
  const input = (
    id: keyof TopicForm,
    label: string,
    style: TextInputStyle,
    max: number,
    placeholder: string,
    required = true,
  ) => ({
    type: ComponentType.ActionRow as const,
    components: [
      {
        type: ComponentType.TextInput as const,
        custom_id: FIELD[id],
        label,
        style,
        max_length: max,
        required,
        placeholder,
        ...(prefill?.[id] ? { value: prefill[id].slice(0, max) } : {}),
      },
    ],
  });
  return {
    custom_id: customId,
    title: heading.slice(0, 45),
    components: [
      input('path', 'Category/id', TextInputStyle.Short, 100, 'troubleshooting/no-audio-after-update'),
      input('title', 'Title', TextInputStyle.Short, 256, 'Why does my fax fail over VoIP?'),
      input(
        'summary',
        `Short answer (max ${SUMMARY_MAX} characters)`,
        TextInputStyle.Paragraph,
        SUMMARY_MAX,
        'The answer in chat: plain words first.',
      ),
      input(
        'questions',
        'Example questions, one per line (alias: …)',
        TextInputStyle.Paragraph,
        TEXT_INPUT_MAX,
        'why do my faxes fail\nalias: fax failure',
      ),
      input(
        'details',
        'source: URL lines, caution:, then long text',
        TextInputStyle.Paragraph,
        TEXT_INPUT_MAX,
        'source: https://…\ncaution: …\n\nLonger explanation…',
      ),
    ],
  };
}

/** A saved topic as the modal's fields (round-trips through `parseTopicForm`). */
export function topicToForm(category: string, id: string, t: TopicText): TopicForm {
  const lines = [
    ...t.sources.map((s) => `source: ${s}`),
    ...(t.caution ? [`caution: ${t.caution.replace(/\s+/g, ' ')}`] : []),
    ...LIST_KEYS.filter((k) => t[k].length).map((k) => `${k}: ${t[k].join(', ')}`),
    ...(t.diagram ? [`diagram: ${t.diagram}`] : []),
  ];
  return {
    path: `${category}/${id}`,
    title: t.title,
    summary: t.summary,
    questions: [...t.questions, ...t.aliases.map((a) => `alias: ${a}`)].join('\n'),
    details: `${lines.join('\n')}\n\n${t.body}`.trim(),
  };
}

/** True when every field fits a text input, so opening the editor cannot cut anything off. */
export function fitsModal(form: TopicForm): boolean {
  return Object.values(form).every((v) => v.length <= TEXT_INPUT_MAX);
}

/** The modal's fields as a topic, or the reason they cannot be one. */
export function parseTopicForm(
  form: TopicForm,
  reviewed: string,
): { ok: true; category: string; id: string; topic: TopicText } | { ok: false; error: string } {
  const [category, id, ...extra] = form.path.trim().toLowerCase().split('/');
  if (!category || !id || extra.length || !ID_PATTERN.test(category) || !ID_PATTERN.test(id)) {
    return {
      ok: false,
      error: 'Category/id must look like `troubleshooting/my-topic` (lowercase letters, digits, dashes).',
    };
  }
  const questions: string[] = [];
  const aliases: string[] = [];
  for (const line of lines(form.questions)) {
    const alias = /^alias:\s*(.+)$/i.exec(line);
    if (alias?.[1]) aliases.push(alias[1].trim());
    else questions.push(line);
  }
  const sources: string[] = [];
  const lists: Record<(typeof LIST_KEYS)[number], string[]> = { keywords: [], related: [], devices: [] };
  let caution: string | undefined;
  let diagram: string | undefined;
  const body: string[] = [];
  let inBody = false;
  for (const raw of form.details.split(/\r?\n/)) {
    const m = inBody ? null : /^(source|caution|keywords|related|devices|diagram):\s*(.*)$/i.exec(raw.trim());
    if (!m) {
      if (raw.trim() || inBody) inBody = true;
      if (inBody) body.push(raw);
      continue;
    }
    const key = (m[1] ?? '').toLowerCase();
    const value = (m[2] ?? '').trim();
    if (key === 'source') sources.push(value);
    else if (key === 'caution') caution = value || undefined;
    else if (key === 'diagram') diagram = value || undefined;
    else
      lists[key as (typeof LIST_KEYS)[number]].push(
        ...value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
  }
  return {
    ok: true,
    category,
    id,
    topic: {
      title: form.title.trim(),
      aliases,
      keywords: lists.keywords,
      questions,
      // Paraphrased real posts are not in the form; an edit carries the saved ones over.
      asked: [],
      summary: form.summary.trim(),
      diagram,
      related: lists.related,
      devices: lists.devices,
      sources,
      reviewed,
      caution,
      body: body.join('\n').trim(),
    },
  };
}

const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** Reads the modal's submitted fields. */
export function formFields(get: (id: string) => string): TopicForm {
  return {
    path: get(FIELD.path),
    title: get(FIELD.title),
    summary: get(FIELD.summary),
    questions: get(FIELD.questions),
    details: get(FIELD.details),
  };
}
