/**
 * The D&D 5e rules suite: legal characters and items pass; each illegal one is found, with the right
 * code at the right JSON path.
 */
import { describe, expect, it } from 'vitest';
import { validateCharacter } from '../../src/content/rules/character-rules.js';
import { validateItem } from '../../src/content/rules/item-rules.js';
import type { Character, Item } from '../../src/content/schemas.js';
import { fighter, fighterWizard, magicSword, wizard } from './fixtures.js';

const errors = (findings: ReturnType<typeof validateCharacter>) =>
  findings.filter((finding) => finding.severity === 'error');

describe('legal characters and items pass the rules', () => {
  it.each([
    ['level 1 human fighter, standard array', fighter()],
    ['level 5 high elf wizard, point buy', wizard()],
    ['fighter 3 / wizard 2', fighterWizard()],
  ])('%s', (_label, character) => {
    expect(errors(validateCharacter(character))).toEqual([]);
  });

  it('a rare attuned longsword', () => {
    expect(validateItem(magicSword())).toEqual([]);
  });
});

const illegalCharacters: Array<[string, () => Character, string, string]> = [
  [
    'an ability score above 20',
    () => ({ ...fighter(), ability_scores: { ...fighter().ability_scores, STR: 21 } }),
    '$.ability_scores.STR',
    'ability_score_range',
  ],
  [
    'an ability score below 3',
    () => ({ ...fighter(), ability_scores: { ...fighter().ability_scores, CHA: 2 } }),
    '$.ability_scores.CHA',
    'ability_score_range',
  ],
  [
    'a species not in the SRD',
    () => ({ ...fighter(), species: 'Warforged' }),
    '$.species',
    'unknown_species',
  ],
  ['a class not in the SRD', () => ({ ...fighter(), class: 'Gunslinger' }), '$.class', 'unknown_class'],
  ['level 21', () => ({ ...fighter(), level: 21 }), '$.level', 'level_range'],
  ['level 0', () => ({ ...fighter(), level: 0 }), '$.level', 'level_range'],
  [
    'the wrong proficiency bonus',
    () => ({ ...wizard(), proficiency_bonus: 2 }),
    '$.proficiency_bonus',
    'proficiency_bonus',
  ],
  ['hit points beyond the hit dice', () => ({ ...fighter(), hit_points: 30 }), '$.hit_points', 'hit_points'],
  [
    'a wizard with fighter saving throws',
    () => ({ ...wizard(), saving_throws: ['STR', 'CON'] }),
    '$.saving_throws',
    'saving_throws',
  ],
  [
    'too many skills',
    () => ({
      ...fighter(),
      skills: ['Athletics', 'Perception', 'Insight', 'Religion', 'Survival', 'History'],
    }),
    '$.skills',
    'skill_count',
  ],
  [
    'a skill that does not exist',
    () => ({ ...fighter(), skills: ['Athletics', 'Swordplay'] }),
    '$.skills[1]',
    'unknown_skill',
  ],
  [
    'wrong 3rd-level slots',
    () => ({ ...wizard(), spell_slots: [4, 3, 3, 0, 0, 0, 0, 0, 0] }),
    '$.spell_slots[2]',
    'spell_slots',
  ],
  [
    'a fighter with spell slots',
    () => ({ ...fighter(), spell_slots: [2] }),
    '$.spell_slots[0]',
    'spell_slots',
  ],
  [
    'a spell above the castable level',
    () => ({ ...wizard(), spells: ['Magic Missile', 'Wish'] }),
    '$.spells[1]',
    'spell_level',
  ],
  [
    'a spell from another class list',
    () => ({ ...wizard(), spells: ['Magic Missile', 'Shield', 'Cure Wounds'] }),
    '$.spells[2]',
    'spell_class',
  ],
  ['a fighter casting spells', () => ({ ...fighter(), spells: ['Bless'] }), '$.spells[0]', 'spell_class'],
  [
    'a cleric cantrip on a wizard',
    () => ({ ...wizard(), cantrips: ['Fire Bolt', 'Sacred Flame'] }),
    '$.cantrips[1]',
    'spell_class',
  ],
  [
    'a levelled spell among cantrips',
    () => ({ ...wizard(), cantrips: ['Fireball'] }),
    '$.cantrips[0]',
    'not_a_cantrip',
  ],
  [
    'a multiclass wizard without INT 13',
    () => ({ ...fighterWizard(), ability_scores: { ...fighterWizard().ability_scores, INT: 10 } }),
    '$.multiclass[0].class',
    'multiclass_prerequisite',
  ],
  [
    'a multiclass fighter without STR or DEX 13',
    () => ({ ...fighterWizard(), ability_scores: { ...fighterWizard().ability_scores, STR: 12, DEX: 12 } }),
    '$.class',
    'multiclass_prerequisite',
  ],
  [
    'multiclass levels above 20',
    () => ({ ...fighterWizard(), level: 15, multiclass: [{ class: 'Wizard', level: 6 }] }),
    '$.level',
    'level_range',
  ],
  [
    'scores that are not the standard array',
    () => ({ ...fighter(), ability_scores: { ...fighter().ability_scores, DEX: 16 } }),
    '$.ability_scores',
    'standard_array',
  ],
  [
    'point buy over 27 points',
    () => ({ ...wizard(), base_ability_scores: { STR: 8, DEX: 15, CON: 15, INT: 15, WIS: 12, CHA: 8 } }),
    '$.base_ability_scores',
    'point_buy_budget',
  ],
  [
    'a point buy score above 15',
    () => ({ ...wizard(), base_ability_scores: { STR: 8, DEX: 14, CON: 14, INT: 16, WIS: 8, CHA: 8 } }),
    '$.base_ability_scores.INT',
    'point_buy_range',
  ],
  [
    'a rolled score above 18',
    () => ({
      ...wizard(),
      ability_method: 'rolled' as const,
      base_ability_scores: { STR: 8, DEX: 14, CON: 14, INT: 19, WIS: 12, CHA: 8 },
    }),
    '$.base_ability_scores.INT',
    'rolled_range',
  ],
  [
    'four attuned items',
    () => ({
      ...fighter(),
      attuned_items: ['Ring of Protection', 'Cloak of Elvenkind', 'Boots of Speed', 'Amulet of Health'],
    }),
    '$.attuned_items',
    'attunement_limit',
  ],
];

