/**
 * Start-up and shut-down of the long-running modes (`bot`, `serve`), like a well-behaved daemon:
 * start in order, and on a fatal error close what was opened and exit non-zero with one line,
 * so Docker or systemd sees the failure instead of a live process that does nothing.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { buildEngine } from './background-training.js';
import { fileIndexStore } from './index-store.js';
import { fileTrainingStore } from './training-store.js';
import { formatProblem } from '../core/knowledge/problems.js';
import type { Config } from './config.js';
import { KnowledgeLoadError } from './questions.js';
import { describeChanges, KnowledgeReloader } from './reloader.js';
import { Closers } from './closers.js';
import { createLogger } from './logger.js';
import { startServices } from './services.js';

export { Closers } from './closers.js';

/** One line saying why start-up failed, in words an operator can act on. */
export function startupFailure(
  err: unknown,
  config: Pick<Config, 'httpPort'> & Partial<Pick<Config, 'httpHost'>>,
): string {
  const e = err as NodeJS.ErrnoException & { syscall?: string; address?: string };
  if (e?.code === 'EADDRINUSE') {
    return `port ${config.httpPort} is already in use (set HTTP_PORT to a free port, or 0 for no web server)`;
  }
  if (e?.code === 'EADDRNOTAVAIL') {
    const host = e.address ?? config.httpHost ?? 'that address';
    return `cannot listen on ${host}: no network interface of this machine has that address (set HTTP_HOST to one it has, e.g. 127.0.0.1 or 0.0.0.0)`;
  }
  if (e?.code === 'EACCES' && e.syscall === 'listen') {
    return `no permission to listen on port ${config.httpPort} (choose a port above 1023 in HTTP_PORT)`;
  }
  if (e?.code === 'TokenInvalid') return 'Discord refused DISCORD_TOKEN (reset it in the Developer Portal)';
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET'].includes(e?.code ?? '')) {
    return `cannot reach Discord (${e.code}): ${e.message}`;
  }
  if (err instanceof KnowledgeLoadError) return err.message.replace(/\n/g, '; ');
  return err instanceof Error ? err.message : String(err);
}

/**
 * Runs the bot (with the web server) or the web server alone until SIGTERM/SIGINT. Returns 1 after
 * a fatal start-up error, once everything opened so far is closed; never returns otherwise.
 */
export async function runService(
  config: Config,
  dirs: readonly string[],
  mode: 'bot' | 'serve',
): Promise<number> {
  const logger = createLogger(config);
  const closers = new Closers();
  try {
    // A fresh install has no DATA_DIR yet: create the overlay folder first, so hand edits in it
    // hot-reload from the first start.
    await mkdir(path.join(config.dataDir, 'knowledge'), { recursive: true });
    const training = fileTrainingStore(path.join(config.dataDir, 'cache', 'matcher'), (e) =>
      logger.warn({ reason: String(e) }, 'cannot cache the trained matcher'),
    );
    // The built matcher too: a restart with unchanged knowledge restores it instead of building it.
    const index = fileIndexStore(path.join(config.dataDir, 'cache', 'index'), (e) =>
      logger.warn({ reason: String(e) }, 'cannot cache the built matcher'),
    );
    const reloader = new KnowledgeReloader({
      dirs: [...dirs],
      // A large change trains the matcher in a worker thread: answering goes on meanwhile.
      build: (load) =>
        buildEngine(load.kb, { store: training, index }, (e) =>
          logger.warn({ reason: String(e) }, 'training worker failed; training in-process'),
        ),
      onSwap: (_engine, report) => logger.info(`knowledge reloaded: ${describeChanges(report.changed)}`),
      onRejected: (errors) =>
        logger.warn(
          { errors: errors.slice(0, 10).map(formatProblem) },
          'invalid knowledge: left out at start-up, otherwise the last good version is kept',
        ),
      onWatchError: (err, dir) => logger.warn({ dir, reason: String(err) }, 'cannot watch knowledge folder'),
      startDespiteErrors: true, // a broken entry is left out and logged; it does not stop the bot
    });
    closers.add('knowledge watcher', () => reloader.close());
    const first = await reloader.reload();
    if (!first.ok || reloader.current().kb.topics.size === 0) {
      throw new KnowledgeLoadError(first.errors.map(formatProblem));
    }
    await reloader.watch(); // hot reload: a git pull or an edit by hand is picked up within seconds
    await startServices(config, reloader, mode, logger, closers);
  } catch (err) {
    const debug = logger.isLevelEnabled('debug');
    logger.fatal(debug ? { err } : {}, `cannot start: ${startupFailure(err, config)}`);
    await closers.closeAll();
    return 1;
  }
  stopOnSignals(closers, logger);
  return new Promise<never>(() => undefined); // until a signal stops the process
}

/**
 * Stops cleanly on SIGTERM/SIGINT (Docker, systemd, Ctrl-C); a second signal exits at once.
 * The listeners stay registered (`on`, not `once`): signal-exit (under write-file-atomic) re-raises
 * a signal when it finds itself the only listener left, which killed the process mid-shutdown.
 */
function stopOnSignals(closers: Closers, logger: Logger): void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void closers.closeAll().then((failed) => {
      if (failed.length) logger.error({ failed }, 'error while shutting down');
      process.exit(failed.length ? 1 : 0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
}
