#!/usr/bin/env node
/**
 * The `dialtone` command: the composition root. The only place that reads the environment
 * and wires the core to its adapters.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import 'dotenv/config';
import { runConsole } from '../adapters/console/repl.js';
import { formatAnswer } from '../adapters/console/format.js';
import { toAnswerJson } from '../core/answer/answer.js';
import { Engine } from '../core/engine.js';
import { evaluate, parseLabelled } from '../core/eval.js';
import { loadKnowledge } from '../core/knowledge/load.js';
import { errorsOf, formatProblem } from '../core/knowledge/problems.js';
import { ConfigError, parseConfig, type Config } from './config.js';
import { diagramsExport, kbCheck, writeJsonSchemas } from './kb.js';
import { deployCommands } from '../adapters/discord/deploy.js';
import { KnowledgeReloader } from './reloader.js';
import { createLogger, startServices, stopOnSignals } from './services.js';

const USAGE = `Usage: dialtone [command]

  (no command)              start the bot if DISCORD_TOKEN is set, else the local console
  console                   the local console
  bot                       the Discord bot (and the web server unless HTTP_PORT=0)
  serve                     the web server alone
  deploy-commands [--guild ID]  register the slash commands (a guild: instantly; else globally)
  ask [--json] [question]   answer one question (no question: one per line from stdin)
  eval FILE.jsonl           measure answers on labelled questions
  kb check [--dir DIR]...   validate the knowledge base (exit 1 on errors)
  kb schema [DIR]           write JSON Schemas for editors (default: schema/)
  diagrams export DIR       write every diagram as SVG and PNG
  help                      this text`;

/**
 * Loads the knowledge folders into an engine. Entries that fail to load are skipped and named
 * on stderr (one broken file must not take the bot down); no knowledge at all is fatal.
 */
export async function loadEngine(dirs: readonly string[]): Promise<Engine> {
  const load = await loadKnowledge(dirs);
  const errors = errorsOf(load.problems);
  if (load.kb.topics.size === 0) throw new KnowledgeLoadError(errors.map(formatProblem));
  if (errors.length) {
    console.error(`Skipped invalid knowledge (run "dialtone kb check" for details):`);
    for (const e of errors.slice(0, 10)) console.error(`  ${formatProblem(e)}`);
    if (errors.length > 10) console.error(`  … and ${errors.length - 10} more`);
  }
  return new Engine(load.kb);
}

