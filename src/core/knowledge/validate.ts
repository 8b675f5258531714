import { normalise } from '../match/text.js';
import { matchEntries } from '../match/entries.js';
import { terms } from '../match/text.js';
import type { LoadResult } from './load.js';
import { notAPost } from './posts.js';
import type { Problem } from './problems.js';
import { BODY_MAX, type KnowledgeBase } from './schema.js';

/** Discord's limit on the sum of all text in one message's embeds. */
const EMBED_TOTAL_MAX = 6000;
/** A `reviewed` date older than this is worth a second look. */
const STALE_DAYS = 365;
/** Example questions (written + paraphrased real posts) a topic needs to be learned well. */
export const MIN_EXAMPLES = 12;
/** Distinct real posts (paraphrased in `asked`) a topic needs as evidence of demand. */
export const MIN_ASKED = 6;
/** Sources known to be wrong or not identifiable (see the fact sheet); never cite them. */
const REJECTED_SOURCES: readonly { host: RegExp; why: string }[] = [
  { host: /(^|\.)jvortega\.wordpress\.com$/, why: 'defines FXS and FXO the wrong way round' },
  { host: /(^|\.)internal-docs-[a-z0-9]+\.pages\.dev$/, why: 'not an identifiable vendor or community source' },
];

export interface ValidateOptions {
  /** "Today", for the stale-review warning. */
  now?: Date;
}

/** Result of a full check: every problem, errors first. */
export interface ValidationReport {
  errors: Problem[];
  warnings: Problem[];
}

/**
 * Checks a loaded knowledge base as a whole: load problems, unique ids and aliases across
 * topics and devices, dangling references, Discord limits, sources, freshness, and routing
 * (every topic's own example questions must reach that topic first).
 */
export function validateKnowledge(load: LoadResult, options: ValidateOptions = {}): ValidationReport {
  const problems: Problem[] = [...load.problems];
  const { kb } = load;
  const at = (severity: Problem['severity'], file: string, field: (string | number)[], message: string): void => {
    problems.push({ severity, file, line: load.lineOf(file, field), field: field.join('.') || undefined, message });
  };

  checkUniqueNames(kb, at);
  const now = options.now ?? new Date();
  for (const t of kb.topics.values()) {
    t.related.forEach((id, i) => {
      // A topic a moderator removed locally is only a warning: the link just disappears.
      if (kb.hidden.has(id)) at('warning', t.file, ['related', i], `related topic "${id}" was removed locally`);
      else if (!kb.topics.has(id)) at('error', t.file, ['related', i], `unknown topic "${id}"`);
      if (id === t.id) at('error', t.file, ['related', i], 'a topic cannot be related to itself');
    });
    t.devices.forEach((id, i) => {
      if (kb.hidden.has(id)) at('warning', t.file, ['devices', i], `device "${id}" was removed locally`);
      else if (!kb.devices.has(id)) at('error', t.file, ['devices', i], `unknown device "${id}"`);
    });
    if (t.diagram && !kb.diagrams.has(t.diagram)) {
      at('error', t.file, ['diagram'], `no diagram file diagrams/${t.diagram}.dot`);
    }
    if (!t.diagram) at('warning', t.file, [], 'topic has no diagram');
    if (t.body.length > BODY_MAX) {
      at('error', t.file, [], `body is ${t.body.length} characters; one Discord embed holds ${BODY_MAX}`);
    }
    const embedTotal = t.title.length + t.body.length + (t.caution?.length ?? 0) + 200;
    if (embedTotal > EMBED_TOTAL_MAX) {
      at('error', t.file, [], `title, body and caution (${embedTotal} with footer) exceed Discord's ${EMBED_TOTAL_MAX}`);
    }
    const examples = t.questions.length + t.asked.length;
    if (examples < MIN_EXAMPLES) {
      at('warning', t.file, ['questions'], `${examples} example questions; a topic needs ${MIN_EXAMPLES} to be learned well`);
    }
    // Demand is counted in posts, not paraphrases: one post asked twice in other words is one;
    // and an address that is no post (a manual, a pull request) is no demand at all.
    const postUrls = new Set<string>();
    let paraphrases = 0;
    t.asked.forEach((a, i) => {
      checkSources([a.from], t.file, at, () => ['asked', i, 'from']);
      const not = notAPost(a.from);
      if (not) {
        at('warning', t.file, ['asked', i, 'from'], `${a.from} looks like ${not}, not a post: make it a written question`);
        return;
      }
      postUrls.add(a.from.replace(/\/+$/, ''));
      paraphrases++;
    });
    const posts = postUrls.size;
    if (posts < MIN_ASKED) {
      const also = paraphrases > posts ? ` (${paraphrases} paraphrases)` : '';
      at('warning', t.file, ['asked'], `${posts} real post${posts === 1 ? '' : 's'}${also}; ${MIN_ASKED} show the demand`);
    }
    checkSources(t.sources, t.file, at);
    const age = (now.getTime() - Date.parse(t.reviewed)) / 86_400_000;
    if (age > STALE_DAYS) at('warning', t.file, ['reviewed'], `last reviewed ${Math.floor(age)} days ago`);
  }
  for (const d of kb.devices.values()) {
    checkSources(d.sources, d.file, at);
    if (d.successor !== undefined && !kb.devices.has(d.successor)) {
      at('error', d.file, ['successor'], `unknown device "${d.successor}"`);
    }
    if (d.successor === d.id) at('error', d.file, ['successor'], 'a device cannot succeed itself');
  }
  const used = new Set([...kb.topics.values()].map((t) => t.diagram));
  for (const d of kb.diagrams.values()) {
    if (!used.has(d.id)) problems.push({ severity: 'warning', file: d.file, message: 'diagram is not used by any topic' });
  }
  checkRouting(kb, at);
  return {
    errors: problems.filter((p) => p.severity === 'error'),
    warnings: problems.filter((p) => p.severity === 'warning'),
  };
}

