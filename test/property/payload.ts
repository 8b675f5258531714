/**
 * A renderer's ReplyPayload as the JSON bodies discord.js puts on the wire (interaction reply,
 * deferred edit, channel reply), so property tests can check them with the fake Discord's
 * validators (discord-api-spec schemas + the hand rules) without a network round trip.
 */
import type { ReplyPayload } from '../../src/adapters/discord/render.js';
import type { Json } from '../support/fake-discord/index.js';
import { pingsOf, validateBody } from '../support/fake-discord/validate.js';

/** The message part of a body, as discord.js serialises `toMessageOptions(payload)`. */
export function messageBody(p: ReplyPayload): Json {
  const am = p.allowedMentions;
  return {
    content: p.content ?? '',
    embeds: p.embeds,
    components: p.components,
    attachments: p.files.map((f, i) => ({ id: String(i), filename: f.name })),
    allowed_mentions: {
      parse: am.parse,
      ...(am.users ? { users: am.users } : {}),
      ...(am.repliedUser !== undefined ? { replied_user: am.repliedUser } : {}),
    },
  };
}

/** Every way the payload can go out, with the validator kind the fake applies to it. */
export function wireBodies(
  p: ReplyPayload,
  replyTo = '1234567890123456789',
): { kind: Parameters<typeof validateBody>[0]; body: Json; via: boolean; reply: boolean }[] {
  const data = messageBody(p);
  return [
    { kind: 'callback', body: { type: 4, data }, via: true, reply: false },
    { kind: 'callback', body: { type: 4, data: { ...data, flags: 64 } }, via: true, reply: false },
    { kind: 'webhookEdit', body: data, via: true, reply: false },
    {
      kind: 'messageCreate',
      body: {
        ...data,
        allowed_mentions: { parse: [], replied_user: false },
        message_reference: { message_id: replyTo, fail_if_not_exists: true },
      },
      via: false,
      reply: true,
    },
  ];
}

/** Violations of the spec or Discord's limits, plus anything that would ping, for every wire form. */
export function payloadProblems(p: ReplyPayload): string[] {
  const out: string[] = [];
  for (const w of wireBodies(p)) {
    out.push(...validateBody(w.kind, w.body).map((v) => `${w.kind}: ${v}`));
    const msg = w.kind === 'callback' ? w.body.data : w.body;
    if (JSON.stringify(msg.allowed_mentions?.parse) !== '[]')
      out.push(`${w.kind}: allowed_mentions.parse is not []`);
    const pings = pingsOf(msg, w.via, w.reply).filter(
      (ping) => !(p.allowedMentions.users ?? []).some((u) => ping === `user:${u}`),
    );
    if (pings.length) out.push(`${w.kind}: would ping ${pings.join(', ')}`);
  }
  return out;
}

/** Lone (unpaired) UTF-16 surrogates in a string: Discord rejects or mangles them. */
export function hasLoneSurrogate(s: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}
