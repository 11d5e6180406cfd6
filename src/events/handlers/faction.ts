/**
 * `faction.relation_changed`: how one faction stands with another (or with the player). The faction's
 * entity gets a new version (the relation as an attribute and a connection, a line in its note), and
 * the session's state records it under `factions.<faction>.<other>` for the narrator.
 */
import { z } from 'zod';
import { appendNote, changeEntity, readData, stateChange } from './support.js';
import { type Change, type EventHandler, skipped } from './types.js';

const ref = z.string().trim().min(1).max(200);
const dataSchema = z
  .object({
    faction: ref,
    /** The other side: a faction, a character, or `player`. */
    other: ref,
    relation: z.string().trim().min(1).max(100),
    score: z.number().min(-1_000).max(1_000).optional(),
    reason: z.string().trim().max(1_000).optional(),
  })
  .strict();

export const factionRelationChanged: EventHandler = async (context) => {
  const read = readData(dataSchema, context);
  if ('reason' in read) return skipped(read.reason);
  const data = read.data;
  if (!context.world) return skipped('world_id (or a session in a world) is required for a faction');
  const standing = data.score === undefined ? data.relation : `${data.relation} (${data.score})`;
  const line = `Now ${standing} towards ${data.other}${data.reason ? `: ${data.reason}` : ''}.`;
  const changed = await changeEntity(context, {
    ref: data.faction,
    create: () => ({
      type: 'faction',
      name: data.faction,
      aliases: [],
      tags: [],
      description: '',
      note: line,
      connections: [{ to: data.other, relation: data.relation }],
      attributes: { [`relation_${data.other}`.slice(0, 100)]: standing },
    }),
    patch: (before) => {
      const otherKey = data.other.toLowerCase();
      return {
        attributes: { ...before.attributes, [`relation_${data.other}`.slice(0, 100)]: standing },
        note: appendNote(before.note, line),
        connections: [
          ...before.connections
            .filter((connection) => connection.name.toLowerCase() !== otherKey)
            .map((connection) => ({
              to: connection.entityId ?? connection.name,
              relation: connection.relation,
            })),
          { to: data.other, relation: data.relation },
        ],
      };
    },
  });
  const changes: Change[] = changed ? [changed.change] : [];
  if (context.session) {
    const name = changed?.view.name ?? data.faction;
    const state = { factions: { [name]: { [data.other]: standing } } };
    await context.deps.patchSession(context.session.id, { state }, context.author);
    changes.push(stateChange(context.session.id, state));
  }
  return { handled: true, changes };
};
