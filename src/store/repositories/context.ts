/** Context data: key/value facts kept per scope (global, world, session, conversation). */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { fromJson, now, toJson } from '../util.js';

export type ContextScope = 'global' | 'world' | 'session' | 'conversation';

export interface ContextEntry {
  scopeType: ContextScope;
  scopeId: string;
  key: string;
  value: unknown;
  updatedAt: string;
}

export class ContextRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Sets a value, replacing what was there. */
  async set(scopeType: ContextScope, scopeId: string, key: string, value: unknown): Promise<void> {
    const row = { scope_type: scopeType, scope_id: scopeId, key, value: toJson(value), updated_at: now() };
    await this.db
      .insertInto('context_data')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['scope_type', 'scope_id', 'key'])
          .doUpdateSet({ value: row.value, updated_at: row.updated_at }),
      )
      .execute();
  }

  async get(scopeType: ContextScope, scopeId: string, key: string): Promise<unknown> {
    const row = await this.db
      .selectFrom('context_data')
      .select('value')
      .where('scope_type', '=', scopeType)
      .where('scope_id', '=', scopeId)
      .where('key', '=', key)
      .executeTakeFirst();
    return row ? fromJson(row.value, null) : undefined;
  }

  async list(scopeType: ContextScope, scopeId: string): Promise<ContextEntry[]> {
    const rows = await this.db
      .selectFrom('context_data')
      .selectAll()
      .where('scope_type', '=', scopeType)
      .where('scope_id', '=', scopeId)
      .orderBy('key')
      .execute();
    return rows.map((row) => ({
      scopeType: row.scope_type as ContextScope,
      scopeId: row.scope_id,
      key: row.key,
      value: fromJson(row.value, null),
      updatedAt: row.updated_at,
    }));
  }

  async delete(scopeType: ContextScope, scopeId: string, key: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('context_data')
      .where('scope_type', '=', scopeType)
      .where('scope_id', '=', scopeId)
      .where('key', '=', key)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
