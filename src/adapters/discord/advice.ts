/**
 * The wiring advisor's answer as a Discord reply: one embed with the path, what to buy, example
 * devices, cautions and the generated diagram inside it. For `/wire` and for free text the engine
 * routed to the advisor.
 */
import {
  ButtonStyle,
  ComponentType,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import { describeExample, type Advice, type DeviceRef } from '../../core/advisor/index.js';
import { entryPath, type EntryRef } from '../../core/answer/answer.js';
import { wirePath } from '../../core/answer/route.js';
import type { BotContext } from './context.js';
import { LIMITS, cut, embedLength } from './limits.js';
import { seeAlsoRow, type ReplyPayload } from './render.js';
import { picture } from './picture.js';

const COLOUR = { ok: 0x2b7de9, odd: 0xe0a100 } as const;
const IMAGE = 'wire.png';

/** A generated diagram (advice, comparisons) as PNG, or none when it cannot be drawn. */
export function generatedPng(
  ctx: Pick<BotContext, 'diagrams' | 'logger'>,
  id: string,
  dot: string,
): Promise<Buffer | undefined> {
  return picture(ctx, id, () => ctx.diagrams.generated(id, dot));
}

const deviceLink = (d: DeviceRef, base?: string): string => {
  const text = describeExample(d);
  return base ? `[${text}](${base}${entryPath({ id: d.id, type: 'device' })})` : text;
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
  options: { publicBaseUrl?: string; diagramPng?: Buffer; seeAlso?: readonly EntryRef[] } = {},
): ReplyPayload {
  const base = options.publicBaseUrl;
  const url = base ? base + wirePath(a) : undefined;
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
    url,
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
  const page: APIButtonComponent[] = url
    ? [{ type: ComponentType.Button, style: ButtonStyle.Link, label: 'Open with diagram', url }]
    : [];
  const seeAlso = options.seeAlso ?? [];
  return {
    embeds: [embed],
    components: page.length + seeAlso.length ? [seeAlsoRow(seeAlso, page)] : [],
    files: options.diagramPng ? [{ name: IMAGE, data: options.diagramPng }] : [],
    allowedMentions: { parse: [] },
  };
}

/**
 * An advice with its diagram rendered: for `/wire`, and for free text routed to the advisor
 * (`seeAlso`: the topics the matcher found, one click away).
 */
export async function adviceReply(
  a: Advice,
  ctx: Pick<BotContext, 'publicBaseUrl' | 'diagrams' | 'logger'>,
  seeAlso: readonly EntryRef[] = [],
): Promise<ReplyPayload> {
  return renderAdvice(a, {
    publicBaseUrl: ctx.publicBaseUrl,
    diagramPng: await generatedPng(ctx, a.diagramId, a.dot),
    seeAlso,
  });
}
