/**
 * The content service (issue 14). Additive only:
 * - `themes`: a theme's fields as JSON (`data`), its name beside them for listing.
 * - `theme_links`: the theme attached to a world or a campaign (one per target).
 * - `content_jobs`: a content generation run in the background: its request, state and result. The
 *   work itself is a GENERATE_CONTENT task of the maintenance queue, so it survives a restart.
 */
import type { Kysely, Migration } from 'kysely';

export function content(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('themes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('theme_links')
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('theme_id', 'text', (c) => c.notNull().references('themes.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('theme_links_pk', ['target_type', 'target_id'])
        .execute();
      await db.schema.createIndex('theme_links_theme').on('theme_links').column('theme_id').execute();
      await db.schema
        .createTable('content_jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('request', 'text', (c) => c.notNull())
        .addColumn('result', 'text')
        .addColumn('error', 'text')
        .addColumn('world_id', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema
        .createIndex('content_jobs_status')
        .on('content_jobs')
        .columns(['status', 'created_at'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('content_jobs').execute();
      await db.schema.dropTable('theme_links').execute();
      await db.schema.dropTable('themes').execute();
    },
  };
}
