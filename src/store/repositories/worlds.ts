/**
 * Worlds, their entities, entity versions and witnesses.
 *
 * Every change to an entity is a new version, never an update in place (the audit trail).
 * A version is canon (the world's lore) or a session overlay (what one play-through changed);
 * reading an entity for a session takes the session's newest version if it has one, else canon's.
 * Witnesses record which characters know a fact, so an NPC can be given only what it knows.
 */
import type { Kysely } from 'kysely';
import type { Database, EntityVersionTable, WorldTable } from '../schema.js';
import { fromJson, newId, now, toJson } from '../util.js';

export interface World {
  id: string;
  name: string;
  description: string | null;
  shared: boolean;
  settings: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
  /** Turns played in the world, across its sessions. */
  turnCount: number;
}

export interface Entity {
  id: string;
  worldId: string;
  kind: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  /** The session that made it in a world that is not shared (only that session sees it); null: canon. */
  sessionId: string | null;
}

/** Where a name, a version or an entity belongs: `canon`, or `session:<id>`. */
export function scopeKeyOf(sessionId: string | null | undefined): string {
  return sessionId ? `session:${sessionId}` : 'canon';
}

/** The scope keys a session (or canon, without one) sees: its own first. */
function visibleScopes(sessionId: string | null | undefined): string[] {
  return sessionId ? [scopeKeyOf(sessionId), 'canon'] : ['canon'];
}

export interface EntityVersion {
  id: number;
  entityId: string;
  worldId: string;
  scope: 'canon' | 'session';
  sessionId: string | null;
  version: number;
  name: string;
  data: Record<string, unknown>;
  summary: string | null;
  changedBy: string;
  reason: string | null;
  turnId: number | null;
  createdAt: string;
  sourceTask: string | null;
}

export interface VersionInput {
  /** Defaults to canon. A session overlay needs `sessionId`. */
  scope?: 'canon' | 'session';
  sessionId?: string | null;
  name?: string;
  data: Record<string, unknown>;
  summary?: string | null;
  changedBy: string;
  reason?: string | null;
  turnId?: number | null;
  /** The maintenance task writing this version: a second write by the same task is refused. */
  sourceTask?: string | null;
}

export interface Witness {
  subjectType: string;
  subjectId: string;
  witnessEntityId: string;
  sessionId: string | null;
  how: string;
  createdAt: string;
}

