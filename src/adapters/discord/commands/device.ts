import { ApplicationCommandOptionType, type APIEmbed, type ChatInputCommandInteraction } from 'discord.js';
import {
  compareDevices,
  describeFindQuery,
  findDevices,
  type Comparison,
  type FindQuery,
  type FoundDevice,
} from '../../../core/advisor/index.js';
import { DEVICE_STATUSES } from '../../../core/knowledge/schema.js';
import type { BotContext, SlashCommand } from '../context.js';
import { LIMITS, cut, embedLength } from '../limits.js';
import { renderEmbeds, renderNotice, type ReplyPayload } from '../render.js';
import { entryReply, replyWithin } from '../respond.js';
import { generatedPng } from '../advice.js';
import { PRIVATE_OPTION } from './options.js';

const STR = ApplicationCommandOptionType.String;
const INT = ApplicationCommandOptionType.Integer;
const BOOL = ApplicationCommandOptionType.Boolean;
const SUB = ApplicationCommandOptionType.Subcommand;
const COLOUR = 0x1f9d55;
const MAX_FOUND = 15;
const NOT_FOUND =
  "I don't have that device. Start typing a model (HT813, SPA112, OBi110…) and pick from the list.";

const modelOption = (name: string, description: string) =>
  ({ type: STR, name, description, required: true, autocomplete: true }) as const;

/** A typed model name or a picked choice → device id. */
function deviceId(ctx: BotContext, typed: string): string | undefined {
  const engine = ctx.engine();
  return engine.kb.devices.has(typed) ? typed : engine.completeDevice(typed, 1)[0]?.id;
}

const devicePage = (base: string | undefined, id: string): string | undefined =>
  base ? `${base}/devices/${encodeURIComponent(id)}` : undefined;

function foundLine(d: FoundDevice, base?: string): string {
  const url = devicePage(base, d.id);
  const name = url ? `[${d.title}](${url})` : `**${d.title}**`;
  const ports = `${d.fxs ?? '?'} FXS, ${d.fxo ?? '?'} FXO${d.variant ? ` (${d.variant})` : ''}`;
  const status =
    d.status === 'current'
      ? 'current'
      : `${d.status}${d.successor ? `; successor: ${d.successor.title}` : ''}`;
  return `${d.exact ? '✓' : '•'} ${name} — ${ports} · ${status}`;
}

/** `/device find`: matching devices, exact port matches (✓) first, current before retired. */
export function renderFound(q: FindQuery, found: readonly FoundDevice[], base?: string): ReplyPayload {
  if (found.length === 0) return renderNotice(`No device in the catalogue has ${describeFindQuery(q)}.`);
  const lines: string[] = [];
  for (const d of found.slice(0, MAX_FOUND)) {
    const next = [...lines, foundLine(d, base)].join('\n');
    if (next.length > LIMITS.embedDescription) break;
    lines.push(foundLine(d, base));
  }
  const embed: APIEmbed = {
    title: cut(`Devices with ${describeFindQuery(q)}`, LIMITS.embedTitle),
    color: COLOUR,
    description: lines.join('\n'),
    footer: { text: '✓ exactly these ports · • more ports than asked' },
  };
  return renderEmbeds([embed]);
}

const COMPARE_IMAGE = 'compare.png';

/** `/device compare`: two devices' facts side by side, differences named, their ports drawn. */
export function renderComparison(c: Comparison, base?: string, diagramPng?: Buffer): ReplyPayload {
  const column = (side: 'a' | 'b'): string =>
    cut(c.rows.map((r) => `**${r.label}:** ${r[side]}`).join('\n'), LIMITS.embedFieldValue);
  const differ = c.rows.filter((r) => !r.same).map((r) => r.label);
  const links = [c.a, c.b].flatMap((d) => {
    const url = devicePage(base, d.id);
    return url ? [`[${d.title}](${url})`] : [];
  });
  const embed: APIEmbed = {
    title: cut(`${c.a.title} vs ${c.b.title}`, LIMITS.embedTitle),
    color: COLOUR,
    description: cut(
      `Differences: ${differ.length ? differ.join(', ') : 'none recorded'}.${links.length ? `\nCards: ${links.join(' · ')}` : ''}`,
      LIMITS.embedDescription,
    ),
    fields: [
      { name: cut(c.a.title, LIMITS.embedFieldName), value: column('a'), inline: true },
      { name: cut(c.b.title, LIMITS.embedFieldName), value: column('b'), inline: true },
    ],
  };
  if (embedLength(embed) > LIMITS.embedTotal) embed.description = '';
  if (!diagramPng) return renderEmbeds([embed]);
  embed.image = { url: `attachment://${COMPARE_IMAGE}` };
  return { ...renderEmbeds([embed]), files: [{ name: COMPARE_IMAGE, data: diagramPng }] };
}

