/**
 * The content templates, one per type (`content_character`, `content_npc`, …), shipped in code so
 * their JSON Schema comes from the zod schemas. They are synced into the prompt library like the YAML
 * files in prompts/: versioned, editable through /llm/prompts (a version made there stays active), with
 * provider variants and A/B arms as any prompt has.
 */
import type { PromptDefinition } from '../prompts/index.js';
import { CONTENT_TYPES, type ContentType, jsonSchemaOf } from './schemas.js';

export const contentPromptName = (type: ContentType) => `content_${type}`;

const WHAT: Record<ContentType, string> = {
  character:
    'a player character: backstory, personality, appearance, equipment and spells that suit the class and level',
  campaign: 'a campaign: its premise, three acts, locations, NPCs and hooks',
  location: 'a location: what it looks like, its atmosphere, points of interest, who lives there and hooks',
  npc: 'a non-player character: appearance, personality, motivation, a secret and how they speak',
  quest: 'a quest: its giver, objectives, rewards and complications',
  item: 'an item: its rarity, attunement, properties, value and history',
  encounter: 'an encounter: its creatures, tactics, terrain and rewards, balanced for the party level',
};

const RULES: Partial<Record<ContentType, string>> = {
  character:
    'Follow the D&D 5e rules in the brief exactly: copy species, class, level, ability_method, base_ability_scores, ability_scores, hit_points, proficiency_bonus, saving_throws and spell_slots; choose skills, cantrips and spells only from the options it lists, as many as it says.',
  item: 'Follow the D&D 5e rules: a rarity from the brief, value_gp within its range, attunement only for magic items.',
};

const SYSTEM = (type: ContentType) =>
  `You write ${WHAT[type]} for a tabletop role-playing game{% if world_name %} set in the world of {{ world_name }}{% endif %}.{% if world_description %} {{ world_description }}{% endif %}
Answer with one JSON object matching the schema. Write finished game content: proper names, fields that agree with each other, no placeholders, no notes to the reader.${RULES[type] ? `\n${RULES[type]}` : ''}
{% if theme_name %}Theme: {{ theme_name }}.{% if theme_description %} {{ theme_description }}{% endif %}{% if theme_tone %} Tone: {{ theme_tone }}.{% endif %}
{% if theme_vocabulary.size > 0 %}Favour these words: {{ theme_vocabulary | join: ", " }}.
{% endif %}{% if theme_forbidden.size > 0 %}Never use these words: {{ theme_forbidden | join: ", " }}.
{% endif %}{% for example in theme_examples %}In this voice: {{ example }}
{% endfor %}{% endif %}`;

const USER = `Brief: {{ brief }}{% if corrections %}
Your previous answer had these problems. Fix every one: {{ corrections }}{% endif %}`;

const list = { type: 'array', items: { type: 'string' }, optional: true, default: [] } as const;

export function contentPromptDefinitions(): PromptDefinition[] {
  return CONTENT_TYPES.map((type) => ({
    name: contentPromptName(type),
    description: `Content service: ${WHAT[type]}.`,
    role: 'generation',
    output: 'json',
    json_schema: jsonSchemaOf(type),
    temperature: 0.8,
    max_tokens: type === 'campaign' || type === 'character' ? 2_000 : 1_200,
    variables: {
      brief: { type: 'string', max_length: 20_000, description: 'The brief as JSON.' },
      world_name: { type: 'string', optional: true, max_length: 200 },
      world_description: { type: 'string', optional: true, max_length: 4_000 },
      theme_name: { type: 'string', optional: true, max_length: 200 },
      theme_description: { type: 'string', optional: true, max_length: 4_000 },
      theme_tone: { type: 'string', optional: true, max_length: 500 },
      theme_vocabulary: list,
      theme_forbidden: list,
      theme_examples: list,
      corrections: { type: 'string', optional: true, max_length: 8_000 },
    },
    sample: {
      brief: JSON.stringify({ type, name: 'Mira Thornwood', concept: 'innkeeper of Eldhollow' }),
      world_name: 'Eldhollow',
    },
    system: SYSTEM(type),
    user: USER,
    // Claude follows "JSON only" best when it is the last thing it reads.
    variants: { anthropic: { user: `${USER}\nAnswer with the JSON object only.` } },
  })) as PromptDefinition[];
}
