/**
 * The event log: what happened (events Loremaster published, events the game posted), in order.
 * `id` is the log's order (a cursor); `event_id` is the envelope's id, unique, so an event posted or
 * fanned out twice is stored once.
 */
import { type Kysely, sql } from 'kysely';
import { redactSecrets } from '../../config/redact.js';
import type { EventRow } from '../call-log-worker.js';
import type { Database, EventTable } from '../schema.js';
import { chunks, fromJson, now, toJson } from '../util.js';

export interface StoredEvent {
  id: number;
  /** The envelope's id (rows older than migration 0020 get `evt_log_<id>`). */
  eventId: string;
  type: string;
  source: string;
  worldId: string | null;
  sessionId: string | null;
  payload: unknown;
  createdAt: string;
  direction: 'out' | 'in';
  version: number;
  result: unknown;
}

/** An event to store: the envelope's fields, named as the log names them. */
export interface NewStoredEvent {
  eventId: string;
  type: string;
  source: string;
  worldId: string | null;
  sessionId: string | null;
  payload: Record<string, unknown>;
  time: string;
  version: number;
  direction: 'out' | 'in';
  result?: unknown;
}

export interface EventQuery {
  /** One exact type. */
  type?: string | undefined;
  /** Exact types or `*` patterns (`llm.*`). */
  types?: readonly string[] | undefined;
  worldId?: string | undefined;
  sessionId?: string | undefined;
  /** Events after this log id (a cursor for consumers that poll or resume). */
  afterId?: number | undefined;
  /** Events at or after this time (ISO-8601 UTC). */
  since?: string | undefined;
  direction?: 'out' | 'in' | undefined;
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
        payload: eventJson(input.payload ?? {}),
        created_at: now(),
        event_id: null,
        result: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toEvent(row);
  }

  /** Stores envelopes; one already stored (same event id) is left as it is. */
  async appendMany(events: readonly NewStoredEvent[]): Promise<void> {
    for (const part of chunks(events, 200)) {
      await this.db
        .insertInto('events')
        .values(part.map(toEventRow))
        .onConflict((conflict) => conflict.column('event_id').doNothing())
        .execute();
    }
  }

  /** Stores one envelope unless its id is stored already: true when this call stored it. */
  async insertOnce(event: NewStoredEvent): Promise<boolean> {
    const inserted = await this.db
      .insertInto('events')
      .values(toEventRow(event))
      .onConflict((conflict) => conflict.column('event_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async setResult(eventId: string, result: unknown): Promise<void> {
    await this.db
      .updateTable('events')
      .set({ result: eventJson(result) })
      .where('event_id', '=', eventId)
      .execute();
  }

  async deleteByEventId(eventId: string): Promise<void> {
    await this.db.deleteFrom('events').where('event_id', '=', eventId).execute();
  }

  /**
   * Deletes the event's row only if it is still the row `rowId` (the one read): of two processes that
   * both found a claim stale, the second finds the first's new claim in its place and leaves it.
   */
  async deleteRowOf(eventId: string, rowId: number): Promise<boolean> {
    const result = await this.db
      .deleteFrom('events')
      .where('event_id', '=', eventId)
      .where('id', '=', rowId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  async getByEventId(eventId: string): Promise<StoredEvent | undefined> {
    const row = await this.db
      .selectFrom('events')
      .selectAll()
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    return row && toEvent(row);
  }

  async list(query: EventQuery): Promise<StoredEvent[]> {
    let select = this.db.selectFrom('events').selectAll();
    const types = query.types?.filter((type) => type !== '*') ?? [];
    if (types.length > 0 && !query.types?.includes('*')) {
      const exact = types.filter((type) => !type.includes('*'));
      const patterns = types.filter((type) => type.includes('*')).map(likePattern);
      select = select.where((eb) =>
        eb.or([
          ...(exact.length > 0 ? [eb('type', 'in', exact)] : []),
          ...patterns.map((pattern) => eb(sql<string>`type`, 'like', sql<string>`${pattern} escape '\\'`)),
        ]),
      );
    }
    if (query.type) select = select.where('type', '=', query.type);
    if (query.worldId) select = select.where('world_id', '=', query.worldId);
    if (query.sessionId) select = select.where('session_id', '=', query.sessionId);
    if (query.afterId !== undefined) select = select.where('id', '>', query.afterId);
    if (query.since !== undefined) select = select.where('created_at', '>=', query.since);
    if (query.direction) select = select.where('direction', '=', query.direction);
    const rows = await select.orderBy('id').limit(query.limit).execute();
    return rows.map(toEvent);
  }

  /** Deletes events older than `before`, then all but the newest `keep`. */
  async prune(before: string, keep: number): Promise<number> {
    const old = await this.db.deleteFrom('events').where('created_at', '<', before).executeTakeFirst();
    const newest = await this.db
      .selectFrom('events')
      .select('id')
      .orderBy('id', 'desc')
      .offset(keep)
      .limit(1)
      .executeTakeFirst();
    let over = 0n;
    if (newest) {
      const result = await this.db.deleteFrom('events').where('id', '<=', newest.id).executeTakeFirst();
      over = result.numDeletedRows;
    }
    return Number(old.numDeletedRows + over);
  }

  async deleteOlderThan(before: string): Promise<number> {
    const result = await this.db.deleteFrom('events').where('created_at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

/** `llm.*` → `llm.%`, with LIKE's own wildcards in type names (`_`) escaped. */
function likePattern(pattern: string): string {
  return pattern.replace(/[\\%_]/g, (char) => `\\${char}`).replaceAll('*', '%');
}

/** Stored events leave the process (GET /llm/events, sockets, webhooks): never with a secret in them. */
function eventJson(value: unknown): string {
  return redactSecrets(toJson(value));
}

/** An envelope as a row of the `events` table (payload and result as redacted JSON text). */
export function toEventRow(event: NewStoredEvent): EventRow {
  return {
    event_id: event.eventId,
    type: event.type,
    source: event.source,
    world_id: event.worldId,
    session_id: event.sessionId,
    payload: eventJson(event.payload),
    created_at: event.time,
    version: event.version,
    direction: event.direction,
    result: event.result === undefined ? null : eventJson(event.result),
  };
}

function toEvent(
  row: Omit<EventTable, 'id' | 'direction' | 'version'> & {
    id: number;
    direction: 'out' | 'in';
    version: number;
  },
): StoredEvent {
  return {
    id: Number(row.id),
    eventId: row.event_id ?? `evt_log_${row.id}`,
    type: row.type,
    source: row.source,
    worldId: row.world_id,
    sessionId: row.session_id,
    payload: fromJson(row.payload, {}),
    createdAt: row.created_at,
    direction: row.direction,
    version: Number(row.version),
    result: fromJson(row.result, null),
  };
}
