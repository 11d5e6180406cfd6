/**
 * Carries out a turn's planned Intentions inside the analysis transaction, so the next turn of the
 * session is planned against the world as this one leaves it:
 *
 * - creations are made at once (their names and aliases claimed in the session's scope, or canon in
 *   a shared world); a CREATE_ENTITY task then completes each one's record with the maintenance model;
 * - aliases an update names are added to its entity at once;
 * - each fact is queued as an UPDATE_NOTE task (the note rewrite is the maintenance model's work);
 * - each fact is recorded with its witnesses: the characters present, and those told later.
 *
 * Whatever cannot be done as planned (a name taken meanwhile, an alias another entity holds, a teller
 * nobody knows) is recorded in `changed` with its reason, never dropped silently.
 */
import type { Kysely } from 'kysely';
import type { NewTask } from '../jobs/types.js';
import { FACT_KIND, FACT_SOURCE, factDocumentId, importanceHeuristic } from '../memory/index.js';
import { type Database, Repositories } from '../store/index.js';
import { MemoryDocumentRepository } from '../store/repositories/memory-documents.js';
import { nameKey } from './entities.js';
import type { ChangedIntention, IntentionPlan, PlannedUpdate } from './intentions.js';
import { type EntityView, findEntity, type WorldService } from './worlds.js';

export interface PlanScope {
  worldId: string;
  /** The session whose turn this is (witnesses and facts are per session). */
  sessionId: string;
  /** Where the turn's changes go: the session's own view, or null for a shared world's canon. */
  scopeSessionId: string | null;
  turnId: number;
  turnText: string;
  /** Characters the analysis was shown (candidates for "present" when the turn names them). */
  known: ReadonlyArray<{ id: string; type: string; name: string }>;
}

/** The plan as carried out: what is stored on the turn. */
export interface AppliedPlan {
  updates: Array<PlannedUpdate & { entity_id: string }>;
  creations: Array<IntentionPlan['creations'][number] & { entity_id: string }>;
  present: Array<{ id: string; name: string }>;
  told: Array<{ teller: string; listener: string; about: string; facts: number }>;
  changed: ChangedIntention[];
  /** Entities created or renamed here, to publish once the transaction commits (not stored). */
  views: EntityView[];
}

export async function applyPlan(
  trx: Kysely<Database>,
  tasks: NewTask[],
  worlds: WorldService,
  scope: PlanScope,
  plan: IntentionPlan,
): Promise<AppliedPlan> {
  const repos = new Repositories(trx);
  const { worldId, scopeSessionId, turnId } = scope;
  const changed = [...plan.changed];
  const applied: AppliedPlan = { updates: [], creations: [], present: [], told: [], changed, views: [] };
  const find = (ref: string) => findEntity(repos, worldId, ref, scopeSessionId);
  // Every task the analysis queues is filed under its turn (GET /sessions/{id}/turns/{n}/tasks).
  const shared = { worldId, sessionId: scope.sessionId, turnId };
  const updates: PlannedUpdate[] = [...plan.updates];
  const createdByName = new Map<string, string>();

  for (const creation of plan.creations) {
    // Taken since the plan was made (another turn's analysis committed first): an update instead.
    const existing = await find(creation.name);
    if (existing) {
      changed.push({
        kind: 'creation',
        ref: creation.name,
        outcome: 'redirected',
        reason: `"${creation.name}" was created meanwhile as ${existing.id}: an update of it instead`,
      });
      const description = creation.initial_data.description;
      updates.push({
        entity_id: existing.id,
        entity_name: existing.name,
        update_type: 'fact',
        new_information:
          typeof description === 'string' && description.trim()
            ? description
            : creation.reasoning || `${existing.name} appears again.`,
        reasoning: creation.reasoning,
        aliases: creation.aliases,
      });
      continue;
    }
    const aliases = await freeAliases(creation.aliases, undefined, find, creation.name, changed);
    const description = creation.initial_data.description;
    const note = creation.initial_data.note;
    const view = await worlds.createEntityIn(
      trx,
      tasks,
      worldId,
      {
        type: creation.entity_type,
        name: creation.name,
        aliases,
        tags: [],
        description: (typeof description === 'string' ? description : creation.reasoning).slice(0, 8_000),
        note: typeof note === 'string' ? note.slice(0, 8_000) : '',
        connections: [],
        attributes: {},
      },
      {
        changedBy: 'analysis',
        reason: creation.reasoning.slice(0, 500) || 'introduced in play',
        sessionId: scopeSessionId,
        turnId,
      },
    );
    applied.views.push(view);
    for (const name of [creation.name, ...aliases]) createdByName.set(nameKey(name), view.id);
    applied.creations.push({ ...creation, aliases, entity_id: view.id });
    tasks.push({
      type: 'CREATE_ENTITY',
      data: {
        entityId: view.id,
        entityType: creation.entity_type,
        name: creation.name,
        initialData: creation.initial_data,
        reasoning: creation.reasoning,
        turnId,
      },
      ...shared,
    });
  }

  const factIds: number[] = [];
  const factDocuments: string[] = [];
  for (const update of updates) {
    const entityId = update.entity_id ?? createdByName.get(nameKey(update.entity_name));
    if (!entityId) {
      changed.push({
        kind: 'update',
        ref: update.entity_name,
        outcome: 'dropped',
        reason: 'its entity was to be created by this turn and could not be',
      });
      continue;
    }
    if (update.aliases.length > 0)
      await addAliases(trx, tasks, worlds, entityId, update, scope, find, changed);
    applied.updates.push({ ...update, entity_id: entityId });
    tasks.push({
      type: 'UPDATE_NOTE',
      data: {
        entityId,
        newInformation: update.new_information,
        updateType: update.update_type,
        reasoning: update.reasoning,
        source: 'analysis',
        turnId,
      },
      ...shared,
    });
    const factId = await repos.knowledge.addFact({
      worldId,
      sessionId: scope.sessionId,
      entityId,
      turnId,
      text: update.new_information,
    });
    factIds.push(factId);
    factDocuments.push(await factDocument(trx, scope, factId, update.entity_name, update.new_information));
  }
  if (factDocuments.length > 0)
    tasks.push({ type: 'EMBED_DOCUMENTS', data: { documentIds: factDocuments }, worldId, turnId });

  applied.present = await presentCharacters(scope, plan.present, find, [
    ...applied.creations.map((creation) => ({
      id: creation.entity_id,
      type: creation.entity_type,
      name: creation.name,
    })),
    ...scope.known,
  ]);
  await repos.knowledge.addWitnesses(
    worldId,
    scope.sessionId,
    factIds,
    applied.present.map((character) => character.id),
    'present',
  );

  for (const telling of plan.told) {
    const [teller, listener, about] = await Promise.all([
      find(telling.teller),
      find(telling.listener),
      find(telling.about),
    ]);
    if (!teller || !listener || !about) {
      const missing = !teller ? telling.teller : !listener ? telling.listener : telling.about;
      changed.push({
        kind: 'told',
        ref: `${telling.teller} → ${telling.listener}: ${telling.about}`,
        outcome: 'dropped',
        reason: `"${missing}" is no entity this session sees`,
      });
      continue;
    }
    const known = await repos.knowledge.knownBy(teller.id, scope.sessionId, { about: about.id });
    const facts = known.map((fact) => fact.factId);
    await repos.knowledge.addWitnesses(worldId, scope.sessionId, facts, [listener.id], 'told');
    applied.told.push({ teller: teller.id, listener: listener.id, about: about.id, facts: facts.length });
  }
  return applied;
}

