/**
 * The kind of entity an object describes (character, place or item), read from its property name
 * ("characters", "locations") or from a generated "type" value ("npc", "location").
 */
import type { EntityKind } from '../narrator/index.js';
import { keyWords } from './roles.js';

const KIND_BY_KEY: ReadonlyArray<[EntityKind, ReadonlySet<string>]> = [
  [
    'character',
    new Set(
      'character characters npc npcs people person persons party companion companions ally allies enemy enemies member members cast villain villains creature creatures faction factions'.split(
        ' ',
      ),
    ),
  ],
  [
    'place',
    new Set(
      'location locations place places region regions room rooms area areas zone zones setting settings'.split(
        ' ',
      ),
    ),
  ],
  [
    'item',
    new Set(
      'item items inventory loot object objects artifact artifacts equipment reward rewards weapon weapons'.split(
        ' ',
      ),
    ),
  ],
];

export function kindFromKey(key: string): EntityKind | undefined {
  const parts = keyWords(key);
  return KIND_BY_KEY.find(([, keys]) => parts.some((part) => keys.has(part)))?.[0];
}

const KIND_WORDS = new Set(['type', 'kind', 'category', 'class']);
const ENTITY_WORDS = new Set(['entity', 'object', 'record', 'node', 'thing']);

/** "type" and "entity_type" say what the object is; "update_type" says something else. */
export function setsKind(key: string): boolean {
  const parts = keyWords(key);
  const [first, last] = [parts[0] ?? '', parts.at(-1) ?? ''];
  return KIND_WORDS.has(last) && (parts.length === 1 || ENTITY_WORDS.has(first));
}

/** Reads an entity kind from a generated "type" value: "location" → place, "npc" → character. */
export function kindFromValue(value: unknown): EntityKind | undefined {
  return typeof value === 'string' ? kindFromKey(value.toLowerCase()) : undefined;
}
