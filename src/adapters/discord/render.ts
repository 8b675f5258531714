/**
 * Answer → Discord message payload. Pure: no client, no I/O. Every limit is enforced here,
 * and every payload carries `allowedMentions: { parse: [] }` unless one user is named.
 */
import {
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  type APIStringSelectComponent,
} from 'discord.js';
import {
  ENGLISH_ONLY,
  entryPath,
  type Answer,
  type AnswerEntry,
  type EntryRef,
} from '../../core/answer/answer.js';
import { describeStatus } from '../../core/answer/device-text.js';
import { encodeCustomId } from './custom-id.js';
import { LIMITS, cut, embedLength } from './limits.js';

/** A neutral reply that the Discord adapter sends as it is. */
export interface ReplyPayload {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  files: { name: string; data: Buffer }[];
  allowedMentions: { parse: []; users?: string[]; repliedUser?: boolean };
}

export interface RenderOptions {
  /** Where entry pages live (`PUBLIC_BASE_URL`); no link buttons without it. */
  publicBaseUrl?: string;
  /** PNG of the entry's diagram, when there is one. */
  diagramPng?: Buffer;
  /** Long form (`/explain`): the body instead of only the summary. */
  long?: boolean;
  /** Mention exactly this user (the `for:` option); nobody else is ever pinged. */
  forUserId?: string;
  /** Title of a device entry's successor (shown instead of its id), when the caller knows it. */
  successorTitle?: string;
}

/** Custom ids of Dialtone's components. Kept short: Discord allows 100 characters. */
export const CUSTOM_ID = {
  topic: (id: string) => encodeCustomId({ kind: 'topic', id }),
  feedback: (vote: 'up' | 'down', id: string) => encodeCustomId({ kind: 'feedback', vote, id }),
  category: encodeCustomId({ kind: 'category' }),
  pick: encodeCustomId({ kind: 'pick' }),
} as const;

const COLOUR = { answer: 0x2b7de9, device: 0x1f9d55, suggest: 0xe0a100, none: 0x777777 } as const;
const NO_PINGS = { parse: [] as [] };

/** The reply for a matched question: an answer, "did you mean", or "not sure". */
export function renderAnswer(answer: Answer, options: RenderOptions = {}): ReplyPayload {
  if (answer.status === 'answer' && answer.entry) return renderAnswerEntry(answer.entry, options);
  if (answer.status === 'suggest' && answer.suggestions.length) {
    return {
      content: "I'm not sure. Did you mean one of these?",
      embeds: [],
      components: [row(answer.suggestions.slice(0, 3).map((s) => topicButton(s, ButtonStyle.Primary)))],
      files: [],
      allowedMentions: NO_PINGS,
    };
  }
  if (answer.language) {
    return { content: ENGLISH_ONLY, embeds: [], components: [], files: [], allowedMentions: NO_PINGS };
  }
  return renderNotSure();
}

/**
 * `renderEntry` for an answer. A shared entry view (`entryView` freezes it: the knowledge's own
 * topic or device, no device facts added) renders the same payload for the same base URL and
 * diagram every time, so its payload is rendered once and shared, frozen like the view (see
 * `isShared`); a reload's new views start afresh.
 */
function renderAnswerEntry(entry: AnswerEntry, options: RenderOptions): ReplyPayload {
  if (!Object.isFrozen(entry) || options.long || options.forUserId || options.successorTitle !== undefined)
    return renderEntry(entry, options);
  const { publicBaseUrl, diagramPng } = options;
  const kept = renderedViews.get(entry);
  if (kept && kept.publicBaseUrl === publicBaseUrl && kept.diagramPng === diagramPng) return kept.payload;
  const payload = Object.freeze(renderEntry(entry, { publicBaseUrl, diagramPng }));
  renderedViews.set(entry, { publicBaseUrl, diagramPng, payload });
  return payload;
}

