/** Play sessions and their turns (numbered 1, 2, … per session). */
import type { Kysely } from 'kysely';
import type { Database, SessionTable } from '../schema.js';
import { fromJson, newId, now, toJson } from '../util.js';

export interface Session {
  id: string;
  worldId: string | null;
  player: string | null;
  status: 'active' | 'ended';
  metadata: Record<string, unknown>;
  turnCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface Turn {
  id: number;
  sessionId: string;
  number: number;
  input: string;
  output: string | null;
  analysis: unknown;
  createdAt: string;
}

export class SessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: {
    worldId?: string | null;
    player?: string | null;
    metadata?: Record<string, unknown>;
  }) {
    const time = now();
    const row: SessionTable = {
      id: newId(),
      world_id: input.worldId ?? null,
      player: input.player ?? null,
      status: 'active',
      metadata: toJson(input.metadata ?? {}),
      turn_count: 0,
      created_at: time,
      updated_at: time,
    };
    await this.db.insertInto('sessions').values(row).execute();
    return toSession(row);
  }

  async get(id: string): Promise<Session | undefined> {
    const row = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toSession(row);
  }

  async listByWorld(worldId: string, limit = 50): Promise<Session[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('world_id', '=', worldId)
      .orderBy('updated_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toSession);
  }

  async end(id: string): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ status: 'ended', updated_at: now() })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Appends the next turn and bumps the session's count. Run inside a transaction. The count is bumped
   * first (UPDATE … RETURNING): on PostgreSQL that locks the session's row, so two turns played at once
   * get numbers one after the other instead of a unique-key error.
   */
  async addTurn(sessionId: string, input: { input: string; output?: string | null }): Promise<Turn> {
    const time = now();
    const bumped = await this.db
      .updateTable('sessions')
      .set((eb) => ({ turn_count: eb('turn_count', '+', 1), updated_at: time }))
      .where('id', '=', sessionId)
      .returning('turn_count')
      .executeTakeFirstOrThrow();
    const row = await this.db
      .insertInto('turns')
      .values({
        session_id: sessionId,
        number: Number(bumped.turn_count),
        input: input.input,
        output: input.output ?? null,
        analysis: null,
        created_at: time,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toTurn(row);
  }

  async setTurnOutput(turnId: number, output: string): Promise<void> {
    await this.db.updateTable('turns').set({ output }).where('id', '=', turnId).execute();
  }

  async setTurnAnalysis(turnId: number, analysis: unknown): Promise<void> {
    await this.db
      .updateTable('turns')
      .set({ analysis: toJson(analysis) })
      .where('id', '=', turnId)
      .execute();
  }

  async turnById(id: number): Promise<Turn | undefined> {
    const row = await this.db.selectFrom('turns').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toTurn(row);
  }

  /** The last `limit` turns of a session, oldest first. */
  async lastTurns(sessionId: string, limit: number): Promise<Turn[]> {
    const rows = await this.db
      .selectFrom('turns')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('number', 'desc')
      .limit(limit)
      .execute();
    return rows.reverse().map(toTurn);
  }

  /** Stores a turn's analysis unless one is stored already; false when it was (another run won). */
  async claimTurnAnalysis(turnId: number, analysis: unknown): Promise<boolean> {
    const result = await this.db
      .updateTable('turns')
      .set({ analysis: toJson(analysis) })
      .where('id', '=', turnId)
      .where('analysis', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** A session's turns before `number` that have no analysis yet, oldest first (at most `limit`). */
  /**
   * How many of a session's turns written since `sinceIso` still wait for their analysis (counted up
   * to `limit`).
   */
  async countUnanalysedSince(sessionId: string, sinceIso: string, limit: number): Promise<number> {
    const rows = await this.db
      .selectFrom('turns')
      .select('id')
      .where('session_id', '=', sessionId)
      .where('analysis', 'is', null)
      .where('created_at', '>=', sinceIso)
      .limit(limit)
      .execute();
    return rows.length;
  }

  async unanalysedBefore(sessionId: string, number: number, limit: number): Promise<Turn[]> {
    const rows = await this.db
      .selectFrom('turns')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('number', '<', number)
      .where('analysis', 'is', null)
      .orderBy('number')
      .limit(limit)
      .execute();
    return rows.map(toTurn);
  }

  /** Forgets a turn's analysis so it can be analysed again. */
  async clearTurnAnalysis(turnId: number): Promise<void> {
    await this.db.updateTable('turns').set({ analysis: null }).where('id', '=', turnId).execute();
  }

  /** A session's turn by its number. */
  async turnByNumber(sessionId: string, number: number): Promise<Turn | undefined> {
    const row = await this.db
      .selectFrom('turns')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('number', '=', number)
      .executeTakeFirst();
    return row && toTurn(row);
  }

  async turns(sessionId: string, options: { afterNumber?: number; limit: number }): Promise<Turn[]> {
    let select = this.db.selectFrom('turns').selectAll().where('session_id', '=', sessionId);
    if (options.afterNumber !== undefined) select = select.where('number', '>', options.afterNumber);
    return (await select.orderBy('number').limit(options.limit).execute()).map(toTurn);
  }
}

function toSession(row: SessionTable): Session {
  return {
    id: row.id,
    worldId: row.world_id,
    player: row.player,
    status: row.status,
    metadata: fromJson(row.metadata, {}),
    turnCount: Number(row.turn_count),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toTurn(row: {
  id: number;
  session_id: string;
  number: number;
  input: string;
  output: string | null;
  analysis: string | null;
  created_at: string;
}): Turn {
  return {
    id: Number(row.id),
    sessionId: row.session_id,
    number: Number(row.number),
    input: row.input,
    output: row.output,
    analysis: fromJson(row.analysis, null),
    createdAt: row.created_at,
  };
}
