/**
 * Memory documents: the searchable text of a world (lore entries, entities, dynamic memories), with
 * the fields retrieval filters on (world, kind, tags) and memory scoring reads (importance, game hour).
 * Their tables come from migration 0005; the types are added here with `withTables` so the shared
 * schema file stays untouched.
 */
import type { Generated, Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.js';
import { fromJson, now, toJson } from '../util.js';
import { bufferToVector, vectorToBuffer } from './embeddings.js';

export interface MemoryDocumentTable {
  id: string;
  world_id: string;
  session_id: string | null;
  source: string;
  kind: string;
  title: string;
  aliases: string;
  body: string;
  tags: string;
  importance: Generated<number>;
  game_hour: number | null;
  created_at: string;
  updated_at: string;
}

export interface EmbeddingCacheTable {
  model: string;
  content_hash: string;
  dimensions: number;
  vector: Buffer;
  created_at: string;
}

// A type alias, not an interface: `withTables` needs an index-signature-compatible record.
export type MemoryTables = {
  memory_documents: MemoryDocumentTable;
  embedding_cache: EmbeddingCacheTable;
};

export type MemoryDatabase = Database & MemoryTables;

export function withMemoryTables(db: Kysely<Database>): Kysely<MemoryDatabase> {
  return db.withTables<MemoryTables>();
}

export interface MemoryDocument {
  id: string;
  worldId: string;
  sessionId: string | null;
  /** lore | entity | memory */
  source: string;
  kind: string;
  title: string;
  aliases: string[];
  body: string;
  tags: string[];
  importance: number;
  gameHour: number | null;
  createdAt: string;
  updatedAt: string;
}

export type MemoryDocumentInput = Omit<MemoryDocument, 'createdAt' | 'updatedAt'>;

export class MemoryDocumentRepository {
  private readonly db: Kysely<MemoryDatabase>;

  constructor(db: Kysely<Database>) {
    this.db = withMemoryTables(db);
  }

  /** Inserts or replaces a document (same id: a new text, the same identity). */
  async upsert(input: MemoryDocumentInput): Promise<MemoryDocument> {
    const time = now();
    const row = {
      id: input.id,
      world_id: input.worldId,
      session_id: input.sessionId,
      source: input.source,
      kind: input.kind,
      title: input.title,
      aliases: input.aliases.join(' | '),
      body: input.body,
      tags: toJson(input.tags.map((tag) => tag.toLowerCase())),
      importance: input.importance,
      game_hour: input.gameHour,
      created_at: time,
      updated_at: time,
    };
    await this.db
      .insertInto('memory_documents')
      .values(row)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          world_id: row.world_id,
          session_id: row.session_id,
          source: row.source,
          kind: row.kind,
          title: row.title,
          aliases: row.aliases,
          body: row.body,
          tags: row.tags,
          importance: row.importance,
          game_hour: row.game_hour,
          updated_at: time,
        }),
      )
      .execute();
    return (await this.get(input.id)) as MemoryDocument;
  }

  async get(id: string): Promise<MemoryDocument | undefined> {
    const row = await this.db
      .selectFrom('memory_documents')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toDocument(row);
  }

  async getMany(ids: readonly string[]): Promise<MemoryDocument[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('memory_documents')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
    return rows.map(toDocument);
  }

  /** Every document, a page at a time (for rebuilding the vector index's filter metadata). */
  async page(options: { afterId?: string; limit: number; worldId?: string }): Promise<MemoryDocument[]> {
    let select = this.db.selectFrom('memory_documents').selectAll();
    if (options.worldId) select = select.where('world_id', '=', options.worldId);
    if (options.afterId !== undefined) select = select.where('id', '>', options.afterId);
    return (await select.orderBy('id').limit(options.limit).execute()).map(toDocument);
  }

  /**
   * Names of the documents written at or after `since` (for keeping a name index current), with the
   * newest write time, and how many named documents the world has now (fewer than indexed: a delete).
   */
  async namesSince(
    worldId: string,
    since: string,
  ): Promise<{
    names: Array<{ id: string; title: string; aliases: string[] }>;
    newest: string;
    count: number;
  }> {
    const rows = await this.db
      .selectFrom('memory_documents')
      .select(['id', 'title', 'aliases', 'updated_at'])
      .where('world_id', '=', worldId)
      .where('source', 'in', ['entity', 'lore'])
      .where('updated_at', '>=', since)
      .execute();
    const counted = await this.db
      .selectFrom('memory_documents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('world_id', '=', worldId)
      .where('source', 'in', ['entity', 'lore'])
      .executeTakeFirstOrThrow();
    let newest = since;
    for (const row of rows) if (row.updated_at > newest) newest = row.updated_at;
    return {
      names: rows.map((row) => ({ id: row.id, title: row.title, aliases: splitAliases(row.aliases) })),
      newest,
      count: Number(counted.n),
    };
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('memory_documents').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async count(worldId?: string): Promise<number> {
    let select = this.db.selectFrom('memory_documents').select((eb) => eb.fn.countAll<number>().as('n'));
    if (worldId) select = select.where('world_id', '=', worldId);
    return Number((await select.executeTakeFirstOrThrow()).n);
  }
}

/** Embeddings by (model, content hash): the same text is never sent to a model twice. */
export class EmbeddingCacheRepository {
  private readonly db: Kysely<MemoryDatabase>;

  constructor(db: Kysely<Database>) {
    this.db = withMemoryTables(db);
  }

  async getMany(model: string, hashes: readonly string[]): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (let index = 0; index < hashes.length; index += 500) {
      const chunk = hashes.slice(index, index + 500);
      if (chunk.length === 0) continue;
      const rows = await this.db
        .selectFrom('embedding_cache')
        .select(['content_hash', 'vector'])
        .where('model', '=', model)
        .where('content_hash', 'in', chunk)
        .execute();
      for (const row of rows) out.set(row.content_hash, bufferToVector(row.vector));
    }
    return out;
  }

  async putMany(model: string, entries: ReadonlyArray<{ hash: string; vector: ArrayLike<number> }>) {
    const time = now();
    for (let index = 0; index < entries.length; index += 200) {
      const rows = entries.slice(index, index + 200).map((entry) => ({
        model,
        content_hash: entry.hash,
        dimensions: entry.vector.length,
        vector: vectorToBuffer(entry.vector),
        created_at: time,
      }));
      if (rows.length === 0) continue;
      await this.db
        .insertInto('embedding_cache')
        .values(rows)
        .onConflict((oc) => oc.columns(['model', 'content_hash']).doNothing())
        .execute();
    }
  }

  async count(model?: string): Promise<number> {
    let select = this.db.selectFrom('embedding_cache').select((eb) => eb.fn.countAll<number>().as('n'));
    if (model) select = select.where('model', '=', model);
    return Number((await select.executeTakeFirstOrThrow()).n);
  }
}

function splitAliases(text: string): string[] {
  return text
    .split('|')
    .map((alias) => alias.trim())
    .filter(Boolean);
}

function toDocument(row: Selectable<MemoryDocumentTable>): MemoryDocument {
  return {
    id: row.id,
    worldId: row.world_id,
    sessionId: row.session_id,
    source: row.source,
    kind: row.kind,
    title: row.title,
    aliases: splitAliases(row.aliases),
    body: row.body,
    tags: fromJson<string[]>(row.tags, []),
    importance: Number(row.importance),
    gameHour: row.game_hour === null ? null : Number(row.game_hour),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