/** The payload last rendered for each shared entry view, with what it was rendered with. */
const renderedViews = new WeakMap<
  AnswerEntry,
  { publicBaseUrl?: string; diagramPng?: Buffer; payload: ReplyPayload }
>();

/**
 * True for a payload shared by every answer with the same entry (see `renderAnswerEntry`): it is
 * never changed, so what is derived from it alone (its JSON) can be kept with it.
 */
export function isShared(payload: ReplyPayload): boolean {
  return Object.isFrozen(payload);
}

/** The short, friendly "I don't know" that points to `/topics`. */
export function renderNotSure(): ReplyPayload {
  return {
    content:
      "I'm not sure about that one. Try rephrasing with the port or device name (FXS, FXO, ATA, HT813…), " +
      'or browse what I know with `/topics`.',
    embeds: [],
    components: [],
    files: [],
    allowedMentions: NO_PINGS,
  };
}

/** One entry as an embed with its diagram, caution, devices, links and buttons. */
export function renderEntry(entry: AnswerEntry, options: RenderOptions = {}): ReplyPayload {
  const base = options.publicBaseUrl;
  // Topics, devices and routed answers (`/wire/…`, `/devices?…`) each at their own address.
  const url = base ? base + entryPath(entry) : undefined;
  const readMore = url ? ` [Read more](${url})` : '';
  const text = options.long && entry.body ? `${entry.summary}\n\n${entry.body}` : entry.summary;
  const fields: APIEmbedField[] = [];
  if (entry.caution) fields.push({ name: '⚠️ Caution', value: cut(entry.caution, LIMITS.embedFieldValue) });
  if (entry.device) fields.push(...deviceFields(entry, options.successorTitle));
  if (entry.devices.length) {
    fields.push({
      name: 'Example devices',
      value: cut(entry.devices.map((d) => d.title).join(', '), LIMITS.embedFieldValue),
    });
  }
  const imageName = `${entry.diagram ?? entry.id}.png`;
  const embed: APIEmbed = {
    title: cut(entry.title, LIMITS.embedTitle),
    url,
    color: entry.type === 'device' ? COLOUR.device : COLOUR.answer,
    description: cut(text, LIMITS.embedDescription, `…${readMore}`),
    fields,
    footer: { text: cut(footer(entry), LIMITS.embedFooter) },
  };
  if (options.diagramPng) embed.image = { url: `attachment://${imageName}` };
  fitTotal(embed, readMore);

  const links: APIButtonComponent[] = [];
  if (url) links.push({ type: ComponentType.Button, style: ButtonStyle.Link, label: 'Read more', url });
  if (base && entry.diagram) {
    links.push({
      type: ComponentType.Button,
      style: ButtonStyle.Link,
      label: 'Diagram',
      url: `${base}/diagrams/${encodeURIComponent(entry.diagram)}.svg`,
    });
  }
  const related = entry.related.slice(0, 3).map((r) => topicButton(r, ButtonStyle.Secondary));
  const components = [];
  if (links.length + related.length) components.push(row([...links, ...related]));
  components.push(
    row([
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        emoji: { name: '👍' },
        custom_id: CUSTOM_ID.feedback('up', entry.id),
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        emoji: { name: '👎' },
        custom_id: CUSTOM_ID.feedback('down', entry.id),
      },
    ]),
  );
  return {
    content: options.forUserId ? `<@${options.forUserId}>` : undefined,
    embeds: [embed],
    components,
    files: options.diagramPng ? [{ name: imageName, data: options.diagramPng }] : [],
    allowedMentions: options.forUserId ? { parse: [], users: [options.forUserId] } : NO_PINGS,
  };
}

