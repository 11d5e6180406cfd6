/**
 * The background roles of a turn, as maintenance-queue handlers:
 *
 * - ANALYZE_TURN (analysis role): the turn's Intentions, planned against the world, stored on the
 *   turn in the same transaction that queues their UPDATE_NOTE / CREATE_ENTITY tasks.
 * - UPDATE_NOTE (maintenance role): the entity's note rewritten with the new information; a new version.
 * - CREATE_ENTITY (maintenance role): a new entity from the model's record, never a duplicate.
 * - SIMULATE_WORLD (maintenance role): off-scene characters advance; each change an UPDATE_NOTE task.
 *
 * Every handler is idempotent, keyed by its task's id: a task run again after a crash finds its work
 * done (the turn analysed, the version written, the simulation recorded) and changes nothing.
 */
import { z } from 'zod';
import type { Settings } from '../config/index.js';
import type { Publish } from '../events/hub.js';
import type { Task } from '../jobs/types.js';
import type { Memory } from '../memory/index.js';
import { type Prepared, type PromptDeps, preparePrompt, runPrompt } from '../prompts/index.js';
import {
  isUniqueViolation,
  Repositories,
  type Session,
  type Store,
  type Turn,
  type World,
} from '../store/index.js';
import { type AppliedPlan, applyPlan } from './analysis-plan.js';
import { ENTITY_TYPES, type EntityInput, nameKey, readEntityData } from './entities.js';
import { NarrativeError } from './errors.js';
import { intentionsSchema, planIntentions } from './intentions.js';
import { InvalidModelOutput, runJsonPrepared, runJsonPrompt } from './model-json.js';
import { derivedEntityId, type WorldService } from './worlds.js';

export const analyzeTurnTask = z.object({ turnId: z.number().int().positive() });
export const updateNoteTask = z.object({
  entityId: z.string().min(1),
  newInformation: z.string().min(1).max(4_000),
  updateType: z.string().max(50).default('fact'),
  reasoning: z.string().max(4_000).default(''),
  source: z.enum(['analysis', 'simulation', 'api']).default('analysis'),
  turnId: z.number().int().positive().nullable().default(null),
});
export const createEntityTask = z.object({
  /** The entity the analysis made (its record is completed); absent: the task makes it. */
  entityId: z.string().min(1).optional(),
  entityType: z.enum(ENTITY_TYPES),
  name: z.string().min(1).max(200),
  initialData: z.record(z.string(), z.unknown()).default({}),
  reasoning: z.string().max(4_000).default(''),
  turnId: z.number().int().positive().nullable().default(null),
});
export const simulateWorldTask = z.object({
  worldTurn: z.number().int().min(0),
  turnId: z.number().int().positive().nullable().default(null),
});

const simulationSchema = z.object({
  summary: z
    .string()
    .transform((value) => value.trim().slice(0, 2_000))
    .optional(),
  updates: z
    .array(
      z.object({
        entity_id: z.string().trim().min(1).max(200),
        new_information: z.string().trim().min(1).max(2_000),
        reasoning: z.string().max(2_000).default(''),
      }),
    )
    .max(20)
    .default([]),
});

const entityRecordSchema = z.object({
  summary: z.string().max(2_000).optional(),
  description: z.string().max(8_000).optional(),
  attributes: z.record(z.string(), z.union([z.string().max(2_000), z.number(), z.boolean()])).optional(),
  tags: z.array(z.string().max(64)).max(10).optional(),
});

const MAX_NOTE = 4_000;
/** Earlier turns of a session an analysis brings up to date before its own (more: the task retries). */
const EARLIER_TURNS = 50;
/** Rewrites of one UPDATE_NOTE task when the note changed under it, before the queue retries it. */
const STALE_REWRITES = 4;

/** The note changed between read and write: a newer version, or (PostgreSQL) the same number taken. */
function isStale(error: unknown): boolean {
  if (error instanceof NarrativeError) return error.code === 'stale_version';
  return isUniqueViolation(error);
}

export interface MaintenanceDeps {
  store: Store;
  worlds: WorldService;
  memory: Memory;
  prompts: PromptDeps;
  settings: Settings;
  /** Told of each turn analysed (turn.analysed). */
  publish?: Publish;
}

