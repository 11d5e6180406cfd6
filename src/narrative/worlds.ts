/**
 * Worlds and their entities, as the API and the maintenance workers change them.
 *
 * Every change is one transaction: the entity's new version, its names, its searchable document and
 * the EMBED_DOCUMENTS task that brings the vector index up to date. A change is therefore either
 * complete (and soon searchable by meaning) or absent; it is findable by words at once.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Publish } from '../events/hub.js';
import type { MaintenanceQueue, NewTask } from '../jobs/types.js';
import { REMOVED_SOURCE, sessionDocumentId } from '../memory/documents.js';
import type { Database, Entity, EntityVersion, Session, Store, World } from '../store/index.js';
import { isUniqueViolation, Repositories } from '../store/index.js';
import { MemoryDocumentRepository } from '../store/repositories/memory-documents.js';
import { checkSessionMetadata, checkWorldSettings } from './creation-bounds.js';
import {
  type Connection,
  type EntityData,
  type EntityInput,
  type EntityPatch,
  type EntityType,
  entityBody,
  nameKey,
  namesOf,
  readEntityData,
} from './entities.js';
import { NarrativeError, notFound } from './errors.js';

export interface EntityView {
  id: string;
  worldId: string;
  type: EntityType;
  name: string;
  data: EntityData;
  version: number;
  scope: 'canon' | 'session';
  sessionId: string | null;
  changedBy: string;
  createdAt: string;
  updatedAt: string;
}

/** What `promote` did: entities made canon, names canon holds for another entity, and what had nothing to promote. */
export interface PromotionReport {
  promoted: Array<{ entityId: string; version: number }>;
  conflicts: Array<{ entityId: string; name: string; heldBy: string; outcome: string }>;
  unchanged: Array<{ entityId: string; reason: string }>;
}

/** A fact a character knows, and how it learned it. */
export interface KnownFactView {
  about: { id: string; name: string };
  text: string;
  how: 'present' | 'told';
  turnId: number | null;
  learnedAt: string;
}

type PromotionOutcome =
  | { kind: 'missing' }
  | { kind: 'unchanged'; reason: string }
  | { kind: 'promoted'; version: number; conflicts: Array<{ key: string; entityId: string }> }
  | { kind: 'conflict'; conflicts: Array<{ key: string; entityId: string }> };

/** Who makes a change, and where it belongs: canon, or a session's overlay. */
export interface ChangeContext {
  changedBy: string;
  reason?: string | null;
  /** A session overlay; absent: canon. */
  sessionId?: string | null;
  turnId?: number | null;
  /** The task making the change (a re-run of the same task writes nothing twice). */
  sourceTask?: string | null;
  /**
   * The version (row id) the change was computed from; null: from no version. When given and no longer
   * the newest the change would see, the update fails with `stale_version` (409) instead of losing
   * what was written meanwhile.
   */
  basedOn?: number | null;
}

export interface WorldServiceOptions {
  store: Store;
  queue: Pick<MaintenanceQueue, 'enqueue'>;
  /** Called after a commit that queued tasks (wakes this process's idle workers). */
  onQueued?: () => void;
  /** Told of each entity created or changed, after its commit (entity.created / entity.updated). */
  publish?: Publish;
}

/**
 * The id a model-made entity gets: derived from its world, its scope (a session's own entities are
 * apart from canon's and other sessions') and its name, so creating it twice is a no-op.
 */
export function derivedEntityId(worldId: string, name: string, sessionId?: string | null): string {
  const scope = sessionId ? `\u0000${sessionId}` : '';
  return `ent_${createHash('sha256')
    .update(`${worldId}${scope}\u0000${nameKey(name)}`)
    .digest('hex')
    .slice(0, 24)}`;
}

/** A version that removes an entity from one session's view (canon keeps it). */
export function isRemoved(version: EntityVersion): boolean {
  return version.data.removed === true;
}

/** Whether a session (or canon, without one) sees an entity at all. */
function visibleTo(entity: Entity, sessionId: string | null | undefined): boolean {
  return !entity.deletedAt && (entity.sessionId === null || entity.sessionId === (sessionId ?? null));
}

