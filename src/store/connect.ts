/**
 * Opens the database: a SQLite file (WAL) by default, PostgreSQL when a URL is configured.
 * Everything above this module sees one `Kysely<Database>`; only `backend` says which it is.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type DatabaseConfig, redactDatabaseUrl } from '../config/store-schema.js';
import type { Database } from './schema.js';
import { ImmediateSqliteDialect, withStatementCache } from './sqlite-dialect.js';

export type Backend = 'sqlite' | 'postgres';

export interface Connection {
  db: Kysely<Database>;
  backend: Backend;
  /** The raw SQLite handle (online backup needs it); undefined on PostgreSQL. */
  sqlite: SqliteDatabase.Database | undefined;
  /** Where the data lives, for messages: the file path, or the URL with its password redacted. */
  location: string;
  close(): Promise<void>;
}

const PG_INT8 = 20;
const PG_NUMERIC = 1700;

/**
 * pg returns bigint and numeric as strings (they may not fit a double). Our bigints are row ids and
 * counts, far below 2^53, so read them as numbers: then rows look the same on both backends.
 * A private type table, not pg's global one, so other users of `pg` in the process are unaffected.
 */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === PG_INT8 || oid === PG_NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

export function connect(config: DatabaseConfig): Connection {
  return config.url ? connectPostgres(config.url, config) : connectSqlite(config.sqlite_path);
}

export function connectSqlite(path: string): Connection {
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  // WAL: readers never block the writer, and an online backup can run while the server writes.
  sqlite.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only an OS crash may lose the last commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Another process (the CLI's backup or cleanup) may hold the write lock for a moment: wait, don't fail.
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }),
  });
  return {
    db,
    backend: 'sqlite',
    sqlite,
    location: file,
    close: () => db.destroy(),
  };
}

export function connectPostgres(
  url: string,
  config: Pick<DatabaseConfig, 'pool_max' | 'statement_timeout_ms'>,
) {
  const pool = new pg.Pool({
    connectionString: url,
    max: config.pool_max,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: config.statement_timeout_ms,
    types: pgTypes,
  });
  // An idle client that loses its connection emits here; without a listener it would crash the process.
  pool.on('error', () => {});
  // So does a client that is checked out but between queries (inside a transaction, or a worker's
  // claim) when the server goes away: PostgreSQL restarting (57P01) took down every worker process
  // with an unhandled 'error', and its claimed tasks then waited for a worker that never came back.
  // The caller still sees the failure (its next query fails), and the pool drops the broken client
  // when it is released (it is no longer queryable).
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const connection: Connection = {
    db,
    backend: 'postgres',
    sqlite: undefined,
    location: redactDatabaseUrl(url),
    close: () => db.destroy(),
  };
  return connection;
}
