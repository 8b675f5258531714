import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { startBot, type Bot } from '../adapters/discord/bot.js';
import { Guard } from '../adapters/discord/guard.js';
import {
  createHttpApp,
  Metrics,
  rendererStore,
  startHttpServer,
  type RunningServer,
} from '../adapters/http/index.js';
import { Drafts } from '../adapters/discord/moderation/drafts.js';
import type { Moderation } from '../adapters/discord/moderation/types.js';
import { Store } from '../adapters/storage/sqlite.js';
import { DiagramRenderer } from '../core/diagram/index.js';
import type { Engine } from '../core/engine.js';
import { loadKnowledge } from '../core/knowledge/load.js';
import { OverlayStore } from '../core/knowledge/overlay.js';
import type { Config } from './config.js';
import type { KnowledgeReloader } from './reloader.js';

/** Defer an interaction when its answer is not ready by then (Discord's limit is 3000 ms). */
const DEFER_AFTER_MS = 1500;

/** pino, with every place a token could hide redacted. */
export function createLogger(config: Config): Logger {
  return pino({
    level: config.logLevel,
    redact: {
      paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization'],
      censor: '[secret]',
    },
  });
}

export interface Services {
  bot?: Bot;
  server?: RunningServer;
  stop(): Promise<void>;
}

/**
 * Starts what a mode needs: the web server (unless HTTP_PORT is 0) and, in bot mode, the
 * Discord bot. Diagrams are rendered once at start-up, off the hot path, into DATA_DIR's cache.
 */
export async function startServices(
  config: Config,
  reloader: KnowledgeReloader,
  mode: 'bot' | 'serve',
  logger: Logger,
): Promise<Services> {
  const engine = (): Engine => reloader.current();
  const dirs = [config.knowledgeDir, path.join(config.dataDir, 'knowledge')];
  const cacheDir = path.join(config.dataDir, 'cache', 'diagrams');
  await mkdir(cacheDir, { recursive: true });
  const renderer = new DiagramRenderer({ cacheDir });
  const metrics = new Metrics({ defaultMetrics: true });
  const diagrams = rendererStore(renderer, engine, metrics);
  void renderer.renderAll(engine().kb.diagrams.values()).then(({ results, problems }) => {
    for (const p of problems) logger.warn({ problem: p }, 'diagram did not render');
    logger.info({ diagrams: results.length }, 'diagrams rendered');
  });

  let bot: Bot | undefined;
  let server: RunningServer | undefined;
  if (config.httpPort > 0) {
    const app = createHttpApp({
      engine,
      diagrams,
      publicBaseUrl: config.publicBaseUrl,
      ready: () => mode === 'serve' || Boolean(bot?.client.isReady()),
      metrics,
      logger,
    });
    server = await startHttpServer(app, config.httpPort);
    logger.info({ port: server.port }, 'web server listening');
  }
  let store: Store | undefined;
  if (mode === 'bot') {
    if (!config.discordToken) throw new Error('DISCORD_TOKEN is required to run the bot');
    store = new Store(path.join(config.dataDir, 'dialtone.db'));
    const moderation: Moderation = {
      overlay: new OverlayStore(dirs[1] ?? '', config.knowledgeDir),
      store,
      load: () => loadKnowledge(dirs),
      reload: () => reloader.reload(),
      moderatorRoleIds: new Set(config.moderatorRoleIds),
      drafts: new Drafts(),
      today: () => new Date().toISOString().slice(0, 10),
    };
    const db = store;
    bot = await startBot({
      token: config.discordToken,
      apiBase: config.discordApiBase,
      context: {
        engine,
        diagrams: { png: async (id) => (await diagrams.get(id))?.png },
        guard: new Guard({ perMinute: config.userRateLimit, cooldownMs: config.cooldownSeconds * 1000 }),
        logger,
        publicBaseUrl: config.publicBaseUrl,
        answerChannelIds: new Set(config.answerChannelIds),
        deferAfterMs: DEFER_AFTER_MS,
        onQuestion: (e) => {
          metrics.observeAnswer(e.decision, e.seconds);
          db.recordQuestion(e);
          logger.debug(
            { decision: e.decision, entry: e.entryId, confidence: e.confidence, source: e.source },
            'question',
          );
        },
        onFeedback: (f) => {
          db.recordFeedback(f);
          logger.info({ entry: f.entryId, vote: f.vote }, 'feedback');
        },
        moderation,
      },
    });
  }
  return {
    bot,
    server,
    async stop() {
      reloader.close();
      await bot?.stop();
      await server?.close();
      store?.close();
    },
  };
}

/** Stops cleanly on SIGTERM/SIGINT (Docker, systemd, Ctrl-C). */
export function stopOnSignals(services: Services, logger: Logger): void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    services.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
}
