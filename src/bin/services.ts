import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { startBot, type Bot } from '../adapters/discord/bot.js';
import { Guard } from '../adapters/discord/guard.js';
import type { HttpAppOptions } from '../adapters/http/app.js';
import type { DiagramStore } from '../adapters/http/diagram-store.js';
import { Metrics } from '../adapters/http/metrics.js';
import { rendererStore, startHttpServer } from '../adapters/http/server.js';
import { Drafts } from '../adapters/discord/moderation/drafts.js';
import type { Moderation } from '../adapters/discord/moderation/types.js';
import { openStorage, OverlayMirror, type Storage } from '../adapters/storage/index.js';
import { DiagramRenderer, GeneratedDiagrams } from '../core/diagram/index.js';
import type { Engine } from '../core/engine.js';
import { loadKnowledge } from '../core/knowledge/load.js';
import { OverlayStore } from '../core/knowledge/overlay.js';
import type { Config } from './config.js';
import { DiagramProcess } from './diagram-process.js';
import type { Closers } from './closers.js';
import { DAY_MS, schedule, scheduleRetention } from './maintenance.js';
import { clusterStats, registerShardHooks, reloadOtherShards, type ShardStats } from './shard-child.js';
import type { KnowledgeReloader } from './reloader.js';

/** Defer an interaction when its answer is not ready by then (Discord's limit is 3000 ms). */
const DEFER_AFTER_MS = 1500;

export { createLogger } from './logger.js';

/** Who may use the web app: METRICS_TOKEN, TRUST_PROXY and WEB_RATE_LIMIT (per minute, 0 = off). */
export function webAccess(
  config: Pick<Config, 'metricsToken' | 'trustProxy' | 'webRateLimit'>,
): Pick<HttpAppOptions, 'metricsToken' | 'trustProxy' | 'apiRateLimit'> {
  return {
    metricsToken: config.metricsToken,
    trustProxy: config.trustProxy,
    apiRateLimit: config.webRateLimit > 0 ? { limit: config.webRateLimit, windowMs: 60_000 } : false,
  };
}

/**
 * Starts what a mode needs: the web server (unless HTTP_PORT is 0) and, in bot mode, the
 * database and the Discord bot. Each thing started is added to `closers`, so a failure later in
 * start-up (or a signal) closes it. Diagrams are rendered once at start-up, off the hot path,
 * into DATA_DIR's cache; old cache files and old questions and votes are pruned daily.
 */
export async function startServices(
  config: Config,
  reloader: KnowledgeReloader,
  mode: 'bot' | 'serve',
  logger: Logger,
  closers: Closers,
): Promise<void> {
  const engine = (): Engine => reloader.current();
  const metrics = new Metrics({ defaultMetrics: true });
  const diagrams = await startDiagrams(config, engine, metrics, logger, closers);
  // The bot first: members wait for its first answer, while the web stack's loading (a few
  // hundred milliseconds of fastify, the page renderer and sanitize-html) waits for nobody.
  const bot =
    mode === 'bot' ? await startDiscord(config, reloader, diagrams, metrics, logger, closers) : undefined;
  if (config.httpPort > 0) {
    // The web stack loads only when the web is on.
    const { createHttpApp } = await import('../adapters/http/app.js');
    const app = createHttpApp({
      engine,
      diagrams,
      publicBaseUrl: config.publicBaseUrl,
      ready: () => mode === 'serve' || Boolean(bot?.client.isReady()),
      metrics,
      logger,
      ...webAccess(config),
    });
    const server = await startHttpServer(app, config.httpPort, config.httpHost);
    closers.add('web server', () => server.close());
    logger.info({ host: config.httpHost, port: server.port }, 'web server listening');
  }
}

/**
 * The diagram store: every diagram rendered once at start-up, off the hot path, into DATA_DIR's
 * cache (one already there is only looked up); in memory only the most recently used (see
 * DiagramRenderer's `memoryBytes`); old cache files pruned daily (after that first pass, so the
 * files in use are known).
 * Graphviz and resvg run in short-lived child processes (see DiagramProcess): what they hold
 * while drawing goes back to the system.
 */
async function startDiagrams(
  config: Config,
  engine: () => Engine,
  metrics: Metrics,
  logger: Logger,
  closers: Closers,
): Promise<DiagramStore> {
  const cacheDir = path.join(config.dataDir, 'cache', 'diagrams');
  await mkdir(cacheDir, { recursive: true });
  const drawing = new DiagramProcess();
  closers.add('diagram renderer', () => drawing.close());
  const renderer = new DiagramRenderer({ cacheDir, rasterise: drawing.rasterise });
  const rendered = renderer.prepareAll(engine().kb.diagrams.values()).then(({ ready, problems }) => {
    for (const p of problems) logger.warn({ problem: p }, 'diagram did not render');
    logger.info({ diagrams: ready.length }, 'diagrams rendered');
  });
  const pruneCache = async (): Promise<void> => {
    await rendered;
    const removed = await renderer.pruneDisk();
    if (removed) logger.info({ removed }, 'old diagram cache files removed');
  };
  closers.add(
    'maintenance',
    schedule(pruneCache, DAY_MS, (err) => logger.warn({ err }, 'cache pruning failed')),
  );
  return rendererStore(renderer, engine, metrics, new GeneratedDiagrams({ rasterise: drawing.rasterise }));
}

/** How a moderator's save reaches other shards of this host (set once the bot knows it is a shard). */
interface ShardLink {
  tell?: () => Promise<void>;
}

