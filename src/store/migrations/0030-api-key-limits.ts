/**
 * Scoped API keys (issue 12): a stored key may carry its own rate limits and budget, each as JSON
 * (`limits`: `{rpm, tpm}`; `budget`: `{unit, limit, period}`), enforced by the gateway under the key's
 * id. Additive only: existing keys keep the config's defaults.
 */
import type { Kysely, Migration } from 'kysely';

export function apiKeyLimits(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('api_keys').addColumn('limits', 'text').execute();
      await db.schema.alterTable('api_keys').addColumn('budget', 'text').execute();
    },
  };
}
