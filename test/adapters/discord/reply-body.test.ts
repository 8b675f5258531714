/**
 * `resolvedReply` builds an interaction reply's body and files directly: they must be what
 * discord.js's own `MessagePayload` resolution gives for the same options, key for key.
 */
import { readFileSync } from 'node:fs';
import { filetypeinfo } from 'magic-bytes.js';
import {
  ChatInputCommandInteraction,
  Client,
  MessageFlags,
  MessagePayload,
  type RepliableInteraction,
} from 'discord.js';
import { afterAll, describe, expect, it } from 'vitest';
import { renderAdvice } from '../../../src/adapters/discord/advice.js';
import {
  renderAnswer,
  renderBrowse,
  renderEntry,
  renderHelp,
  renderNotice,
  type ReplyPayload,
} from '../../../src/adapters/discord/render.js';
import { replyNow, resolvedReply, toMessageOptions } from '../../../src/adapters/discord/respond.js';
import { Engine } from '../../../src/core/engine.js';
import { loadKnowledge } from '../../../src/core/knowledge/load.js';

const { kb } = await loadKnowledge(['knowledge']);
const engine = new Engine(kb);
/** A PNG's first bytes (what the type is told from). */
const PNG = readFileSync('docs/screenshots/diagram-lifeline-relay.png').subarray(0, 64);
const questions = readFileSync('test/fixtures/questions.jsonl', 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => (JSON.parse(l) as { q: string }).q);

const clients: Client[] = [];
afterAll(async () => {
  for (const c of clients) await c.destroy();
});
function interactionOf(
  options: ConstructorParameters<typeof Client>[0] = { intents: [] },
): RepliableInteraction {
  const client = new Client(options);
  clients.push(client);
  return Object.assign(Object.create(ChatInputCommandInteraction.prototype) as object, {
    client,
  }) as RepliableInteraction;
}

/** What discord.js resolves for the reply options the adapter used to pass. */
async function byDiscordJs(
  interaction: RepliableInteraction,
  p: ReplyPayload,
  flags: MessageFlags.Ephemeral | undefined,
): Promise<{ body: string; files: { name?: string; data: unknown; contentType?: string }[] }> {
  const resolved = await MessagePayload.create(interaction, { ...toMessageOptions(p), flags })
    .resolveBody()
    .resolveFiles();
  return {
    body: JSON.stringify(resolved.body),
    files: (resolved.files ?? []).map((f) => ({ name: f.name, data: f.data, contentType: f.contentType })),
  };
}

const payloads = (): ReplyPayload[] => {
  const out: ReplyPayload[] = [];
  for (const q of questions) {
    const answer = engine.ask(q);
    out.push(
      answer.advice
        ? renderAdvice(answer.advice, {
            publicBaseUrl: 'https://d.example',
            diagramPng: PNG,
            seeAlso: answer.suggestions,
          })
        : renderAnswer(answer, {
            publicBaseUrl: 'https://d.example',
            diagramPng: answer.entry?.diagram ? PNG : undefined,
          }),
    );
  }
  const entry = engine.entry('fxs');
  if (!entry) throw new Error('no fxs entry');
  out.push(
    renderEntry(entry, { long: true, forUserId: '123456789012345678', diagramPng: PNG }),
    renderEntry(entry, { diagramPng: Buffer.from('not a png') }),
    renderHelp(engine.categories(), kb.devices.size),
    renderBrowse(engine.categories()),
    renderNotice('Please wait a minute.'),
    { ...renderNotice('a reply to a message'), allowedMentions: { parse: [], repliedUser: false } },
  );
  return out;
};

describe('resolvedReply', () => {
  it("gives discord.js's own body and files for every reply the adapter renders", async () => {
    const interaction = interactionOf();
    const all = payloads();
    expect(all.length).toBeGreaterThan(questions.length);
    expect(all.some((p) => p.files.length > 0)).toBe(true);
    for (const p of all) {
      for (const flags of [undefined, MessageFlags.Ephemeral] as const) {
        const mine = resolvedReply(interaction, p, flags);
        expect(mine).toBeInstanceOf(MessagePayload);
        const resolved = await (mine as MessagePayload).resolveBody().resolveFiles();
        const theirs = await byDiscordJs(interaction, p, flags);
        expect(JSON.stringify(resolved.body)).toBe(theirs.body);
        expect(resolved.files?.map((f) => f.name)).toEqual(theirs.files.map((f) => f.name));
        for (const [k, f] of (resolved.files ?? []).entries()) expect(f.data).toBe(theirs.files[k]?.data);
        // discord.js leaves the type to REST, which sniffs it from the bytes: the same type.
        for (const [k, f] of (resolved.files ?? []).entries()) {
          const sniffed = filetypeinfo(theirs.files[k]?.data as Buffer)[0]?.mime;
          expect(f.contentType).toBe(sniffed === 'image/png' ? 'image/png' : undefined);
        }
      }
    }
  });

  it("leaves a client that enforces nonces or transforms JSON to discord.js's path", () => {
    const p = renderNotice('hello');
    expect(
      resolvedReply(interactionOf({ intents: [], enforceNonce: true }), p, undefined),
    ).not.toBeInstanceOf(MessagePayload);
    expect(
      resolvedReply(interactionOf({ intents: [], jsonTransformer: (o: unknown) => o }), p, undefined),
    ).not.toBeInstanceOf(MessagePayload);
  });

  it("replyNow sends the request discord.js's interaction.reply sends: URL, query and every multipart part", async () => {
    const sent: { url: string; parts: unknown[] }[] = [];
    const client = new Client({
      intents: [],
      rest: {
        api: 'http://discord.invalid/api',
        retries: 0,
        makeRequest: async (url, init) => {
          const parts: unknown[] = [];
          const body = init.body;
          if (body instanceof FormData) {
            for (const [key, value] of body.entries()) {
              parts.push(
                typeof value === 'string'
                  ? [key, value]
                  : [key, value.name, value.type, Buffer.from(await value.arrayBuffer()).toString('base64')],
              );
            }
          } else parts.push(String(body));
          sent.push({ url, parts });
          return new Response(null, { status: 204 }) as never;
        },
      },
    });
    clients.push(client);
    const interaction = (id: string) =>
      Object.assign(Object.create(ChatInputCommandInteraction.prototype) as object, {
        client,
        id,
        token: `token-${id}`,
        deferred: false,
        replied: false,
        ephemeral: null,
      }) as RepliableInteraction;
    const withPng = payloads()
      .filter((p) => p.files.length)
      .slice(0, 5);
    expect(withPng.length).toBeGreaterThan(0);
    let n = 0;
    for (const p of [...withPng, ...withPng, renderNotice('no files')]) {
      for (const flags of [undefined, MessageFlags.Ephemeral] as const) {
        const id = String(++n);
        const theirs = interaction(id);
        await theirs.reply({ ...toMessageOptions(p), flags });
        const mine = interaction(id);
        await replyNow(mine, p, flags);
        const [a, b] = sent.splice(0);
        expect(b).toEqual(a);
        expect([mine.replied, mine.ephemeral]).toEqual([theirs.replied, theirs.ephemeral]);
      }
    }
  });
});