/**
 * The session a change is scoped to must exist and be the entity's world's: an unknown one is a 404
 * (not a database constraint failing as a 500), one of another world a 400 (one request, one world).
 */
async function sessionOfWorld(repos: Repositories, sessionId: string, worldId: string): Promise<void> {
  const session = await repos.sessions.get(sessionId);
  if (!session)
    throw new NarrativeError(404, 'session_not_found', `Session ${sessionId} not found`, 'session_id');
  if (session.worldId !== worldId)
    throw new NarrativeError(
      400,
      'invalid_request',
      `Invalid request: session_id: session ${JSON.stringify(sessionId)} belongs to another world`,
      'session_id',
    );
}

/** The searchable document of an entity's view: canon under the entity's id, an overlay beside it. */
export function documentIdFor(entityId: string, sessionId: string | null): string {
  return sessionId ? sessionDocumentId(entityId, sessionId) : entityId;
}

export class WorldService {
  constructor(private readonly options: WorldServiceOptions) {}

  private get store(): Store {
    return this.options.store;
  }

  async createWorld(input: {
    name: string;
    description?: string;
    shared?: boolean;
    settings?: Record<string, unknown>;
  }): Promise<World> {
    // Refused now what a turn would refuse later (a player name over 200 characters, 1,000 notes, a
    // state nested 2,000 levels deep): such a world could never play.
    if (input.settings !== undefined) checkWorldSettings(input.settings);
    return this.store.worlds.createWorld(input);
  }

  /**
   * Starts a play-through of a world; its metadata (`state`, `notes`, `player`) is checked against the
   * bounds a turn keeps, so a session that is created can play.
   */
  async createSession(
    worldId: string,
    input: { player?: string; metadata?: Record<string, unknown> },
  ): Promise<Session> {
    const world = await this.world(worldId);
    if (input.metadata !== undefined) checkSessionMetadata(input.metadata);
    return this.store.sessions.create({
      worldId: world.id,
      ...(input.player && { player: input.player }),
      metadata: input.metadata ?? {},
    });
  }

  async world(id: string): Promise<World> {
    const world = await this.store.worlds.getWorld(id);
    if (!world || world.archivedAt) throw notFound('World', id);
    return world;
  }

  /**
   * Creates an entity; 409 when one of its names is already another entity's as its scope sees the
   * world. With `context.sessionId` the entity is that session's own (a play-through of a world that
   * is not shared): other sessions and canon do not see it, and may use its names themselves.
   */
  async createEntity(
    worldId: string,
    input: EntityInput,
    context: ChangeContext,
    options: { id?: string } = {},
  ): Promise<EntityView> {
    await this.world(worldId);
    try {
      return await this.transaction((trx, tasks) =>
        this.createEntityIn(trx, tasks, worldId, input, context, options),
      );
    } catch (error) {
      // Another request created it (or claimed one of its names) at the same moment (PostgreSQL).
      if (isUniqueViolation(error))
        throw new NarrativeError(
          409,
          'entity_exists',
          `Entity "${input.name}" (or one of its names) was created by another request at the same moment`,
          'name',
        );
      throw error;
    }
  }

