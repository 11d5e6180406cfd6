/**
 * What an entity is: its type, names, note and connections, as the API accepts them and as a version
 * stores them. Names are compared through `nameKey`, so "the Tide Bell", "Tide bell" and "tide_bell"
 * are one name: the world never holds two entities under it.
 */
import { z } from 'zod';

export const ENTITY_TYPES = [
  'character',
  'location',
  'item',
  'faction',
  'quest',
  'concept',
  'event',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** Words models and older templates use for the types above. */
const TYPE_SYNONYMS: Record<string, EntityType> = {
  person: 'character',
  npc: 'character',
  creature: 'character',
  place: 'location',
  area: 'location',
  region: 'location',
  object: 'item',
  artifact: 'item',
  group: 'faction',
  organization: 'faction',
  organisation: 'faction',
  mission: 'quest',
  goal: 'quest',
  note: 'concept',
  idea: 'concept',
  lore: 'concept',
  happening: 'event',
};

/** A model's entity type, mapped onto ours; unknown words become `concept`. */
export function normaliseEntityType(raw: string): EntityType {
  const word = raw.trim().toLowerCase();
  if ((ENTITY_TYPES as readonly string[]).includes(word)) return word as EntityType;
  // Own keys only: "constructor" or "__proto__" from a model is an unknown word, not Object.prototype's.
  return (Object.hasOwn(TYPE_SYNONYMS, word) && TYPE_SYNONYMS[word]) || 'concept';
}

const LEADING_ARTICLE = /^(the|a|an)\s+/;

/** The comparable form of a name: lower case, no accents, no leading article, words separated by one space. */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(LEADING_ARTICLE, '');
}

const text = (max: number) => z.string().trim().max(max);
const name = z.string().trim().min(1).max(200);
const attributeValue = z.union([z.string().max(2_000), z.number(), z.boolean()]);
/** Attributes of one entity (a stat block, not a database): what a prompt can still show. */
const MAX_ATTRIBUTES = 100;

export const connectionInputSchema = z
  .object({
    /** Another entity of the world: its id or one of its names. */
    to: name,
    relation: z.string().trim().min(1).max(200),
  })
  .strict();

const entityFields = {
  name,
  aliases: z.array(name).max(20),
  tags: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(64)
        .transform((tag) => tag.toLowerCase()),
    )
    .max(20),
  description: text(8_000),
  /** The living note: what is true of the entity now (maintenance rewrites it). */
  note: text(8_000),
  connections: z.array(connectionInputSchema).max(50),
  attributes: z
    .record(z.string().min(1).max(100), attributeValue)
    .refine((attributes) => Object.keys(attributes).length <= MAX_ATTRIBUTES, {
      message: `at most ${MAX_ATTRIBUTES} attributes`,
    }),
};

export const entityInputSchema = z
  .object({
    type: z.enum(ENTITY_TYPES),
    name: entityFields.name,
    aliases: entityFields.aliases.default([]),
    tags: entityFields.tags.default([]),
    description: entityFields.description.default(''),
    note: entityFields.note.default(''),
    connections: entityFields.connections.default([]),
    attributes: entityFields.attributes.default({}),
  })
  .strict();
export type EntityInput = z.infer<typeof entityInputSchema>;

/** A partial update: any field of the input but the type (no defaults: what is absent is kept); lists replace the stored ones. */
export const entityPatchSchema = z.object(entityFields).partial().strict();
export type EntityPatch = z.infer<typeof entityPatchSchema>;

export interface Connection {
  /** The connected entity's id, when it is known in the world. */
  entityId: string | null;
  name: string;
  relation: string;
}

/** What an entity version stores in `data`. */
export interface EntityData {
  type: EntityType;
  aliases: string[];
  tags: string[];
  description: string;
  note: string;
  connections: Connection[];
  attributes: Record<string, string | number | boolean>;
}

/** Reads a stored version's data, tolerating versions written before a field existed. */
export function readEntityData(type: string, data: Record<string, unknown>): EntityData {
  const list = (value: unknown) =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  const connections = Array.isArray(data.connections)
    ? data.connections.flatMap((raw) => {
        const c = raw as Record<string, unknown>;
        return typeof c?.name === 'string' && typeof c.relation === 'string'
          ? [
              {
                entityId: typeof c.entityId === 'string' ? c.entityId : null,
                name: c.name,
                relation: c.relation,
              },
            ]
          : [];
      })
    : [];
  return {
    type: normaliseEntityType(type),
    aliases: list(data.aliases),
    tags: list(data.tags),
    description: typeof data.description === 'string' ? data.description : '',
    note: typeof data.note === 'string' ? data.note : '',
    connections,
    attributes:
      data.attributes && typeof data.attributes === 'object'
        ? (data.attributes as EntityData['attributes'])
        : {},
  };
}

/** The searchable text of an entity: description, its note and its connections. */
export function entityBody(data: EntityData): string {
  const parts = [data.description, data.note];
  if (data.connections.length > 0)
    parts.push(data.connections.map((c) => `${c.relation} ${c.name}`).join('; '));
  const attributes = Object.entries(data.attributes);
  if (attributes.length > 0) parts.push(attributes.map(([key, value]) => `${key}: ${value}`).join('; '));
  return parts.filter((part) => part.length > 0).join('\n\n') || '(no description yet)';
}

/** Every name of an entity as claimed keys (empty keys dropped, first spelling kept). */
export function namesOf(
  entityName: string,
  aliases: readonly string[],
): Array<{ key: string; name: string }> {
  const out: Array<{ key: string; name: string }> = [];
  for (const candidate of [entityName, ...aliases]) {
    const key = nameKey(candidate);
    if (key && !out.some((entry) => entry.key === key)) out.push({ key, name: candidate });
  }
  return out;
}
