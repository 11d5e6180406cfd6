/**
 * The typed output of each content type. The prompt library's templates (prompts/content_*.yaml) send
 * the same shapes to the model as JSON Schema; these zod schemas read the answer back, typed. Every type
 * may carry an `image` (a reference to a generated picture, filled in by the image service).
 */
import { z } from 'zod';
import { ABILITIES } from './rules/srd.js';

export const CONTENT_TYPES = [
  'character',
  'campaign',
  'location',
  'npc',
  'quest',
  'item',
  'encounter',
] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

const text = z.string().max(8_000);
const name = z.string().min(1).max(200);
const list = z.array(z.string().max(2_000)).max(40);

/** A picture of the content, once one is made (the image service fills it; generation leaves it null). */
export const imageRefSchema = z.object({ id: z.string().max(200), url: z.string().max(2_000) }).nullable();

export const abilityScoresSchema = z.object(
  Object.fromEntries(ABILITIES.map((ability) => [ability, z.number().int()])) as Record<
    (typeof ABILITIES)[number],
    z.ZodNumber
  >,
);

export const characterSchema = z.object({
  name,
  species: z.string().max(100),
  subrace: z.string().max(100).nullish(),
  class: z.string().max(100),
  subclass: z.string().max(100).nullish(),
  level: z.number().int(),
  /** Further classes of a multiclass character, beside `class`. */
  multiclass: z
    .array(z.object({ class: z.string().max(100), level: z.number().int() }))
    .max(11)
    .default([]),
  background: z.string().max(200).nullish(),
  alignment: z.string().max(100).nullish(),
  ability_method: z.enum(['point_buy', 'standard_array', 'rolled']),
  /** Scores before species and level bonuses (how they were generated). */
  base_ability_scores: abilityScoresSchema.nullish(),
  ability_scores: abilityScoresSchema,
  hit_points: z.number().int(),
  proficiency_bonus: z.number().int(),
  saving_throws: z.array(z.string().max(20)).max(6),
  skills: z.array(z.string().max(100)).max(20),
  /** Spell slots by spell level: index 0 is 1st level. */
  spell_slots: z.array(z.number().int()).max(9).default([]),
  cantrips: z.array(z.string().max(100)).max(20).default([]),
  spells: z.array(z.string().max(100)).max(60).default([]),
  equipment: z.array(z.string().max(200)).max(60).default([]),
  attuned_items: z.array(z.string().max(200)).max(10).default([]),
  appearance: text,
  backstory: text,
  personality: z.object({
    traits: list,
    ideals: z.string().max(2_000),
    bonds: z.string().max(2_000),
    flaws: z.string().max(2_000),
  }),
  image: imageRefSchema.default(null),
});
export type Character = z.infer<typeof characterSchema>;

export const npcSchema = z.object({
  name,
  species: z.string().max(100),
  occupation: z.string().max(200),
  appearance: text,
  personality: z.string().max(2_000),
  motivation: z.string().max(2_000),
  secret: z.string().max(2_000),
  speech: z.string().max(2_000),
  location: z.string().max(200).nullish(),
  dialogue_samples: list.default([]),
  image: imageRefSchema.default(null),
});
export type Npc = z.infer<typeof npcSchema>;

export const locationSchema = z.object({
  name,
  kind: z.string().max(100),
  description: text,
  atmosphere: z.string().max(2_000),
  points_of_interest: z.array(z.object({ name, description: z.string().max(2_000) })).max(20),
  inhabitants: z.array(name).max(20).default([]),
  hooks: list.default([]),
  image: imageRefSchema.default(null),
});
export type Location = z.infer<typeof locationSchema>;

export const questSchema = z.object({
  name,
  giver: name,
  summary: text,
  objectives: z
    .array(z.object({ description: z.string().max(2_000), optional: z.boolean().default(false) }))
    .max(20),
  rewards: z.array(z.string().max(500)).max(20),
  location: z.string().max(200).nullish(),
  complications: list.default([]),
  image: imageRefSchema.default(null),
});
export type Quest = z.infer<typeof questSchema>;

export const ITEM_RARITIES = [
  'mundane',
  'common',
  'uncommon',
  'rare',
  'very rare',
  'legendary',
  'artifact',
] as const;

export const itemSchema = z.object({
  name,
  kind: z.string().max(100),
  /** An SRD item it is made from (a Longsword, Chain Mail…), when there is one. */
  base_item: z.string().max(200).nullish(),
  rarity: z.string().max(50),
  requires_attunement: z.boolean(),
  /** "by a wizard", "by a cleric or paladin": the classes that may attune, if limited. */
  attunement_by: z.array(z.string().max(100)).max(12).default([]),
  description: text,
  properties: z.array(z.string().max(1_000)).max(20),
  value_gp: z.number().nonnegative(),
  history: z.string().max(4_000).default(''),
  image: imageRefSchema.default(null),
});
export type Item = z.infer<typeof itemSchema>;

export const encounterSchema = z.object({
  name,
  location: z.string().max(200),
  difficulty: z.enum(['easy', 'medium', 'hard', 'deadly']),
  party_level: z.number().int().min(1).max(20),
  summary: text,
  creatures: z
    .array(z.object({ name, count: z.number().int().min(1).max(100), role: z.string().max(200) }))
    .max(20),
  tactics: z.string().max(4_000),
  terrain: z.string().max(2_000),
  rewards: z.array(z.string().max(500)).max(20).default([]),
  image: imageRefSchema.default(null),
});
export type Encounter = z.infer<typeof encounterSchema>;

export const campaignSchema = z.object({
  name,
  premise: text,
  acts: z
    .array(z.object({ title: name, summary: z.string().max(4_000) }))
    .min(1)
    .max(10),
  locations: z.array(z.object({ name, description: z.string().max(2_000) })).max(20),
  npcs: z.array(z.object({ name, role: z.string().max(500) })).max(20),
  hooks: list,
  image: imageRefSchema.default(null),
});
export type Campaign = z.infer<typeof campaignSchema>;

export const CONTENT_SCHEMAS = {
  character: characterSchema,
  campaign: campaignSchema,
  location: locationSchema,
  npc: npcSchema,
  quest: questSchema,
  item: itemSchema,
  encounter: encounterSchema,
} as const satisfies Record<ContentType, z.ZodType>;

export type ContentOf<T extends ContentType> = z.infer<(typeof CONTENT_SCHEMAS)[T]>;

/** The JSON Schema the model is asked for (structured output), from the zod schema: one source of truth. */
export function jsonSchemaOf(type: ContentType): Record<string, unknown> {
  const schema = z.toJSONSchema(CONTENT_SCHEMAS[type], { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  delete schema.$schema;
  return { title: `loremaster.content.${type}`, ...schema };
}