describe('each illegal character is found at the right path', () => {
  it.each(illegalCharacters)('%s', (_label, make, path, code) => {
    const found = errors(validateCharacter(make()));
    expect(found.map((finding) => [finding.path, finding.code])).toContainEqual([path, code]);
    for (const finding of found) {
      expect(finding.hint.length).toBeGreaterThan(0);
      expect(finding.category).toBe('rules');
    }
  });
});

const illegalItems: Array<[string, () => Item, string, string]> = [
  ['a rarity that does not exist', () => ({ ...magicSword(), rarity: 'mythic' }), '$.rarity', 'item_rarity'],
  [
    'a mundane item needing attunement',
    () => ({ ...magicSword(), rarity: 'mundane', attunement_by: [] }),
    '$.requires_attunement',
    'attunement_mundane',
  ],
  [
    'attunement by a class outside the SRD',
    () => ({ ...magicSword(), attunement_by: ['gunslinger'] }),
    '$.attunement_by[0]',
    'attunement_by',
  ],
  [
    'attunement_by without attunement',
    () => ({ ...magicSword(), requires_attunement: false }),
    '$.attunement_by',
    'attunement_by',
  ],
];

describe('each illegal item is found at the right path', () => {
  it.each(illegalItems)('%s', (_label, make, path, code) => {
    const found = validateItem(make()).filter((finding) => finding.severity === 'error');
    expect(found.map((finding) => [finding.path, finding.code])).toContainEqual([path, code]);
  });

  it('a price far from the rarity is a warning at $.value_gp', () => {
    const found = validateItem({ ...magicSword(), value_gp: 20 });
    expect(found).toContainEqual(
      expect.objectContaining({ path: '$.value_gp', severity: 'warning', code: 'rarity_value' }),
    );
  });

  it('"Very Rare" and "very_rare" are the same rarity', () => {
    for (const rarity of ['Very Rare', 'very_rare'])
      expect(validateItem({ ...magicSword(), rarity, value_gp: 10_000 })).toEqual([]);
  });
});
