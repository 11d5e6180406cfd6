/**
 * Chooses the maintenance queue for a store: pg-boss on PostgreSQL (several workers, several
 * machines) unless config says `table`; the table queue on SQLite, where pg-boss cannot run.
 */
import type { JobsConfig } from '../config/jobs-schema.js';
import type { DatabaseConfig } from '../config/store-schema.js';
import type { Store } from '../store/index.js';
import { PgBossQueue } from './pg-boss-queue.js';
import { TableQueue } from './table-queue.js';
import type { MaintenanceQueue } from './types.js';

export interface OpenQueueOptions {
  jobs: JobsConfig;
  /** The store's database config: pg-boss connects with its URL and statement timeout. */
  database: Pick<DatabaseConfig, 'url'> & Partial<Pick<DatabaseConfig, 'statement_timeout_ms'>>;
  /** pg-boss's schema (default `pgboss`). */
  schema?: string;
  /** Told about pg-boss's background errors. */
  onError?: (error: unknown) => void;
}

/** A started queue; the caller stops it before closing the store. */
export async function openQueue(store: Store, options: OpenQueueOptions): Promise<MaintenanceQueue> {
  const queue = createQueue(store, options);
  await queue.start();
  return queue;
}

export function createQueue(store: Store, options: OpenQueueOptions): MaintenanceQueue {
  const { jobs } = options;
  const retry = {
    maxAttempts: jobs.max_attempts,
    retryBaseMs: jobs.retry_base_ms,
    retryCapMs: jobs.retry_cap_ms,
  };
  if (jobs.queue === 'pg-boss' && store.backend !== 'postgres') {
    throw new Error(
      'jobs.queue is "pg-boss", which needs PostgreSQL (database.url); use "auto" or "table" on SQLite',
    );
  }
  if (store.backend === 'postgres' && jobs.queue !== 'table') {
    const url = options.database.url;
    if (!url)
      throw new Error('the pg-boss queue needs database.url (the store is on PostgreSQL without one)');
    return new PgBossQueue({
      connectionString: url,
      ...retry,
      leaseMs: jobs.lease_ms,
      ...(options.database.statement_timeout_ms && {
        statementTimeoutMs: options.database.statement_timeout_ms,
      }),
      ...(options.schema && { schema: options.schema }),
      ...(options.onError && { onError: options.onError }),
    });
  }
  return new TableQueue(store.db, retry);
}
