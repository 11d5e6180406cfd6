/** Rule-legal characters and items the content suites start from (each test breaks one thing). */
import type { Character, Item } from '../../src/content/schemas.js';

const prose = {
  appearance: 'A broad-shouldered woman with a scar across her chin and close-cropped grey hair.',
  backstory:
    'Brenna Hallow served eight winters on the river wall of Harrowmere before the flood took the lower ' +
    'town. She now hires out her sword to caravans crossing the marsh road, and keeps the names of the drowned.',
  personality: {
    traits: ['Patient', 'Blunt'],
    ideals: 'Duty: the wall holds because someone stands on it.',
    bonds: 'She owes her life to the ferryman who pulled her from the flood.',
    flaws: 'She trusts no one who has not bled beside her.',
  },
  image: null,
};

/** Level 1 human fighter, standard array (15 14 13 12 10 8, +1 each from Human). */
export function fighter(): Character {
  return {
    name: 'Brenna Hallow',
    species: 'Human',
    subrace: null,
    class: 'Fighter',
    subclass: null,
    level: 1,
    multiclass: [],
    background: 'Soldier',
    alignment: 'Lawful Neutral',
    ability_method: 'standard_array',
    base_ability_scores: null,
    ability_scores: { STR: 16, DEX: 14, CON: 15, INT: 9, WIS: 13, CHA: 11 },
    hit_points: 12,
    proficiency_bonus: 2,
    saving_throws: ['STR', 'CON'],
    skills: ['Athletics', 'Perception', 'Insight', 'Religion'],
    spell_slots: [0, 0, 0, 0, 0, 0, 0, 0, 0],
    cantrips: [],
    spells: [],
    equipment: ['Chain Mail', 'Longsword', 'Shield'],
    attuned_items: [],
    ...prose,
  };
}

/** Level 5 high elf wizard, point buy (27 points), ASI at 4 spent on INT. */
export function wizard(): Character {
  return {
    ...fighter(),
    name: 'Ithrael Vesk',
    species: 'Elf',
    subrace: 'High Elf',
    class: 'Wizard',
    level: 5,
    background: 'Sage',
    alignment: 'Neutral Good',
    ability_method: 'point_buy',
    base_ability_scores: { STR: 8, DEX: 14, CON: 14, INT: 15, WIS: 12, CHA: 8 },
    ability_scores: { STR: 8, DEX: 16, CON: 14, INT: 18, WIS: 12, CHA: 8 },
    hit_points: 32,
    proficiency_bonus: 3,
    saving_throws: ['INT', 'WIS'],
    skills: ['Arcana', 'Investigation', 'History', 'Religion', 'Perception'],
    spell_slots: [4, 3, 2, 0, 0, 0, 0, 0, 0],
    cantrips: ['Fire Bolt', 'Light', 'Mage Hand', 'Prestidigitation'],
    spells: ['Magic Missile', 'Shield', 'Misty Step', 'Fireball'],
    equipment: ['Quarterstaff', 'Spellbook'],
  };
}

/** Fighter 3 / Wizard 2 (STR 15 and INT 13 meet both prerequisites). */
export function fighterWizard(): Character {
  return {
    ...fighter(),
    name: 'Corvin Ashdown',
    level: 3,
    multiclass: [{ class: 'Wizard', level: 2 }],
    ability_method: 'standard_array',
    base_ability_scores: { STR: 15, DEX: 12, CON: 14, INT: 13, WIS: 10, CHA: 8 },
    ability_scores: { STR: 16, DEX: 13, CON: 15, INT: 14, WIS: 11, CHA: 9 },
    // d10 + 2, then 2 × (6 + 2) for fighter, 2 × (4 + 2) for wizard.
    hit_points: 12 + 16 + 12,
    proficiency_bonus: 3,
    spell_slots: [3, 0, 0, 0, 0, 0, 0, 0, 0],
    cantrips: ['Fire Bolt', 'Light', 'Mage Hand'],
    spells: ['Magic Missile', 'Shield'],
  };
}

export function magicSword(): Item {
  return {
    name: 'Frostmourne Edge',
    kind: 'weapon',
    base_item: 'Longsword',
    rarity: 'rare',
    requires_attunement: true,
    attunement_by: ['fighter', 'paladin'],
    description: 'A longsword of blue-grey steel whose edge is always rimed with frost, even in summer.',
    properties: ['+1 to attack and damage rolls', 'Deals an extra 1d6 cold damage on a hit'],
    value_gp: 2_000,
    history: 'Forged for the wardens of the northern pass.',
    image: null,
  };
}