/**
 * A recorded fact as a searchable document of the session (kind `fact`), so a search limited to what
 * one character knows (`known_by`) finds it by words and by meaning.
 */
async function factDocument(
  trx: Kysely<Database>,
  scope: PlanScope,
  factId: number,
  about: string,
  text: string,
): Promise<string> {
  const id = factDocumentId(factId);
  await new MemoryDocumentRepository(trx).upsert({
    id,
    worldId: scope.worldId,
    sessionId: scope.sessionId,
    source: FACT_SOURCE,
    kind: FACT_KIND,
    title: about.slice(0, 200),
    aliases: [],
    body: text,
    tags: [],
    importance: importanceHeuristic(text),
    gameHour: null,
  });
  return id;
}

/** Aliases no other entity holds (as the scope sees the world); the others are recorded as dropped. */
async function freeAliases(
  aliases: readonly string[],
  entityId: string | undefined,
  find: (ref: string) => Promise<{ id: string; name: string } | undefined>,
  owner: string,
  changed: ChangedIntention[],
): Promise<string[]> {
  const out: string[] = [];
  for (const alias of aliases) {
    const holder = await find(alias);
    if (holder && holder.id !== entityId) {
      changed.push({
        kind: 'alias',
        ref: alias,
        outcome: 'dropped',
        reason: `"${alias}" already names ${holder.id} (${holder.name}), not ${owner}`,
      });
      continue;
    }
    if (!holder) out.push(alias);
  }
  return out;
}

/** Adds the aliases an update names to its entity (a new version, the names claimed in its scope). */
async function addAliases(
  trx: Kysely<Database>,
  tasks: NewTask[],
  worlds: WorldService,
  entityId: string,
  update: PlannedUpdate,
  scope: PlanScope,
  find: (ref: string) => Promise<{ id: string; name: string } | undefined>,
  changed: ChangedIntention[],
): Promise<EntityView | undefined> {
  const fresh = await freeAliases(update.aliases, entityId, find, update.entity_name, changed);
  if (fresh.length === 0) return undefined;
  const repos = new Repositories(trx);
  const current = await repos.worlds.current(entityId, scope.scopeSessionId ?? undefined);
  const before = Array.isArray(current?.data.aliases)
    ? current.data.aliases.filter((alias): alias is string => typeof alias === 'string')
    : [];
  return worlds.updateEntityIn(
    trx,
    tasks,
    entityId,
    { aliases: [...before, ...fresh].slice(0, 20) },
    {
      changedBy: 'analysis',
      reason: `also called ${fresh.map((alias) => `"${alias}"`).join(', ')}`,
      sessionId: scope.scopeSessionId,
      turnId: scope.turnId,
    },
  );
}

/**
 * The characters present in the turn: those the analysis lists, and the characters it was shown or
 * created whose name the turn's text says.
 */
async function presentCharacters(
  scope: PlanScope,
  listed: readonly string[],
  find: (ref: string) => Promise<{ id: string; name: string; kind: string } | undefined>,
  candidates: ReadonlyArray<{ id: string; type: string; name: string }>,
): Promise<Array<{ id: string; name: string }>> {
  const spoken = ` ${nameKey(scope.turnText)} `;
  const out = new Map<string, string>();
  for (const name of listed) {
    const entity = await find(name);
    if (entity && entity.kind === 'character') out.set(entity.id, entity.name);
  }
  for (const candidate of candidates) {
    const key = nameKey(candidate.name);
    if (candidate.type === 'character' && key && spoken.includes(` ${key} `))
      out.set(candidate.id, candidate.name);
  }
  return [...out].map(([id, name]) => ({ id, name }));
}
