/**
 * The turn loop (issue 6). Additive only:
 * - `entity_names`: every name and alias of an entity, normalised, unique per world, so an entity
 *   is never duplicated under a name it already has (two workers creating "Osric" at once: one wins).
 * - `entity_versions.source_task`: the maintenance task that wrote a version (unique), so a task run
 *   twice after a crash writes its version once.
 * - `worlds.turn_count`: turns played in the world, across sessions (SIMULATE_WORLD runs every N).
 * - `world_simulations`: one row per simulation run, keyed by its task, written with its follow-ups.
 * - `maintenance_tasks.raw_output`: the model's raw text of a dead-lettered task, kept for inspection.
 */
import type { Kysely, Migration } from 'kysely';
import type { Backend } from '../connect.js';

export function narrative(_backend: Backend): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('entity_names')
        .addColumn('world_id', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull().references('entities.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('entity_names_pk', ['world_id', 'name_key'])
        .execute();
      await db.schema.createIndex('entity_names_entity').on('entity_names').column('entity_id').execute();

      await db.schema.alterTable('entity_versions').addColumn('source_task', 'text').execute();
      await db.schema
        .createIndex('entity_versions_source_task')
        .on('entity_versions')
        .column('source_task')
        .unique()
        .execute();

      await db.schema
        .alterTable('worlds')
        .addColumn('turn_count', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('world_simulations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('world_id', 'text', (c) => c.notNull().references('worlds.id').onDelete('cascade'))
        .addColumn('session_id', 'text')
        .addColumn('turn', 'integer', (c) => c.notNull())
        .addColumn('summary', 'text')
        .addColumn('updates', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('world_simulations_world')
        .on('world_simulations')
        .columns(['world_id', 'created_at'])
        .execute();

      await db.schema.alterTable('maintenance_tasks').addColumn('raw_output', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('maintenance_tasks').dropColumn('raw_output').execute();
      await db.schema.dropTable('world_simulations').execute();
      await db.schema.alterTable('worlds').dropColumn('turn_count').execute();
      await db.schema.dropIndex('entity_versions_source_task').execute();
      await db.schema.alterTable('entity_versions').dropColumn('source_task').execute();
      await db.schema.dropTable('entity_names').execute();
    },
  };
}
