/** Buttons and modal submits of the `/kb` tools (custom ids starting with `kb:`; see `custom-id.ts`). */
import {
  ComponentType,
  MessageFlags,
  TextInputStyle,
  type ButtonInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { BotContext } from '../context.js';
import { decodeCustomId, encodeCustomId } from '../custom-id.js';
import { renderNotice } from '../render.js';
import { replyWithin, toMessageOptions } from '../respond.js';
import { REFUSAL, canModerate } from './access.js';
import { addToTopic, checkTopic, commit, readTopicFile, renderPreview } from './changes.js';
import type { Draft } from './drafts.js';
import { formFields, parseTopicForm } from './form.js';
import type { Moderation } from './types.js';

type KbInteraction = ButtonInteraction | ModalSubmitInteraction;
type User = { id: string; name: string };

/** An ephemeral notice as the first reply. */
const notice = (i: KbInteraction, text: string) =>
  i.reply({ ...toMessageOptions(renderNotice(text)), flags: MessageFlags.Ephemeral });

/** Replaces the message the button sits on with a notice, without buttons. */
const replaceWith = (i: ButtonInteraction, text: string) =>
  i.update({ ...toMessageOptions(renderNotice(text)), embeds: [], components: [] });

/**
 * Handles a `kb:` button or modal; refuses members who may not moderate, whatever the client
 * showed. An id it does not know (an old message, a crafted request) is still acknowledged.
 */
export async function onKbInteraction(i: KbInteraction, ctx: BotContext): Promise<void> {
  const m = ctx.moderation;
  if (!m || !canModerate(i, m.moderatorRoleIds, m.guildIds)) {
    await notice(i, REFUSAL);
    return;
  }
  const id = decodeCustomId(i.customId);
  const user = { id: i.user.id, name: i.user.username };
  if (i.isModalSubmit() && id?.kind === 'kb-form') {
    await onTopicForm(i, ctx, m, id.mode === 'edit' ? { version: id.version } : undefined, user);
  } else if (i.isModalSubmit() && id?.kind === 'kb-teachform') {
    await onTeachForm(i, ctx, m, id.draft, user);
  } else if (i.isButton() && (id?.kind === 'kb-miss' || id?.kind === 'kb-cancel' || id?.kind === 'kb-save')) {
    await onDraftButton(i, ctx, m, id.kind, id.draft, user);
  } else {
    ctx.logger.warn({ customId: i.customId.slice(0, 100) }, 'unknown /kb component');
    await notice(i, 'This control is no longer supported; nothing was changed. Run the `/kb` command again.');
  }
}

/** The add/edit modal: parse, check and show the preview with Save/Cancel. */
async function onTopicForm(
  i: ModalSubmitInteraction,
  ctx: BotContext,
  m: Moderation,
  edit: { version: string | null } | undefined,
  user: User,
): Promise<void> {
  await replyWithin(
    i,
    ctx,
    async () => {
      const parsed = parseTopicForm(
        formFields((f) => i.fields.getTextInputValue(f)),
        m.today(),
      );
      if (!parsed.ok) return renderNotice(parsed.error);
      const current = await readTopicFile(m, parsed.id);
      if (edit) parsed.topic.asked = [...(ctx.engine().kb.topics.get(parsed.id)?.asked ?? [])];
      else if (current)
        return renderNotice(`\`${parsed.id}\` already exists. Use \`/kb edit\` to change it.`);
      const checked = await checkTopic(m, parsed.category, parsed.id, parsed.topic);
      const draftId = m.drafts.put({
        kind: 'upsert',
        action: edit ? 'edit' : 'add',
        category: parsed.category,
        id: parsed.id,
        text: checked.text,
        before: current?.text ?? null,
        expectedVersion: edit && current ? edit.version : null,
        authorId: user.id,
      });
      return renderPreview(checked, draftId, ctx.engine().kb, ctx.publicBaseUrl);
    },
    { ephemeral: true },
  );
}

/** The "teach this question" modal of `/kb misses`. */
async function onTeachForm(
  i: ModalSubmitInteraction,
  ctx: BotContext,
  m: Moderation,
  draftId: string,
  user: User,
): Promise<void> {
  const draft = m.drafts.get(draftId, user.id);
  if (draft?.kind !== 'miss') {
    await notice(i, 'That list is too old; run `/kb misses` again.');
    return;
  }
  const topic = i.fields.getTextInputValue('topic').trim();
  await replyWithin(
    i,
    ctx,
    async () => renderNotice((await addToTopic(m, topic, draft.question, 'teach', user)).message),
    { ephemeral: true },
  );
}

/** Teach / Cancel / Save on a draft the moderator made. */
async function onDraftButton(
  i: ButtonInteraction,
  ctx: BotContext,
  m: Moderation,
  kind: 'kb-miss' | 'kb-cancel' | 'kb-save',
  draftId: string,
  user: User,
): Promise<void> {
  const draft = m.drafts.get(draftId, user.id);
  if (!draft) {
    await replaceWith(i, 'This preview expired; nothing was saved. Start again.');
  } else if (kind === 'kb-miss') {
    if (draft.kind === 'miss') await showTeachModal(i, draftId, draft);
    else await notice(i, 'That button does not belong to this draft; nothing was changed.');
  } else if (kind === 'kb-cancel') {
    m.drafts.delete(draftId);
    await replaceWith(i, 'Cancelled. Nothing was written.');
  } else {
    await save(i, ctx, m, draftId, draft, user);
  }
}

async function showTeachModal(
  i: ButtonInteraction,
  draftId: string,
  draft: Extract<Draft, { kind: 'miss' }>,
): Promise<void> {
  await i.showModal({
    custom_id: encodeCustomId({ kind: 'kb-teachform', draft: draftId }),
    title: 'Teach this question to a topic',
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: 'topic',
            label: `Topic id for: ${draft.question}`.slice(0, 45),
            style: TextInputStyle.Short,
            required: true,
            max_length: 100,
            ...(draft.bestGuess ? { value: draft.bestGuess } : {}),
          },
        ],
      },
    ],
  });
}

/** Save: the draft is held while writing and deleted only once the write succeeded. */
async function save(
  i: ButtonInteraction,
  ctx: BotContext,
  m: Moderation,
  draftId: string,
  draft: Draft,
  user: User,
): Promise<void> {
  const release = m.drafts.hold(draftId);
  await i.deferUpdate();
  let message: string;
  try {
    message = (await commit(m, draft, user)).message;
  } catch (error) {
    // The draft stays, and so do the preview and its buttons: Save can be pressed again.
    release();
    ctx.logger.error(
      { err: error, entry: draft.kind === 'miss' ? undefined : draft.id },
      'saving a draft failed',
    );
    await i.followUp({
      ...toMessageOptions(
        renderNotice('Not saved: writing the change failed. Your draft is kept; press Save to try again.'),
      ),
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  m.drafts.delete(draftId);
  await i.editReply({ ...toMessageOptions(renderNotice(message)), embeds: [], components: [] });
}
