/** Opens the store DATABASE_URL names: PostgreSQL for `postgres://…`, else SQLite in DATA_DIR. */
import path from 'node:path';
import { PgStore } from './postgres.js';
import { Store } from './sqlite.js';
import type { Storage } from './store.js';

export { OverlayMirror } from './overlay-mirror.js';
export { DatabaseError, PgStore } from './postgres.js';
export { Store } from './sqlite.js';
export type { OverlayFile, SharedOverlay, Storage } from './store.js';

export async function openStorage(options: { databaseUrl?: string; dataDir: string }): Promise<Storage> {
  if (options.databaseUrl) return PgStore.open(options.databaseUrl);
  return new Store(path.join(options.dataDir, 'dialtone.db'));
}
