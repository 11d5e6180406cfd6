/**
 * Characters:
 * - `character_created`: the content service validates the character (D&D 5e rules, quality, the
 *   world's theme) and, with `data.enrich: true`, writes its backstory and saves it in the world.
 * - `character.updated`: the character's entity gets a new version (description, tags, attributes
 *   merged, a line in its note); an unknown character with a name is made.
 */
import { z } from 'zod';
import { viaContent } from './content-call.js';
import { appendNote, changeEntity, readData } from './support.js';
import { type EventHandler, skipped } from './types.js';

export const characterCreated: EventHandler = (context) =>
  viaContent(context, 'character_created', 'character_validated');

const attributeValue = z.union([z.string().max(2_000), z.number(), z.boolean()]);
const updateSchema = z
  .object({
    character_id: z.string().trim().min(1).max(200).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(8_000).optional(),
    tags: z.array(z.string().trim().min(1).max(64)).max(20).optional(),
    attributes: z.record(z.string().min(1).max(100), attributeValue).optional(),
    /** What changed, in words: added to the character's note. */
    change: z.string().trim().min(1).max(2_000).optional(),
  })
  .strict()
  .refine((data) => data.character_id !== undefined || data.name !== undefined, {
    message: 'expected character_id or name',
  });

export const characterUpdated: EventHandler = async (context) => {
  const read = readData(updateSchema, context);
  if ('reason' in read) return skipped(read.reason);
  const data = read.data;
  if (!context.world) return skipped('world_id (or a session in a world) is required for a character');
  const changed = await changeEntity(context, {
    ref: (data.character_id ?? data.name) as string,
    ...(data.name && {
      create: () => ({
        type: 'character' as const,
        name: data.name as string,
        aliases: [],
        tags: (data.tags ?? []).map((tag) => tag.toLowerCase()),
        description: data.description ?? '',
        note: data.change ?? '',
        connections: [],
        attributes: data.attributes ?? {},
      }),
    }),
    patch: (before) => ({
      ...(data.description !== undefined && { description: data.description }),
      ...(data.tags && { tags: data.tags.map((tag) => tag.toLowerCase()) }),
      ...(data.attributes && { attributes: { ...before.attributes, ...data.attributes } }),
      ...(data.change && { note: appendNote(before.note, data.change) }),
    }),
  });
  if (!changed) return skipped(`no character "${data.character_id}" in this world (send name to make one)`);
  return { handled: true, changes: [changed.change] };
};
