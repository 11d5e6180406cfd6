/**
 * Kysely's SQLite dialect with two changes:
 *  - transactions take the write lock when they begin (`BEGIN IMMEDIATE`). Every transaction the
 *    store runs writes; a deferred one would start as a reader and, in WAL mode, fail at once with
 *    SQLITE_BUSY when another process (the CLI, a second server) wrote in the meantime. Immediate
 *    ones queue on `busy_timeout` instead.
 *  - migrations run in a transaction. SQLite's DDL is transactional (FTS5 tables included), but
 *    Kysely's adapter says otherwise, which would leave a failed migration half-applied, and let two
 *    processes migrating one file at once both create the same tables.
 */
import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import { LRUCache } from 'lru-cache';

/**
 * The database as Kysely sees it, with a cache of prepared statements: Kysely prepares every query
 * anew, and preparing costs more than running most of the store's queries (about a tenth of a turn's
 * CPU). SQLite recompiles a cached statement by itself after a schema change; a statement still busy
 * (being iterated) is never handed out twice.
 */
export function withStatementCache(sqlite: BetterSqlite3.Database, max = 512): SqliteDatabase {
  const statements = new LRUCache<string, BetterSqlite3.Statement>({ max });
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const cached = statements.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = sqlite.prepare(sql);
      statements.set(sql, statement);
      return statement;
    },
  } as SqliteDatabase;
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  private readonly settings: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.settings = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
