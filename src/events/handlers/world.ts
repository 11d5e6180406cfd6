/**
 * `world.event`: something happened in the world (a storm, a festival, a dragon over the city). It
 * becomes an `event` entity (where it happened as a connection), a note of the session, and, when the
 * world asks (`settings.events.world_event_notes`), the notes of the entities it `affects` are brought
 * up to date in the background.
 */
import { z } from 'zod';
import type { Entity } from '../../store/index.js';
import { changeEntity, readData, taskChange, worldWants } from './support.js';
import { type Change, type EventHandler, type NewTask, skipped } from './types.js';

const ref = z.string().trim().min(1).max(200);
const dataSchema = z
  .object({
    name: ref.optional(),
    description: z.string().trim().min(1).max(4_000),
    location: ref.optional(),
    affects: z.array(ref).max(20).default([]),
    tags: z.array(z.string().trim().min(1).max(64)).max(20).default([]),
  })
  .strict();

export const worldEvent: EventHandler = async (context) => {
  const read = readData(dataSchema, context);
  if ('reason' in read) return skipped(read.reason);
  const data = read.data;
  const world = context.world;
  if (!world) return skipped('world_id (or a session in a world) is required for a world event');
  const name = data.name ?? `${data.description.split(/[.!?]/)[0]?.slice(0, 80) || 'An event'}`;
  const affected: Entity[] = [];
  if (worldWants(context, 'world_event_notes'))
    for (const target of data.affects) {
      const entity = await context.deps.worlds.resolve(world.id, target, context.overlay);
      if (entity) affected.push(entity);
    }
  const changed = await changeEntity(context, {
    ref: name,
    create: () => ({
      type: 'event',
      name,
      aliases: [],
      tags: data.tags.map((tag) => tag.toLowerCase()),
      description: data.description,
      note: '',
      connections: data.location ? [{ to: data.location, relation: 'happened at' }] : [],
      attributes: {},
    }),
    patch: () => ({ description: data.description }),
    tasks: (): NewTask[] =>
      affected.map((entity) => ({
        type: 'UPDATE_NOTE',
        data: {
          entityId: entity.id,
          newInformation: data.description,
          updateType: 'world_event',
          reasoning: `world.event "${name}" (event ${context.event.id})`,
          source: 'api',
        },
        worldId: world.id,
        sessionId: context.session?.id ?? null,
      })),
  });
  const changes: Change[] = [];
  if (changed) {
    changes.push(changed.change);
    for (const [index, task] of changed.tasks.entries())
      changes.push(taskChange(task, `note of ${affected[index]?.name ?? 'an affected entity'}`));
  }
  if (context.session) {
    const note = `${name}: ${data.description}`.slice(0, 2_000);
    await context.deps.patchSession(context.session.id, { notes: { add: [note] } }, context.author);
    changes.push({ kind: 'session_notes', session_id: context.session.id, added: [note] });
  }
  return { handled: true, changes };
};
