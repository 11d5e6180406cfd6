/**
 * Usage roll-ups also count cache hits (the gateway's usage tracker reports them). Additive: a column
 * with a default, so existing roll-ups read as zero hits.
 */
import type { Kysely, Migration } from 'kysely';

export function usageCacheHits(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('usage_rollups')
        .addColumn('cache_hits', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