/** Who may use `/kb`, from the configuration: the moderator roles and the home guilds. */
export function moderationAccess(
  config: Pick<Config, 'moderatorRoleIds' | 'moderationGuildIds'>,
): Pick<Moderation, 'moderatorRoleIds' | 'guildIds'> {
  return { moderatorRoleIds: new Set(config.moderatorRoleIds), guildIds: new Set(config.moderationGuildIds) };
}

/** The database, the moderators' tools and the Discord bot. */
async function startDiscord(
  config: Config,
  reloader: KnowledgeReloader,
  diagrams: DiagramStore,
  metrics: Metrics,
  logger: Logger,
  closers: Closers,
): Promise<Bot> {
  if (!config.discordToken) throw new Error('DISCORD_TOKEN is required to run the bot');
  const dirs = [config.knowledgeDir, path.join(config.dataDir, 'knowledge')];
  // SQLite writes questions in batches: a failed write is reported here, not to `record` below.
  const store = await openStorage(config, {
    onWriteError: (err) => logger.warn({ reason: String(err) }, 'could not record in the database'),
  });
  closers.add('database', () => store.close());
  logger.info({ store: store.kind }, 'database open');
  closers.add('retention', scheduleRetention(store, config.retentionDays, logger));
  const overlay = new OverlayStore(dirs[1] ?? '', config.knowledgeDir);
  const shared = await shareOverlay(store, overlay, dirs[1] ?? '', reloader, logger);
  const link: ShardLink = {};
  const moderation: Moderation = {
    overlay,
    store,
    load: () => loadKnowledge(dirs),
    // A moderator's save reaches the other hosts before this one reloads.
    reload: async () => {
      await shared?.push();
      const outcome = await reloader.reload();
      await link.tell?.();
      return outcome;
    },
    ...moderationAccess(config),
    drafts: new Drafts(),
    today: () => new Date().toISOString().slice(0, 10),
  };
  /** This process's counts since start, for `--shards` (the database holds the totals). */
  const counts: ShardStats = { shards: 1, guilds: 0, questions: 0, answered: 0 };
  /** Writes in the background; a database that is down costs a log line, not the answer. */
  const record = (write: () => unknown): void =>
    void Promise.resolve()
      .then(write)
      .catch((err: unknown) => logger.warn({ reason: String(err) }, 'could not record in the database'));
  const bot = await startBot({
    token: config.discordToken,
    apiBase: config.discordApiBase,
    context: {
      engine: () => reloader.current(),
      diagrams: {
        png: async (id) => (await diagrams.get(id))?.png,
        generated: async (id, dot) => (await diagrams.generated?.(id, dot))?.png,
      },
      guard: new Guard({ perMinute: config.userRateLimit, cooldownMs: config.cooldownSeconds * 1000 }),
      logger,
      publicBaseUrl: config.publicBaseUrl,
      answerChannelIds: new Set(config.answerChannelIds),
      deferAfterMs: DEFER_AFTER_MS,
      onQuestion: (e) => {
        metrics.observeAnswer(e.decision, e.seconds);
        counts.questions++;
        if (e.decision === 'answer') counts.answered++;
        record(() => store.recordQuestion(e)); // the handler logs the question, with its id
      },
      onFeedback: (f) => record(() => store.recordFeedback(f)), // the interaction handler logs the vote
      moderation,
    },
  });
  closers.add('discord', () => bot.stop());
  joinShards(bot, { reloader, shared, counts, moderation, link, logger });
  return bot;
}

/** Started by `dialtone bot --shards`: the other shards reload when this one's moderators save. */
function joinShards(
  bot: Bot,
  h: {
    reloader: KnowledgeReloader;
    shared: OverlayMirror | undefined;
    counts: ShardStats;
    moderation: Moderation;
    link: ShardLink;
    logger: Logger;
  },
): void {
  const discord = bot.client;
  if (!discord.shard) return;
  const shard = discord.shard.ids[0] ?? 0;
  registerShardHooks({
    reload: async () => {
      h.logger.info({ shard }, 'reloading the knowledge: another shard changed it');
      await h.shared?.pull();
      return h.reloader.reload();
    },
    stats: () => ({ ...h.counts, guilds: discord.guilds.cache.size }),
  });
  h.link.tell = () =>
    reloadOtherShards(discord).catch((err: unknown) =>
      h.logger.warn({ reason: String(err) }, 'could not tell the other shards to reload'),
    );
  h.moderation.cluster = () => clusterStats(discord);
}

/**
 * With a store shared between hosts (PostgreSQL), keeps this host's overlay folder in step with
 * the database: the first host brings its folder, later ones take the database's files, and a
 * change announced by another host is pulled and reloaded here. Undefined with SQLite.
 */
async function shareOverlay(
  store: Storage,
  overlay: OverlayStore,
  overlayDir: string,
  reloader: KnowledgeReloader,
  logger: Logger,
): Promise<OverlayMirror | undefined> {
  if (!store.overlay) return undefined;
  const mirror = new OverlayMirror(store.overlay, overlayDir, () => overlay.changes());
  const first = await mirror.start();
  logger.info({ overlay: first }, "moderators' overlay shared through the database");
  if (first === 'pulled') await reloader.reload();
  store.overlay.onChange(() => {
    void mirror
      .pull()
      .then(async (changed) => {
        if (changed) await reloader.reload();
      })
      .catch((err: unknown) => logger.warn({ reason: String(err) }, 'could not pull the shared overlay'));
  });
  return mirror;
}
