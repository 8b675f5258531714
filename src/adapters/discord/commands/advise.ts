import { ApplicationCommandOptionType, type APIEmbed, type APIEmbedField } from 'discord.js';
import {
  advise,
  completeEndpoints,
  describeExample,
  loadPortModel,
  MAX_COUNT,
  resolveEndpoint,
  type Advice,
  type DeviceRef,
  type PortModel,
} from '../../../core/advisor/index.js';
import { DiagramRenderer } from '../../../core/diagram/index.js';
import type { SlashCommand } from '../context.js';
import { LIMITS, cut, embedLength } from '../limits.js';
import { renderNotice, type ReplyPayload } from '../render.js';
import { replyWithin } from '../respond.js';
import { PRIVATE_OPTION } from './options.js';

const COLOUR = { ok: 0x2b7de9, odd: 0xe0a100 } as const;
const IMAGE = 'advise.png';

let portModel: Promise<PortModel> | undefined;
/** The shipped port model, read once. */
export const advisorModel = (): Promise<PortModel> => (portModel ??= loadPortModel());

let renderer: DiagramRenderer | undefined;
/** Generated diagrams (advice, comparisons) are rendered on demand, cached in memory by content. */
export async function generatedPng(id: string, dot: string): Promise<Buffer | undefined> {
  renderer ??= new DiagramRenderer();
  try {
    return (await renderer.render({ id, dot, file: `${id}.dot` })).png;
  } catch {
    return undefined; // the answer stands without its picture
  }
}

const deviceLink = (d: DeviceRef, base?: string): string => {
  const text = describeExample(d);
  return base ? `[${text}](${base}/devices/${encodeURIComponent(d.id)})` : text;
};

function equipmentFields(a: Advice, base?: string): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  if (a.equipment.length) {
    const ports = [a.ports.fxs ? `${a.ports.fxs} FXS` : '', a.ports.fxo ? `${a.ports.fxo} FXO` : '']
      .filter(Boolean)
      .join(' + ');
    const buy = a.equipment.map((e) => `• ${e.label}`).join('\n') + (ports ? `\nPorts needed: ${ports}` : '');
    fields.push({ name: 'What to buy', value: cut(buy, LIMITS.embedFieldValue) });
  }
  const examples = a.equipment.flatMap((e) => e.examples.map((d) => `• ${deviceLink(d, base)}`));
  if (examples.length)
    fields.push({ name: 'Example devices', value: cutLines(examples, LIMITS.embedFieldValue) });
  const other = a.equipment.flatMap((e) => e.alternatives.map((x) => `• ${x}`));
  if (other.length) fields.push({ name: 'Other ways', value: cutLines(other, LIMITS.embedFieldValue) });
  if (a.fix) fields.push({ name: 'The fix', value: cut(a.fix, LIMITS.embedFieldValue) });
  return fields;
}

/** Whole lines that fit, so a link is never cut in half. */
function cutLines(lines: readonly string[], max: number): string {
  let out = '';
  for (const l of lines) {
    const next = out ? `${out}\n${l}` : l;
    if (next.length > max) break;
    out = next;
  }
  return out || cut(lines[0] ?? '', max);
}

/** An advice as one embed with the diagram inside it; every Discord limit enforced. */
export function renderAdvice(
  a: Advice,
  options: { publicBaseUrl?: string; diagramPng?: Buffer } = {},
): ReplyPayload {
  const count = (n: number): string => (n > 1 ? `${n} × ` : '');
  const fields = [
    ...equipmentFields(a, options.publicBaseUrl),
    ...a.warnings
      .slice(0, 8)
      .map((w) => ({ name: '⚠️ Caution', value: cut(w.text, LIMITS.embedFieldValue) })),
  ];
  const embed: APIEmbed = {
    title: cut(
      `${count(a.from.count)}${a.from.label} → ${count(a.to.count)}${a.to.label}`,
      LIMITS.embedTitle,
    ),
    color: a.verdict === 'direct' || a.verdict === 'gateway' || a.verdict === 'lan' ? COLOUR.ok : COLOUR.odd,
    description: cut(`${a.summary}\n\n**Path:** ${a.pathText}`, LIMITS.embedDescription),
    fields,
    footer: { text: 'Dialtone wiring advisor: FXS meets FXO, IP meets IP over the LAN.' },
  };
  if (options.diagramPng) embed.image = { url: `attachment://${IMAGE}` };
  while (embedLength(embed) > LIMITS.embedTotal && fields.length > 1) fields.pop();
  if (embedLength(embed) > LIMITS.embedTotal) {
    embed.description = cut(
      embed.description ?? '',
      Math.max(200, LIMITS.embedTotal - embedLength({ ...embed, description: '' })),
    );
  }
  return {
    embeds: [embed],
    components: [],
    files: options.diagramPng ? [{ name: IMAGE, data: options.diagramPng }] : [],
    allowedMentions: { parse: [] },
  };
}

/** `/advise from:<endpoint> to:<endpoint> [count]`: how to connect two things, with a diagram. */
export const adviseCommand: SlashCommand = {
  kind: 'slash',
  data: {
    name: 'advise',
    description: 'How to connect two things: phone, fax, landline, PBX, Asterisk, 3CX, SIP trunk…',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'from',
        description: 'What you have, e.g. analog phone',
        required: true,
        autocomplete: true,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'to',
        description: 'What it should work with, e.g. Asterisk',
        required: true,
        autocomplete: true,
      },
      {
        type: ApplicationCommandOptionType.Integer,
        name: 'count',
        description: 'How many (phones, lines…)',
        required: false,
        min_value: 1,
        max_value: MAX_COUNT,
      },
      PRIVATE_OPTION,
    ],
  },
  async execute(interaction, ctx) {
    const from = interaction.options.getString('from', true);
    const to = interaction.options.getString('to', true);
    const count = interaction.options.getInteger('count') ?? 1;
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    await replyWithin(
      interaction,
      ctx,
      async () => {
        const model = await advisorModel();
        const unknown = [from, to].find((x) => !resolveEndpoint(model, x));
        if (unknown !== undefined) {
          return renderNotice(
            "I don't know that endpoint. Start typing (analog phone, fax, landline, Asterisk, 3CX, SIP trunk…) and pick from the list.",
          );
        }
        const a = advise(model, ctx.engine().kb.devices, from, to, Math.min(Math.max(count, 1), MAX_COUNT));
        return renderAdvice(a, {
          publicBaseUrl: ctx.publicBaseUrl,
          diagramPng: await generatedPng(a.diagramId, a.dot),
        });
      },
      { ephemeral },
    );
  },
  async autocomplete(interaction) {
    const model = await advisorModel();
    const choices = completeEndpoints(model, interaction.options.getFocused(), LIMITS.choices);
    await interaction.respond(choices.map((e) => ({ name: cut(e.label, LIMITS.choiceName), value: e.id })));
  },
};