/** What a handler did, for logs and tests. */
export interface HandlerOutcome {
  status: 'done' | 'already-done' | 'skipped';
  detail?: string;
}

/** What the analysis of a turn sends the model, and what it was built from. */
export interface AnalysisContext {
  turn: Turn;
  session: Session;
  world: World;
  turnText: string;
  known: Array<{ id: string; type: string; name: string; summary?: string }>;
  prepared: Prepared;
}

export class WorldMaintenance {
  constructor(private readonly deps: MaintenanceDeps) {}

  async handle(task: Task): Promise<HandlerOutcome> {
    switch (task.type) {
      case 'ANALYZE_TURN':
        return this.analyzeTurn(task);
      case 'UPDATE_NOTE':
        return this.updateNote(task);
      case 'CREATE_ENTITY':
        return this.createEntity(task);
      case 'SIMULATE_WORLD':
        return this.simulateWorld(task);
      default:
        throw new Error(`WorldMaintenance does not handle ${task.type}`);
    }
  }

  /**
   * ANALYZE_TURN: Intentions for the turn, carried out (creations made, aliases added, facts and
   * their witnesses recorded) and stored with the tasks they plan, in one transaction. The session's
   * earlier turns are analysed first when they are not yet, so a turn is always planned against the
   * world as the turns before it leave it, whatever order the queue's workers take tasks in.
   */
  async analyzeTurn(task: Task): Promise<HandlerOutcome> {
    const { turnId } = parseTask(analyzeTurnTask, task);
    const turn = await this.deps.store.sessions.turnById(turnId);
    if (!turn) return { status: 'skipped', detail: `turn ${turnId} no longer exists` };
    if (turn.analysis !== null) return { status: 'already-done' };
    const earlier = await this.deps.store.sessions.unanalysedBefore(
      turn.sessionId,
      turn.number,
      EARLIER_TURNS,
    );
    for (const previous of earlier) await this.analyseOne(previous.id);
    return this.analyseOne(turnId);
  }

  /**
   * What the analysis of a turn sends the model, and what it was built from: the one builder behind
   * the analysis and `GET /llm/context/turn_analysis`. Undefined when the turn, its session or its
   * world is gone.
   */
  async analysisPrompt(turnId: number): Promise<AnalysisContext | undefined> {
    const { store } = this.deps;
    const turn = await store.sessions.turnById(turnId);
    if (!turn) return undefined;
    const session = await store.sessions.get(turn.sessionId);
    const world = session?.worldId ? await store.worlds.getWorld(session.worldId) : undefined;
    if (!session || !world) return undefined;
    const turnText = `${turn.input}\n${turn.output ?? ''}`;
    const known = await this.knownEntities(world.id, session.id, turnText);
    const prepared = await preparePrompt(this.deps.prompts, 'turn_analysis', {
      variables: {
        world_name: world.name,
        player_input: turn.input,
        narration: turn.output ?? '',
        known_entities: known,
      },
      model: 'analysis',
      sessionId: session.id,
    });
    return { turn, session, world, turnText, known, prepared };
  }

