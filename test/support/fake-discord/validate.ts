import * as spec from 'discord-api-spec/zod';
import type { Json } from './types.js';

type Schema = (typeof spec)['MessageCreateRequestSchema'];

export type BodyKind =
  | 'callback'
  | 'webhookEdit'
  | 'webhookExecute'
  | 'messageCreate'
  | 'messageEdit'
  | 'commandsPut'
  | 'commandCreate'
  | 'commandEdit';

const NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const CALLBACK_SCHEMAS: Record<number, Schema> = {
  4: spec.CreateMessageInteractionCallbackRequestSchema,
  5: spec.CreateMessageInteractionCallbackRequestSchema,
  6: spec.UpdateMessageInteractionCallbackRequestSchema,
  7: spec.UpdateMessageInteractionCallbackRequestSchema,
  8: spec.ApplicationCommandAutocompleteCallbackRequestSchema,
  9: spec.ModalInteractionCallbackRequestSchema,
};

function schemaIssues(schema: Schema, body: unknown, prefix = ''): string[] {
  const r = schema.safeParse(body);
  if (r.success) return [];
  return r.error.issues
    .slice(0, 5)
    .map((i) => `${prefix}${i.path.map(String).join('.') || '(body)'}: ${i.message}`);
}

/** Hand rules the spec lacks: 2000-char content (bots), 6000-char embed total. */
export function messageRules(data: Json, prefix = ''): string[] {
  if (!data || typeof data !== 'object') return [];
  const out: string[] = [];
  if (typeof data.content === 'string' && data.content.length > 2000) {
    out.push(`${prefix}content: ${data.content.length} characters exceeds 2000`);
  }
  if (Array.isArray(data.embeds)) {
    const len = (s: unknown): number => (typeof s === 'string' ? s.length : 0);
    const total = data.embeds.reduce(
      (acc: number, e: Json) =>
        acc +
        len(e?.title) +
        len(e?.description) +
        len(e?.footer?.text) +
        len(e?.author?.name) +
        (Array.isArray(e?.fields)
          ? e.fields.reduce((a: number, f: Json) => a + len(f?.name) + len(f?.value), 0)
          : 0),
      0,
    );
    if (total > 6000) out.push(`${prefix}embeds: total text ${total} characters exceeds 6000`);
  }
  if (Array.isArray(data.attachments) && data.attachments.length > 10)
    out.push(`${prefix}attachments: more than 10`);
  return out;
}

function optionRules(options: Json[] | undefined, where: string): string[] {
  if (!Array.isArray(options)) return [];
  const out: string[] = [];
  if (options.length > 25) out.push(`${where}.options: ${options.length} options exceeds 25`);
  options.forEach((o: Json, i: number) => {
    const at = `${where}.options[${i}](${o?.name})`;
    out.push(...nameRules(o?.name, at, true));
    out.push(...descriptionRules(o?.description, at));
    if (Array.isArray(o?.choices)) {
      if (o.choices.length > 25) out.push(`${at}.choices: ${o.choices.length} choices exceeds 25`);
      o.choices.forEach((c: Json, j: number) => {
        if (typeof c?.name !== 'string' || c.name.length < 1 || c.name.length > 100) {
          out.push(`${at}.choices[${j}].name: must be 1-100 characters`);
        }
      });
    }
    out.push(...optionRules(o?.options, at));
  });
  return out;
}

function nameRules(name: unknown, where: string, chatInput: boolean): string[] {
  if (typeof name !== 'string') return [`${where}.name: missing`];
  if (!chatInput)
    return name.length >= 1 && name.length <= 32 ? [] : [`${where}.name: "${name}" must be 1-32 characters`];
  const out: string[] = [];
  if (!NAME_RE.test(name))
    out.push(`${where}.name: "${name}" does not match ^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$`);
  if (name.toLowerCase() !== name) out.push(`${where}.name: "${name}" must be lowercase`);
  return out;
}

