#!/usr/bin/env node
/**
 * The `dialtone` command: the composition root. The only place that reads the environment
 * and wires the core to its adapters. Sub-commands, `--help` and `--version` come from commander;
 * each command checks only the configuration it needs.
 */
import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import 'dotenv/config';
import { parseCount, runAdvise } from './advise.js';
import { parsePorts, runCompare, runFind, type FindOptions } from './device.js';
import { DEVICE_STATUSES } from '../core/knowledge/schema.js';
import { ConfigError, NEEDS, parseConfig, type Config, type Variable } from './config.js';
import { shardEnv } from './shard-child.js';
import { parseDelay, parseShardList, parseShards, type ShardOptions } from './shards.js';
import { ask, KnowledgeLoadError, runConsoleMode, runEval } from './questions.js';

// The bot, the web server, Discord's REST client and the diagram tools are loaded by the command
// that needs them: `dialtone ask` and the console start without discord.js, fastify or SQLite.
type Lazy<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
const lazy = <M, K extends keyof M>(load: () => Promise<M>, name: K): Lazy<M[K]> =>
  (async (...args: unknown[]) => ((await load())[name] as (...a: unknown[]) => unknown)(...args)) as Lazy<
    M[K]
  >;
const runService = lazy(() => import('./lifecycle.js'), 'runService');
const runShards = lazy(() => import('./shards.js'), 'runShards');
const deployCommands = lazy(() => import('../adapters/discord/deploy.js'), 'deployCommands');
const kbCheck = lazy(() => import('./kb.js'), 'kbCheck');
const kbTrain = lazy(() => import('./kb.js'), 'kbTrain');
const kbConfusions = lazy(() => import('./kb.js'), 'kbConfusions');
const writeJsonSchemas = lazy(() => import('./kb.js'), 'writeJsonSchemas');
const diagramsExport = lazy(() => import('./kb.js'), 'diagramsExport');

const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const config = (needs: readonly Variable[]): Config => parseConfig(process.env, needs);
/** Shipped knowledge first, the local overlay last (it extends and overrides). */
const knowledgeDirs = (c: Config): string[] => [c.knowledgeDir, path.join(c.dataDir, 'knowledge')];

/** Sets the exit code a command returned; long-running modes never return unless they failed. */
let exitCode = 0;
const done = (code: number): void => {
  exitCode = code;
};

function program(): Command {
  const cli = new Command('dialtone')
    .description('Answers VoIP hardware questions (FXS, FXO, ATAs, gateways) from a curated knowledge base.')
    .version(PACKAGE.version, '-V, --version')
    .exitOverride() // before the sub-commands, which inherit it: main() sets the exit code
    .showHelpAfterError('(run "dialtone help" or "dialtone <command> --help" for usage)')
    .addHelpText('after', '\nWith no command: the bot if DISCORD_TOKEN is set, else the local console.');

  serviceCommands(cli);
  questionCommands(cli);
  knowledgeCommands(cli);
  return cli;
}

