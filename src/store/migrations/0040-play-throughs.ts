/**
 * Play-throughs that stay apart, and who knows what (issue 13). Additive only:
 * - `entities.session_id`: the session an entity was made in, in a world that is not shared (null:
 *   canon). Another session and the world's author never see it, until it is promoted.
 * - `entity_scoped_names`: every name and alias of an entity, unique per world *and scope* (`canon`, or
 *   `session:<id>`), so a session may use a name canon or another session holds for an entity of its
 *   own. The names of `entity_names` are copied in as canon (that table is no longer written).
 * - `facts`: each fact a turn's analysis recorded about an entity, in its session; `witnesses` rows
 *   (subject_type `fact`) say which characters saw it or were told.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { Backend } from '../connect.js';
import { autoId, autoIdPrimaryKey } from './columns.js';

export function playThroughs(backend: Backend): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('entities').addColumn('session_id', 'text').execute();
      await db.schema
        .createIndex('entities_world_session')
        .on('entities')
        .columns(['world_id', 'session_id'])
        .execute();

      await db.schema
        .createTable('entity_scoped_names')
        .addColumn('world_id', 'text', (c) => c.notNull())
        .addColumn('scope_key', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull().references('entities.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('entity_scoped_names_pk', ['world_id', 'scope_key', 'name_key'])
        .execute();
      await db.schema
        .createIndex('entity_scoped_names_entity')
        .on('entity_scoped_names')
        .column('entity_id')
        .execute();
      await sql`insert into entity_scoped_names (world_id, scope_key, name_key, entity_id, name)
        select world_id, 'canon', name_key, entity_id, name from entity_names`.execute(db);

      await db.schema
        .createTable('facts')
        .addColumn('id', autoId(backend), autoIdPrimaryKey(backend))
        .addColumn('world_id', 'text', (c) => c.notNull())
        .addColumn('session_id', 'text')
        .addColumn('entity_id', 'text', (c) => c.notNull().references('entities.id').onDelete('cascade'))
        .addColumn('turn_id', 'integer')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('facts_entity').on('facts').columns(['entity_id', 'session_id']).execute();
      await db.schema.createIndex('facts_turn').on('facts').column('turn_id').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('facts').execute();
      await db.schema.dropTable('entity_scoped_names').execute();
      await db.schema.dropIndex('entities_world_session').execute();
      await db.schema.alterTable('entities').dropColumn('session_id').execute();
    },
  };
}
