/**
 * A large world written fast, for benchmarks: the rows `WorldService.createEntity` writes (entity,
 * names, first version, searchable document) for every entity in ONE transaction, through the store's
 * repositories, without an EMBED_DOCUMENTS task per entity; then the vector index is built in batches
 * (`VectorSync.indexDocuments`, as `loremaster reindex --embed` does).
 */
import { DOCUMENT_OWNER, embeddingText } from '../../src/memory/documents.js';
import { type Memory, normalize } from '../../src/memory/index.js';
import { type EntityData, type EntityInput, entityBody, namesOf } from '../../src/narrative/entities.js';
import { derivedEntityId } from '../../src/narrative/index.js';
import { Repositories, type Store } from '../../src/store/index.js';
import { MemoryDocumentRepository } from '../../src/store/repositories/memory-documents.js';
import { seeded } from './world-gen.js';

/** Writes the entities as canon, in one transaction; returns their ids (= their document ids). */
export async function bulkCreateEntities(
  store: Store,
  worldId: string,
  entities: readonly EntityInput[],
): Promise<string[]> {
  return store.db.transaction().execute(async (trx) => {
    const repos = new Repositories(trx);
    const documents = new MemoryDocumentRepository(trx);
    const ids: string[] = [];
    for (const input of entities) {
      const id = derivedEntityId(worldId, input.name);
      await repos.worlds.insertEntity({ id, worldId, kind: input.type, name: input.name });
      const conflicts = await repos.worlds.claimNames(worldId, id, namesOf(input.name, input.aliases));
      if (conflicts.length > 0) throw new Error(`bench world: the name "${input.name}" is taken`);
      const data: EntityData = {
        type: input.type,
        aliases: input.aliases,
        tags: input.tags,
        description: input.description,
        note: input.note,
        connections: [],
        attributes: input.attributes,
      };
      await repos.worlds.addVersion(id, {
        scope: 'canon',
        sessionId: null,
        name: input.name,
        data: data as unknown as Record<string, unknown>,
        changedBy: 'bench',
        reason: 'generated',
      });
      await documents.upsert({
        id,
        worldId,
        sessionId: null,
        source: 'entity',
        kind: input.type,
        title: input.name,
        aliases: input.aliases,
        body: entityBody(data),
        tags: input.tags,
        importance: 5,
        gameHour: null,
      });
      ids.push(id);
    }
    return ids;
  });
}

export interface IndexReport {
  /** Documents embedded by the real embedder. */
  embedded: number;
  embedMs: number;
  /** Documents given a stand-in vector (a noisy copy of a real one), to keep the index full-size. */
  standIns: number;
  /** Writing the stand-ins and rebuilding the index from the database. */
  rebuildMs: number;
}

/**
 * Embeds the first `embedLimit` documents with the memory's embedder (batches of 256) and indexes
 * them. The rest, if any, get a stand-in vector each: a real vector of another document plus a little
 * noise, stored as an embedding of the same model, then the index is rebuilt from the database. Search
 * cost depends on the index's size and shape, not on whose vector is whose; a slow neural embedder
 * (~30 ms a text here) would otherwise spend minutes on a 10,000-entity world.
 */
export async function indexWorld(
  memory: Memory,
  store: Store,
  ids: readonly string[],
  embedLimit = ids.length,
): Promise<IndexReport> {
  const real = ids.slice(0, Math.max(1, embedLimit));
  let started = performance.now();
  for (let index = 0; index < real.length; index += 256)
    await memory.sync.indexDocuments(real.slice(index, index + 256));
  const embedMs = performance.now() - started;
  const rest = ids.slice(real.length);
  if (rest.length === 0) return { embedded: real.length, embedMs, standIns: 0, rebuildMs: 0 };

  started = performance.now();
  const model = memory.embedder.model;
  const sources: Float32Array[] = [];
  for (const id of real) {
    const stored = await store.embeddings.get(DOCUMENT_OWNER, id, model);
    if (stored) sources.push(stored.vector);
  }
  const random = seeded(99);
  const documents = new MemoryDocumentRepository(store.db);
  for (let index = 0; index < rest.length; index += 1_000) {
    const batch = await documents.getMany(rest.slice(index, index + 1_000));
    await store.transaction(async (tx) => {
      for (const document of batch) {
        const source = sources[Math.floor(random() * sources.length)] as Float32Array;
        const vector = normalize(Array.from(source, (value) => value + (random() - 0.5) * 0.08));
        await tx.embeddings.upsert({
          ownerType: DOCUMENT_OWNER,
          ownerId: document.id,
          model,
          vector,
          text: embeddingText(document),
        });
      }
    });
  }
  await memory.sync.rebuild();
  return { embedded: real.length, embedMs, standIns: rest.length, rebuildMs: performance.now() - started };
}