/** The long-running modes and the slash-command registration. */
function serviceCommands(cli: Command): void {
  cli
    .command('start')
    .description('the bot if DISCORD_TOKEN is set, else the local console (the default)')
    .action(async () => {
      // A token, even a malformed one, means "run the bot": then every variable is checked.
      if (process.env.DISCORD_TOKEN?.trim()) {
        const c = config(NEEDS.bot);
        return done(await runService(c, knowledgeDirs(c), 'bot'));
      }
      console.error(
        'No DISCORD_TOKEN set: starting the local console (set DISCORD_TOKEN to run the Discord bot).',
      );
      done(await runConsoleMode(knowledgeDirs(config(NEEDS.knowledge))));
    });
  cli
    .command('console')
    .description('the local console: type questions, :help for its commands')
    .action(async () => done(await runConsoleMode(knowledgeDirs(config(NEEDS.knowledge)))));
  cli
    .command('bot')
    .description('the Discord bot, and the web server unless HTTP_PORT=0')
    .option('--shards <auto|n>', "run n shards (or Discord's recommendation), one process each", parseShards)
    .option(
      '--shard-list <ids>',
      'the shards this host runs, e.g. 0-3 (with --shards n on every host)',
      parseShardList,
    )
    .option('--shard-delay <ms>', "wait between shard starts (Discord's limit: 5 s)", parseDelay, 5500)
    .action(async (options: Partial<ShardOptions> & { shardDelay: number }) => {
      const c = parseConfig(shardEnv(process.env), NEEDS.bot);
      if (!c.discordToken) throw new UsageError('the bot needs DISCORD_TOKEN (see .env.example)');
      if (options.shardList && !options.shards) throw new UsageError('--shard-list needs --shards <n>');
      if (options.shards) {
        const { shards, shardList } = options;
        return done(await runShards(c, { shards, shardList, spawnDelayMs: options.shardDelay }));
      }
      done(await runService(c, knowledgeDirs(c), 'bot'));
    });
  cli
    .command('serve')
    .description('the web server alone (port HTTP_PORT, default 8080)')
    .action(async () => {
      const c = config(NEEDS.serve);
      if (c.httpPort === 0) throw new UsageError('serve needs a port: HTTP_PORT is 0');
      done(await runService(c, knowledgeDirs(c), 'serve'));
    });
  cli
    .command('service')
    .description('for containers and systemd: the bot if DISCORD_TOKEN is set, else the web server alone')
    .action(async () => {
      const withBot = Boolean(process.env.DISCORD_TOKEN?.trim());
      const c = config(withBot ? NEEDS.bot : NEEDS.serve);
      if (c.httpPort === 0 && !withBot) throw new UsageError('service without DISCORD_TOKEN needs HTTP_PORT');
      done(await runService(c, knowledgeDirs(c), withBot ? 'bot' : 'serve'));
    });
  cli
    .command('deploy-commands')
    .description('register the slash commands: in one guild (instantly) or globally')
    .option('--guild <id>', 'a guild id: register there only, instantly')
    .action(async (options: { guild?: string }) => {
      const c = config(NEEDS.deploy);
      if (!c.discordToken) throw new UsageError('deploy-commands needs DISCORD_TOKEN.');
      const count = await deployCommands({
        token: c.discordToken,
        apiBase: c.discordApiBase,
        guildId: options.guild,
      });
      console.log(
        `Registered ${count} commands ${options.guild ? `in guild ${options.guild}` : 'globally (may take up to an hour to appear)'}.`,
      );
    });
}

/** One-shot questions: ask, wire (alias advise), device find|compare, eval. */
function questionCommands(cli: Command): void {
  cli
    .command('ask')
    .description('answer one question; without one, answer each line of stdin')
    .argument('[question...]', 'the question, in your own words')
    .option('--json', 'one JSON object per question (the /api/ask contract)')
    .action(async (words: string[], options: { json?: boolean }) =>
      done(await ask(words, options, knowledgeDirs(config(NEEDS.knowledge)))),
    );
  cli
    .command('wire')
    .alias('advise')
    .description('how to connect two things (analog phone, fax, landline, asterisk, 3cx, sip-trunk…)')
    .argument('<from>', 'what you have, e.g. analog-phone')
    .argument('<to>', 'what it should work with, e.g. asterisk')
    .option('--count <n>', 'how many of the analog side (phones, lines…)', parseCount)
    .option('--json', 'the advice as one JSON object')
    .option('--dot', 'only the Graphviz DOT of the diagram')
    .action(async (from: string, to: string, options: { count?: number; json?: boolean; dot?: boolean }) =>
      done(await runAdvise(from, to, options, knowledgeDirs(config(NEEDS.knowledge)))),
    );
  const device = cli.command('device').description('the device finder: find by ports, compare two');
  device
    .command('find')
    .description('devices with at least these ports and these features (exact port matches first)')
    .option('--fxs <n>', 'FXS (phone) ports', parsePorts)
    .option('--fxo <n>', 'FXO (line) ports', parsePorts)
    .option('--lifeline', 'with a power-fail lifeline relay (--no-lifeline: without)')
    .option('--no-lifeline')
    .option('--t38', 'with T.38 fax (--no-t38: without)')
    .option('--no-t38')
    .addOption(new Option('--status <status>', 'lifecycle').choices(DEVICE_STATUSES))
    .option('--json', 'the query and the devices as one JSON object')
    .action(async (options: FindOptions) =>
      done(await runFind(options, knowledgeDirs(config(NEEDS.knowledge)))),
    );
  device
    .command('compare')
    .description('two devices side by side, e.g. pap2t spa112')
    .argument('<a>', 'a model, alias or id')
    .argument('<b>', 'another one')
    .option('--json', 'the comparison as one JSON object')
    .action(async (a: string, b: string, options: { json?: boolean }) =>
      done(await runCompare(a, b, options, knowledgeDirs(config(NEEDS.knowledge)))),
    );
  cli
    .command('eval')
    .description('measure answers on labelled questions (one JSON object per line)')
    .argument('<file>', 'a .jsonl file of {"q": …, "expect_id": …} rows')
    .option('--json', 'print the report as one JSON object')
    .option('--compare', 'first compare ranking methods on the knowledge (5-fold; about a minute)')
    .action(async (file: string, options: { json?: boolean; compare?: boolean }) =>
      done(await runEval(file, options, knowledgeDirs(config(NEEDS.knowledge)))),
    );
}

