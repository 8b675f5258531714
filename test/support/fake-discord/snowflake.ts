const DISCORD_EPOCH = 1420070400000n;
let last = 0n;

/** A realistic, strictly increasing 19-digit snowflake (the @discordjs/rest bucket regex expects 17–19 digits). */
export function snowflake(at: number = Date.now()): string {
  const candidate = ((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n);
  last = candidate > last ? candidate : last + 1n;
  return last.toString();
}

/** An opaque interaction token: URL-safe, as long as real ones. */
export function interactionToken(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  let out = 'aW50ZXJhY3Rpb246';
  for (let i = 0; i < 160; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}
