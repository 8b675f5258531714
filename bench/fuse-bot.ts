/**
 * Cold-start baseline for `dialtone bot`: a plain fuse.js FAQ bot over the same knowledge
 * folder, on discord.js, answering `/ask` with the top hit through Dialtone's own renderer.
 *
 *   DISCORD_TOKEN=… DISCORD_API_BASE=… node build/bench/fuse-bot.js   (KNOWLEDGE_DIR, default knowledge/)
 */
import { Client, Events, GatewayIntentBits, type InteractionReplyOptions } from 'discord.js';
import Fuse from 'fuse.js';
import { renderAnswer } from '../src/adapters/discord/render.js';
import { toMessageOptions } from '../src/adapters/discord/respond.js';
import { buildAnswer } from '../src/core/answer/answer.js';
import { loadKnowledge } from '../src/core/knowledge/load.js';
import { matchEntries } from '../src/core/match/entries.js';

const { kb } = await loadKnowledge([process.env.KNOWLEDGE_DIR ?? 'knowledge']);
const fuse = new Fuse(matchEntries(kb), {
  keys: ['title', 'aliases', 'keywords', 'questions', 'summary'],
  includeScore: true,
});
const client = new Client({
  intents: [GatewayIntentBits.Guilds],
  rest: { api: process.env.DISCORD_API_BASE ?? 'https://discord.com/api' },
});
client.on(Events.InteractionCreate, (interaction) => {
  if (!interaction.isChatInputCommand() || interaction.commandName !== 'ask') return;
  const hits = fuse.search(interaction.options.getString('question', true), { limit: 3 });
  const candidates = hits.map((h) => ({
    id: h.item.id,
    confidence: 1 - (h.score ?? 1),
    score: 1 - (h.score ?? 1),
  }));
  const answer = buildAnswer(kb, {
    decision: hits.length ? 'answer' : 'none',
    confidence: candidates[0]?.confidence ?? 0,
    candidates,
  });
  const reply: InteractionReplyOptions = { ...toMessageOptions(renderAnswer(answer)), flags: undefined };
  void interaction.reply(reply);
});
process.on('SIGTERM', () => void client.destroy().then(() => process.exit(0)));
await client.login(process.env.DISCORD_TOKEN);