  /** `createEntity` inside the caller's transaction (the analysis of a turn creates with its plan). */
  async createEntityIn(
    trx: Kysely<Database>,
    tasks: NewTask[],
    worldId: string,
    input: EntityInput,
    context: ChangeContext,
    options: { id?: string } = {},
  ): Promise<EntityView> {
    const sessionId = context.sessionId ?? null;
    {
      const repos = new Repositories(trx);
      if (sessionId) await sessionOfWorld(repos, sessionId, worldId);
      let id = options.id ?? derivedEntityId(worldId, input.name, sessionId);
      const existing = await repos.worlds.getEntity(id);
      // A deleted entity keeps its row (and id) for the audit trail: a new one under its name gets a fresh id.
      if (existing?.deletedAt && !options.id) id = `ent_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
      else if (existing)
        throw new NarrativeError(
          409,
          'entity_exists',
          `Entity "${input.name}" already exists (${id})`,
          'name',
        );
      await repos.worlds.insertEntity({ id, worldId, kind: input.type, name: input.name, sessionId });
      const conflicts = await repos.worlds.claimNames(
        worldId,
        id,
        namesOf(input.name, input.aliases),
        sessionId,
      );
      if (conflicts.length > 0) throw nameTaken(conflicts[0]!);
      const data: EntityData = {
        type: input.type,
        aliases: input.aliases,
        tags: input.tags,
        description: input.description,
        note: input.note,
        connections: await this.resolveConnections(repos, worldId, input.connections, sessionId),
        attributes: input.attributes,
      };
      const version = await repos.worlds.addVersion(id, {
        scope: context.sessionId ? 'session' : 'canon',
        sessionId: context.sessionId ?? null,
        name: input.name,
        data: data as unknown as Record<string, unknown>,
        changedBy: context.changedBy,
        reason: context.reason ?? null,
        turnId: context.turnId ?? null,
        sourceTask: context.sourceTask ?? null,
      });
      const entity = (await repos.worlds.getEntity(id)) as Entity;
      await this.writeDocument(trx, tasks, entity, version);
      return toView(entity, version);
    }
  }

  /**
   * Writes a new version of an entity from a patch (canon, or the session's overlay). Renames and
   * new aliases claim their names (canon only: an overlay's names stay the overlay's).
   */
  async updateEntity(entityId: string, patch: EntityPatch, context: ChangeContext): Promise<EntityView> {
    const view = await this.transaction((trx, tasks) =>
      this.updateEntityIn(trx, tasks, entityId, patch, context),
    );
    this.published('entity.updated', view, context);
    return view;
  }

  /** `updateEntity` inside the caller's transaction. */
  async updateEntityIn(
    trx: Kysely<Database>,
    tasks: NewTask[],
    entityId: string,
    patch: EntityPatch,
    context: ChangeContext,
  ): Promise<EntityView> {
    {
      const repos = new Repositories(trx);
      // Read committed on PostgreSQL: without the lock, a change committed between this read and the
      // write below would be overwritten by a note computed from the older version.
      if (this.store.backend === 'postgres') await repos.worlds.lockEntity(entityId);
      const entity = await repos.worlds.getEntity(entityId);
      if (!entity || !visibleTo(entity, context.sessionId)) throw notFound('Entity', entityId);
      if (context.sessionId) await sessionOfWorld(repos, context.sessionId, entity.worldId);
      const current = await repos.worlds.current(entityId, context.sessionId ?? undefined);
      if (current && isRemoved(current)) throw notFound('Entity', entityId);
      if (context.basedOn !== undefined && (current?.id ?? null) !== context.basedOn)
        throw new NarrativeError(
          409,
          'stale_version',
          `Entity ${entityId} changed since version ${context.basedOn}`,
        );
      const before = readEntityData(entity.kind, current?.data ?? {});
      const name = patch.name ?? current?.name ?? entity.name;
      const data: EntityData = {
        ...before,
        ...(patch.aliases && { aliases: patch.aliases }),
        ...(patch.tags && { tags: patch.tags }),
        ...(patch.description !== undefined && { description: patch.description }),
        ...(patch.note !== undefined && { note: patch.note }),
        ...(patch.attributes && { attributes: patch.attributes }),
        ...(patch.connections && {
          connections: await this.resolveConnections(
            repos,
            entity.worldId,
            patch.connections,
            context.sessionId,
          ),
        }),
      };
      if (patch.name !== undefined || patch.aliases !== undefined) {
        // A session's rename or new alias is claimed in the session's scope only.
        const conflicts = await repos.worlds.replaceNames(
          entity.worldId,
          entityId,
          namesOf(name, data.aliases),
          context.sessionId ?? null,
        );
        if (conflicts.length > 0) throw nameTaken(conflicts[0]!);
      }
      const version = await repos.worlds.addVersion(entityId, {
        scope: context.sessionId ? 'session' : 'canon',
        sessionId: context.sessionId ?? null,
        name,
        data: data as unknown as Record<string, unknown>,
        changedBy: context.changedBy,
        reason: context.reason ?? null,
        turnId: context.turnId ?? null,
        sourceTask: context.sourceTask ?? null,
      });
      const updated = (await repos.worlds.getEntity(entityId)) as Entity;
      await this.writeDocument(trx, tasks, updated, version);
      return toView(updated, version);
    }
  }

  /** Publishes an entity change once its transaction has committed (entity.created / entity.updated). */
  published(type: 'entity.created' | 'entity.updated', view: EntityView, context: ChangeContext): void {
    this.options.publish?.(
      type,
      'narrative',
      {
        entity_id: view.id,
        type: view.type,
        name: view.name,
        version: view.version,
        scope: view.scope,
        changed_by: view.changedBy,
        reason: context.reason ?? null,
        turn_id: context.turnId ?? null,
      },
      { worldId: view.worldId, sessionId: view.sessionId },
    );
  }

  /**
   * Deletes an entity (its versions stay for the audit trail); its documents leave search. With a
   * session, a canon entity leaves only that session's view (a removing version in its overlay);
   * the session's own entity is deleted outright.
   */
  async deleteEntity(
    entityId: string,
    context: { sessionId?: string | null; changedBy?: string } = {},
  ): Promise<void> {
    await this.transaction(async (trx, tasks) => {
      const repos = new Repositories(trx);
      const entity = await repos.worlds.getEntity(entityId);
      if (!entity || !visibleTo(entity, context.sessionId)) throw notFound('Entity', entityId);
      if (context.sessionId) await sessionOfWorld(repos, context.sessionId, entity.worldId);
      if (context.sessionId && entity.sessionId === null) {
        const current = await repos.worlds.current(entityId, context.sessionId);
        if (!current || isRemoved(current)) throw notFound('Entity', entityId);
        await repos.worlds.addVersion(entityId, {
          scope: 'session',
          sessionId: context.sessionId,
          name: current.name,
          data: { ...current.data, removed: true },
          changedBy: context.changedBy ?? 'api',
          reason: 'removed from this session',
        });
        const id = documentIdFor(entityId, context.sessionId);
        await new MemoryDocumentRepository(trx).upsert({
          id,
          worldId: entity.worldId,
          sessionId: context.sessionId,
          source: REMOVED_SOURCE,
          kind: entity.kind,
          title: current.name,
          aliases: [],
          body: '(removed in this session)',
          tags: [],
          importance: 0,
          gameHour: null,
        });
        tasks.push({ type: 'EMBED_DOCUMENTS', data: { documentIds: [id] }, worldId: entity.worldId });
        return;
      }
      await repos.worlds.softDeleteEntity(entityId);
      const documents = new MemoryDocumentRepository(trx);
      const ids = [entityId, ...(await sessionDocumentIds(repos, entityId))];
      for (const id of ids) await documents.delete(id);
      // The embedding worker removes the vectors of documents that no longer exist.
      tasks.push({ type: 'EMBED_DOCUMENTS', data: { documentIds: ids }, worldId: entity.worldId });
    });
  }

  /**
   * Makes a session's entities and versions canon: its own entities become the world's (their names
   * claimed in canon), and its newest version of each canon entity becomes canon's newest. A name
   * canon gives another entity is a conflict: that entity is left as it was, and reported.
   */
  async promote(
    sessionId: string,
    entityIds: readonly string[] | 'all',
    changedBy: string,
  ): Promise<PromotionReport> {
    const session = await this.store.sessions.get(sessionId);
    if (!session?.worldId) throw notFound('Session', sessionId);
    const worldId = session.worldId;
    const candidates =
      entityIds === 'all'
        ? await this.store.worlds.entitiesChangedIn(worldId, sessionId)
        : [...new Set(entityIds)];
    const report: PromotionReport = { promoted: [], conflicts: [], unchanged: [] };
    for (const entityId of candidates) {
      const outcome = await this.transaction(async (trx, tasks): Promise<PromotionOutcome> => {
        const repos = new Repositories(trx);
        const entity = await repos.worlds.getEntity(entityId);
        if (!entity || entity.worldId !== worldId || !visibleTo(entity, sessionId))
          return { kind: 'missing' };
        const newest = (await repos.worlds.history(entityId, { sessionId })).at(-1);
        if (!newest) return { kind: 'unchanged', reason: 'no version in this session' };
        if (isRemoved(newest))
          return { kind: 'unchanged', reason: 'removed in this session (canon keeps it)' };
        if (entity.sessionId !== null) {
          // The session's own entity under a name canon gives another: left in the session, reported.
          const holder = await repos.worlds.entityByNameKey(worldId, nameKey(newest.name));
          if (holder && holder.id !== entityId)
            return { kind: 'conflict', conflicts: [{ key: nameKey(newest.name), entityId: holder.id }] };
          await repos.worlds.makeCanon(entityId);
        }
        const conflicts = await repos.worlds.promoteNames(worldId, entityId, sessionId);
        const version = await repos.worlds.promote(entityId, sessionId, changedBy);
        const promoted = (await repos.worlds.getEntity(entityId)) as Entity;
        await this.writeDocument(trx, tasks, promoted, version);
        return { kind: 'promoted', version: version.version, conflicts };
      });
      if (outcome.kind === 'missing') throw notFound('Entity', entityId);
      if (outcome.kind === 'unchanged') {
        report.unchanged.push({ entityId, reason: outcome.reason });
        continue;
      }
      if (outcome.kind === 'promoted') report.promoted.push({ entityId, version: outcome.version });
      for (const conflict of outcome.conflicts)
        report.conflicts.push({
          entityId,
          name: conflict.key,
          heldBy: conflict.entityId,
          outcome: outcome.kind === 'promoted' ? "this name stays canon's entity's" : 'not promoted',
        });
    }
    return report;
  }

  /**
   * What a character knows in a session: each fact it saw or heard (present) or was told, with the
   * entity the fact is about, newest first.
   */
  async knowledge(
    worldId: string,
    entityId: string,
    sessionId: string,
    options: { limit?: number } = {},
  ): Promise<{ entity: EntityView; facts: KnownFactView[] }> {
    const entity = await this.entity(entityId, sessionId);
    if (entity.worldId !== worldId) throw notFound('Entity', entityId);
    const facts = await this.store.knowledge.knownBy(entityId, sessionId, { limit: options.limit ?? 200 });
    const about = await this.store.worlds.currentMany(
      [...new Set(facts.map((fact) => fact.entityId))],
      sessionId,
    );
    return {
      entity,
      facts: facts.map((fact) => ({
        about: { id: fact.entityId, name: about.get(fact.entityId)?.name ?? fact.entityId },
        text: fact.text,
        how: fact.how === 'told' ? 'told' : 'present',
        turnId: fact.turnId,
        learnedAt: fact.createdAt,
      })),
    };
  }

  /** An entity as a session sees it (its overlay, else canon), or canon without a session. */
  async entity(entityId: string, sessionId?: string): Promise<EntityView> {
    const entity = await this.store.worlds.getEntity(entityId);
    if (!entity || !visibleTo(entity, sessionId)) throw notFound('Entity', entityId);
    const version = await this.store.worlds.current(entityId, sessionId);
    if (!version || isRemoved(version)) throw notFound('Entity', entityId);
    return toView(entity, version);
  }

  /** A page of a world's entities as a session (or canon) sees them; those it cannot see are left out. */
  async entities(
    worldId: string,
    options: { type?: string; sessionId?: string; limit?: number; offset?: number } = {},
  ): Promise<EntityView[]> {
    await this.world(worldId);
    const entities = await this.store.worlds.listEntities(
      worldId,
      options.type,
      { limit: options.limit ?? 1_000, offset: options.offset ?? 0 },
      options.sessionId,
    );
    const versions = await this.store.worlds.currentMany(
      entities.map((entity) => entity.id),
      options.sessionId,
    );
    return entities.flatMap((entity) => {
      const version = versions.get(entity.id);
      return version && !isRemoved(version) ? [toView(entity, version)] : [];
    });
  }

  /**
   * Finds an entity of a world by id or by any of its names, as a session (or canon, without one)
   * sees the world. Model output names entities loosely ("mira_thornwood", "the Tide Bell"); anything
   * not in this world, or that the session does not see, resolves to nothing.
   */
  async resolve(worldId: string, ref: string, sessionId?: string | null): Promise<Entity | undefined> {
    return findEntity(this.store, worldId, ref, sessionId);
  }

  /** Runs `work` in a transaction; tasks it pushes are enqueued in the same transaction. */
  async transaction<T>(work: (trx: Kysely<Database>, tasks: NewTask[]) => Promise<T>): Promise<T> {
    const tasks: NewTask[] = [];
    const result = await this.store.db.transaction().execute(async (trx) => {
      const value = await work(trx, tasks);
      if (tasks.length > 0) await this.options.queue.enqueue(tasks, trx);
      return value;
    });
    if (tasks.length > 0) this.options.onQueued?.();
    return result;
  }

  private async writeDocument(
    trx: Kysely<Database>,
    tasks: NewTask[],
    entity: Entity,
    version: EntityVersion,
  ): Promise<void> {
    const data = readEntityData(entity.kind, version.data);
    const id = documentIdFor(entity.id, version.sessionId);
    await new MemoryDocumentRepository(trx).upsert({
      id,
      worldId: entity.worldId,
      sessionId: version.sessionId,
      source: 'entity',
      kind: data.type,
      title: version.name,
      aliases: data.aliases,
      body: entityBody(data),
      tags: data.tags,
      importance: 5,
      gameHour: null,
    });
    // Filed under the version's turn: a turn's analysis and its follow-ups list this embedding too.
    tasks.push({
      type: 'EMBED_DOCUMENTS',
      data: { documentIds: [id] },
      worldId: entity.worldId,
      turnId: version.turnId,
    });
  }

  private async resolveConnections(
    repos: Repositories,
    worldId: string,
    connections: ReadonlyArray<{ to: string; relation: string }>,
    sessionId?: string | null,
  ): Promise<Connection[]> {
    const out: Connection[] = [];
    for (const connection of connections) {
      const target = await findEntity(repos, worldId, connection.to, sessionId);
      out.push({
        entityId: target?.id ?? null,
        name: target?.name ?? connection.to,
        relation: connection.relation,
      });
    }
    return out;
  }
}

/**
 * A live entity of the world that the session (or canon) sees, by id, or by any of its names
 * ("mira_thornwood" and "Mira Thornwood" alike).
 */
export async function findEntity(
  repos: Repositories,
  worldId: string,
  ref: string,
  sessionId?: string | null,
): Promise<Entity | undefined> {
  const byId = await repos.worlds.getEntity(ref);
  const key = nameKey(ref);
  const found =
    byId && byId.worldId === worldId && visibleTo(byId, sessionId)
      ? byId
      : key
        ? await repos.worlds.entityByNameKey(worldId, key, sessionId)
        : undefined;
  if (!found || !sessionId) return found;
  // Removed from this session's view (DELETE with session_id): the session does not see it.
  const current = await repos.worlds.current(found.id, sessionId);
  return current && !isRemoved(current) ? found : undefined;
}

async function sessionDocumentIds(repos: Repositories, entityId: string): Promise<string[]> {
  const versions = await repos.worlds.history(entityId);
  const sessions = new Set(versions.flatMap((version) => (version.sessionId ? [version.sessionId] : [])));
  return [...sessions].map((sessionId) => documentIdFor(entityId, sessionId));
}

function nameTaken(conflict: { key: string; entityId: string }): NarrativeError {
  return new NarrativeError(
    409,
    'entity_name_taken',
    `The name "${conflict.key}" already belongs to entity ${conflict.entityId} in this world`,
    'name',
  );
}

export function toView(entity: Entity, version: EntityVersion): EntityView {
  const data = readEntityData(entity.kind, version.data);
  return {
    id: entity.id,
    worldId: entity.worldId,
    type: data.type,
    name: version.name,
    data,
    version: version.version,
    scope: version.scope,
    sessionId: version.sessionId,
    changedBy: version.changedBy,
    createdAt: entity.createdAt,
    updatedAt: version.createdAt,
  };
}
