/**
 * The store: one database (SQLite or PostgreSQL), migrated at open, its repositories, transactions,
 * full-text search and the batched call-log writer. Nothing outside `store/` writes SQL.
 */
import type { Kysely } from 'kysely';
import type { DatabaseConfig } from '../config/store-schema.js';
import { budgetSinkFor, type StoredBudgetSink } from './budget-sink.js';
import { CallLogWriter, type SqliteWriterThread, sqliteWriterThread } from './call-log.js';
import { type Backend, type Connection, connect } from './connect.js';
import { type MigrationReport, migrateToLatest, migrationsFor } from './migrations/index.js';
import type { NewStoredEvent } from './repositories/events.js';
import { Repositories } from './repositories/index.js';
import { type SearchHit, type SearchQuery, searchConversations } from './search/index.js';
import { type StoredUsageSink, usageSinkFor } from './usage-sink.js';

/** Kysely's own bookkeeping table, as the readiness probe reads it. */
interface MigrationTables {
  loremaster_migrations: { name: string };
}

export interface OpenStoreOptions {
  /** Run migrations before use (the server and `loremaster migrate` do; `backup` does not). */
  migrate?: boolean;
  /** Told when a call-log batch fails to write (it is retried). */
  onCallLogError?: (error: unknown) => void;
  /**
   * Add call-log rows to the usage roll-ups (default true). Set false when the gateway's usage
   * tracker writes its roll-ups through `usageSink`, so no call is counted twice.
   */
  rollUpCallLog?: boolean;
}

export class Store extends Repositories {
  readonly connection: Connection;
  readonly callLog: CallLogWriter;
  private readonly writer: SqliteWriterThread | undefined;
  readonly migrations: MigrationReport | undefined;
  private closing: Promise<void> | undefined;

  /** Where the gateway's usage roll-ups persist (its `UsageSink`). */
  readonly usageSink: StoredUsageSink;

  /** Where the gateway's budget spend persists (its `BudgetStore`). */
  readonly budgetSink: StoredBudgetSink;

  constructor(
    connection: Connection,
    config: DatabaseConfig,
    migrations?: MigrationReport,
    options: Pick<OpenStoreOptions, 'onCallLogError' | 'rollUpCallLog'> = {},
  ) {
    super(connection.db);
    this.connection = connection;
    this.migrations = migrations;
    this.usageSink = usageSinkFor(this);
    this.budgetSink = budgetSinkFor(connection.db);
    const rollUp = options.rollUpCallLog ?? true;
    const onError = options.onCallLogError;
    // On SQLite a writer thread with its own connection writes the call log and the event log, off
    // the event loop.
    this.writer =
      connection.backend === 'sqlite'
        ? sqliteWriterThread(connection.location, { rollUp, maxBodyChars: config.call_log.bodies.max_chars })
        : undefined;
    const writer = this.writer;
    this.callLog = new CallLogWriter({
      // One transaction per batch: the calls and their usage roll-ups land together or not at all.
      ...(writer
        ? { write: writer.writeCalls, release: writer.release, bodiesInWrite: true }
        : {
            // Bodies are bounded text by now (CallLogWriter serialises them first).
            write: (rows) => this.transaction((tx) => tx.calls.insertMany(rows, { rollUp })),
          }),
      maxBodyChars: config.call_log.bodies.max_chars,
      bufferMax: config.call_log.buffer_max,
      batchSize: config.call_log.batch_size,
      flushIntervalMs: config.call_log.flush_interval_ms,
      ...(onError && { onError }),
    });
  }

  /**
   * Stores a batch of events in the log (one already stored, by envelope id, is left as it is): on
   * SQLite by the writer thread, in one transaction.
   */
  appendEvents(events: readonly NewStoredEvent[]): Promise<void> {
    if (!this.writer) return this.events.appendMany(events);
    return this.writer.writeEvents(events);
  }

  get backend(): Backend {
    return this.connection.backend;
  }

  get db() {
    return this.connection.db;
  }

  /**
   * Runs `work` in one transaction with repositories bound to it: everything it writes commits
   * together, or, if it throws, nothing does.
   */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    return this.connection.db.transaction().execute((trx) => work(new Repositories(trx)));
  }

  search(query: SearchQuery): Promise<SearchHit[]> {
    return searchConversations(this.connection.db, this.connection.backend, query);
  }

  /**
   * For a readiness probe: the migrations this code knows and the database has not applied. Throws
   * when the database cannot be reached.
   */
  async pendingMigrations(): Promise<string[]> {
    const rows = await (this.connection.db as unknown as Kysely<MigrationTables>)
      .selectFrom('loremaster_migrations')
      .select('name')
      .execute();
    const applied = new Set(rows.map((row) => row.name));
    return Object.keys(migrationsFor(this.connection.backend)).filter((name) => !applied.has(name));
  }

  /** Flushes the call log, then closes the database. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        await this.callLog.close();
      } finally {
        await this.connection.close();
      }
    })();
    return this.closing;
  }
}

export async function openStore(config: DatabaseConfig, options: OpenStoreOptions = {}): Promise<Store> {
  const connection = connect(config);
  try {
    const report = options.migrate === false ? undefined : await migrateToLatest(connection);
    return new Store(connection, config, report, options);
  } catch (error) {
    await connection.close().catch(() => {});
    throw error;
  }
}