/** `/topics`: a category menu, or the topics of one category. */
export function renderBrowse(
  categories: { name: string; topics: EntryRef[] }[],
  chosen?: string,
): ReplyPayload {
  const cat = chosen ? categories.find((c) => c.name === chosen) : undefined;
  const select: APIStringSelectComponent = cat
    ? {
        type: ComponentType.StringSelect,
        custom_id: CUSTOM_ID.pick,
        placeholder: `Topics in ${cat.name}`,
        options: cat.topics.slice(0, LIMITS.selectOptions).map((t) => ({
          label: cut(t.title, LIMITS.selectLabel),
          value: t.id,
        })),
      }
    : {
        type: ComponentType.StringSelect,
        custom_id: CUSTOM_ID.category,
        placeholder: 'Choose a category',
        options: categories.slice(0, LIMITS.selectOptions).map((c) => ({
          label: cut(c.name, LIMITS.selectLabel),
          value: c.name,
          description: cut(`${c.topics.length} topics`, LIMITS.selectDescription),
        })),
      };
  // A select menu needs at least one option (an empty knowledge base, an emptied category).
  if (select.options.length === 0) return renderNotice('There is nothing to browse here yet.');
  const more =
    cat && cat.topics.length > LIMITS.selectOptions
      ? ` (first ${LIMITS.selectOptions} shown; ask for the rest)`
      : '';
  return {
    content: cat
      ? `**${escapeMarkdown(cat.name)}**: pick a topic${more}.`
      : 'What would you like to read about?',
    embeds: [],
    components: [{ type: ComponentType.ActionRow, components: [select] }],
    files: [],
    allowedMentions: NO_PINGS,
  };
}

/** `/help`. */
export function renderHelp(
  categories: { name: string; topics: EntryRef[] }[],
  deviceCount: number,
): ReplyPayload {
  const lines = categories.map((c) => `• **${escapeMarkdown(c.name)}**: ${c.topics.length} topics`);
  return {
    embeds: [
      {
        title: 'Dialtone: answers about VoIP hardware',
        color: COLOUR.answer,
        description: cut(
          [
            'Ask in plain words: what FXS and FXO mean, which port your phone, fax or wall jack goes into, ' +
              'which ATA or gateway to buy, failover, fax, hang-up and echo problems, PBX and intercom wiring.',
            '',
            '**How to ask**',
            '`/ask` a question · `/explain` one topic · `/device` an ATA or gateway · `/wire` how to connect two things · `/topics` browse',
            'or mention me with your question, or use **Apps → Ask Dialtone** on a message.',
            '',
            `**What I know** (${deviceCount} devices)`,
            ...lines,
            '',
            'Moderators can add and correct entries with `/kb`.',
          ].join('\n'),
          LIMITS.embedDescription,
        ),
      },
    ],
    components: [],
    files: [],
    allowedMentions: NO_PINGS,
  };
}

/** A reply that is only embeds (and optional components): reports and lists. */
export function renderEmbeds(embeds: APIEmbed[], components: ReplyPayload['components'] = []): ReplyPayload {
  return { embeds, components, files: [], allowedMentions: NO_PINGS };
}

/** A short text reply (notices, errors): escaped, cut, never pinging. */
export function renderNotice(text: string): ReplyPayload {
  return {
    content: cut(text, LIMITS.content),
    embeds: [],
    components: [],
    files: [],
    allowedMentions: NO_PINGS,
  };
}

/** Escapes user text quoted back into a message (no markdown, no mentions). */
export function quoteUser(text: string, max = 200): string {
  return escapeMarkdown(cut(text.replace(/\s+/g, ' '), max)).replace(/@/g, '@\u200b');
}

