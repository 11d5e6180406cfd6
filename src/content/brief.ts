/**
 * The brief a generation sends the model: what the caller asked for, the theme's words, the world's
 * names to connect to, and, for characters and items, the rules facts (class hit die, saving throws,
 * skill and spell options, slots, scores) worked out here from the SRD, so the model writes the story
 * and copies numbers that are already right. Choices the caller left open are made from a seed of the
 * request: the same request gets the same brief.
 */
import { createHash } from 'node:crypto';
import {
  averageHitPoints,
  type ClassLevel,
  expectedSlots,
  highestSlot,
  modifier,
  proficiencyBonus,
  speciesBonuses,
} from './rules/character-rules.js';
import { ABILITIES, type Ability, srd, srdKey } from './rules/srd.js';
import { ASI_LEVELS, RARITY_VALUE_GP, SPECIES_SKILLS, STANDARD_ARRAY } from './rules/tables.js';
import type { ContentType } from './schemas.js';
import { forbiddenWords, type Theme } from './theme.js';

export interface GenerationInput {
  name?: string | undefined;
  concept?: string | undefined;
  species?: string | undefined;
  class?: string | undefined;
  level?: number | undefined;
  ability_method?: 'point_buy' | 'standard_array' | 'rolled' | undefined;
  kind?: string | undefined;
  rarity?: string | undefined;
  occupation?: string | undefined;
  giver?: string | undefined;
  location?: string | undefined;
  difficulty?: 'easy' | 'medium' | 'hard' | 'deadly' | undefined;
  party_level?: number | undefined;
}

export interface WorldContext {
  name: string;
  description: string;
  /** Names of the world's entities by type, for the content to connect to. */
  characters: string[];
  locations: string[];
  factions: string[];
}

export type Brief = Record<string, unknown> & { type: ContentType };

/** Abilities each class raises first (standard array and ASIs go in this order). */
const PRIORITY: Record<string, Ability[]> = {
  barbarian: ['STR', 'CON', 'DEX', 'WIS', 'CHA', 'INT'],
  bard: ['CHA', 'DEX', 'CON', 'WIS', 'INT', 'STR'],
  cleric: ['WIS', 'CON', 'STR', 'CHA', 'DEX', 'INT'],
  druid: ['WIS', 'CON', 'DEX', 'INT', 'CHA', 'STR'],
  fighter: ['STR', 'CON', 'DEX', 'WIS', 'CHA', 'INT'],
  monk: ['DEX', 'WIS', 'CON', 'STR', 'INT', 'CHA'],
  paladin: ['STR', 'CHA', 'CON', 'WIS', 'DEX', 'INT'],
  ranger: ['DEX', 'WIS', 'CON', 'STR', 'INT', 'CHA'],
  rogue: ['DEX', 'CON', 'INT', 'WIS', 'CHA', 'STR'],
  sorcerer: ['CHA', 'CON', 'DEX', 'WIS', 'INT', 'STR'],
  warlock: ['CHA', 'CON', 'DEX', 'WIS', 'INT', 'STR'],
  wizard: ['INT', 'CON', 'DEX', 'WIS', 'CHA', 'STR'],
};

/** A small deterministic generator seeded by the request. */
export function seededRandom(seed: string): () => number {
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function pickSome<T>(random: () => number, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0)
    out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return out;
}

export function buildBrief(
  type: ContentType,
  input: GenerationInput,
  context: { theme: Theme | null; world: WorldContext | null; seed: string },
): Brief {
  const random = seededRandom(`${type}\u0000${context.seed}`);
  const common: Record<string, unknown> = {
    type,
    ...(input.name && { name: input.name }),
    ...(input.concept && { concept: input.concept }),
    ...(context.world && {
      world: context.world.name,
      known_characters: context.world.characters.slice(0, 12),
      known_locations: context.world.locations.slice(0, 12),
      known_factions: context.world.factions.slice(0, 8),
    }),
    ...(context.theme && {
      theme: {
        name: context.theme.name,
        tone: context.theme.tone,
        vocabulary: context.theme.vocabulary.slice(0, 30),
        never_use: forbiddenWords(context.theme).slice(0, 60),
      },
    }),
    seed: createHash('sha256').update(context.seed).digest('hex').slice(0, 12),
  };
  switch (type) {
    case 'character':
      return { ...common, ...characterBrief(input, random), type };
    case 'npc':
      return {
        ...common,
        type,
        species:
          input.species ??
          pick(
            random,
            [...srd().species.values()].map((s) => s.name),
          ),
        ...(input.occupation && { occupation: input.occupation }),
        ...(input.location && { location: input.location }),
      };
    case 'item':
      return { ...common, ...itemBrief(input, random), type };
    case 'quest':
      return {
        ...common,
        type,
        ...(input.giver && { giver: input.giver }),
        ...(input.location && { location: input.location }),
        party_level: input.party_level ?? 1 + Math.floor(random() * 5),
      };
    case 'encounter':
      return {
        ...common,
        type,
        difficulty: input.difficulty ?? pick(random, ['easy', 'medium', 'hard'] as const),
        party_level: input.party_level ?? 1 + Math.floor(random() * 5),
        ...(input.location && { location: input.location }),
      };
    case 'location':
      return { ...common, type, ...(input.kind && { kind: input.kind }) };
    case 'campaign':
      return { ...common, type, party_level: input.party_level ?? 1, acts: 3 };
  }
}

