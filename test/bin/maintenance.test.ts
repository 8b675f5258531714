import { afterEach, describe, expect, it, vi } from 'vitest';
import { DAY_MS, scheduleRetention } from '../../src/bin/maintenance.js';
import { Store } from '../../src/adapters/storage/sqlite.js';

const quiet = { info: () => undefined, warn: () => undefined };
afterEach(() => {
  vi.useRealTimers();
});

describe('scheduleRetention', () => {
  it('prunes at start and then daily with the configured period', async () => {
    vi.useFakeTimers();
    const prune = vi.fn(() => 0);
    const stop = scheduleRetention({ prune }, 30, quiet);
    await vi.advanceTimersByTimeAsync(0);
    expect(prune).toHaveBeenCalledTimes(1);
    expect(prune).toHaveBeenLastCalledWith(30);
    await vi.advanceTimersByTimeAsync(DAY_MS);
    expect(prune).toHaveBeenCalledTimes(2);
    stop();
    await vi.advanceTimersByTimeAsync(3 * DAY_MS);
    expect(prune).toHaveBeenCalledTimes(2);
  });

  it('keeps everything with 0, and a failing run does not stop the next one', async () => {
    vi.useFakeTimers();
    const never = vi.fn(() => 0);
    scheduleRetention({ prune: never }, 0, quiet)();
    await vi.advanceTimersByTimeAsync(2 * DAY_MS);
    expect(never).not.toHaveBeenCalled();

    const warn = vi.fn();
    let calls = 0;
    const flaky = {
      prune: () => {
        calls++;
        if (calls === 1) throw new Error('disk I/O error');
        return 3;
      },
    };
    const stop = scheduleRetention(flaky, 7, { info: () => undefined, warn });
    await vi.advanceTimersByTimeAsync(DAY_MS);
    stop();
    expect(calls).toBe(2);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('deletes old questions from a real store', async () => {
    const store = new Store(':memory:');
    const old = new Date(Date.now() - 40 * DAY_MS);
    const base = { decision: 'none', confidence: 0, entryId: null, source: 'slash', guildId: null } as const;
    store.recordQuestion({ ...base, question: 'an old question', at: old });
    store.recordQuestion({ ...base, question: 'a new question' });
    const stop = scheduleRetention(store, 30, quiet);
    await new Promise((r) => setTimeout(r, 10));
    stop();
    expect(store.misses(3650).map((m) => m.question)).toEqual(['a new question']);
    store.close();
  });
});
