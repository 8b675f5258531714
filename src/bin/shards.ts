/**
 * `dialtone bot --shards auto|N`: discord.js's ShardingManager in process mode. It forks
 * `dialtone bot` once per shard (see shard-child.ts); the shards of one host share the DATA_DIR
 * (or DATABASE_URL) and reach each other through the manager (`broadcastEval`). Several hosts
 * run their own ranges (`--shard-list`) of the same total and share state through DATABASE_URL.
 */
import { InvalidArgumentError } from 'commander';
import type { Shard, ShardingManager } from 'discord.js';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.js';

export interface ShardOptions {
  shards: 'auto' | number;
  /** The shard ids this host runs (default: all). */
  shardList?: number[];
  /** Wait between two shards' starts; Discord allows one IDENTIFY per 5 s per bucket. */
  spawnDelayMs: number;
}

const MAX_SHARDS = 4096;

/** `--shards`: `auto` (Discord's recommendation) or a count. */
export function parseShards(value: string): 'auto' | number {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_SHARDS) {
    throw new InvalidArgumentError(`must be "auto" or a whole number from 1 to ${MAX_SHARDS}`);
  }
  return n;
}

/** `--shard-list`: ids and ranges, `0-3,8`. */
export function parseShardList(value: string): number[] {
  const ids = new Set<number>();
  for (const part of value.split(',').map((p) => p.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new InvalidArgumentError('must be shard ids or ranges, e.g. 0-3,8');
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    if (to < from || to >= MAX_SHARDS) throw new InvalidArgumentError(`bad range "${part}"`);
    for (let i = from; i <= to; i++) ids.add(i);
  }
  return [...ids].sort((a, b) => a - b);
}

/** `--shard-delay`: milliseconds. */
export function parseDelay(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 600_000) {
    throw new InvalidArgumentError('must be milliseconds, from 0 to 600000');
  }
  return Number(value);
}

/** Discord's recommended shard count (`GET /gateway/bot`), asked where DISCORD_API_BASE points. */
export async function recommendedShards(apiBase: string, token: string): Promise<number> {
  const res = await fetch(`${apiBase}/v10/gateway/bot`, { headers: { Authorization: `Bot ${token}` } });
  if (res.status === 401) throw new Error('Discord refused DISCORD_TOKEN (reset it in the Developer Portal)');
  if (!res.ok) throw new Error(`cannot ask Discord for the shard count: HTTP ${res.status}`);
  const { shards } = (await res.json()) as { shards?: unknown };
  if (typeof shards !== 'number' || !Number.isInteger(shards) || shards < 1) {
    throw new Error('Discord did not say how many shards to run');
  }
  return shards;
}

/**
 * Runs the shards until SIGTERM/SIGINT, then stops them (each closes cleanly on its SIGTERM).
 * Returns 1 when the shards could not be started; never returns otherwise.
 */
export async function runShards(config: Config, options: ShardOptions): Promise<number> {
  // Loaded here, not at the top: the CLI reads the option parsers above for every command.
  const [{ ShardingManager }, { createLogger }] = await Promise.all([
    import('discord.js'),
    import('./logger.js'),
  ]);
  const logger = createLogger(config);
  const token = config.discordToken ?? '';
  let manager: ShardingManager | undefined;
  let stopping = false;
  try {
    const total =
      options.shards === 'auto' ? await recommendedShards(config.discordApiBase, token) : options.shards;
    const list = options.shardList ?? [...Array(total).keys()];
    const outside = list.filter((id) => id >= total);
    if (outside.length)
      throw new Error(`--shard-list has ids past the last shard (${total - 1}): ${outside.join(', ')}`);
    // The host's first shard serves the web pages; the others run with HTTP_PORT=0.
    process.env.DIALTONE_WEB_SHARD = String(list[0] ?? 0);
    manager = new ShardingManager(fileURLToPath(new URL('./cli.js', import.meta.url)), {
      token,
      totalShards: total,
      shardList: list,
      mode: 'process',
      shardArgs: ['bot'],
      execArgv: process.execArgv, // the shards run with the manager's Node flags (see npm start)
      respawn: true,
    });
    const running = manager;
    manager.on('shardCreate', (shard: Shard) => {
      logger.info({ shard: shard.id, of: total }, 'shard starting');
      shard.on('death', () => {
        if (!stopping) logger.warn({ shard: shard.id }, 'shard process exited; restarting it');
      });
    });
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'stopping the shards');
      void killAll(running).then(() => process.exit(0));
    };
    // `on`, not `once`: see lifecycle.ts (signal-exit re-raises a signal it is the last listener of).
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
    await manager.spawn({ amount: total, delay: options.spawnDelayMs, timeout: 60_000 });
    logger.info({ shards: list, total }, 'all shards ready');
  } catch (err) {
    logger.fatal(`cannot start the shards: ${err instanceof Error ? err.message : String(err)}`);
    stopping = true;
    if (manager) await killAll(manager);
    return 1;
  }
  return new Promise<never>(() => undefined);
}

async function killAll(manager: ShardingManager): Promise<void> {
  const exits = [...manager.shards.values()].map((shard) => {
    const child = shard.process;
    if (!child || child.exitCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    shard.kill(); // SIGTERM: the shard closes what it opened
    return exited;
  });
  await Promise.race([Promise.all(exits), new Promise((r) => setTimeout(r, 8000).unref())]);
}
