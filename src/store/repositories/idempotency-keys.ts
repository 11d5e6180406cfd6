/**
 * Idempotency keys of turns: claimed by the first request that sends one (a unique row per scope and
 * key), bound to the turn it played in that turn's own transaction, released when it failed before a
 * turn was written. Every change is conditional on the claim token, so a request that lost its claim
 * (it outlived `locked_until` and a retry took over) can neither bind nor release the key.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, IdempotencyKeyTable } from '../schema.js';
import { fromJson, now, toJson } from '../util.js';

export interface IdempotencyKey {
  scope: string;
  key: string;
  sessionId: string;
  requestHash: string;
  status: 'running' | 'done';
  claim: string;
  turnId: number | null;
  /** The stored answer (done keys). */
  response: unknown;
  createdAt: string;
  lockedUntil: string;
  expiresAt: string;
}

export interface IdempotencyClaim {
  scope: string;
  key: string;
  sessionId: string;
  requestHash: string;
  claim: string;
  lockedUntil: string;
  expiresAt: string;
}

export class IdempotencyKeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Claims a key no one holds; false when a row for it exists (read it with `get`). */
  async claim(input: IdempotencyClaim): Promise<boolean> {
    const row = await this.db
      .insertInto('idempotency_keys')
      .values({ ...claimRow(input), created_at: now() })
      .onConflict((conflict) => conflict.columns(['scope', 'key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async get(scope: string, key: string): Promise<IdempotencyKey | undefined> {
    const row = await this.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
    return row && toKey(row);
  }

  /**
   * Takes over a key whose row is expired, or whose running claim outlived `locked_until` (its process
   * died): only while the row still carries `previousClaim`, so of two retries one wins.
   */
  async takeOver(input: IdempotencyClaim, previousClaim: string): Promise<boolean> {
    const time = now();
    const result = await this.db
      .updateTable('idempotency_keys')
      .set({ ...claimRow(input), turn_id: null, response: null, created_at: time })
      .where('scope', '=', input.scope)
      .where('key', '=', input.key)
      .where('claim', '=', previousClaim)
      .where((eb) =>
        eb.or([
          eb('expires_at', '<=', time),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<=', time)]),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Binds the key to its turn and answer (call it in the turn's transaction); false: the claim was lost. */
  async bind(
    scope: string,
    key: string,
    claim: string,
    turn: { turnId: number; response: unknown },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('idempotency_keys')
      .set({ status: 'done', turn_id: turn.turnId, response: toJson(turn.response) })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('claim', '=', claim)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Frees a key whose request failed before a turn was written, so a retry runs again. */
  async release(scope: string, key: string, claim: string): Promise<void> {
    await this.db
      .deleteFrom('idempotency_keys')
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('claim', '=', claim)
      .where('status', '=', 'running')
      .execute();
  }

  /** Deletes at most `limit` expired keys, oldest first; how many went. */
  async deleteExpired(limit: number, before = now()): Promise<number> {
    const result = await this.db
      .deleteFrom('idempotency_keys')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('idempotency_keys')
          .select('id')
          .where('expires_at', '<=', before)
          .orderBy('expires_at')
          .limit(limit),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function claimRow(input: IdempotencyClaim) {
  return {
    scope: input.scope,
    key: input.key,
    session_id: input.sessionId,
    request_hash: input.requestHash,
    status: 'running' as const,
    claim: input.claim,
    locked_until: input.lockedUntil,
    expires_at: input.expiresAt,
  };
}

function toKey(row: Selectable<IdempotencyKeyTable>): IdempotencyKey {
  return {
    scope: row.scope,
    key: row.key,
    sessionId: row.session_id,
    requestHash: row.request_hash,
    status: row.status,
    claim: row.claim,
    turnId: row.turn_id === null ? null : Number(row.turn_id),
    response: fromJson(row.response, null),
    createdAt: row.created_at,
    lockedUntil: row.locked_until,
    expiresAt: row.expires_at,
  };
}