function deviceFields(entry: AnswerEntry, successorTitle?: string): APIEmbedField[] {
  const d = entry.device;
  if (!d) return [];
  const yesNo = (v: boolean | undefined): string => (v === undefined ? 'unconfirmed' : v ? 'yes' : 'no');
  // Without an FXO port there is no line for a power-fail lifeline to fall back to.
  const lifeline = d.fxo === 0 && d.lifeline !== true ? 'no (no FXO port)' : yesNo(d.lifeline);
  const fields: APIEmbedField[] = [
    { name: 'FXS (phone) ports', value: d.fxs === undefined ? 'unconfirmed' : String(d.fxs), inline: true },
    { name: 'FXO (line) ports', value: d.fxo === undefined ? 'unconfirmed' : String(d.fxo), inline: true },
    { name: 'Lifeline relay', value: lifeline, inline: true },
    { name: 'T.38 fax', value: yesNo(d.t38), inline: true },
  ];
  if (d.ethernet !== undefined)
    fields.push({ name: 'Ethernet ports', value: String(d.ethernet), inline: true });
  if (d.router !== undefined)
    fields.push({ name: 'Router (WAN + LAN)', value: yesNo(d.router), inline: true });
  if (d.power) fields.push({ name: 'Power', value: cut(d.power, LIMITS.embedFieldValue), inline: true });
  fields.push({
    name: 'Status',
    value: cut(describeStatus(d, successorTitle), LIMITS.embedFieldValue),
    inline: true,
  });
  if (d.notes) fields.push({ name: 'Notes', value: cut(d.notes, LIMITS.embedFieldValue) });
  fields.push({
    name: 'Sources',
    value: cut(d.sources.map((s) => `<${s}>`).join('\n'), LIMITS.embedFieldValue),
  });
  return fields;
}

function footer(entry: AnswerEntry): string {
  const source = entry.sources[0] ? `Source: ${hostOf(entry.sources[0])}` : '';
  const reviewed = entry.reviewed ? `Reviewed ${entry.reviewed}` : '';
  return [source, reviewed].filter(Boolean).join(' · ') || 'Dialtone';
}

/** Source hosts by URL: every answer's footer parses its first source's URL. */
const hosts = new Map<string, string>();

function hostOf(url: string): string {
  let host = hosts.get(url);
  if (host === undefined) {
    try {
      host = new URL(url).hostname.replace(/^www\./, '');
    } catch {
      host = url;
    }
    if (hosts.size >= 10_000) hosts.clear();
    hosts.set(url, host);
  }
  return host;
}

/**
 * Keeps the embed within Discord's 6000-character total: the description gives way first, then
 * the footer, then the fields from the last one up (a long title, caution, device list and source
 * footer can together pass 6000 when the description is short).
 */
function fitTotal(embed: APIEmbed, readMore: string): void {
  const over = (): number => embedLength(embed) - LIMITS.embedTotal;
  const shorten = (text: string, suffix: string): string =>
    cut(text, Math.max(0, text.length - over()), suffix);
  if (over() > 0 && embed.description) embed.description = shorten(embed.description, `…${readMore}`);
  if (over() > 0 && embed.footer) embed.footer = { ...embed.footer, text: shorten(embed.footer.text, '…') };
  for (const field of [...(embed.fields ?? [])].reverse()) {
    if (over() <= 0) break;
    field.value = shorten(field.value, '…') || '…';
  }
}

function topicButton(ref: EntryRef, style: ButtonStyle.Primary | ButtonStyle.Secondary): APIButtonComponent {
  return {
    type: ComponentType.Button,
    style,
    label: cut(ref.title, LIMITS.buttonLabel),
    custom_id: CUSTOM_ID.topic(ref.id),
  };
}

/** Up to three entries as buttons that open them ("see also"), after `first` (link buttons). */
export function seeAlsoRow(
  refs: readonly EntryRef[],
  first: APIButtonComponent[] = [],
): APIActionRowComponent<APIComponentInMessageActionRow> {
  return row([...first, ...refs.slice(0, 3).map((r) => topicButton(r, ButtonStyle.Secondary))]);
}

function row(components: APIButtonComponent[]): APIActionRowComponent<APIComponentInMessageActionRow> {
  return { type: ComponentType.ActionRow, components: components.slice(0, 5) };
}