/** Checking the knowledge, its JSON Schemas and the diagram export. */
function knowledgeCommands(cli: Command): void {
  const kb = cli.command('kb').description('check the knowledge base or write its JSON Schemas');
  kb.command('check')
    .description('validate the knowledge base; exit 1 on errors')
    .option('--dir <dir...>', 'knowledge folders to check (default: the shipped one and the overlay)')
    .action(async (options: { dir?: string[] }) =>
      done(await kbCheck(options.dir?.length ? options.dir : knowledgeDirs(config(NEEDS.knowledge)))),
    );
  kb.command('train')
    .description('train the matcher and write knowledge/trained-model.json (faster starts)')
    .option('--dir <dir...>', 'knowledge folders (default: the shipped one)')
    .action(async (options: { dir?: string[] }) =>
      done(await kbTrain(options.dir?.length ? options.dir : [config(NEEDS.knowledge).knowledgeDir])),
    );
  kb.command('confusions')
    .description('list the example questions the matcher ranks under another entry when they are held out')
    .argument('[id]', 'only those of (or won by) this entry')
    .option('--dir <dir...>', 'knowledge folders (default: the shipped one and the overlay)')
    .action(async (id: string | undefined, options: { dir?: string[] }) =>
      done(
        await kbConfusions(options.dir?.length ? options.dir : knowledgeDirs(config(NEEDS.knowledge)), id),
      ),
    );
  kb.command('schema')
    .description('write JSON Schemas for editors')
    .argument('[dir]', 'output folder', 'schema')
    .action(async (dir: string) => done(await writeJsonSchemas(dir)));

  const diagrams = cli.command('diagrams').description('work with the diagrams');
  diagrams
    .command('export')
    .description('write every diagram as SVG and PNG')
    .argument('<dir>', 'output folder')
    .action(async (dir: string) => done(await diagramsExport(knowledgeDirs(config(NEEDS.knowledge)), dir)));
}

/** A mistake in how the command was called: one line, exit 2. */
class UsageError extends Error {}

/** What went wrong, in one line (or a few for a list of problems), without a stack trace. */
export function describeFailure(err: unknown): string {
  if (err instanceof ConfigError || err instanceof KnowledgeLoadError) return err.message;
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code === 'string' && typeof e.path === 'string') {
    const why: Record<string, string> = {
      ENOENT: 'no such file or folder',
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      ENOTDIR: 'a part of the path is a file, not a folder',
      EISDIR: 'is a folder, not a file',
      EROFS: 'read-only file system',
      ENOSPC: 'no space left on the disk',
    };
    return `${e.path}: ${why[e.code] ?? e.message}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * A reader that stops early (`dialtone ask < questions | head`) closes the pipe: stop quietly,
 * with the exit code so far, rather than die of an unhandled EPIPE with a stack trace.
 */
function stopWhenReaderLeaves(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(exitCode);
  });
}

async function main(argv: string[]): Promise<void> {
  stopWhenReaderLeaves(process.stdout);
  const cli = program();
  try {
    // No command means `start`; an unknown word stays an unknown command.
    await cli.parseAsync(argv.length ? argv : ['start'], { from: 'user' });
    process.exitCode = exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has printed the message (or the help / version) already.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    const debug = /^(debug|trace)$/i.test(process.env.LOG_LEVEL?.trim() ?? '');
    console.error(
      debug && err instanceof Error ? (err.stack ?? err.message) : `dialtone: ${describeFailure(err)}`,
    );
    process.exitCode = err instanceof UsageError ? 2 : 1;
  }
  // Long-running modes return only after a failed start: leave now, whatever is still pending.
  if (process.exitCode && process.exitCode !== 0) process.exit();
}

void main(process.argv.slice(2));