  private async analyseOne(turnId: number): Promise<HandlerOutcome> {
    const { store } = this.deps;
    const turn = await store.sessions.turnById(turnId);
    if (!turn) return { status: 'skipped', detail: `turn ${turnId} no longer exists` };
    if (turn.analysis !== null) return { status: 'already-done' };
    const context = await this.analysisPrompt(turnId);
    if (!context) return { status: 'skipped', detail: 'the session or its world is gone' };
    const { session, world, turnText, known } = context;
    const scopeSessionId = world.shared ? null : session.id;
    const answer = await runJsonPrepared(this.deps.prompts, context.prepared, {
      schema: intentionsSchema,
      attempts: this.deps.settings.narrative.analysis_attempts,
    });
    const resolve = async (ref: string) => {
      const entity = await this.deps.worlds.resolve(world.id, ref, scopeSessionId);
      return entity && { id: entity.id, name: entity.name, kind: entity.kind };
    };
    const plan = await planIntentions(answer.value, resolve, turnText);
    const applied = await this.deps.worlds.transaction(async (trx, queued) => {
      const repos = new Repositories(trx);
      // Claimed first, inside the transaction: two workers analysing one turn store one analysis.
      if (!(await repos.sessions.claimTurnAnalysis(turnId, { pending: true }))) return undefined;
      const result = await applyPlan(
        trx,
        queued,
        this.deps.worlds,
        { worldId: world.id, sessionId: session.id, scopeSessionId, turnId, turnText, known },
        plan,
      );
      await repos.sessions.setTurnAnalysis(turnId, analysisRecord(result, answer));
      return result;
    });
    if (!applied) return { status: 'already-done' };
    const scope = { worldId: world.id, sessionId: session.id };
    this.deps.publish?.(
      'turn.analysed',
      'analysis',
      {
        turn_id: turnId,
        updates: applied.updates.length,
        creations: applied.creations.length,
        changed: applied.changed.length,
      },
      scope,
    );
    // Each intention not carried out as written, with its reason (also in the stored log and on the turn).
    for (const changed of applied.changed)
      this.deps.publish?.(`intention.${changed.outcome}`, 'analysis', { turn_id: turnId, ...changed }, scope);
    for (const view of applied.views)
      this.deps.worlds.published(view.version === 1 ? 'entity.created' : 'entity.updated', view, {
        changedBy: 'analysis',
        turnId,
      });
    return {
      status: 'done',
      detail: `${applied.updates.length} updates, ${applied.creations.length} creations, ${applied.changed.length} changed`,
    };
  }

  /** UPDATE_NOTE: the note rewritten by the maintenance model; one version per task, ever. */
  async updateNote(task: Task): Promise<HandlerOutcome> {
    const data = parseTask(updateNoteTask, task);
    const { store, worlds } = this.deps;
    if (await store.worlds.versionBySourceTask(task.id)) return { status: 'already-done' };
    const entity = await store.worlds.getEntity(data.entityId);
    if (!entity || entity.deletedAt || (task.worldId && entity.worldId !== task.worldId))
      return { status: 'skipped', detail: `entity ${data.entityId} is not in this world` };
    const world = await store.worlds.getWorld(entity.worldId);
    const sessionId = world?.shared ? null : task.sessionId;
    // Optimistic: the rewrite is written only if the note it rewrote is still the newest. Another
    // update of this entity committed meanwhile (two facts about one character in one turn) means
    // rewriting again from the newer note, so neither fact is lost.
    for (let attempt = 1; attempt <= STALE_REWRITES; attempt += 1) {
      const current = await store.worlds.current(entity.id, sessionId ?? undefined);
      const before = readEntityData(entity.kind, current?.data ?? {});
      const note = await this.rewriteNote(entity.name, before.type, before.note || before.description, data);
      try {
        await worlds.updateEntity(
          entity.id,
          { note },
          {
            changedBy: data.source === 'simulation' ? 'simulation' : 'maintenance',
            reason: data.reasoning || `${data.updateType}: ${data.newInformation}`.slice(0, 500),
            sessionId,
            turnId: data.turnId,
            sourceTask: task.id,
            basedOn: current?.id ?? null,
          },
        );
        return { status: 'done' };
      } catch (error) {
        // Another run of this task won the race (unique source_task): its version stands.
        if (await store.worlds.versionBySourceTask(task.id)) return { status: 'already-done' };
        if (!isStale(error)) throw error;
      }
    }
    // Still racing: the queue retries the task later, with backoff.
    throw new Error(
      `UPDATE_NOTE ${task.id}: entity ${entity.id} kept changing during ${STALE_REWRITES} rewrites`,
    );
  }

