import { asksToCompare } from './advisor/device-question.js';
import { shippedPortModel, type PortModel } from './advisor/schema.js';
import { buildAnswer, comparisonAnswer, entryView, type Answer, type AnswerEntry } from './answer/answer.js';
import { deviceTitle } from './answer/device-text.js';
import { routeQuestion } from './answer/route.js';
import type { KnowledgeBase } from './knowledge/schema.js';
import { Autocomplete, type Choice } from './match/autocomplete.js';
import { matchEntries } from './match/entries.js';
import { Matcher, type MatcherOptions, type MatchResult, type TrainingStore } from './match/matcher.js';

/** The engine's options: the matcher's, and the advisor's port model (default: the shipped one). */
export interface EngineOptions extends MatcherOptions {
  ports?: PortModel;
}

/**
 * `store`, falling back to the models shipped with the knowledge (trained-model.json): one serves
 * when its key matches. New models go to `store` only.
 */
export function withShippedModels(kb: KnowledgeBase, store?: TrainingStore): TrainingStore {
  const shipped = kb.trained ?? [];
  return {
    get: (key) => store?.get(key) ?? shipped.find((t) => t.key === key)?.report,
    set: (key, report) => store?.set(key, report),
  };
}

/**
 * One loaded knowledge base with its indexes: what every adapter asks. Immutable — a reload
 * builds a new Engine and swaps it in whole.
 */
export class Engine {
  readonly matcher: Matcher;
  /** The wiring advisor's port model; undefined when it could not be read (no routing then). */
  readonly ports: PortModel | undefined;
  private readonly topicChoices: Autocomplete;
  private readonly deviceChoices: Autocomplete;

  constructor(
    readonly kb: KnowledgeBase,
    options: EngineOptions = {},
  ) {
    this.ports = options.ports ?? shippedPortModel();
    const store = withShippedModels(kb, options.store);
    this.matcher = Matcher.create(matchEntries(kb), kb.synonyms, { ...options, store });
    this.topicChoices = new Autocomplete([...kb.topics.values()]);
    this.deviceChoices = new Autocomplete(
      [...kb.devices.values()].map((d) => ({ id: d.id, title: deviceTitle(d), aliases: d.aliases })),
    );
  }

  /**
   * Matches a question and builds the answer. Two named devices with a comparison word
   * ("pap2t vs spa112") get the side-by-side comparison; a question that asks to connect two
   * endpoints ("how do I connect my fax to asterisk") gets the wiring advisor, a "which ATA has an
   * FXO port" the device finder (answer/route.ts).
   */
  ask(question: string): Answer {
    return this.answerFor(question, this.match(question));
  }

  /** `ask` for a question already matched (`match` is `this.match(question)`): no second match. */
  answerFor(question: string, match: MatchResult): Answer {
    // The matcher has already found the devices named; only two of them need the comparison check.
    const [a, b] = match.mentioned ?? [];
    if (a && b && match.decision !== 'none' && asksToCompare(question)) {
      const compared = comparisonAnswer(this.kb, a, b);
      if (compared) return compared;
    }
    return routeQuestion(this.kb, question, match, this.ports) || buildAnswer(this.kb, match);
  }

  match(question: string): MatchResult {
    return this.matcher.match(question);
  }

  /** A topic or device by id. */
  entry(id: string): AnswerEntry | undefined {
    return entryView(this.kb, id);
  }

  completeTopic(input: string, limit?: number): Choice[] {
    return this.topicChoices.complete(input, limit);
  }

  completeDevice(input: string, limit?: number): Choice[] {
    return this.deviceChoices.complete(input, limit);
  }

  /** Categories with their topics, sorted, for browsing. */
  categories(): { name: string; topics: { id: string; title: string }[] }[] {
    const byCat = new Map<string, { id: string; title: string }[]>();
    for (const t of this.kb.topics.values()) {
      const list = byCat.get(t.category) ?? [];
      list.push({ id: t.id, title: t.title });
      byCat.set(t.category, list);
    }
    return [...byCat.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, topics]) => ({ name, topics: topics.sort((a, b) => a.title.localeCompare(b.title)) }));
  }
}
