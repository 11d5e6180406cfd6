/** What is known of each stored picture (provenance, size, the entity it shows); the bytes are in the image store. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { now } from '../util.js';

export interface ImageRecord {
  id: string;
  contentType: string;
  byteSize: number;
  width: number | null;
  height: number | null;
  provider: string;
  model: string;
  prompt: string;
  revisedPrompt: string | null;
  worldId: string | null;
  entityId: string | null;
  createdAt: string;
}

export class ImageRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Records a picture; one already recorded (the same bytes) keeps its first record. */
  async record(input: Omit<ImageRecord, 'createdAt'>): Promise<ImageRecord> {
    const createdAt = now();
    await this.db
      .insertInto('images')
      .values({
        id: input.id,
        content_type: input.contentType,
        byte_size: input.byteSize,
        width: input.width,
        height: input.height,
        provider: input.provider,
        model: input.model,
        prompt: input.prompt.slice(0, 4_000),
        revised_prompt: input.revisedPrompt?.slice(0, 4_000) ?? null,
        world_id: input.worldId,
        entity_id: input.entityId,
        created_at: createdAt,
      })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .execute();
    return (await this.get(input.id)) ?? { ...input, createdAt };
  }

  async get(id: string): Promise<ImageRecord | undefined> {
    const row = await this.db.selectFrom('images').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      contentType: row.content_type,
      byteSize: row.byte_size,
      width: row.width,
      height: row.height,
      provider: row.provider,
      model: row.model,
      prompt: row.prompt,
      revisedPrompt: row.revised_prompt,
      worldId: row.world_id,
      entityId: row.entity_id,
      createdAt: row.created_at,
    };
  }
}