  /**
   * CREATE_ENTITY: the model's record of a new entity. The analysis made the entity already
   * (`entityId`): its record completes it (description, tags, attributes; the note is kept). A task
   * without one (queued before analysis made entities itself) makes it, never under a name taken.
   */
  async createEntity(task: Task): Promise<HandlerOutcome> {
    const data = parseTask(createEntityTask, task);
    const { store, worlds } = this.deps;
    const worldId = task.worldId;
    if (!worldId) return { status: 'skipped', detail: 'no world' };
    const world = await store.worlds.getWorld(worldId);
    if (!world) return { status: 'skipped', detail: `world ${worldId} is gone` };
    const sessionId = world.shared ? null : task.sessionId;
    if (data.entityId) return this.completeEntity(task, data, world.name, sessionId);
    if (await worlds.resolve(worldId, data.name, sessionId))
      return { status: 'already-done', detail: `"${data.name}" exists` };
    const record = await this.entityRecord(world.name, data, task.sessionId);
    const input: EntityInput = {
      type: data.entityType,
      name: data.name,
      aliases: [],
      tags: tagsOf(record),
      description: descriptionOf(record, data).slice(0, 8_000),
      note: (stringOf(data.initialData.note) ?? record.summary ?? '').slice(0, MAX_NOTE),
      connections: [],
      attributes: record.attributes ?? flatAttributes(data.initialData),
    };
    try {
      await worlds.createEntity(
        worldId,
        input,
        {
          changedBy: 'maintenance',
          reason: data.reasoning.slice(0, 500) || 'introduced in play',
          sessionId,
          turnId: data.turnId,
          sourceTask: task.id,
        },
        { id: derivedEntityId(worldId, data.name, sessionId) },
      );
    } catch (error) {
      // The same name taken meanwhile (another run, another turn, the API): no duplicate is made.
      if (await worlds.resolve(worldId, data.name, sessionId)) return { status: 'already-done' };
      throw error;
    }
    return { status: 'done' };
  }

  private async completeEntity(
    task: Task,
    data: z.infer<typeof createEntityTask>,
    worldName: string,
    sessionId: string | null,
  ): Promise<HandlerOutcome> {
    const { store, worlds } = this.deps;
    if (await store.worlds.versionBySourceTask(task.id)) return { status: 'already-done' };
    const entityId = data.entityId as string;
    const entity = await store.worlds.getEntity(entityId);
    if (!entity || entity.deletedAt) return { status: 'skipped', detail: `entity ${entityId} was deleted` };
    const record = await this.entityRecord(worldName, data, task.sessionId);
    const attributes = record.attributes ?? flatAttributes(data.initialData);
    try {
      // Merged onto the newest version inside the update's transaction: a fact noted meanwhile stays.
      await worlds.updateEntity(
        entityId,
        {
          description: descriptionOf(record, data).slice(0, 8_000),
          ...(tagsOf(record).length > 0 && { tags: tagsOf(record) }),
          ...(Object.keys(attributes).length > 0 && { attributes }),
        },
        {
          changedBy: 'maintenance',
          reason: 'its record, written by the maintenance model',
          sessionId,
          turnId: data.turnId,
          sourceTask: task.id,
        },
      );
    } catch (error) {
      if (await store.worlds.versionBySourceTask(task.id)) return { status: 'already-done' };
      if (error instanceof NarrativeError && error.statusCode === 404)
        return { status: 'skipped', detail: `entity ${entityId} is gone from this view` };
      throw error;
    }
    return { status: 'done' };
  }