export class WorldRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async createWorld(input: {
    name: string;
    description?: string;
    shared?: boolean;
    settings?: Record<string, unknown>;
  }): Promise<World> {
    const time = now();
    const row: WorldTable = {
      id: newId(),
      name: input.name,
      description: input.description ?? null,
      shared: input.shared ? 1 : 0,
      settings: toJson(input.settings ?? {}),
      created_at: time,
      updated_at: time,
      archived_at: null,
      turn_count: 0,
    };
    await this.db.insertInto('worlds').values(row).execute();
    return toWorld(row);
  }

  async getWorld(id: string): Promise<World | undefined> {
    const row = await this.db.selectFrom('worlds').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toWorld(row);
  }

  async listWorlds(): Promise<World[]> {
    const rows = await this.db
      .selectFrom('worlds')
      .selectAll()
      .where('archived_at', 'is', null)
      .orderBy('name')
      .execute();
    return rows.map(toWorld);
  }

  /** Creates an entity with its first version. Run inside a transaction (two inserts). */
  async createEntity(
    worldId: string,
    input: { kind: string; name: string } & VersionInput,
  ): Promise<{ entity: Entity; version: EntityVersion }> {
    const time = now();
    const entity: Entity = {
      id: newId(),
      worldId,
      kind: input.kind,
      name: input.name,
      createdAt: time,
      updatedAt: time,
      deletedAt: null,
      sessionId: null,
    };
    await this.db
      .insertInto('entities')
      .values({
        id: entity.id,
        world_id: worldId,
        kind: entity.kind,
        name: entity.name,
        created_at: time,
        updated_at: time,
        deleted_at: null,
        session_id: null,
      })
      .execute();
    const version = await this.addVersion(entity.id, input);
    return { entity, version };
  }

  async getEntity(id: string): Promise<Entity | undefined> {
    const row = await this.db.selectFrom('entities').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toEntity(row);
  }

  /** A world's live entities that canon (no session) or one session sees: canon's and its own. */
  async listEntities(
    worldId: string,
    kind?: string,
    page: { limit?: number; offset?: number } = {},
    sessionId?: string,
  ): Promise<Entity[]> {
    let select = this.db
      .selectFrom('entities')
      .selectAll()
      .where('world_id', '=', worldId)
      .where('deleted_at', 'is', null)
      .where((eb) =>
        sessionId
          ? eb.or([eb('session_id', 'is', null), eb('session_id', '=', sessionId)])
          : eb('session_id', 'is', null),
      );
    if (kind) select = select.where('kind', '=', kind);
    select = select.orderBy('kind').orderBy('name').orderBy('id');
    if (page.limit !== undefined) select = select.limit(page.limit).offset(page.offset ?? 0);
    return (await select.execute()).map(toEntity);
  }

  /** `current` for many entities in one query: each one's session overlay, else its canon. */
  async currentMany(entityIds: readonly string[], sessionId?: string): Promise<Map<string, EntityVersion>> {
    const out = new Map<string, EntityVersion>();
    if (entityIds.length === 0) return out;
    const keys = sessionId ? ['canon', `session:${sessionId}`] : ['canon'];
    const rows = await this.db
      .selectFrom('entity_versions')
      .selectAll()
      .where('entity_id', 'in', [...entityIds])
      .where('scope_key', 'in', keys)
      .orderBy('version', 'desc')
      .execute();
    for (const row of rows) {
      const chosen = out.get(row.entity_id);
      // The first row per entity is its newest; an overlay row beats any canon row.
      if (!chosen || (chosen.scope === 'canon' && row.scope === 'session'))
        out.set(row.entity_id, toVersion(row));
    }
    return out;
  }

  /**
   * Adds the next version of an entity in its scope. Run inside a transaction: the number is read
   * then written, and the unique (entity, scope, version) index turns a race into an error, not a gap.
   */
  async addVersion(entityId: string, input: VersionInput): Promise<EntityVersion> {
    const scope = input.scope ?? 'canon';
    const sessionId = scope === 'session' ? (input.sessionId ?? null) : null;
    if (scope === 'session' && !sessionId) throw new Error('A session-scoped version needs a sessionId');
    const entity = await this.db
      .selectFrom('entities')
      .select(['world_id', 'name'])
      .where('id', '=', entityId)
      .executeTakeFirstOrThrow();
    const scopeKey = scope === 'canon' ? 'canon' : `session:${sessionId}`;
    const last = await this.db
      .selectFrom('entity_versions')
      .select((eb) => eb.fn.max('version').as('max'))
      .where('entity_id', '=', entityId)
      .where('scope_key', '=', scopeKey)
      .executeTakeFirst();
    const time = now();
    const name = input.name ?? entity.name;
    const row = await this.db
      .insertInto('entity_versions')
      .values({
        entity_id: entityId,
        world_id: entity.world_id,
        scope,
        session_id: sessionId,
        scope_key: scopeKey,
        version: Number(last?.max ?? 0) + 1,
        name,
        data: toJson(input.data),
        summary: input.summary ?? null,
        changed_by: input.changedBy,
        reason: input.reason ?? null,
        turn_id: input.turnId ?? null,
        created_at: time,
        source_task: input.sourceTask ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    // Canon changes rename the entity itself; a session's rename stays in its overlay.
    await this.db
      .updateTable('entities')
      .set(scope === 'canon' ? { name, updated_at: time } : { updated_at: time })
      .where('id', '=', entityId)
      .execute();
    return toVersion(row);
  }

  /** The entity as a session sees it: its own newest version, else canon's newest. */
  async current(entityId: string, sessionId?: string): Promise<EntityVersion | undefined> {
    const keys = sessionId ? ['canon', `session:${sessionId}`] : ['canon'];
    const rows = await this.db
      .selectFrom('entity_versions')
      .selectAll()
      .where('entity_id', '=', entityId)
      .where('scope_key', 'in', keys)
      .orderBy('version', 'desc')
      .execute();
    const overlay = rows.find((row) => row.scope === 'session');
    const chosen = overlay ?? rows.find((row) => row.scope === 'canon');
    return chosen && toVersion(chosen);
  }

  /** Every version of an entity, oldest first; one scope only when given. */
  async history(entityId: string, scope?: { sessionId: string | null }): Promise<EntityVersion[]> {
    let select = this.db.selectFrom('entity_versions').selectAll().where('entity_id', '=', entityId);
    if (scope)
      select = select.where('scope_key', '=', scope.sessionId ? `session:${scope.sessionId}` : 'canon');
    return (await select.orderBy('id').execute()).map(toVersion);
  }

  /** The live entities a session made or changed in a world, oldest first. */
  async entitiesChangedIn(worldId: string, sessionId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('entity_versions')
      .innerJoin('entities', 'entities.id', 'entity_versions.entity_id')
      .select('entity_versions.entity_id')
      .where('entity_versions.world_id', '=', worldId)
      .where('entity_versions.scope_key', '=', scopeKeyOf(sessionId))
      .where('entities.deleted_at', 'is', null)
      .groupBy('entity_versions.entity_id')
      .orderBy((eb) => eb.fn.min('entity_versions.id'))
      .execute();
    return rows.map((row) => row.entity_id);
  }

  /** Makes a session's newest version of an entity canon (a new canon version, audit kept). */
  async promote(entityId: string, sessionId: string, changedBy: string): Promise<EntityVersion> {
    const overlay = await this.db
      .selectFrom('entity_versions')
      .selectAll()
      .where('entity_id', '=', entityId)
      .where('scope_key', '=', `session:${sessionId}`)
      .orderBy('version', 'desc')
      .executeTakeFirst();
    if (!overlay) throw new Error(`Entity ${entityId} has no version in session ${sessionId}`);
    return this.addVersion(entityId, {
      scope: 'canon',
      name: overlay.name,
      data: fromJson(overlay.data, {}),
      summary: overlay.summary,
      changedBy,
      reason: `promoted from session ${sessionId} version ${overlay.version}`,
    });
  }

  /**
   * Creates an entity with a chosen id (idempotent creations derive it from their name); with
   * `sessionId`, the entity belongs to that session until it is promoted.
   */
  async insertEntity(entity: {
    id: string;
    worldId: string;
    kind: string;
    name: string;
    sessionId?: string | null;
  }): Promise<Entity> {
    const time = now();
    const sessionId = entity.sessionId ?? null;
    await this.db
      .insertInto('entities')
      .values({
        id: entity.id,
        world_id: entity.worldId,
        kind: entity.kind,
        name: entity.name,
        created_at: time,
        updated_at: time,
        deleted_at: null,
        session_id: sessionId,
      })
      .execute();
    return {
      id: entity.id,
      worldId: entity.worldId,
      kind: entity.kind,
      name: entity.name,
      createdAt: time,
      updatedAt: time,
      deletedAt: null,
      sessionId,
    };
  }

  /** Makes a session's entity canon: every session and the world's author see it from now on. */
  async makeCanon(entityId: string): Promise<void> {
    await this.db
      .updateTable('entities')
      .set({ session_id: null, updated_at: now() })
      .where('id', '=', entityId)
      .execute();
  }

  /**
   * Locks an entity's row until the transaction ends (PostgreSQL only: SQLite transactions already
   * run one at a time), so two changes to one entity are made one after the other, the second seeing
   * the first.
   */
  async lockEntity(id: string): Promise<void> {
    await this.db.selectFrom('entities').select('id').where('id', '=', id).forUpdate().execute();
  }

  async getEntities(ids: readonly string[]): Promise<Entity[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('entities').selectAll().where('id', 'in', ids).execute();
    return rows.map(toEntity);
  }

  /** Marks an entity deleted (its versions stay, for the audit trail) and frees its names in every scope. */
  async softDeleteEntity(id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('entities')
      .set({ deleted_at: now(), updated_at: now() })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    await this.db.deleteFrom('entity_scoped_names').where('entity_id', '=', id).execute();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Claims names (normalised keys) for an entity in a scope of its world: canon, or one session's.
   * A name conflicts when another entity holds it in that scope or (for a session) in canon; the
   * conflicting keys are returned and nothing is claimed. The primary key makes a race end in an
   * error, not a duplicate.
   */
  async claimNames(
    worldId: string,
    entityId: string,
    names: ReadonlyArray<{ key: string; name: string }>,
    sessionId: string | null = null,
  ): Promise<Array<{ key: string; entityId: string }>> {
    if (names.length === 0) return [];
    const scopeKey = scopeKeyOf(sessionId);
    const taken = await this.db
      .selectFrom('entity_scoped_names')
      .select(['name_key', 'entity_id', 'scope_key'])
      .where('world_id', '=', worldId)
      .where('scope_key', 'in', visibleScopes(sessionId))
      .where(
        'name_key',
        'in',
        names.map((name) => name.key),
      )
      .execute();
    const conflicts = taken
      .filter((row) => row.entity_id !== entityId)
      .map((row) => ({ key: row.name_key, entityId: row.entity_id }));
    if (conflicts.length > 0) return conflicts;
    const held = new Set(taken.map((row) => row.name_key));
    const fresh = names.filter(
      (name, index) => !held.has(name.key) && names.findIndex((n) => n.key === name.key) === index,
    );
    if (fresh.length > 0)
      await this.db
        .insertInto('entity_scoped_names')
        .values(
          fresh.map((name) => ({
            world_id: worldId,
            scope_key: scopeKey,
            name_key: name.key,
            entity_id: entityId,
            name: name.name,
          })),
        )
        .execute();
    return [];
  }

  /** Replaces an entity's names in a scope with `names` (after a rename or new aliases). */
  async replaceNames(
    worldId: string,
    entityId: string,
    names: ReadonlyArray<{ key: string; name: string }>,
    sessionId: string | null = null,
  ): Promise<Array<{ key: string; entityId: string }>> {
    await this.db
      .deleteFrom('entity_scoped_names')
      .where('entity_id', '=', entityId)
      .where('scope_key', '=', scopeKeyOf(sessionId))
      .execute();
    return this.claimNames(worldId, entityId, names, sessionId);
  }

  /** Moves an entity's session names to canon; the keys canon already gives another entity are returned (and stay the session's). */
  async promoteNames(
    worldId: string,
    entityId: string,
    sessionId: string,
  ): Promise<Array<{ key: string; entityId: string }>> {
    const names = await this.db
      .selectFrom('entity_scoped_names')
      .select(['name_key', 'name'])
      .where('entity_id', '=', entityId)
      .where('scope_key', '=', scopeKeyOf(sessionId))
      .execute();
    if (names.length === 0) return [];
    const canon = await this.db
      .selectFrom('entity_scoped_names')
      .select(['name_key', 'entity_id'])
      .where('world_id', '=', worldId)
      .where('scope_key', '=', 'canon')
      .where(
        'name_key',
        'in',
        names.map((name) => name.name_key),
      )
      .execute();
    const holder = new Map(canon.map((row) => [row.name_key, row.entity_id]));
    const conflicts: Array<{ key: string; entityId: string }> = [];
    for (const name of names) {
      const owner = holder.get(name.name_key);
      if (owner && owner !== entityId) {
        conflicts.push({ key: name.name_key, entityId: owner });
        continue;
      }
      await this.db
        .deleteFrom('entity_scoped_names')
        .where('world_id', '=', worldId)
        .where('scope_key', '=', scopeKeyOf(sessionId))
        .where('name_key', '=', name.name_key)
        .execute();
      if (!owner)
        await this.db
          .insertInto('entity_scoped_names')
          .values({
            world_id: worldId,
            scope_key: 'canon',
            name_key: name.name_key,
            entity_id: entityId,
            name: name.name,
          })
          .execute();
    }
    return conflicts;
  }

  /**
   * The live entity a normalised name or alias belongs to, as a session (or canon, without one) sees
   * the world: the session's own names first, then canon's.
   */
  async entityByNameKey(
    worldId: string,
    key: string,
    sessionId?: string | null,
  ): Promise<Entity | undefined> {
    const rows = await this.db
      .selectFrom('entity_scoped_names')
      .innerJoin('entities', 'entities.id', 'entity_scoped_names.entity_id')
      .selectAll('entities')
      .select('entity_scoped_names.scope_key as name_scope')
      .where('entity_scoped_names.world_id', '=', worldId)
      .where('entity_scoped_names.scope_key', 'in', visibleScopes(sessionId))
      .where('entity_scoped_names.name_key', '=', key)
      .where('entities.deleted_at', 'is', null)
      .execute();
    const row = rows.find((candidate) => candidate.name_scope !== 'canon') ?? rows[0];
    return row && toEntity(row);
  }

  /** Every canon name and alias of a world's live entities (for finding them in a text). */
  async namesOf(worldId: string): Promise<Array<{ key: string; name: string; entityId: string }>> {
    const rows = await this.db
      .selectFrom('entity_scoped_names')
      .select(['name_key', 'name', 'entity_id'])
      .where('world_id', '=', worldId)
      .where('scope_key', '=', 'canon')
      .execute();
    return rows.map((row) => ({ key: row.name_key, name: row.name, entityId: row.entity_id }));
  }

  /** A version written by a task, if that task already wrote one. */
  async versionBySourceTask(sourceTask: string): Promise<EntityVersion | undefined> {
    const row = await this.db
      .selectFrom('entity_versions')
      .selectAll()
      .where('source_task', '=', sourceTask)
      .executeTakeFirst();
    return row && toVersion(row);
  }

  /** Counts a turn in its world; returns the world's new turn count. */
  async countTurn(worldId: string): Promise<number> {
    const row = await this.db
      .updateTable('worlds')
      .set((eb) => ({ turn_count: eb('turn_count', '+', 1) }))
      .where('id', '=', worldId)
      .returning('turn_count')
      .executeTakeFirst();
    return Number(row?.turn_count ?? 0);
  }

  /**
   * Live entities of a kind that canon (or one session) sees, the least recently changed first (who
   * the world has left alone longest).
   */
  async leastRecentlyChanged(
    worldId: string,
    kind: string,
    limit: number,
    sessionId?: string | null,
  ): Promise<Entity[]> {
    const rows = await this.db
      .selectFrom('entities')
      .selectAll()
      .where('world_id', '=', worldId)
      .where('kind', '=', kind)
      .where('deleted_at', 'is', null)
      .where((eb) =>
        sessionId
          ? eb.or([eb('session_id', 'is', null), eb('session_id', '=', sessionId)])
          : eb('session_id', 'is', null),
      )
      .orderBy('updated_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toEntity);
  }

  /** Canon's live entities (those a session made and did not promote are its own). */
  async countEntities(worldId: string): Promise<number> {
    const row = await this.db
      .selectFrom('entities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('world_id', '=', worldId)
      .where('deleted_at', 'is', null)
      .where('session_id', 'is', null)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Records a simulation run; false when this run (task) was already recorded. */
  async recordSimulation(input: {
    id: string;
    worldId: string;
    sessionId: string | null;
    turn: number;
    summary: string | null;
    updates: unknown[];
  }): Promise<boolean> {
    const result = await this.db
      .insertInto('world_simulations')
      .values({
        id: input.id,
        world_id: input.worldId,
        session_id: input.sessionId,
        turn: input.turn,
        summary: input.summary,
        updates: toJson(input.updates),
        created_at: now(),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async simulationRecorded(id: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('world_simulations')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    return row !== undefined;
  }

  async simulations(worldId: string, limit = 50) {
    const rows = await this.db
      .selectFrom('world_simulations')
      .selectAll()
      .where('world_id', '=', worldId)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      worldId: row.world_id,
      sessionId: row.session_id,
      turn: Number(row.turn),
      summary: row.summary,
      updates: fromJson<unknown[]>(row.updates, []),
      createdAt: row.created_at,
    }));
  }

  async addWitness(input: {
    worldId: string;
    subjectType: string;
    subjectId: string;
    witnessEntityId: string;
    sessionId?: string | null;
    how?: 'present' | 'told';
  }): Promise<void> {
    await this.db
      .insertInto('witnesses')
      .values({
        world_id: input.worldId,
        subject_type: input.subjectType,
        subject_id: input.subjectId,
        witness_entity_id: input.witnessEntityId,
        session_id: input.sessionId ?? null,
        how: input.how ?? 'present',
        created_at: now(),
      })
      .onConflict((oc) => oc.columns(['subject_type', 'subject_id', 'witness_entity_id']).doNothing())
      .execute();
  }

  /** What a character knows: subjects of a type it witnessed or was told. */
  async knownBy(witnessEntityId: string, subjectType: string): Promise<Witness[]> {
    const rows = await this.db
      .selectFrom('witnesses')
      .selectAll()
      .where('witness_entity_id', '=', witnessEntityId)
      .where('subject_type', '=', subjectType)
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      witnessEntityId: row.witness_entity_id,
      sessionId: row.session_id,
      how: row.how,
      createdAt: row.created_at,
    }));
  }
}

function toWorld(row: WorldTable): World {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    shared: Number(row.shared) === 1,
    settings: fromJson(row.settings, {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
    turnCount: Number(row.turn_count ?? 0),
  };
}

function toEntity(row: {
  id: string;
  world_id: string;
  kind: string;
  name: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  session_id?: string | null;
}): Entity {
  return {
    sessionId: row.session_id ?? null,
    id: row.id,
    worldId: row.world_id,
    kind: row.kind,
    name: row.name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

function toVersion(row: Omit<EntityVersionTable, 'id'> & { id: number }): EntityVersion {
  return {
    id: Number(row.id),
    entityId: row.entity_id,
    worldId: row.world_id,
    scope: row.scope,
    sessionId: row.session_id,
    version: Number(row.version),
    name: row.name,
    data: fromJson(row.data, {}),
    summary: row.summary,
    changedBy: row.changed_by,
    reason: row.reason,
    turnId: row.turn_id === null ? null : Number(row.turn_id),
    createdAt: row.created_at,
    sourceTask: row.source_task ?? null,
  };
}