function characterBrief(input: GenerationInput, random: () => number): Record<string, unknown> {
  const data = srd();
  const classes = [...data.classes.values()];
  const cls = (input.class && data.classes.get(srdKey(input.class))) || pick(random, classes);
  const speciesName =
    (input.species &&
      (data.species.get(srdKey(input.species))?.name ?? data.subraces.get(srdKey(input.species)))) ||
    pick(
      random,
      [...data.species.values()].map((s) => s.name),
    );
  const species = data.species.get(srdKey(speciesName))!;
  const subrace =
    input.species && data.subraces.has(srdKey(input.species))
      ? species.subraces.find((sub) => srdKey(sub) === srdKey(input.species!))
      : species.subraces.length > 0
        ? pick(random, species.subraces)
        : null;
  const level = Math.min(20, Math.max(1, input.level ?? 1));
  const method = input.ability_method ?? 'standard_array';
  const base = baseScores(method, PRIORITY[srdKey(cls.name)] ?? [...ABILITIES], random);
  const scores = finalScores(base, cls.name, speciesName, subrace ?? null, level);
  const classLevels: ClassLevel[] = [{ cls, level }];
  const slots = expectedSlots(classLevels);
  const top = highestSlot(slots);
  const levelData = data.levels.get(`${srdKey(cls.name)}:${level}`);
  const onList = [...data.spells.values()].filter((spell) => spell.classes.includes(cls.name));
  const cantripsKnown = levelData?.cantripsKnown ?? 0;
  const castable = onList.filter((spell) => spell.level >= 1 && spell.level <= top);
  const castingMod = cls.spellcastingAbility ? modifier(scores[cls.spellcastingAbility]) : 0;
  const spellCount = top === 0 ? 0 : Math.min(12, levelData?.spellsKnown ?? Math.max(1, level + castingMod));
  const speciesSkills = SPECIES_SKILLS[srdKey(speciesName)] ?? { fixed: [], choose: 0 };
  return {
    species: speciesName,
    subrace,
    class: cls.name,
    level,
    ability_method: method,
    base_ability_scores: base,
    ability_scores: scores,
    hit_die: `d${cls.hitDie}`,
    hit_points: averageHitPoints(classLevels, scores.CON),
    proficiency_bonus: proficiencyBonus(level),
    saving_throws: cls.savingThrows,
    class_skills: { choose: cls.skillChoices.count, from: cls.skillChoices.from },
    background_skills: 2,
    species_skills: speciesSkills,
    spell_slots: slots,
    cantrips: {
      choose: cantripsKnown,
      from: onList.filter((spell) => spell.level === 0).map((spell) => spell.name),
    },
    spells: {
      choose: spellCount,
      from: pickSome(random, castable, 40)
        .sort((a, b) => a.level - b.level || a.name.localeCompare(b.name))
        .map((spell) => `${spell.name} (level ${spell.level})`),
    },
    equipment: data.startingEquipment.get(srdKey(cls.name)) ?? [],
  };
}

function baseScores(
  method: 'point_buy' | 'standard_array' | 'rolled',
  priority: readonly Ability[],
  random: () => number,
) {
  let values: number[];
  // Point buy: 15, 15, 15, 8, 8, 8 costs exactly its 27 points.
  if (method === 'point_buy') values = [15, 15, 15, 8, 8, 8];
  else if (method === 'rolled')
    values = Array.from({ length: 6 }, () => {
      const dice = Array.from({ length: 4 }, () => 1 + Math.floor(random() * 6)).sort((a, b) => b - a);
      return dice[0]! + dice[1]! + dice[2]!;
    }).sort((a, b) => b - a);
  else values = [...STANDARD_ARRAY];
  return Object.fromEntries(priority.map((ability, i) => [ability, values[i]!])) as Record<Ability, number>;
}

/** Base scores plus species bonuses (Half-Elf's free +1s to the next priorities) and each ASI (+2 to the first ability under 20). */
function finalScores(
  base: Record<Ability, number>,
  className: string,
  species: string,
  subrace: string | null,
  level: number,
): Record<Ability, number> {
  const scores = { ...base };
  const bonuses = speciesBonuses(species, subrace);
  for (const ability of ABILITIES) scores[ability] += bonuses[ability] ?? 0;
  const priority = PRIORITY[srdKey(className)] ?? [...ABILITIES];
  if (srdKey(species) === 'half elf')
    for (const ability of priority.filter((a) => a !== 'CHA').slice(0, 2)) scores[ability] += 1;
  const asis = (ASI_LEVELS[srdKey(className)] ?? ASI_LEVELS.default!).filter((at) => at <= level).length;
  for (let n = 0; n < asis; n += 1) {
    const target = priority.find((ability) => scores[ability] <= 18);
    if (target) scores[target] += 2;
  }
  return scores;
}

function itemBrief(input: GenerationInput, random: () => number): Record<string, unknown> {
  const rarity = input.rarity
    ? srdKey(input.rarity)
    : pick(random, ['common', 'uncommon', 'rare', 'very rare']);
  const kind = input.kind ?? pick(random, ['weapon', 'armor', 'wondrous item', 'ring', 'potion']);
  const category = srdKey(kind).includes('weapon')
    ? 'Weapon'
    : srdKey(kind).includes('armor')
      ? 'Armor'
      : null;
  const bases = category
    ? [...srd().equipment.values()].filter((item) => item.category === category).map((item) => item.name)
    : [];
  const range = RARITY_VALUE_GP[rarity];
  return {
    rarity,
    kind,
    ...(bases.length > 0 && { base_item: pick(random, bases) }),
    ...(range && { value_gp: { min: range[0], max: Number.isFinite(range[1]) ? range[1] : range[0] * 4 } }),
    requires_attunement: rarity === 'mundane' || rarity === 'common' ? false : random() < 0.5,
    attunement_rule: 'only magic items may require attunement; attunement_by names SRD classes',
  };
}
