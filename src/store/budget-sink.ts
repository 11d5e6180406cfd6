/**
 * Where the gateway's budget spend persists (table `budget_spend`): increments are added to the
 * stored rows (an upsert with `+=`), so spend survives restarts and several instances sharing one
 * database spend from the same budget. The shape matches the gateway's `BudgetStore` structurally:
 * the store does not import the gateway (layers point down).
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export interface StoredBudgetSpend {
  budget: string;
  /** null for a budget over all calls. */
  apiKeyId: string | null;
  /** Period start, epoch ms (UTC). */
  periodStart: number;
  used: number;
}

export interface StoredBudgetSink {
  add(spends: readonly StoredBudgetSpend[]): Promise<void>;
  /** Every row of the periods that start at these times (epoch ms). */
  read(periodStarts: readonly number[]): Promise<StoredBudgetSpend[]>;
}

export function budgetSinkFor(db: Kysely<Database>): StoredBudgetSink {
  return {
    add: async (spends) => {
      if (spends.length === 0) return;
      await db
        .insertInto('budget_spend')
        .values(
          spends.map((spend) => ({
            budget: spend.budget,
            api_key_id: spend.apiKeyId ?? '',
            period_start: new Date(spend.periodStart).toISOString(),
            used: spend.used,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['budget', 'api_key_id', 'period_start'])
            .doUpdateSet((eb) => ({ used: eb('budget_spend.used', '+', eb.ref('excluded.used')) })),
        )
        .execute();
    },
    read: async (periodStarts) => {
      if (periodStarts.length === 0) return [];
      const rows = await db
        .selectFrom('budget_spend')
        .selectAll()
        .where(
          'period_start',
          'in',
          periodStarts.map((start) => new Date(start).toISOString()),
        )
        .execute();
      return rows.map((row) => ({
        budget: row.budget,
        apiKeyId: row.api_key_id === '' ? null : row.api_key_id,
        periodStart: Date.parse(row.period_start),
        used: Number(row.used),
      }));
    },
  };
}
