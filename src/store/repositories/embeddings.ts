/**
 * Stored embeddings: the source of truth the vector index is rebuilt from. Vectors are Float32
 * little-endian blobs (1.5 KB for 384 dimensions), identical on both backends.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { now } from '../util.js';

export interface StoredEmbedding {
  ownerType: string;
  ownerId: string;
  model: string;
  vector: Float32Array;
  contentHash: string;
  createdAt: string;
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function vectorToBuffer(vector: ArrayLike<number>): Buffer {
  const floats = Float32Array.from(vector);
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength);
}

export function bufferToVector(buffer: Uint8Array): Float32Array {
  // Copy: the driver's buffer may not be 4-byte aligned.
  const copy = new Uint8Array(buffer);
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}

export class EmbeddingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores (or replaces) the embedding of an owner's text for a model. */
  async upsert(input: {
    ownerType: string;
    ownerId: string;
    model: string;
    vector: ArrayLike<number>;
    text: string;
  }) {
    const row = {
      owner_type: input.ownerType,
      owner_id: input.ownerId,
      model: input.model,
      dimensions: input.vector.length,
      vector: vectorToBuffer(input.vector),
      content_hash: contentHash(input.text),
      created_at: now(),
    };
    await this.db
      .insertInto('embeddings')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['owner_type', 'owner_id', 'model']).doUpdateSet({
          dimensions: row.dimensions,
          vector: row.vector,
          content_hash: row.content_hash,
          created_at: row.created_at,
        }),
      )
      .execute();
  }

  async get(ownerType: string, ownerId: string, model: string): Promise<StoredEmbedding | undefined> {
    const row = await this.db
      .selectFrom('embeddings')
      .selectAll()
      .where('owner_type', '=', ownerType)
      .where('owner_id', '=', ownerId)
      .where('model', '=', model)
      .executeTakeFirst();
    return row && toEmbedding(row);
  }

  /** All embeddings of a model, a page at a time (for rebuilding the vector index). */
  async page(model: string, options: { afterId?: number; limit: number }) {
    let select = this.db.selectFrom('embeddings').selectAll().where('model', '=', model);
    if (options.afterId !== undefined) select = select.where('id', '>', options.afterId);
    const rows = await select.orderBy('id').limit(options.limit).execute();
    return rows.map((row) => ({ id: Number(row.id), ...toEmbedding(row) }));
  }

  /**
   * A cheap summary of a model's stored embeddings (count and newest write), saved with a vector
   * index so a stale index file (the database moved on without it) is noticed at start.
   */
  async fingerprint(model: string): Promise<string> {
    const row = await this.db
      .selectFrom('embeddings')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('created_at').as('newest')])
      .where('model', '=', model)
      .executeTakeFirst();
    return `${Number(row?.n ?? 0)}:${row?.newest ?? ''}`;
  }

  async delete(ownerType: string, ownerId: string): Promise<number> {
    const result = await this.db
      .deleteFrom('embeddings')
      .where('owner_type', '=', ownerType)
      .where('owner_id', '=', ownerId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toEmbedding(row: {
  owner_type: string;
  owner_id: string;
  model: string;
  vector: Buffer;
  content_hash: string;
  created_at: string;
}): StoredEmbedding {
  return {
    ownerType: row.owner_type,
    ownerId: row.owner_id,
    model: row.model,
    vector: bufferToVector(row.vector),
    contentHash: row.content_hash,
    createdAt: row.created_at,
  };
}
