/**
 * Who knows what: the facts a session's turns established about entities, and which characters know
 * each one (`witnesses`, subject_type `fact`): those present when it was learned, and those told
 * later. An NPC's knowledge is what it witnessed or was told in that session.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { now } from '../util.js';

export interface KnownFact {
  factId: number;
  entityId: string;
  text: string;
  turnId: number | null;
  sessionId: string | null;
  /** present | told */
  how: string;
  createdAt: string;
}

const FACT = 'fact';

export class KnowledgeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async addFact(input: {
    worldId: string;
    sessionId: string | null;
    entityId: string;
    turnId: number | null;
    text: string;
  }): Promise<number> {
    const row = await this.db
      .insertInto('facts')
      .values({
        world_id: input.worldId,
        session_id: input.sessionId,
        entity_id: input.entityId,
        turn_id: input.turnId,
        text: input.text,
        created_at: now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /** Records that characters know facts (a character already knowing one keeps how it learned it). */
  async addWitnesses(
    worldId: string,
    sessionId: string | null,
    factIds: readonly number[],
    witnessIds: readonly string[],
    how: 'present' | 'told',
  ): Promise<number> {
    const rows = factIds.flatMap((factId) =>
      witnessIds.map((witness) => ({
        world_id: worldId,
        subject_type: FACT,
        subject_id: String(factId),
        witness_entity_id: witness,
        session_id: sessionId,
        how,
        created_at: now(),
      })),
    );
    if (rows.length === 0) return 0;
    const result = await this.db
      .insertInto('witnesses')
      .values(rows)
      .onConflict((oc) => oc.columns(['subject_type', 'subject_id', 'witness_entity_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  }

  /**
   * What a character knows in a session (facts of that session, and of a shared world's canon when
   * `sessionId` is null), newest first; `about` limits it to facts about one entity.
   */
  async knownBy(
    witnessEntityId: string,
    sessionId: string | null,
    options: { about?: string; limit?: number } = {},
  ): Promise<KnownFact[]> {
    let select = this.db
      .selectFrom('witnesses')
      .innerJoin('facts', (join) =>
        join.on((eb) =>
          eb.and([
            eb('witnesses.subject_type', '=', FACT),
            eb(eb.cast('facts.id', 'text'), '=', eb.ref('witnesses.subject_id')),
          ]),
        ),
      )
      .select([
        'facts.id as fact_id',
        'facts.entity_id',
        'facts.text',
        'facts.turn_id',
        'facts.session_id',
        'witnesses.how',
        'facts.created_at',
      ])
      .where('witnesses.witness_entity_id', '=', witnessEntityId)
      .where('witnesses.subject_type', '=', FACT);
    select = sessionId
      ? select.where('witnesses.session_id', '=', sessionId)
      : select.where('witnesses.session_id', 'is', null);
    if (options.about) select = select.where('facts.entity_id', '=', options.about);
    const rows = await select
      .orderBy('facts.id', 'desc')
      .limit(options.limit ?? 500)
      .execute();
    return rows.map((row) => ({
      factId: Number(row.fact_id),
      entityId: row.entity_id,
      text: row.text,
      turnId: row.turn_id === null ? null : Number(row.turn_id),
      sessionId: row.session_id,
      how: row.how,
      createdAt: row.created_at,
    }));
  }
}
