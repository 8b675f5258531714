/**
 * Flood and repetition limits: a per-user rate limit (sliding window) and a per-channel
 * cooldown so the same entry is not posted twice in a row. Time is injected for tests.
 */
export class Guard {
  private readonly asked = new Map<string, number[]>();
  private readonly posted = new Map<string, number>();

  constructor(private readonly options: { perMinute: number; cooldownMs: number; now?: () => number }) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Records one question by `userId`; false when the user is over the limit (0 = unlimited). */
  allowUser(userId: string): boolean {
    if (this.options.perMinute <= 0) return true;
    const now = this.now();
    const recent = (this.asked.get(userId) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= this.options.perMinute) {
      this.asked.set(userId, recent);
      return false;
    }
    recent.push(now);
    this.asked.set(userId, recent);
    if (this.asked.size > 10_000) this.prune(now);
    return true;
  }

  /** True if `entryId` was posted in `channelId` within the cooldown. */
  coolingDown(channelId: string, entryId: string): boolean {
    const at = this.posted.get(`${channelId}:${entryId}`);
    return at !== undefined && this.now() - at < this.options.cooldownMs;
  }

  /** Remembers that `entryId` was just posted in `channelId`. */
  markPosted(channelId: string, entryId: string): void {
    this.posted.set(`${channelId}:${entryId}`, this.now());
    if (this.posted.size > 10_000) this.prune(this.now());
  }

  private prune(now: number): void {
    for (const [k, ts] of this.asked) if (ts.every((t) => now - t >= 60_000)) this.asked.delete(k);
    for (const [k, t] of this.posted) if (now - t >= this.options.cooldownMs) this.posted.delete(k);
  }
}
