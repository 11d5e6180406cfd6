/** Integrations: other game systems Loremaster talks to, with their state and health. */
import type { Kysely } from 'kysely';
import type { Database, IntegrationTable } from '../schema.js';
import { fromJson, newId, now, toJson } from '../util.js';

export interface Integration {
  id: string;
  name: string;
  kind: string;
  config: Record<string, unknown>;
  state: Record<string, unknown>;
  health: IntegrationTable['health'];
  lastCheckedAt: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export class IntegrationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: {
    name: string;
    kind: string;
    config?: Record<string, unknown>;
  }): Promise<Integration> {
    const time = now();
    const row: IntegrationTable = {
      id: newId(),
      name: input.name,
      kind: input.kind,
      config: toJson(input.config ?? {}),
      state: '{}',
      health: 'unknown',
      last_checked_at: null,
      last_error: null,
      created_at: time,
      updated_at: time,
    };
    await this.db.insertInto('integrations').values(row).execute();
    return toIntegration(row);
  }

  async get(id: string): Promise<Integration | undefined> {
    const row = await this.db.selectFrom('integrations').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toIntegration(row);
  }

  async list(): Promise<Integration[]> {
    return (await this.db.selectFrom('integrations').selectAll().orderBy('name').execute()).map(
      toIntegration,
    );
  }

  async setState(id: string, state: Record<string, unknown>): Promise<void> {
    await this.db
      .updateTable('integrations')
      .set({ state: toJson(state), updated_at: now() })
      .where('id', '=', id)
      .execute();
  }

  /** Records a health check: `error` is kept for `down`/`degraded` and cleared for `ok`. */
  async recordHealth(id: string, health: IntegrationTable['health'], error?: string): Promise<void> {
    const time = now();
    await this.db
      .updateTable('integrations')
      .set({
        health,
        last_checked_at: time,
        last_error: health === 'ok' ? null : (error ?? null),
        updated_at: time,
      })
      .where('id', '=', id)
      .execute();
  }
}

function toIntegration(row: IntegrationTable): Integration {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    config: fromJson(row.config, {}),
    state: fromJson(row.state, {}),
    health: row.health,
    lastCheckedAt: row.last_checked_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
