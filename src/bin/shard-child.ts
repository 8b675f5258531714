/**
 * The shard side of `dialtone bot --shards`: each shard is a normal `dialtone bot` process that
 * discord.js's ShardingManager forked (it tells the Client its shard through SHARDS and
 * SHARD_COUNT). Here: which shard serves the web pages, and the hooks the other shards call
 * through `broadcastEval` (reload the knowledge, report counts).
 */
import type { Client } from 'discord.js';

/** One shard's live counts, since that shard started. */
export interface ShardStats {
  shards: number;
  guilds: number;
  questions: number;
  answered: number;
}

export interface ShardHooks {
  reload(): Promise<unknown>;
  stats(): ShardStats;
}

/**
 * The environment a shard reads its configuration from: only the host's first shard
 * (`DIALTONE_WEB_SHARD`, set by the manager) serves the web pages; the others run with HTTP_PORT=0.
 */
export function shardEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (!env.SHARDING_MANAGER || env.DIALTONE_WEB_SHARD === undefined) return env;
  return env.SHARDS === env.DIALTONE_WEB_SHARD ? env : { ...env, HTTP_PORT: '0' };
}

/** Makes this process's hooks reachable from `broadcastEval` (which runs code in each shard). */
export function registerShardHooks(hooks: ShardHooks): void {
  (globalThis as { __dialtoneShard?: ShardHooks }).__dialtoneShard = hooks;
  // The manager went away (killed, crashed): stop too instead of running on unmanaged.
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

/** Tells every other shard to reload its knowledge; resolves when they have. */
export async function reloadOtherShards(client: Client): Promise<void> {
  if (!client.shard) return;
  await client.shard.broadcastEval(
    async (c, { from }) => {
      if (c.shard?.ids.includes(from)) return false;
      const hooks = (globalThis as { __dialtoneShard?: ShardHooks }).__dialtoneShard;
      await hooks?.reload();
      return true;
    },
    { context: { from: client.shard.ids[0] ?? 0 } },
  );
}

/** The counts of every shard of this manager, added up. */
export async function clusterStats(client: Client): Promise<ShardStats | undefined> {
  if (!client.shard) return undefined;
  const all = await client.shard.broadcastEval(() => {
    const hooks = (globalThis as { __dialtoneShard?: ShardHooks }).__dialtoneShard;
    return hooks ? hooks.stats() : null;
  });
  return sumStats(all.filter((s): s is ShardStats => s !== null));
}

export function sumStats(list: readonly ShardStats[]): ShardStats {
  return list.reduce(
    (a, s) => ({
      shards: a.shards + s.shards,
      guilds: a.guilds + s.guilds,
      questions: a.questions + s.questions,
      answered: a.answered + s.answered,
    }),
    { shards: 0, guilds: 0, questions: 0, answered: 0 },
  );
}