type At = (severity: Problem['severity'], file: string, field: (string | number)[], message: string) => void;

function checkUniqueNames(kb: KnowledgeBase, at: At): void {
  const owner = new Map<string, string>();
  for (const id of kb.topics.keys()) owner.set(id, `topic ${id}`);
  for (const d of kb.devices.values()) {
    if (owner.has(d.id)) at('error', d.file, [], `id "${d.id}" is also a topic id`);
    owner.set(d.id, `device ${d.id}`);
  }
  const claim = (name: string, who: string, file: string, field: (string | number)[]): void => {
    const key = normalise(name).trim();
    const prev = owner.get(key);
    if (prev && prev !== who) at('error', file, field, `alias "${name}" is already used by ${prev}`);
    else owner.set(key, who);
  };
  for (const t of kb.topics.values()) t.aliases.forEach((a, i) => claim(a, `topic ${t.id}`, t.file, ['aliases', i]));
  for (const d of kb.devices.values()) d.aliases.forEach((a, i) => claim(a, `device ${d.id}`, d.file, ['aliases', i]));
}

function checkSources(
  sources: readonly string[],
  file: string,
  at: At,
  field: (i: number) => (string | number)[] = (i) => ['sources', i],
): void {
  sources.forEach((url, i) => {
    const where = field(i);
    const host = new URL(url).hostname;
    const rejected = REJECTED_SOURCES.find((r) => r.host.test(host));
    if (rejected) at('error', file, where, `source ${host} is rejected: ${rejected.why}`);
    else if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[')) {
      at('warning', file, where, `source ${host} is a bare IP address; cite the vendor or a named site`);
    }
  });
}

/**
 * Routing: an example question must belong to one entry. The learned matcher answers an example
 * it was trained on with that entry, unless the same phrasing is also another entry's title,
 * alias or example — so that is what is checked, in one pass (no matcher is built).
 */
function checkRouting(kb: KnowledgeBase, at: At): void {
  const names = new Map<string, string>();
  const claim = (text: string, id: string): void => {
    const key = terms(text).join(' ');
    if (key && !names.has(key)) names.set(key, id);
  };
  for (const e of matchEntries(kb)) [e.title, ...e.aliases].forEach((n) => claim(n, e.id));
  const examples = new Map<string, string>();
  for (const t of kb.topics.values()) {
    const check = (q: string, field: (string | number)[]): void => {
      const key = terms(q).join(' ');
      if (!key) {
        at('error', t.file, field, `"${q}" matches nothing`);
        return;
      }
      const other = names.get(key) ?? examples.get(key);
      if (other && other !== t.id) at('error', t.file, field, `"${q}" reaches ${other} first`);
      else examples.set(key, t.id);
    };
    t.questions.forEach((q, i) => check(q, ['questions', i]));
    t.asked.forEach((a, i) => check(a.q, ['asked', i, 'q']));
  }
}
