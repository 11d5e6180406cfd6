/**
 * Images (issue 14). Additive only: `images` holds what is known of each stored picture (its bytes live
 * content-addressed in the image store, a folder beside the database): its content type and size, who
 * drew it from which prompt, and the world and entity it was made for. The id is the sha256 of the bytes.
 */
import type { Kysely, Migration } from 'kysely';

export function images(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('images')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('byte_size', 'integer', (c) => c.notNull())
        .addColumn('width', 'integer')
        .addColumn('height', 'integer')
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('prompt', 'text', (c) => c.notNull())
        .addColumn('revised_prompt', 'text')
        .addColumn('world_id', 'text')
        .addColumn('entity_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('images_entity')
        .on('images')
        .columns(['entity_id', 'created_at'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('images').execute();
    },
  };
}
