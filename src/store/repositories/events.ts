/** The event log: what happened (inbound game events, webhooks sent, world changes), in order. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { fromJson, now, toJson } from '../util.js';

export interface StoredEvent {
  id: number;
  type: string;
  source: string;
  worldId: string | null;
  sessionId: string | null;
  payload: unknown;
  createdAt: string;
}

export interface EventQuery {
  type?: string;
  worldId?: string;
  /** Events after this id (a cursor for consumers that poll). */
  afterId?: number;
  limit: number;
}

export class EventRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async append(input: {
    type: string;
    source: string;
    worldId?: string | null;
    sessionId?: string | null;
    payload?: unknown;
  }): Promise<StoredEvent> {
    const row = await this.db
      .insertInto('events')
      .values({
        type: input.type,
        source: input.source,
        world_id: input.worldId ?? null,
        session_id: input.sessionId ?? null,
        payload: toJson(input.payload ?? {}),
        created_at: now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toEvent(row);
  }

  async list(query: EventQuery): Promise<StoredEvent[]> {
    let select = this.db.selectFrom('events').selectAll();
    if (query.type) select = select.where('type', '=', query.type);
    if (query.worldId) select = select.where('world_id', '=', query.worldId);
    if (query.afterId !== undefined) select = select.where('id', '>', query.afterId);
    const rows = await select.orderBy('id').limit(query.limit).execute();
    return rows.map(toEvent);
  }

  async deleteOlderThan(before: string): Promise<number> {
    const result = await this.db.deleteFrom('events').where('created_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toEvent(row: {
  id: number;
  type: string;
  source: string;
  world_id: string | null;
  session_id: string | null;
  payload: string;
  created_at: string;
}): StoredEvent {
  return {
    id: Number(row.id),
    type: row.type,
    source: row.source,
    worldId: row.world_id,
    sessionId: row.session_id,
    payload: fromJson(row.payload, {}),
    createdAt: row.created_at,
  };
}