  /** SIMULATE_WORLD: off-scene characters advance; their changes become UPDATE_NOTE tasks. */
  async simulateWorld(task: Task): Promise<HandlerOutcome> {
    const data = parseTask(simulateWorldTask, task);
    const { store, settings } = this.deps;
    const worldId = task.worldId;
    if (!worldId) return { status: 'skipped', detail: 'no world' };
    const world = await store.worlds.getWorld(worldId);
    if (!world) return { status: 'skipped', detail: `world ${worldId} is gone` };
    if (await store.worlds.simulationRecorded(task.id)) return { status: 'already-done' };
    const sessionId = world.shared ? null : task.sessionId;
    const cast = await this.offSceneCharacters(worldId, sessionId, settings.narrative.simulation_characters);
    if (cast.length === 0) return { status: 'skipped', detail: 'no off-scene characters' };
    const recent = sessionId ? await store.sessions.lastTurns(sessionId, 3) : [];
    const answer = await runJsonPrompt(this.deps.prompts, 'world_simulation', {
      variables: {
        world_name: world.name,
        turn: data.worldTurn,
        elapsed: 'some time',
        entities: cast.map((entity) => ({
          id: entity.id,
          type: entity.type,
          name: entity.name,
          note: (entity.note || entity.description).slice(0, 600),
        })),
        recent_events: recent.map((turn) => turn.input.slice(0, 300)),
      },
      schema: simulationSchema,
      attempts: settings.narrative.analysis_attempts,
      model: 'maintenance',
      ...(sessionId && { sessionId }),
    });
    // Only the characters it was given: simulation cannot touch anything else, in any world.
    const byRef = new Map<string, (typeof cast)[number]>();
    for (const entity of cast) {
      byRef.set(entity.id, entity);
      byRef.set(nameKey(entity.name), entity);
    }
    const seen = new Set<string>();
    const updates = answer.value.updates.flatMap((update) => {
      const entity = byRef.get(update.entity_id) ?? byRef.get(nameKey(update.entity_id));
      if (!entity || seen.has(entity.id)) return [];
      seen.add(entity.id);
      return [{ entityId: entity.id, newInformation: update.new_information, reasoning: update.reasoning }];
    });
    const recorded = await this.deps.worlds.transaction(async (trx, queued) => {
      const repos = new Repositories(trx);
      const fresh = await repos.worlds.recordSimulation({
        id: task.id,
        worldId,
        sessionId: task.sessionId,
        turn: data.worldTurn,
        summary: answer.value.summary ?? null,
        updates,
      });
      if (!fresh) return false;
      queued.push(
        ...updates.map((update) => ({
          type: 'UPDATE_NOTE' as const,
          data: { ...update, updateType: 'state', source: 'simulation', turnId: data.turnId },
          worldId,
          sessionId: task.sessionId,
          turnId: data.turnId,
        })),
      );
      return true;
    });
    return recorded ? { status: 'done', detail: `${updates.length} updates` } : { status: 'already-done' };
  }

  private async rewriteNote(
    name: string,
    type: string,
    current: string,
    data: z.infer<typeof updateNoteTask>,
  ): Promise<string> {
    const result = await runPrompt(this.deps.prompts, 'note_rewrite', {
      variables: {
        entity_name: name,
        entity_type: type,
        ...(current && { current_note: current.slice(0, MAX_NOTE) }),
        new_information: data.newInformation,
        ...(data.reasoning && { reasoning: data.reasoning }),
      },
      model: 'maintenance',
    });
    return mergeNote(result.result.text, current, data.newInformation);
  }

  private async entityRecord(
    worldName: string,
    data: z.infer<typeof createEntityTask>,
    sessionId: string | null,
  ): Promise<z.infer<typeof entityRecordSchema>> {
    try {
      const answer = await runJsonPrompt(this.deps.prompts, 'entity_creation', {
        variables: {
          world_name: worldName,
          entity_type: data.entityType,
          name: data.name,
          initial_data: data.initialData,
          ...(data.reasoning && { reasoning: data.reasoning }),
        },
        schema: entityRecordSchema,
        attempts: this.deps.settings.narrative.analysis_attempts,
        model: 'maintenance',
        ...(sessionId && { sessionId }),
      });
      return answer.value;
    } catch (error) {
      // The intention's own data is enough to create a playable entity.
      if (error instanceof InvalidModelOutput) return {};
      throw error;
    }
  }

