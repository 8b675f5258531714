/** The commands that answer questions without Discord: `console`, `ask` and `eval`. */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { formatAnswer } from '../adapters/console/format.js';
import { MAX_QUESTION_CHARS, runConsole } from '../adapters/console/repl.js';
import { toAnswerJson } from '../core/answer/answer.js';
import { Engine } from '../core/engine.js';
import { evaluate, parseLabelled } from '../core/eval.js';
import { errorsOf, formatProblem } from '../core/knowledge/problems.js';
import type { ScorerScore, TrainingStore } from '../core/match/matcher.js';
import { knowledgeCacheFor, loadKnowledgeCached } from './knowledge-cache.js';
import { indexStoreFor } from './index-store.js';
import { trainingStoreFor } from './training-store.js';

/** No usable knowledge at all: fatal for every command that answers. */
export class KnowledgeLoadError extends Error {
  readonly code = 'KNOWLEDGE_INVALID';
  constructor(readonly lines: string[]) {
    super(`No usable knowledge was found:\n${lines.join('\n')}`);
  }
}

/**
 * Loads the knowledge folders into an engine. Entries that fail to load are skipped and named
 * on stderr (one broken file must not take the bot down); no knowledge at all is fatal.
 */
export async function loadEngine(
  dirs: readonly string[],
  store: TrainingStore | undefined = trainingStoreFor(dirs),
): Promise<Engine> {
  // Unchanged files load from DATA_DIR/cache/knowledge (no YAML parsing or validation).
  const load = await loadKnowledgeCached(dirs, knowledgeCacheFor(dirs));
  const errors = errorsOf(load.problems);
  if (load.kb.topics.size === 0) throw new KnowledgeLoadError(errors.map(formatProblem));
  if (errors.length) {
    console.error(`Skipped invalid knowledge (run "dialtone kb check" for details):`);
    for (const e of errors.slice(0, 10)) console.error(`  ${formatProblem(e)}`);
    if (errors.length > 10) console.error(`  … and ${errors.length - 10} more`);
  }
  const index = indexStoreFor(dirs);
  return new Engine(load.kb, { ...(store ? { store } : {}), ...(index ? { index } : {}) });
}

export async function runConsoleMode(dirs: readonly string[]): Promise<number> {
  const engine = await loadEngine(dirs);
  await runConsole(() => engine, process.stdin, process.stdout);
  return 0;
}

/** `dialtone ask`: one answer for the words given, or one per line of stdin. */
export async function ask(
  words: readonly string[],
  options: { json?: boolean },
  dirs: readonly string[],
): Promise<number> {
  const engine = await loadEngine(dirs);
  const show = (q: string): string => {
    // Capped at the door: a pasted log file must not cost hundreds of megabytes.
    const answer = engine.ask(q.slice(0, MAX_QUESTION_CHARS));
    return options.json
      ? JSON.stringify(toAnswerJson(answer))
      : formatAnswer(answer, { hint: 'Try other words; `dialtone console` lists the topics (:topics).' });
  };
  if (words.length) {
    console.log(show(words.join(' ')));
    return 0;
  }
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim()) console.log(show(line));
  }
  return 0;
}

/** `dialtone eval FILE`: measures answers on labelled questions. */
export async function runEval(
  file: string,
  options: { json?: boolean; compare?: boolean },
  dirs: readonly string[],
): Promise<number> {
  const text = await readFile(file, 'utf8');
  const engine = await loadEngine(dirs);
  if (options.compare) printScorerComparison(engine.matcher.compareScorers());
  const report = evaluate(engine, parseLabelled(text, file));
  if (options.json) {
    console.log(JSON.stringify(report));
    return 0;
  }
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  console.log(`${file}: ${report.onTopic} on-topic, ${report.offTopic} off-topic`);
  console.log(`  top-1 (right entry ranked first)        ${pct(report.top1)}`);
  console.log(`  answered correctly                      ${pct(report.answeredCorrectly)}`);
  console.log(`  correct or right first suggestion       ${pct(report.correctOrFirstSuggestion)}`);
  console.log(`  wrong confident answers                 ${pct(report.wrongAnswers)}`);
  console.log(`  suggestion recall (right one in top 3)  ${pct(report.suggestionRecall)}`);
  console.log(`  off-topic rejected                      ${pct(report.offTopicRejected)}`);
  console.log(`  off-topic answered (posted unprompted)  ${pct(report.offTopicAnswered)}`);
  console.log(`  same entry with one typo                ${pct(report.typoAgreement)}`);
  const t = engine.matcher.training;
  console.log(
    `Thresholds: answer at ${t.answerAt}, suggest at ${t.suggestAt}` +
      (t.prior
        ? ' (prior model: too few examples to learn from)'
        : `; ${t.examples} held-out examples, top-1 ${pct(t.top1)}`),
  );
  if (t.curve.length) {
    console.log('Cross-validated curve (held-out examples; right counts a linked neighbour as half):');
    console.log('  threshold  answered  right   wrong   off-topic through');
    for (const c of t.curve.filter((c) => Math.round(c.threshold * 40) % 4 === 0)) {
      console.log(
        `  ${c.threshold.toFixed(2).padStart(9)}  ${pct(c.coverage).padStart(8)}  ${pct(c.right).padStart(6)}  ${pct(c.wrong).padStart(6)}  ${pct(c.offTopicAnswered).padStart(6)}`,
      );
    }
  }
  if (report.misses.length) {
    console.log('Misses (✓ = the top entry was right but not answered):');
    for (const m of report.misses) {
      console.log(
        `  ${m.topRight ? '✓' : '✗'} [${m.status} ${m.confidence.toFixed(2)} → ${m.got ?? '-'}; want ${m.expected}] ${m.q.slice(0, 100)}`,
      );
    }
  }
  return 0;
}

/** The ranking methods side by side (`dialtone eval --compare`). */
function printScorerComparison(scores: readonly ScorerScore[]): void {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(7);
  console.log("Ranking methods, 5-fold cross-validated on the knowledge's example questions:");
  console.log('  top-1   alone  method');
  for (const s of scores) console.log(`  ${pct(s.top1)} ${pct(s.top1Plain)}  ${s.name}`);
}
