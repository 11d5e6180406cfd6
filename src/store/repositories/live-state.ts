/**
 * Live game state in the store: a session's metadata and a world's fields changed in place (compare
 * and swap, so two writers never lose each other's change), a world's sessions a page at a time, and
 * the removal of a session or a world with everything that is theirs.
 *
 * What a removal takes: the session(s) and their turns; the entities a session made and every entity
 * of a removed world, with their versions, names, facts and witnesses; the session overlays
 * (versions, names, facts, witnesses, simulations); memory documents and their embeddings (the caller
 * removes the vectors from the index once this commits); context data and feedback on the turns;
 * a world's content jobs and theme link. Kept on purpose: the event log (the record of what happened,
 * pruned by its own retention), the call log and usage (calls were made and paid for), conversations
 * (detached: their world and session become null) and webhooks (the operator's configuration).
 * Tasks already queued for a removed world find nothing and finish as skipped.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { chunks, now, toJson } from '../util.js';
import { withMemoryTables } from './memory-documents.js';
import { VectorChangeRepository } from './vector-changes.js';

/** The owner type memory documents' embeddings are stored under (memory/documents.ts names it too). */
const DOCUMENT_OWNER_TYPE = 'memory_document';

/** Rows removed, by what they were. */
export interface Removed {
  sessions: number;
  turns: number;
  entities: number;
  versions: number;
  facts: number;
  documents: number;
  /** Ids of the removed memory documents (their vectors leave the index after the commit). */
  documentIds: string[];
}

/** Keeps one statement under every driver's parameter limit. */
const CHUNK = 500;