  /** Entities the analysis model is shown: those the turn's text finds, as the session sees them. */
  private async knownEntities(worldId: string, sessionId: string, text: string) {
    const answer = await this.deps.memory.search({
      worldId,
      q: text.slice(0, 600),
      k: 12,
      sessionId,
      rerank: false,
      background: true,
    });
    const out: Array<{ id: string; type: string; name: string; summary?: string }> = [];
    const seen = new Set<string>();
    for (const result of answer.results) {
      if (result.source !== 'entity') continue;
      const id = result.id.split('@')[0] as string;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ id, type: result.kind, name: result.title, summary: result.text.slice(0, 200) });
    }
    return out;
  }

  /** Characters not named in the session's last turns, least recently changed first. */
  private async offSceneCharacters(worldId: string, sessionId: string | null, limit: number) {
    const { store } = this.deps;
    const recent = sessionId ? await store.sessions.lastTurns(sessionId, 3) : [];
    const spoken = ` ${nameKey(recent.map((turn) => `${turn.input} ${turn.output ?? ''}`).join(' '))} `;
    const characters = await store.worlds.leastRecentlyChanged(worldId, 'character', limit * 4, sessionId);
    const cast = [];
    for (const entity of characters) {
      if (spoken.includes(` ${nameKey(entity.name)} `)) continue;
      const version = await store.worlds.current(entity.id, sessionId ?? undefined);
      if (!version) continue;
      const data = readEntityData(entity.kind, version.data);
      cast.push({
        id: entity.id,
        name: version.name,
        type: data.type,
        note: data.note,
        description: data.description,
      });
      if (cast.length >= limit) break;
    }
    return cast;
  }
}

/** Prompt scaffolding a rewrite must not echo back (a model that does has not rewritten the note). */
const ECHO = /\b(current note|new information|write the new note)\s*:/i;

/** Content words of a text (4 letters or more), lower-cased. */
function contentWords(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? []);
}

/** A rewrite must keep this share of the current note's content words (a condensed note does). */
const KEPT_SHARE = 0.4;

/**
 * The note to store: the model's rewrite when it is a real rewrite (non-empty, not an echo of the
 * prompt, bounded, keeping most of what the note said) that keeps the new information; otherwise the
 * current note with the new information added, so a weak model degrades the prose, never the facts.
 */
export function mergeNote(rewrite: string, current: string, newInformation: string): string {
  const text = rewrite.trim();
  const information = newInformation.trim();
  const before = contentWords(current);
  const after = contentWords(text);
  let kept = 0;
  for (const word of before) if (after.has(word)) kept += 1;
  const keepsCurrent = before.size < 5 || kept / before.size >= KEPT_SHARE;
  if (text && !ECHO.test(text) && text.length <= MAX_NOTE && keepsCurrent) {
    const keeps = text.toLowerCase().includes(information.toLowerCase().slice(0, 60));
    return (keeps ? text : `${text}\n${information}`).slice(-MAX_NOTE);
  }
  const merged = current.trim() ? `${current.trim()}\n${information}` : information;
  // Bounded: the oldest lines go first.
  return merged.length <= MAX_NOTE ? merged : merged.slice(merged.length - MAX_NOTE).replace(/^[^\n]*\n/, '');
}

function parseTask<T>(schema: z.ZodType<T>, task: Task): T {
  const result = schema.safeParse(task.data);
  if (!result.success)
    throw new InvalidModelOutput(
      `${task.type} task ${task.id} has invalid data: ${result.error.issues[0]?.message}`,
      JSON.stringify(task.data).slice(0, 4_000),
    );
  return result.data;
}

/** What is stored on the turn: the plan as carried out, in the documented snake_case. */
function analysisRecord(plan: AppliedPlan, answer: { attempts: number; repaired: boolean }) {
  // `views` are published, not stored.
  return {
    updates: plan.updates,
    creations: plan.creations,
    present: plan.present,
    told: plan.told,
    changed: plan.changed,
    attempts: answer.attempts,
    repaired: answer.repaired,
  };
}

function tagsOf(record: z.infer<typeof entityRecordSchema>): string[] {
  return (record.tags ?? [])
    .map((tag) => tag.toLowerCase().slice(0, 64))
    .filter(Boolean)
    .slice(0, 10);
}

function descriptionOf(
  record: z.infer<typeof entityRecordSchema>,
  data: z.infer<typeof createEntityTask>,
): string {
  return (
    record.description?.trim() ||
    stringOf(data.initialData.description) ||
    record.summary?.trim() ||
    data.reasoning ||
    `${data.name}, first met in play.`
  );
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function flatAttributes(data: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(data).slice(0, 20)) {
    if (key === 'description' || key === 'note') continue;
    if (typeof value === 'number' || typeof value === 'boolean') out[key.slice(0, 100)] = value;
    else if (typeof value === 'string') out[key.slice(0, 100)] = value.slice(0, 2_000);
  }
  return out;
}
