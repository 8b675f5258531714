import {
  ApplicationCommandOptionType,
  MessageFlags,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { validateChange } from '../../../core/knowledge/change.js';
import { LIMITS, cut } from '../limits.js';
import type { BotContext, SlashCommand } from '../context.js';
import { encodeCustomId } from '../custom-id.js';
import { REFUSAL, canModerate } from '../moderation/access.js';
import { addToTopic, confirmRow, readTopicFile, reasons } from '../moderation/changes.js';
import { fitsModal, topicModal, topicToForm } from '../moderation/form.js';
import { quoteUser, renderEmbeds, renderNotice } from '../render.js';
import { replyWithin, toMessageOptions } from '../respond.js';

const TOPIC = {
  type: ApplicationCommandOptionType.String,
  name: 'topic',
  description: 'Topic',
  required: true,
  autocomplete: true,
} as const;
const DAYS = {
  type: ApplicationCommandOptionType.Integer,
  name: 'days',
  description: 'Period in days (default 30)',
  required: false,
  min_value: 1,
  max_value: 365,
} as const;
const sub = (
  name: string,
  description: string,
  options: APIApplicationCommandBasicOption[] = [],
): APIApplicationCommandSubcommandOption => ({
  type: ApplicationCommandOptionType.Subcommand,
  name,
  description,
  options,
});

/** `/kb …`: moderators extend and correct the knowledge base. Hidden from members without Manage Server. */
export const kb: SlashCommand = {
  kind: 'slash',
  data: {
    name: 'kb',
    description: 'Moderators: add, edit and review what Dialtone knows',
    // Discord's published request schema types this as an integer (the docs show a string; both
    // are accepted), so send the number the schema validates.
    default_member_permissions: Number(PermissionFlagsBits.ManageGuild) as unknown as string,
    contexts: [0],
    options: [
      sub('add', 'Add a topic (opens a form, then a preview)'),
      sub('edit', 'Edit a topic (opens the form filled in)', [TOPIC]),
      sub('alias', 'Add an alias so that word reaches a topic', [
        TOPIC,
        {
          type: ApplicationCommandOptionType.String,
          name: 'alias',
          description: 'The alias',
          required: true,
          max_length: 100,
        },
      ]),
      sub('teach', 'Teach a phrasing so it reaches a topic', [
        TOPIC,
        {
          type: ApplicationCommandOptionType.String,
          name: 'question',
          description: 'How people ask it',
          required: true,
          max_length: 300,
        },
      ]),
      sub('remove', 'Remove a topic (asks to confirm)', [TOPIC]),
      sub('misses', 'Questions that got no confident answer', [DAYS]),
      sub('stats', 'Most asked topics, answer rate, feedback', [DAYS]),
      sub('history', 'Who changed a topic, when, before and after', [TOPIC]),
      sub('export', 'The local changes as knowledge files, for a pull request'),
      sub('reload', 'Reload the knowledge from disk and report'),
    ],
  },
  async execute(interaction, ctx) {
    const m = ctx.moderation;
    if (!m || !canModerate(interaction, m.moderatorRoleIds, m.guildIds)) {
      await ephemeral(
        interaction,
        m ? REFUSAL : 'Knowledge editing is not enabled on this bot (no DATA_DIR storage).',
      );
      return;
    }
    const name = interaction.options.getSubcommand();
    const handler = HANDLERS[name];
    if (handler) await handler(interaction, ctx);
    else await ephemeral(interaction, 'Unknown subcommand.');
  },
  async autocomplete(interaction, ctx) {
    const choices = ctx.engine().completeTopic(interaction.options.getFocused(), LIMITS.choices);
    await interaction.respond(choices.map((c) => ({ name: cut(c.title, LIMITS.choiceName), value: c.id })));
  },
};

type Handler = (i: ChatInputCommandInteraction, ctx: BotContext) => Promise<void>;

const HANDLERS: Record<string, Handler> = {
  async add(i) {
    await i.showModal(topicModal(encodeCustomId({ kind: 'kb-form', mode: 'new' }), 'Add a topic'));
  },

  async edit(i, ctx) {
    const current = await readTopic(i, ctx);
    if (!current) return;
    const form = topicToForm(current.category, current.id, current.topic);
    if (!fitsModal(form)) {
      // Never open a form that would silently cut the topic short.
      await ephemeral(
        i,
        `\`${current.id}\` is too long to edit in a Discord form; change it by pull request.`,
      );
      return;
    }
    const customId = encodeCustomId({ kind: 'kb-form', mode: 'edit', version: current.version });
    await i.showModal(topicModal(customId, `Edit ${current.id}`, form));
  },

  async alias(i, ctx) {
    await addPhrase(i, ctx, 'alias');
  },

  async teach(i, ctx) {
    await addPhrase(i, ctx, 'teach');
  },

  async remove(i, ctx) {
    const current = await readTopic(i, ctx);
    if (!current) return;
    const check = validateChange(await ctx.moderation!.load(), { kind: 'remove', id: current.id });
    if (check.errors.length) {
      await ephemeral(i, `Cannot remove \`${current.id}\`, because:\n${reasons(check.errors)}`);
      return;
    }
    const draftId = ctx.moderation!.drafts.put({
      kind: 'remove',
      id: current.id,
      before: current.text,
      expectedVersion: current.version,
      authorId: i.user.id,
    });
    const shipped =
      current.source === 'shipped'
        ? ' It is a shipped topic: it will be hidden here, not deleted from the repository.'
        : '';
    await replyWithin(
      i,
      ctx,
      async () => ({
        ...renderNotice(`Remove **${current.topic.title}** (\`${current.id}\`)?${shipped}`),
        components: [confirmRow(draftId, 'Remove')],
      }),
      { ephemeral: true },
    );
  },

  async misses(i, ctx) {
    const m = ctx.moderation!;
    const days = i.options.getInteger('days') ?? 30;
    const misses = await m.store.misses(days, 5);
    if (!misses.length) {
      await ephemeral(i, `No unanswered questions in the last ${days} days. 🎉`);
      return;
    }
    const lines = misses.map(
      (x, n) =>
        `**${n + 1}.** ${quoteUser(x.question, 150)} — ×${x.count}` +
        (x.bestGuess ? ` (best guess: \`${x.bestGuess}\`, ${x.bestConfidence.toFixed(2)})` : ''),
    );
    const buttons = misses.map((x, n) => ({
      type: 2 as const,
      style: 2 as const,
      label: `Teach ${n + 1}`,
      custom_id: encodeCustomId({
        kind: 'kb-miss',
        draft: ctx.moderation!.drafts.put({
          kind: 'miss',
          question: x.question,
          bestGuess: x.bestGuess,
          authorId: i.user.id,
        }),
      }),
    }));
    await replyWithin(
      i,
      ctx,
      async () =>
        renderEmbeds(
          [
            {
              title: `Most frequent misses, last ${days} days`,
              description: cut(lines.join('\n'), LIMITS.embedDescription),
            },
          ],
          [{ type: 1, components: buttons }],
        ),
      { ephemeral: true },
    );
  },

  async stats(i, ctx) {
    const days = i.options.getInteger('days') ?? 30;
    const s = await ctx.moderation!.store.stats(days);
    const cluster = await ctx.moderation!.cluster?.();
    const top = s.topTopics.map((t) => `\`${t.entryId}\` ×${t.count}`).join('\n') || '—';
    const votes = s.feedback.map((f) => `\`${f.entryId}\` 👍 ${f.up} 👎 ${f.down}`).join('\n') || '—';
    await replyWithin(
      i,
      ctx,
      async () =>
        renderEmbeds([
          {
            title: `Dialtone, last ${days} days`,
            fields: [
              { name: 'Questions', value: String(s.questions), inline: true },
              { name: 'Answered', value: `${s.answered} (${Math.round(s.answerRate * 100)}%)`, inline: true },
              { name: 'Most asked topics', value: cut(top, LIMITS.embedFieldValue) },
              { name: 'Feedback', value: cut(votes, LIMITS.embedFieldValue) },
              ...(cluster
                ? [
                    {
                      name: 'Shards',
                      value: `${cluster.shards} shards, ${cluster.guilds} servers; since they started: ${cluster.questions} questions, ${cluster.answered} answered`,
                    },
                  ]
                : []),
            ],
          },
        ]),
      { ephemeral: true },
    );
  },

  async history(i, ctx) {
    const id = i.options.getString('topic', true);
    const rows = await ctx.moderation!.store.history(id, 5);
    const text = rows.length
      ? rows
          .map(
            (r) =>
              `**${r.at.slice(0, 16).replace('T', ' ')}** ${r.action} by ${r.userName}\n${diffLine(r.before, r.after)}`,
          )
          .join('\n\n')
      : 'No changes recorded for this topic.';
    await replyWithin(
      i,
      ctx,
      async () =>
        renderEmbeds([{ title: `History of ${id}`, description: cut(text, LIMITS.embedDescription) }]),
      { ephemeral: true },
    );
  },

  async export(i, ctx) {
    const changes = await ctx.moderation!.overlay.changes();
    if (!changes.length) {
      await ephemeral(i, 'There are no local changes: the knowledge is exactly the shipped one.');
      return;
    }
    const list = changes.map((c) => `• knowledge/${c.path}`).join('\n');
    await replyWithin(
      i,
      ctx,
      async () => ({
        ...renderNotice(
          cut(
            `${changes.length} changed file(s), ready to unpack into the repository for a pull request:\n${list}`,
            2000,
          ),
        ),
        files: [
          {
            name: 'dialtone-knowledge-changes.tar.gz',
            // The tar writer loads for the one command that writes archives.
            data: await (
              await import('../../../core/knowledge/tar.js')
            ).tarGz(changes.map((c) => ({ path: `knowledge/${c.path}`, text: c.text }))),
          },
        ],
      }),
      { ephemeral: true },
    );
  },

  async reload(i, ctx) {
    const outcome = await ctx.moderation!.reload();
    const c = outcome.changed;
    const text = outcome.ok
      ? `Reloaded. Added: ${list(c.added)}. Removed: ${list(c.removed)}. Changed: ${list(c.modified)}.` +
        (outcome.warnings.length ? ` (${outcome.warnings.length} warnings)` : '')
      : `Not reloaded: the knowledge on disk has errors, so members still get the last good version.\n${reasons(outcome.errors)}`;
    await ephemeral(i, text);
  },
};

const list = (ids: string[]): string => (ids.length ? ids.map((x) => `\`${x}\``).join(', ') : 'none');

function diffLine(before: string | null, after: string | null): string {
  const summary = (t: string | null): string =>
    t ? (/^summary:\s*(.*)$/m.exec(t)?.[1] ?? '').slice(0, 150) : '(none)';
  return `before: ${summary(before)}\nafter: ${summary(after)}`;
}

async function ephemeral(i: ChatInputCommandInteraction, text: string): Promise<void> {
  await i.reply({ ...toMessageOptions(renderNotice(text)), flags: MessageFlags.Ephemeral });
}

/** The topic named by the `topic` option, parsed; replies and returns undefined when missing. */
async function readTopic(i: ChatInputCommandInteraction, ctx: BotContext) {
  const id = i.options.getString('topic', true);
  const current = await readTopicFile(ctx.moderation!, id);
  if (!current)
    await ephemeral(i, `There is no topic \`${cut(id, 80)}\`. Pick one from the list as you type.`);
  return current;
}

/** `/kb alias` and `/kb teach`: saved at once unless it would take questions from another entry. */
async function addPhrase(
  i: ChatInputCommandInteraction,
  ctx: BotContext,
  action: 'alias' | 'teach',
): Promise<void> {
  const id = i.options.getString('topic', true);
  const phrase =
    action === 'alias' ? i.options.getString('alias', true) : i.options.getString('question', true);
  await replyWithin(
    i,
    ctx,
    async () =>
      renderNotice(
        (await addToTopic(ctx.moderation!, id, phrase, action, { id: i.user.id, name: i.user.username }))
          .message,
      ),
    { ephemeral: true },
  );
}