export class LiveStateRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Writes a session's metadata if it still reads `expected` (the JSON text read before): false when
   * another writer changed it meanwhile (the caller reads again and re-applies its change).
   */
  async swapSessionMetadata(
    id: string,
    expected: string,
    metadata: Record<string, unknown>,
    fields: { player?: string | null; status?: 'active' | 'ended' } = {},
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('sessions')
      .set({ metadata: toJson(metadata), updated_at: now(), ...fields })
      .where('id', '=', id)
      .where('metadata', '=', expected)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** A session's metadata as stored (the text `swapSessionMetadata` compares with). */
  async sessionMetadataText(id: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .select('metadata')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.metadata;
  }

  async worldSettingsText(id: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('worlds').select('settings').where('id', '=', id).executeTakeFirst();
    return row?.settings;
  }

  /** Changes a world's fields if its settings still read `expected`; false when they changed meanwhile. */
  async swapWorld(
    id: string,
    expected: string,
    fields: { name?: string; description?: string | null; settings: Record<string, unknown> },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('worlds')
      .set({
        ...(fields.name !== undefined && { name: fields.name }),
        ...(fields.description !== undefined && { description: fields.description }),
        settings: toJson(fields.settings),
        updated_at: now(),
      })
      .where('id', '=', id)
      .where('settings', '=', expected)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** A world's session ids, newest change first, a page at a time. */
  async sessionIdsOf(worldId: string, page: { limit: number; offset: number; status?: string }) {
    let select = this.db
      .selectFrom('sessions')
      .select('id')
      .where('world_id', '=', worldId)
      .orderBy('updated_at', 'desc')
      .orderBy('id');
    if (page.status) select = select.where('status', '=', page.status as 'active' | 'ended');
    const rows = await select.limit(page.limit).offset(page.offset).execute();
    return rows.map((row) => row.id);
  }

  async countSessions(worldId: string, status?: string): Promise<number> {
    let select = this.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('world_id', '=', worldId);
    if (status) select = select.where('status', '=', status as 'active' | 'ended');
    const row = await select.executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Removes a session and what is only its own. Run inside a transaction. */
  async removeSession(sessionId: string): Promise<Removed> {
    const db = this.db;
    const removed = emptyRemoved();
    const scopeKey = `session:${sessionId}`;
    const madeHere = (
      await db.selectFrom('entities').select('id').where('session_id', '=', sessionId).execute()
    ).map((row) => row.id);
    removed.entities = madeHere.length;
    const turnIds = (
      await db.selectFrom('turns').select('id').where('session_id', '=', sessionId).execute()
    ).map((row) => String(row.id));
    removed.documentIds = await this.documentIds('session_id', sessionId);

    for (const ids of chunks(madeHere, CHUNK)) {
      removed.versions += await count(db.deleteFrom('entity_versions').where('entity_id', 'in', ids));
      await db.deleteFrom('entity_scoped_names').where('entity_id', 'in', ids).execute();
      await db.deleteFrom('entity_names').where('entity_id', 'in', ids).execute();
      await db.deleteFrom('witnesses').where('witness_entity_id', 'in', ids).execute();
      removed.facts += await count(db.deleteFrom('facts').where('entity_id', 'in', ids));
    }
    removed.versions += await count(db.deleteFrom('entity_versions').where('session_id', '=', sessionId));
    await db.deleteFrom('entity_scoped_names').where('scope_key', '=', scopeKey).execute();
    await db.deleteFrom('witnesses').where('session_id', '=', sessionId).execute();
    removed.facts += await count(db.deleteFrom('facts').where('session_id', '=', sessionId));
    await db.deleteFrom('world_simulations').where('session_id', '=', sessionId).execute();
    for (const ids of chunks(madeHere, CHUNK))
      await db.deleteFrom('entities').where('id', 'in', ids).execute();
    await this.removeDocuments(removed.documentIds);
    removed.documents = removed.documentIds.length;
    await db
      .deleteFrom('context_data')
      .where('scope_type', '=', 'session')
      .where('scope_id', '=', sessionId)
      .execute();
    for (const ids of chunks(turnIds, CHUNK))
      await db
        .deleteFrom('feedback')
        .where('target_type', '=', 'turn')
        .where('target_id', 'in', ids)
        .execute();
    await db
      .updateTable('conversations')
      .set({ session_id: null })
      .where('session_id', '=', sessionId)
      .execute();
    removed.turns = await count(db.deleteFrom('turns').where('session_id', '=', sessionId));
    removed.sessions = await count(db.deleteFrom('sessions').where('id', '=', sessionId));
    return removed;
  }

  /** Removes a world, its sessions and everything of theirs. Run inside a transaction. */
  async removeWorld(worldId: string): Promise<Removed> {
    const db = this.db;
    const removed = emptyRemoved();
    const sessionIds = (
      await db.selectFrom('sessions').select('id').where('world_id', '=', worldId).execute()
    ).map((row) => row.id);
    for (const sessionId of sessionIds) add(removed, await this.removeSession(sessionId));

    const documentIds = await this.documentIds('world_id', worldId);
    await this.removeDocuments(documentIds);
    removed.documentIds.push(...documentIds);
    removed.documents += documentIds.length;
    removed.versions += await count(db.deleteFrom('entity_versions').where('world_id', '=', worldId));
    await db.deleteFrom('entity_scoped_names').where('world_id', '=', worldId).execute();
    await db.deleteFrom('entity_names').where('world_id', '=', worldId).execute();
    await db.deleteFrom('witnesses').where('world_id', '=', worldId).execute();
    removed.facts += await count(db.deleteFrom('facts').where('world_id', '=', worldId));
    await db.deleteFrom('world_simulations').where('world_id', '=', worldId).execute();
    removed.entities += await count(db.deleteFrom('entities').where('world_id', '=', worldId));
    await db
      .deleteFrom('context_data')
      .where('scope_type', '=', 'world')
      .where('scope_id', '=', worldId)
      .execute();
    await db.deleteFrom('content_jobs').where('world_id', '=', worldId).execute();
    await db
      .deleteFrom('theme_links')
      .where('target_type', '=', 'world')
      .where('target_id', '=', worldId)
      .execute();
    await db.updateTable('conversations').set({ world_id: null }).where('world_id', '=', worldId).execute();
    await db.deleteFrom('worlds').where('id', '=', worldId).execute();
    return removed;
  }

  private async documentIds(column: 'session_id' | 'world_id', id: string): Promise<string[]> {
    const rows = await withMemoryTables(this.db)
      .selectFrom('memory_documents')
      .select('id')
      .where(column, '=', id)
      .execute();
    return rows.map((row) => row.id);
  }

  /**
   * The documents and their embeddings (every model's), each removal recorded in the vector change
   * log so every instance's index follows.
   */
  private async removeDocuments(ids: readonly string[]): Promise<void> {
    const memory = withMemoryTables(this.db);
    const changes = new VectorChangeRepository(this.db);
    for (const part of chunks(ids, CHUNK)) {
      const embedded = await this.db
        .selectFrom('embeddings')
        .select(['owner_id', 'model'])
        .where('owner_type', '=', DOCUMENT_OWNER_TYPE)
        .where('owner_id', 'in', part)
        .execute();
      await changes.record(
        embedded.map((row) => ({ ownerType: DOCUMENT_OWNER_TYPE, ownerId: row.owner_id, model: row.model })),
      );
      await this.db
        .deleteFrom('embeddings')
        .where('owner_type', '=', DOCUMENT_OWNER_TYPE)
        .where('owner_id', 'in', part)
        .execute();
      await memory.deleteFrom('memory_documents').where('id', 'in', part).execute();
    }
  }
}

function emptyRemoved(): Removed {
  return { sessions: 0, turns: 0, entities: 0, versions: 0, facts: 0, documents: 0, documentIds: [] };
}

function add(into: Removed, from: Removed): void {
  into.sessions += from.sessions;
  into.turns += from.turns;
  into.entities += from.entities;
  into.versions += from.versions;
  into.facts += from.facts;
  into.documents += from.documents;
  into.documentIds.push(...from.documentIds);
}

async function count(query: { executeTakeFirst(): Promise<{ numDeletedRows: bigint }> }): Promise<number> {
  return Number((await query.executeTakeFirst()).numDeletedRows);
}
