/** Helpers the event handlers share: reading an event's data, and changing an entity in one transaction. */
import type { z } from 'zod';
import {
  type EntityData,
  type EntityInput,
  type EntityPatch,
  readEntityData,
} from '../../narrative/entities.js';
import { type ChangeContext, type EntityView, findEntity } from '../../narrative/worlds.js';
import { Repositories } from '../../store/index.js';
import type { Change, InboundContext, NewTask } from './types.js';

/** The event's data read with `schema`, or the reason it cannot be (naming the field, `data.quest`). */
export function readData<T extends z.ZodType>(
  schema: T,
  context: InboundContext,
): { data: z.output<T> } | { reason: string } {
  const parsed = schema.safeParse(context.event.data);
  if (parsed.success) return { data: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue?.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : (issue?.path ?? []);
  const field = ['data', ...path.map(String)].join('.');
  const detail = issue?.code === 'unrecognized_keys' ? 'unknown field' : (issue?.message ?? 'invalid');
  return { reason: `${field}: ${detail}` };
}

export interface EntityChangeSpec {
  /** The entity: its id or one of its names. */
  ref: string;
  /** The changes to make to it, from what it holds now. */
  patch(before: EntityData): EntityPatch;
  /** Made when no entity answers to `ref` (absent: an unknown entity is not made). */
  create?: () => EntityInput;
  /** Background work queued with the change (in the same transaction). */
  tasks?: (view: EntityView) => NewTask[];
}

/**
 * Changes (or makes) an entity of the event's world, as the event's system, in the event's scope: the
 * version, its searchable document and any queued task commit together. Undefined when the entity is
 * unknown and `create` is not given.
 */
export async function changeEntity(
  context: InboundContext,
  spec: EntityChangeSpec,
): Promise<{ view: EntityView; change: Change; tasks: NewTask[] } | undefined> {
  const { worlds } = context.deps;
  const world = context.world;
  if (!world) return undefined;
  const change: ChangeContext = {
    changedBy: context.author,
    reason: `${context.event.type} (event ${context.event.id})`,
    sessionId: context.overlay,
  };
  let queued: NewTask[] = [];
  const outcome = await worlds.transaction(async (trx, tasks) => {
    const repos = new Repositories(trx);
    const found = await findEntity(repos, world.id, spec.ref, context.overlay);
    let view: EntityView;
    let action: 'created' | 'updated';
    if (found) {
      const current = await repos.worlds.current(found.id, context.overlay ?? undefined);
      const before = readEntityData(found.kind, current?.data ?? {});
      view = await worlds.updateEntityIn(trx, tasks, found.id, spec.patch(before), change);
      action = 'updated';
    } else if (spec.create) {
      view = await worlds.createEntityIn(trx, tasks, world.id, spec.create(), change);
      action = 'created';
    } else return undefined;
    queued = spec.tasks?.(view) ?? [];
    tasks.push(...queued);
    return { view, action };
  });
  if (!outcome) return undefined;
  const { view, action } = outcome;
  worlds.published(action === 'created' ? 'entity.created' : 'entity.updated', view, change);
  return {
    view,
    tasks: queued,
    change: {
      kind: 'entity',
      action,
      entity_id: view.id,
      type: view.type,
      name: view.name,
      version: view.version,
      scope: view.scope,
    },
  };
}

/** A line added to a note (notes stay bounded: the oldest lines go first). */
export function appendNote(note: string, line: string, max = 8_000): string {
  const next = note ? `${note}\n${line}` : line;
  return next.length <= max ? next : next.slice(next.length - max).replace(/^[^\n]*\n/, '');
}

/** A world's settings for the game's events: `settings.events.{quest_rumors, merchant_notes, …}`. */
export function worldWants(context: InboundContext, key: string): boolean {
  const events = context.world?.settings.events;
  return (
    typeof events === 'object' &&
    events !== null &&
    !Array.isArray(events) &&
    (events as Record<string, unknown>)[key] === true
  );
}

/** The change a session patch made, for the answer. */
export function stateChange(sessionId: string, state: Record<string, unknown>): Change {
  return { kind: 'session_state', session_id: sessionId, keys: Object.keys(state) };
}

export function taskChange(task: NewTask, about: string): Change {
  return { kind: 'task', task_type: task.type, about };
}
