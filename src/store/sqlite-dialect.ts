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
import {
  CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';

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