function findQuery(i: ChatInputCommandInteraction): FindQuery {
  const q: FindQuery = {};
  const fxs = i.options.getInteger('fxs');
  const fxo = i.options.getInteger('fxo');
  const lifeline = i.options.getBoolean('lifeline');
  const t38 = i.options.getBoolean('t38');
  const status = i.options.getString('status');
  if (fxs !== null) q.fxs = fxs;
  if (fxo !== null) q.fxo = fxo;
  if (lifeline !== null) q.lifeline = lifeline;
  if (t38 !== null) q.t38 = t38;
  if (status !== null && (DEVICE_STATUSES as readonly string[]).includes(status))
    q.status = status as FindQuery['status'];
  return q;
}

async function build(i: ChatInputCommandInteraction, ctx: BotContext, sub: string): Promise<ReplyPayload> {
  const devices = ctx.engine().kb.devices;
  if (sub === 'find') {
    const q = findQuery(i);
    return renderFound(q, findDevices(devices, q, MAX_FOUND), ctx.publicBaseUrl);
  }
  if (sub === 'compare') {
    const a = deviceId(ctx, i.options.getString('a', true));
    const b = deviceId(ctx, i.options.getString('b', true));
    const c = a && b ? compareDevices(devices, a, b) : undefined;
    if (!c) return renderNotice(NOT_FOUND);
    return renderComparison(
      c,
      ctx.publicBaseUrl,
      await generatedPng(ctx, `compare-${c.a.id}-${c.b.id}`, c.dot),
    );
  }
  const id = deviceId(ctx, i.options.getString('model', true));
  return (id ? await entryReply(ctx, id) : undefined) ?? renderNotice(NOT_FOUND);
}

/** `/device show|find|compare`: a device card, the finder, two devices side by side. */
export const device: SlashCommand = {
  kind: 'slash',
  data: {
    name: 'device',
    description: 'ATAs, gateways and cards: a device card, find by ports, compare two',
    options: [
      {
        type: SUB,
        name: 'show',
        description: 'A device card: FXS and FXO ports, lifeline, T.38, status',
        options: [modelOption('model', 'Model, e.g. HT813'), PRIVATE_OPTION],
      },
      {
        type: SUB,
        name: 'find',
        description: 'Devices with at least these ports and features',
        options: [
          {
            type: INT,
            name: 'fxs',
            description: 'FXS (phone) ports',
            required: false,
            min_value: 0,
            max_value: 1000,
          },
          {
            type: INT,
            name: 'fxo',
            description: 'FXO (line) ports',
            required: false,
            min_value: 0,
            max_value: 1000,
          },
          { type: BOOL, name: 'lifeline', description: 'Power-fail lifeline relay', required: false },
          { type: BOOL, name: 't38', description: 'T.38 fax', required: false },
          {
            type: STR,
            name: 'status',
            description: 'Lifecycle',
            required: false,
            choices: DEVICE_STATUSES.map((s) => ({ name: s, value: s })),
          },
          PRIVATE_OPTION,
        ],
      },
      {
        type: SUB,
        name: 'compare',
        description: 'Two devices side by side',
        options: [
          modelOption('a', 'First model, e.g. PAP2T'),
          modelOption('b', 'Second model, e.g. SPA112'),
          PRIVATE_OPTION,
        ],
      },
    ],
  },
  async execute(interaction, ctx) {
    // Without a sub-command: the card (clients that cached the earlier `/device model:`).
    const sub = interaction.options.getSubcommand(false) ?? 'show';
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    await replyWithin(interaction, ctx, () => build(interaction, ctx, sub), { ephemeral });
  },
  async autocomplete(interaction, ctx) {
    const choices = ctx.engine().completeDevice(interaction.options.getFocused(), LIMITS.choices);
    await interaction.respond(
      choices.map((c) => ({ name: c.title.slice(0, LIMITS.choiceName), value: c.id })),
    );
  },
};
