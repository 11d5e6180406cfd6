/**
 * What each budget has spent in its current period (`gateway.usage.budgets`), so a restart does not
 * hand out a fresh budget. One row per budget, API key ('' for a global budget) and period start;
 * instances sharing the database add their spend to the same row.
 */
import type { Kysely, Migration } from 'kysely';
import type { Backend } from '../connect.js';
import { double } from './columns.js';

export function budgetSpend(backend: Backend): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('budget_spend')
        .addColumn('budget', 'text', (c) => c.notNull())
        .addColumn('api_key_id', 'text', (c) => c.notNull())
        .addColumn('period_start', 'text', (c) => c.notNull())
        .addColumn('used', double(backend), (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('budget_spend_pk', ['budget', 'api_key_id', 'period_start'])
        .execute();
    },
  };
}