class KnowledgeLoadError extends Error {
  readonly code = 'KNOWLEDGE_INVALID';
  constructor(readonly lines: string[]) {
    super(`No usable knowledge was found:\n${lines.join('\n')}`);
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = parseConfig(process.env);
  const dirs = [config.knowledgeDir, path.join(config.dataDir, 'knowledge')];
  switch (command) {
    case undefined:
    case 'start':
      return start(config, dirs);
    case 'console':
      return runConsoleMode(dirs);
    case 'bot':
      return runService(config, dirs, 'bot');
    case 'serve':
      return runService(config, dirs, 'serve');
    case 'deploy-commands':
      return deploy(config, rest);
    case 'ask':
      return ask(rest, dirs);
    case 'eval':
      return runEval(rest, dirs);
    case 'kb':
      return kb(rest, dirs);
    case 'diagrams':
      if (rest[0] === 'export' && rest[1]) return diagramsExport(dirs, rest[1]);
      console.error('Usage: dialtone diagrams export DIR');
      return 2;
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    default:
      console.error(`Unknown command "${command}".\n${USAGE}`);
      return 2;
  }
}

async function start(config: Config, dirs: string[]): Promise<number> {
  if (config.discordToken) return runService(config, dirs, 'bot');
  console.error(
    'No DISCORD_TOKEN set: starting the local console (set DISCORD_TOKEN to run the Discord bot).',
  );
  return runConsoleMode(dirs);
}

/** The bot (with the web server) or the web server alone; runs until SIGTERM/SIGINT. */
async function runService(config: Config, dirs: string[], mode: 'bot' | 'serve'): Promise<number> {
  const logger = createLogger(config);
  const reloader = new KnowledgeReloader({
    dirs,
    build: (load) => new Engine(load.kb),
    onSwap: (_engine, report) => logger.info({ changed: report.changed }, 'knowledge reloaded'),
    onRejected: (errors) =>
      logger.warn(
        { errors: errors.slice(0, 10).map(formatProblem) },
        'invalid knowledge: left out at start-up, otherwise the last good version is kept',
      ),
    onWatchError: (err, dir) => logger.warn({ err, dir }, 'cannot watch knowledge folder'),
    startDespiteErrors: true, // a broken entry is left out and logged; it does not stop the bot
  });
  const first = await reloader.reload();
  if (!first.ok || reloader.current().kb.topics.size === 0) {
    throw new KnowledgeLoadError(first.errors.map(formatProblem));
  }
  reloader.watch(); // hot reload: a git pull or an edit by hand is picked up within seconds
  const services = await startServices(config, reloader, mode, logger);
  stopOnSignals(services, logger);
  await new Promise<never>(() => undefined); // until a signal stops the process
  return 0;
}

async function deploy(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { guild: { type: 'string' } } });
  if (!config.discordToken) {
    console.error('deploy-commands needs DISCORD_TOKEN.');
    return 1;
  }
  const count = await deployCommands({
    token: config.discordToken,
    apiBase: config.discordApiBase,
    guildId: values.guild,
  });
  console.log(
    `Registered ${count} commands ${values.guild ? `in guild ${values.guild}` : 'globally (may take up to an hour to appear)'}.`,
  );
  return 0;
}

/** `[--json] [words…]`, shared by `ask` and `eval`. */
function jsonArgs(args: string[]) {
  return parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
}

async function runConsoleMode(dirs: string[]): Promise<number> {
  const engine = await loadEngine(dirs);
  await runConsole(() => engine, process.stdin, process.stdout);
  return 0;
}

async function ask(args: string[], dirs: string[]): Promise<number> {
  const { values, positionals } = jsonArgs(args);
  const engine = await loadEngine(dirs);
  const show = (q: string): string => {
    const answer = engine.ask(q);
    return values.json ? JSON.stringify(toAnswerJson(answer)) : formatAnswer(answer);
  };
  if (positionals.length) {
    console.log(show(positionals.join(' ')));
    return 0;
  }
  const { createInterface } = await import('node:readline');
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim()) console.log(show(line));
  }
  return 0;
}

async function runEval(args: string[], dirs: string[]): Promise<number> {
  const { values, positionals } = jsonArgs(args);
  const file = positionals[0];
  if (!file) {
    console.error('Usage: dialtone eval FILE.jsonl [--json]');
    return 2;
  }
  const engine = await loadEngine(dirs);
  const report = evaluate(engine, parseLabelled(await readFile(file, 'utf8'), file));
  if (values.json) {
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
  if (report.misses.length) {
    console.log('Misses:');
    for (const m of report.misses) {
      console.log(
        `  [${m.status} ${m.confidence.toFixed(2)} → ${m.got ?? '-'}; want ${m.expected}] ${m.q.slice(0, 100)}`,
      );
    }
  }
  return 0;
}

async function kb(args: string[], dirs: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'check') {
    const { values } = parseArgs({ args: rest, options: { dir: { type: 'string', multiple: true } } });
    return kbCheck(values.dir?.length ? values.dir : dirs);
  }
  if (sub === 'schema') return writeJsonSchemas(rest[0] ?? 'schema');
  console.error('Usage: dialtone kb check [--dir DIR]... | dialtone kb schema [DIR]');
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError) console.error(err.message);
    else if (err instanceof KnowledgeLoadError) console.error(err.message);
    else console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  },
);
