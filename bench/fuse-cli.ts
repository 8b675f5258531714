/**
 * Cold-start baseline for `dialtone ask`: a plain fuse.js FAQ command over the same knowledge
 * folder (load, index every field, answer one question with the top hit's summary).
 *
 *   node build/bench/fuse-cli.js "question"   (KNOWLEDGE_DIR, default knowledge/)
 */
import Fuse from 'fuse.js';
import { loadKnowledge } from '../src/core/knowledge/load.js';
import { matchEntries } from '../src/core/match/entries.js';

const { kb } = await loadKnowledge([process.env.KNOWLEDGE_DIR ?? 'knowledge']);
const fuse = new Fuse(matchEntries(kb), {
  keys: ['title', 'aliases', 'keywords', 'questions', 'summary'],
  includeScore: true,
});
const top = fuse.search(process.argv.slice(2).join(' '), { limit: 1 })[0];
console.log(top ? `${top.item.title}\n${top.item.summary}` : 'No answer.');
