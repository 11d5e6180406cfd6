/**
 * `quest.started` / `quest.completed` / `quest.failed`: the quest's entity gets a new version (status,
 * who finished it, a line in its note), the session's state and notes follow (`quests.<name>`, the
 * objective while it runs), and, when the world asks (`settings.events.quest_rumors`), a completed quest
 * becomes a rumor and its giver's note is brought up to date, in the background (maintenance queue).
 */
import { z } from 'zod';
import { appendNote, changeEntity, readData, stateChange, taskChange, worldWants } from './support.js';
import { type Change, type EventHandler, type NewTask, skipped } from './types.js';

const ref = z.string().trim().min(1).max(200);
const dataSchema = z
  .object({
    /** The quest: its entity id or name. */
    quest_id: ref.optional(),
    quest: ref.optional(),
    giver: ref.optional(),
    objective: z.string().trim().min(1).max(500).optional(),
    summary: z.string().trim().max(4_000).optional(),
    /** Who completed or failed it. */
    by: ref.optional(),
    reward: z.string().trim().max(500).optional(),
    reason: z.string().trim().max(1_000).optional(),
  })
  .strict()
  .refine((data) => data.quest_id !== undefined || data.quest !== undefined, {
    message: 'expected quest_id or quest (its name)',
  });

type QuestStatus = 'started' | 'completed' | 'failed';

function handler(status: QuestStatus): EventHandler {
  return async (context) => {
    const read = readData(dataSchema, context);
    if ('reason' in read) return skipped(read.reason);
    const data = read.data;
    if (!context.world) return skipped('world_id (or a session in a world) is required for a quest');
    const world = context.world;
    const changes: Change[] = [];
    const line =
      status === 'started'
        ? `Started${data.objective ? `: ${data.objective}` : '.'}`
        : `${status === 'completed' ? 'Completed' : 'Failed'}${data.by ? ` by ${data.by}` : ''}${data.reason ? ` (${data.reason})` : ''}.`;
    const giver = data.giver
      ? await context.deps.worlds.resolve(world.id, data.giver, context.overlay)
      : undefined;
    const changed = await changeEntity(context, {
      ref: (data.quest_id ?? data.quest) as string,
      create: () => ({
        type: 'quest',
        name: data.quest ?? (data.quest_id as string),
        aliases: [],
        tags: [],
        description: data.summary ?? '',
        note: line,
        connections: data.giver ? [{ to: data.giver, relation: 'given by' }] : [],
        attributes: attributesFor(status, data, {}),
      }),
      patch: (before) => ({
        attributes: attributesFor(status, data, before.attributes),
        note: appendNote(before.note, line),
        ...(data.summary && !before.description && { description: data.summary }),
      }),
      tasks: (view) => {
        if (status !== 'completed' || !worldWants(context, 'quest_rumors')) return [];
        const giverId =
          giver?.id ??
          view.data.connections.find((connection) => /giv/i.test(connection.relation))?.entityId ??
          undefined;
        const telling = `${data.by ?? 'Someone'} completed the quest "${view.name}"${data.reward ? ` and earned ${data.reward}` : ''}.`;
        const scope = { worldId: world.id, sessionId: context.session?.id ?? null };
        const tasks: NewTask[] = [
          {
            type: 'CREATE_ENTITY',
            data: {
              entityType: 'concept',
              name: `Rumor: ${view.name}`,
              initialData: { description: `Word is going round: ${telling}`, tags: ['rumor'] },
              reasoning: `quest.completed (event ${context.event.id})`,
            },
            ...scope,
          },
        ];
        if (giverId)
          tasks.push({
            type: 'UPDATE_NOTE',
            data: {
              entityId: giverId,
              newInformation: telling,
              updateType: 'quest',
              reasoning: `the quest they gave was completed (event ${context.event.id})`,
              source: 'api',
            },
            ...scope,
          });
        return tasks;
      },
    });
    if (changed) {
      changes.push(changed.change);
      for (const task of changed.tasks)
        changes.push(taskChange(task, task.type === 'CREATE_ENTITY' ? 'rumor' : "quest giver's note"));
    }
    const session = context.session;
    if (session) {
      const name = changed?.view.name ?? data.quest ?? (data.quest_id as string);
      const current = session.metadata.state as Record<string, unknown> | undefined;
      const state: Record<string, unknown> = { quests: { [name]: status } };
      if (status === 'started') {
        state.active_quest = name;
        if (data.objective) state.objective = data.objective;
      } else if (current?.active_quest === name) {
        state.active_quest = null;
        state.objective = null;
      }
      const note = `Quest ${status}: ${name}${data.by && status !== 'started' ? ` (by ${data.by})` : ''}`;
      await context.deps.patchSession(session.id, { state, notes: { add: [note] } }, context.author);
      changes.push(stateChange(session.id, state));
      changes.push({ kind: 'session_notes', session_id: session.id, added: [note] });
    }
    return { handled: true, changes };
  };
}

function attributesFor(
  status: QuestStatus,
  data: z.output<typeof dataSchema>,
  before: Record<string, string | number | boolean>,
): Record<string, string | number | boolean> {
  return {
    ...before,
    status,
    ...(data.giver && { giver: data.giver }),
    ...(data.objective && { objective: data.objective }),
    ...(data.reward && { reward: data.reward }),
    ...(data.by && status !== 'started' && { [`${status}_by`]: data.by }),
  };
}

export const questStarted = handler('started');
export const questCompleted = handler('completed');
export const questFailed = handler('failed');
