/** Housekeeping that runs at start-up and then daily: data retention and cache pruning. */
import type { Logger } from 'pino';

export const DAY_MS = 86_400_000;

/**
 * Runs `task` now and then every `everyMs`, one run at a time; a failure is reported and the
 * next run still happens. Returns a stop function. The timer never keeps the process alive.
 */
export function schedule(
  task: () => Promise<void> | void,
  everyMs: number,
  onError: (err: unknown) => void,
): () => void {
  let running: Promise<void> | undefined;
  const run = (): void => {
    if (running) return;
    running = Promise.resolve()
      .then(task)
      .catch(onError)
      .finally(() => (running = undefined));
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Deletes questions and votes older than `keepDays` (the RETENTION_DAYS setting) now and daily;
 * 0 keeps them forever. Returns a stop function.
 */
export function scheduleRetention(
  store: { prune(keepDays: number): number | Promise<number> },
  keepDays: number,
  logger: Pick<Logger, 'info' | 'warn'>,
  everyMs = DAY_MS,
): () => void {
  if (keepDays <= 0) return () => undefined;
  return schedule(
    async () => {
      const removed = await store.prune(keepDays);
      if (removed) logger.info({ removed, keepDays }, 'old questions and votes deleted');
    },
    everyMs,
    (err) => logger.warn({ err }, 'retention pruning failed'),
  );
}
