/**
 * World files: a world and its entities in YAML (see worlds/demo/world.yaml), imported in one go.
 *
 * Entities are created in two passes so connections may name entities further down the file: first
 * every entity, then their connections. The whole import is checked before anything is written, so a
 * bad file leaves no half-imported world.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { connectionInputSchema, entityInputSchema, nameKey } from './entities.js';
import type { WorldService } from './worlds.js';

export const DEMO_WORLD_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'worlds',
  'demo',
  'world.yaml',
);
export const DEMO_SESSION_FILE = join(dirname(DEMO_WORLD_FILE), 'session.yaml');

export const worldFileSchema = z
  .object({
    world: z
      .object({
        name: z.string().trim().min(1).max(200),
        description: z.string().trim().max(4_000).optional(),
        shared: z.boolean().default(false),
        settings: z.record(z.string(), z.unknown()).default({}),
      })
      .strict(),
    entities: z
      .array(entityInputSchema.extend({ connections: z.array(connectionInputSchema).max(50).default([]) }))
      .max(100_000),
  })
  .strict();
export type WorldFile = z.infer<typeof worldFileSchema>;

export const sessionFileSchema = z
  .object({
    player: z.string().trim().min(1).max(200).optional(),
    turns: z
      .array(z.object({ input: z.string().trim().min(1).max(4_000) }).strict())
      .min(1)
      .max(10_000),
  })
  .strict();
export type SessionFile = z.infer<typeof sessionFileSchema>;

export function readWorldFile(path: string): WorldFile {
  return parseFile(worldFileSchema, path);
}

export function readSessionFile(path: string): SessionFile {
  return parseFile(sessionFileSchema, path);
}

function parseFile<T>(schema: z.ZodType<T>, path: string): T {
  const result = schema.safeParse(parse(readFileSync(path, 'utf8')));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${path}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/** Names must be unique (with aliases) and connections must point inside the file. */
export function checkWorldFile(file: WorldFile): void {
  const owners = new Map<string, string>();
  for (const entity of file.entities)
    for (const name of [entity.name, ...entity.aliases]) {
      const key = nameKey(name);
      const owner = owners.get(key);
      if (owner && owner !== entity.name)
        throw new Error(`World file: the name "${name}" is used by both "${owner}" and "${entity.name}"`);
      owners.set(key, entity.name);
    }
  for (const entity of file.entities)
    for (const connection of entity.connections)
      if (!owners.has(nameKey(connection.to)))
        throw new Error(
          `World file: "${entity.name}" connects to "${connection.to}", which is not in the file`,
        );
}

/** How far an import is: `done` of `total` steps (each entity, then each entity's connections). */
export type ImportProgress = (done: number, total: number) => void;

/** Imports a world file; returns the new world's id and how many entities it has. */
export async function importWorld(
  worlds: WorldService,
  file: WorldFile,
  onProgress?: ImportProgress,
): Promise<{ worldId: string; entities: number }> {
  checkWorldFile(file);
  const world = await worlds.createWorld({
    name: file.world.name,
    ...(file.world.description && { description: file.world.description }),
    shared: file.world.shared,
    settings: file.world.settings,
  });
  const ids = new Map<string, string>();
  const connected = file.entities.filter((entity) => entity.connections.length > 0);
  const total = file.entities.length + connected.length;
  let done = 0;
  onProgress?.(done, total);
  for (const entity of file.entities) {
    const view = await worlds.createEntity(world.id, { ...entity, connections: [] }, { changedBy: 'import' });
    ids.set(entity.name, view.id);
    onProgress?.(++done, total);
  }
  for (const entity of connected) {
    await worlds.updateEntity(
      ids.get(entity.name) as string,
      { connections: entity.connections },
      { changedBy: 'import', reason: 'connections' },
    );
    onProgress?.(++done, total);
  }
  return { worldId: world.id, entities: file.entities.length };
}
