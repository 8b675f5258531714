/**
 * The moderators' write path, shared by every /kb entry point: check a change with the same
 * validator as `dialtone kb check`, show it, save it atomically, reload, and audit.
 */
import path from 'node:path';
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
} from 'discord.js';
import { encodeCustomId } from '../custom-id.js';
import { entryView } from '../../../core/answer/answer.js';
import { validateChange } from '../../../core/knowledge/change.js';
import { ConflictError } from '../../../core/knowledge/overlay.js';
import { formatProblem, type Problem } from '../../../core/knowledge/problems.js';
import type { Topic } from '../../../core/knowledge/schema.js';
import { parseTopicMarkdown, topicToMarkdown, type TopicText } from '../../../core/knowledge/serialize.js';
import type { ValidationReport } from '../../../core/knowledge/validate.js';
import { cut } from '../limits.js';
import { renderEntry, renderNotice, type ReplyPayload } from '../render.js';
import type { Draft } from './drafts.js';
import type { Moderation } from './types.js';

/** A topic draft checked against the whole knowledge base. */
export interface Checked {
  text: string;
  topic: Topic;
  report: ValidationReport;
}

/** Serialises and validates a topic as it would be saved. Pure apart from reading the knowledge. */
export async function checkTopic(
  m: Moderation,
  category: string,
  id: string,
  t: TopicText,
): Promise<Checked> {
  const text = topicToMarkdown(t);
  const base = await m.load();
  const file = path.join('overlay', 'topics', category, `${id}.md`);
  const parsed = parseTopicMarkdown(text, file);
  if (!parsed.topic) {
    return { text, topic: { ...t, id, category, file }, report: { errors: parsed.problems, warnings: [] } };
  }
  const topic: Topic = { ...parsed.topic, id, category, file };
  return { text, topic, report: validateChange(base, { kind: 'upsert', topic, text }) };
}

/** The ephemeral preview: the reply exactly as members will see it, problems, Save / Cancel. */
export function renderPreview(
  checked: Checked,
  draftId: string,
  kb: Parameters<typeof entryView>[0],
  publicBaseUrl?: string,
): ReplyPayload {
  const preview = entryView(
    { ...kb, topics: new Map(kb.topics).set(checked.topic.id, checked.topic) },
    checked.topic.id,
  );
  const payload = preview ? renderEntry(preview, { publicBaseUrl }) : renderNotice('');
  const { errors, warnings } = checked.report;
  const lines = [
    `**Preview of \`${checked.topic.id}\`**: this is how members will see it. Nothing is saved yet.`,
    ...problemLines('❌ Errors (fix them to save)', errors),
    ...problemLines('⚠️ Warnings', warnings),
  ];
  return {
    ...payload,
    content: cut(lines.join('\n'), 2000),
    components: [confirmRow(draftId, 'Save', errors.length > 0)],
    files: [],
  };
}

/** Save / Cancel buttons for a draft. */
export function confirmRow(
  draftId: string,
  label: string,
  disabled = false,
): APIActionRowComponent<APIComponentInMessageActionRow> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Success,
        label,
        custom_id: encodeCustomId({ kind: 'kb-save', draft: draftId }),
        disabled,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: 'Cancel',
        custom_id: encodeCustomId({ kind: 'kb-cancel', draft: draftId }),
      },
    ],
  };
}

function problemLines(heading: string, problems: readonly Problem[]): string[] {
  if (!problems.length) return [];
  const shown = problems.slice(0, 8).map((p) => `• ${p.field ? `\`${p.field}\` ` : ''}${p.message}`);
  return [heading, ...shown, ...(problems.length > 8 ? [`… and ${problems.length - 8} more`] : [])];
}

/** Problems as one short line each, for refusals. */
export const reasons = (problems: readonly Problem[]): string =>
  problems
    .slice(0, 5)
    .map((p) => `• ${p.message}`)
    .join('\n');

/** What a save did: `written` when the file was written (even if the reload then failed), and what to tell the moderator. */
export interface CommitResult {
  written: boolean;
  message: string;
}

/** Writes a confirmed draft, reloads the knowledge and records who did it. */
export async function commit(
  m: Moderation,
  draft: Draft,
  user: { id: string; name: string },
): Promise<CommitResult> {
  if (draft.kind === 'miss') return { written: false, message: 'Nothing to save.' };
  try {
    if (draft.kind === 'upsert') {
      await m.overlay.saveTopic(draft.category, draft.id, draft.text, draft.expectedVersion, user.name);
    } else {
      await m.overlay.removeTopic(draft.id, draft.expectedVersion);
    }
  } catch (error) {
    if (error instanceof ConflictError) {
      return {
        written: false,
        message:
          `Not saved: \`${draft.id}\` was changed since you opened it (by someone else or by hand). ` +
          "Both texts are kept: yours is in the overlay's conflicts folder. Open it again with `/kb edit` and redo your change.",
      };
    }
    throw error;
  }
  const outcome = await m.reload();
  await m.store.audit({
    action: draft.kind === 'remove' ? 'remove' : draft.action,
    entryId: draft.id,
    userId: user.id,
    userName: user.name,
    before: draft.before,
    after: draft.kind === 'remove' ? null : draft.text,
  });
  if (!outcome.ok) {
    const errors = outcome.errors.slice(0, 5).map(formatProblem).join('\n');
    return {
      written: true,
      message: `Saved, but the knowledge base did not reload, so members still get the previous answers:\n${errors}`,
    };
  }
  return {
    written: true,
    message:
      draft.kind === 'remove'
        ? `Removed \`${draft.id}\`. Members no longer get it.`
        : `Saved \`${draft.id}\`. \`/ask\` answers with it now.`,
  };
}

/** The file that defines a topic, parsed; undefined when there is none (or the id is malformed). */
export async function readTopicFile(m: Moderation, id: string) {
  let file;
  try {
    file = await m.overlay.readTopic(id);
  } catch {
    return undefined; // a malformed id is simply "no such topic"
  }
  const parsed = file ? parseTopicMarkdown(file.text, file.file) : undefined;
  return file && parsed?.topic ? { ...file, id, topic: parsed.topic } : undefined;
}

/**
 * Adds an alias or an example question to a topic and saves it, unless the knowledge base would
 * then have new errors — in particular, questions of another entry that now reach this one.
 */
export async function addToTopic(
  m: Moderation,
  id: string,
  phrase: string,
  action: 'alias' | 'teach',
  user: { id: string; name: string },
): Promise<CommitResult> {
  const current = await readTopicFile(m, id);
  if (!current) return { written: false, message: `There is no topic \`${cut(id, 80)}\`.` };
  const text = phrase.trim();
  const t = current.topic;
  // A new phrasing is not a review of the facts: `reviewed` (shown as "Facts last reviewed") stays.
  const next =
    action === 'alias'
      ? { ...t, aliases: [...t.aliases, text] }
      : { ...t, questions: [...t.questions, text] };
  const checked = await checkTopic(m, current.category, current.id, next);
  if (checked.report.errors.length) {
    return { written: false, message: `Not added, because:\n${reasons(checked.report.errors)}` };
  }
  const result = await commit(
    m,
    {
      kind: 'upsert',
      action,
      category: current.category,
      id: current.id,
      text: checked.text,
      before: current.text,
      expectedVersion: current.version,
      authorId: user.id,
    },
    user,
  );
  const what = action === 'alias' ? 'alias' : 'phrasing';
  return result.written
    ? { ...result, message: `Added the ${what} “${cut(text, 200)}” to \`${current.id}\`. ${result.message}` }
    : result;
}
