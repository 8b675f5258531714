/** Buttons and modal submits of the `/kb` tools (custom ids starting with `kb:`). */
import {
  ComponentType,
  MessageFlags,
  TextInputStyle,
  type ButtonInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { BotContext } from '../context.js';
import { renderNotice } from '../render.js';
import { replyWithin, toMessageOptions } from '../respond.js';
import { REFUSAL, canModerate } from './access.js';
import { addToTopic, checkTopic, commit, readTopicFile, renderPreview } from './changes.js';
import { formFields, parseTopicForm } from './form.js';

/** Handles a `kb:` button or modal; refuses members who may not moderate, whatever the client showed. */
export async function onKbInteraction(
  i: ButtonInteraction | ModalSubmitInteraction,
  ctx: BotContext,
): Promise<void> {
  const m = ctx.moderation;
  if (!m || !canModerate(i, m.moderatorRoleIds)) {
    await i.reply({ ...toMessageOptions(renderNotice(REFUSAL)), flags: MessageFlags.Ephemeral });
    return;
  }
  const [, kind, arg = ''] = i.customId.split(':');
  const user = { id: i.user.id, name: i.user.username };

  if (i.isModalSubmit() && kind === 'form') {
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
        const editing = arg === 'edit';
        if (editing) parsed.topic.asked = [...(ctx.engine().kb.topics.get(parsed.id)?.asked ?? [])];
        const expected = i.customId.split(':')[3] ?? null;
        if (!editing && current)
          return renderNotice(`\`${parsed.id}\` already exists. Use \`/kb edit\` to change it.`);
        const checked = await checkTopic(m, parsed.category, parsed.id, parsed.topic);
        const draftId = m.drafts.put({
          kind: 'upsert',
          action: editing ? 'edit' : 'add',
          category: parsed.category,
          id: parsed.id,
          text: checked.text,
          before: current?.text ?? null,
          expectedVersion: editing && current ? expected : null,
          authorId: user.id,
        });
        return renderPreview(checked, draftId, ctx.engine().kb, ctx.publicBaseUrl);
      },
      { ephemeral: true },
    );
    return;
  }

  if (i.isModalSubmit() && kind === 'teachform') {
    const draft = m.drafts.get(arg, user.id);
    if (draft?.kind !== 'miss') {
      await i.reply({
        ...toMessageOptions(renderNotice('That list is too old; run `/kb misses` again.')),
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    const topic = i.fields.getTextInputValue('topic').trim();
    await replyWithin(
      i,
      ctx,
      async () => renderNotice(await addToTopic(m, topic, draft.question, 'teach', user)),
      { ephemeral: true },
    );
    return;
  }

  if (!i.isButton()) return;
  const draft = m.drafts.get(arg, user.id);
  if (!draft) {
    await i.update({
      ...toMessageOptions(renderNotice('This preview expired; nothing was saved. Start again.')),
      embeds: [],
      components: [],
    });
    return;
  }
  if (kind === 'miss' && draft.kind === 'miss') {
    await i.showModal({
      custom_id: `kb:teachform:${arg}`,
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
    return;
  }
  if (kind === 'cancel') {
    m.drafts.delete(arg);
    await i.update({
      ...toMessageOptions(renderNotice('Cancelled. Nothing was written.')),
      embeds: [],
      components: [],
    });
    return;
  }
  if (kind === 'save') {
    const release = m.drafts.hold(arg);
    await i.deferUpdate();
    let message: string;
    try {
      message = await commit(m, draft, user);
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
    m.drafts.delete(arg);
    await i.editReply({ ...toMessageOptions(renderNotice(message)), embeds: [], components: [] });
  }
}
