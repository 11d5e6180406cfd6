/** What a generation request may say, per content type: a field a type cannot honour is refused, naming it. */
import { z } from 'zod';
import type { ContentType } from './schemas.js';

const id = z.string().trim().min(1).max(200);
const short = z.string().trim().min(1).max(200);

const common = {
  world_id: id.optional(),
  campaign_id: id.optional(),
  theme_id: id.optional(),
  session_id: id.optional(),
  /** A role, provider, or model (default: the prompt's role, `generation`). */
  model: short.optional(),
  /** A prompt version other than the active one. */
  version: z.number().int().positive().optional(),
  /** An A/B arm to force (else one is picked per session). */
  arm: short.optional(),
  /** Save the result in the world as entities (default: true when world_id is given). */
  save: z.boolean().optional(),
  stream: z.boolean().optional(),
  async: z.boolean().optional(),
  name: short.optional(),
  concept: z.string().trim().min(1).max(2_000).optional(),
};

const level = z.number().int().min(1).max(20);

const byType = {
  character: {
    species: short.optional(),
    class: short.optional(),
    level: level.optional(),
    ability_method: z.enum(['point_buy', 'standard_array', 'rolled']).optional(),
  },
  npc: { species: short.optional(), occupation: short.optional(), location: short.optional() },
  location: { kind: short.optional() },
  quest: { giver: short.optional(), location: short.optional(), party_level: level.optional() },
  item: {
    kind: short.optional(),
    rarity: z
      .enum(['mundane', 'common', 'uncommon', 'rare', 'very rare', 'legendary', 'artifact'])
      .optional(),
  },
  encounter: {
    difficulty: z.enum(['easy', 'medium', 'hard', 'deadly']).optional(),
    party_level: level.optional(),
    location: short.optional(),
  },
  campaign: { party_level: level.optional() },
} as const;

export const generateRequestSchemas = Object.fromEntries(
  Object.entries(byType).map(([type, fields]) => [
    type,
    z
      .object({ ...common, ...fields })
      .strict()
      .refine((body) => !(body.stream && body.async), {
        message: 'stream and async cannot both be true',
        path: ['async'],
      }),
  ]),
) as unknown as { [T in ContentType]: z.ZodType<GenerateRequest> };

export interface GenerateRequest {
  world_id?: string | undefined;
  campaign_id?: string | undefined;
  theme_id?: string | undefined;
  session_id?: string | undefined;
  model?: string | undefined;
  version?: number | undefined;
  arm?: string | undefined;
  save?: boolean | undefined;
  stream?: boolean | undefined;
  async?: boolean | undefined;
  name?: string | undefined;
  concept?: string | undefined;
  species?: string | undefined;
  class?: string | undefined;
  level?: number | undefined;
  ability_method?: 'point_buy' | 'standard_array' | 'rolled' | undefined;
  occupation?: string | undefined;
  location?: string | undefined;
  kind?: string | undefined;
  giver?: string | undefined;
  party_level?: number | undefined;
  rarity?: string | undefined;
  difficulty?: 'easy' | 'medium' | 'hard' | 'deadly' | undefined;
}

export const validateRequestSchema = z
  .object({
    type: z.enum(['character', 'campaign', 'location', 'npc', 'quest', 'item', 'encounter']),
    content: z.record(z.string(), z.unknown()),
    theme_id: id.optional(),
    world_id: id.optional(),
    campaign_id: id.optional(),
    /** Skip the D&D 5e rules (content for another system). */
    rules: z.boolean().optional(),
  })
  .strict();
export type ValidateRequest = z.infer<typeof validateRequestSchema>;
