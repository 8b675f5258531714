/** Opens the store DATABASE_URL names: PostgreSQL for `postgres://…`, else SQLite in DATA_DIR. */
import path from 'node:path';
import { Store, type StoreOptions } from './sqlite.js';
import type { Storage } from './store.js';

export { OverlayMirror } from './overlay-mirror.js';
export { Store } from './sqlite.js';
export type { OverlayFile, SharedOverlay, Storage } from './store.js';

export async function openStorage(
  options: { databaseUrl?: string; dataDir: string },
  sqlite: Pick<StoreOptions, 'onWriteError'> = {},
): Promise<Storage> {
  // The PostgreSQL driver loads only when it is used (~15 MB a process would carry for nothing).
  if (options.databaseUrl) return (await import('./postgres.js')).PgStore.open(options.databaseUrl);
  return new Store(path.join(options.dataDir, 'dialtone.db'), sqlite);
}