function descriptionRules(description: unknown, where: string): string[] {
  if (typeof description !== 'string' || description.length < 1 || description.length > 100) {
    return [
      `${where}.description: must be 1-100 characters (got ${typeof description === 'string' ? description.length : 'none'})`,
    ];
  }
  return [];
}

/** Command rules: name regex + lowercase for CHAT_INPUT, description 1-100, ≤25 options/choices. */
export function commandRules(cmd: Json, where: string): string[] {
  const chatInput = cmd?.type === undefined || cmd?.type === 1;
  const out = nameRules(cmd?.name, where, chatInput);
  if (chatInput) out.push(...descriptionRules(cmd?.description, where), ...optionRules(cmd?.options, where));
  else if (cmd?.description)
    out.push(`${where}.description: context-menu commands must have an empty description`);
  return out;
}

/** All violations for one request body of the given kind. */
export function validateBody(kind: BodyKind, body: Json): string[] {
  switch (kind) {
    case 'callback': {
      const schema = CALLBACK_SCHEMAS[body?.type];
      if (!schema) return [`type: unsupported interaction callback type ${body?.type}`];
      const out = schemaIssues(schema, body);
      if (body.type === 4 || body.type === 7) out.push(...messageRules(body.data, 'data.'));
      if (body.type === 8 && (body.data?.choices?.length ?? 0) > 25)
        out.push('data.choices: more than 25 choices');
      return out;
    }
    case 'webhookEdit':
      return [...schemaIssues(spec.IncomingWebhookUpdateRequestPartialSchema, body), ...messageRules(body)];
    case 'webhookExecute':
      return [...schemaIssues(spec.IncomingWebhookRequestPartialSchema, body), ...messageRules(body)];
    case 'messageCreate':
      return [...schemaIssues(spec.MessageCreateRequestSchema, body), ...messageRules(body)];
    case 'messageEdit':
      return [...schemaIssues(spec.MessageEditRequestPartialSchema, body), ...messageRules(body)];
    case 'commandsPut': {
      if (!Array.isArray(body)) return ['(body): must be an array of commands'];
      const out = body.length > 130 ? [`(body): ${body.length} commands exceeds 130`] : [];
      body.forEach((c: Json, i: number) =>
        out.push(
          ...schemaIssues(spec.ApplicationCommandUpdateRequestSchema, c, `[${i}].`),
          ...commandRules(c, `[${i}](${c?.name})`),
        ),
      );
      return out;
    }
    case 'commandCreate':
      return [
        ...schemaIssues(spec.ApplicationCommandCreateRequestSchema, body),
        ...commandRules(body, `(${body?.name})`),
      ];
    case 'commandEdit':
      return schemaIssues(spec.ApplicationCommandPatchRequestPartialSchema, body);
  }
}

/**
 * What a message would ping on real Discord. Missing allowed_mentions means Discord's default:
 * everything for channel messages, users only for interaction/webhook messages; replies ping the author.
 */
export function pingsOf(body: Json, viaInteraction: boolean, isReply: boolean): string[] {
  const content: string = typeof body?.content === 'string' ? body.content : '';
  const am = body?.allowed_mentions;
  const parse: string[] = am ? (am.parse ?? []) : viaInteraction ? ['users'] : ['users', 'roles', 'everyone'];
  const out: string[] = [];
  for (const m of content.matchAll(/<@!?(\d+)>/g)) {
    if (parse.includes('users') || am?.users?.includes(m[1])) out.push(`user:${m[1]}`);
  }
  for (const m of content.matchAll(/<@&(\d+)>/g)) {
    if (parse.includes('roles') || am?.roles?.includes(m[1])) out.push(`role:${m[1]}`);
  }
  if (/@(everyone|here)/.test(content) && parse.includes('everyone')) out.push('everyone');
  if (isReply && (am ? am.replied_user === true : true)) out.push('replied_user');
  return out;
}

/** Nest issues into Discord's `errors` shape so DiscordAPIError can flatten them. */
export function discordErrors(messages: string[]): Json {
  return { _errors: messages.map((message) => ({ code: 'BASE_TYPE_INVALID', message })) };
}
