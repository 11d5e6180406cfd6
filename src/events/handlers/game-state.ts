/**
 * `game_state.changed`: the game's state changed (location, time, health, inventory…). `data.state`
 * is a JSON merge-patch of the session's state (`null` removes a key); `data.notes` adds or removes
 * session notes. The narrator reads both on the next turn.
 */
import { z } from 'zod';
import { readData, stateChange } from './support.js';
import { type Change, type EventHandler, skipped } from './types.js';

const note = z.string().trim().min(1).max(2_000);
const dataSchema = z
  .object({
    state: z.record(z.string(), z.unknown()).optional(),
    notes: z
      .object({ add: z.array(note).max(50).optional(), remove: z.array(note).max(50).optional() })
      .strict()
      .optional(),
  })
  .strict()
  .refine((data) => data.state !== undefined || data.notes !== undefined, {
    message: 'expected state (a merge-patch) or notes',
  });

export const gameStateChanged: EventHandler = async (context) => {
  const read = readData(dataSchema, context);
  if ('reason' in read) return skipped(read.reason);
  const session = context.session;
  if (!session) return skipped('session_id is required: game state belongs to a session');
  const { state, notes } = read.data;
  await context.deps.patchSession(
    session.id,
    {
      ...(state && { state }),
      ...(notes && { notes }),
    },
    context.author,
  );
  const changes: Change[] = [];
  if (state) changes.push(stateChange(session.id, state));
  if (notes?.add?.length) changes.push({ kind: 'session_notes', session_id: session.id, added: notes.add });
  return { handled: true, changes };
};
