/**
 * D&D 5e rules on a character: ability scores and how they were generated, species and class from the
 * SRD, level, proficiency bonus, hit points, saving throws, skills, spell slots, spells, multiclassing
 * prerequisites and attunement. Every finding names its JSON path. `expectedMechanics` gives the values a
 * legal character has (the repair step writes them back).
 */

import { type Finding, findingsOf } from '../findings.js';
import type { Character } from '../schemas.js';
import { ABILITIES, type Ability, type SrdClass, srd, srdKey } from './srd.js';
import {
  ASI_LEVELS,
  BACKGROUND_SKILLS,
  CASTER_KIND,
  MAX_ATTUNED,
  MULTICLASS_MINIMUM,
  MULTICLASS_PREREQUISITES,
  POINT_BUY_BUDGET,
  POINT_BUY_COST,
  SPECIES_SKILLS,
  STANDARD_ARRAY,
} from './tables.js';

export const modifier = (score: number): number => Math.floor((score - 10) / 2);

export interface ClassLevel {
  cls: SrdClass;
  level: number;
}

/** The character's classes (the main one first) that the SRD knows. */
export function classLevels(character: Pick<Character, 'class' | 'level' | 'multiclass'>): ClassLevel[] {
  const { classes } = srd();
  const all = [{ class: character.class, level: character.level }, ...(character.multiclass ?? [])];
  return all.flatMap((entry) => {
    const cls = classes.get(srdKey(entry.class));
    return cls ? [{ cls, level: entry.level }] : [];
  });
}

export function totalLevel(character: Pick<Character, 'level' | 'multiclass'>): number {
  return character.level + (character.multiclass ?? []).reduce((sum, entry) => sum + entry.level, 0);
}

export function proficiencyBonus(level: number): number {
  return 2 + Math.floor((Math.min(Math.max(level, 1), 20) - 1) / 4);
}

/** Hit points: the first class's full die at level 1, the average after, each level adding the Con modifier. */
export function averageHitPoints(classes: readonly ClassLevel[], con: number): number {
  const mod = modifier(con);
  let hp = 0;
  classes.forEach(({ cls, level }, index) => {
    for (let n = 1; n <= level; n += 1) {
      const first = index === 0 && n === 1;
      hp += Math.max(1, (first ? cls.hitDie : cls.hitDie / 2 + 1) + mod);
    }
  });
  return hp;
}

/** The lowest and highest hit points rolling allows. */
export function hitPointRange(classes: readonly ClassLevel[], con: number): [number, number] {
  const mod = modifier(con);
  let low = 0;
  let high = 0;
  classes.forEach(({ cls, level }, index) => {
    for (let n = 1; n <= level; n += 1) {
      const first = index === 0 && n === 1;
      low += Math.max(1, (first ? cls.hitDie : 1) + mod);
      high += Math.max(1, cls.hitDie + mod);
    }
  });
  return [low, high];
}

/** Spell slots by spell level: one class's own table, or the multiclass spellcaster table plus pact slots. */
export function expectedSlots(classes: readonly ClassLevel[]): number[] {
  const { levels } = srd();
  const slotsOf = (cls: string, level: number) => levels.get(`${srdKey(cls)}:${level}`)?.slots ?? [];
  const pad = (slots: number[]) => Array.from({ length: 9 }, (_, i) => slots[i] ?? 0);
  if (classes.length === 1) return pad(slotsOf(classes[0]!.cls.name, classes[0]!.level));
  let casterLevel = 0;
  let pact: number[] = [];
  for (const { cls, level } of classes) {
    const kind = CASTER_KIND[srdKey(cls.name)];
    if (kind === 'full') casterLevel += level;
    else if (kind === 'half') casterLevel += Math.floor(level / 2);
    else if (kind === 'pact') pact = slotsOf(cls.name, level);
  }
  // The multiclass spellcaster table is the full casters' table (the wizard's) at the combined level.
  const shared = casterLevel > 0 ? slotsOf('Wizard', Math.min(casterLevel, 20)) : [];
  return pad(shared).map((value, i) => value + (pact[i] ?? 0));
}

export function highestSlot(slots: readonly number[]): number {
  for (let i = slots.length - 1; i >= 0; i -= 1) if ((slots[i] ?? 0) > 0) return i + 1;
  return 0;
}

/** Species (and subrace) ability bonuses; Half-Elf's two free +1s are not included. */
export function speciesBonuses(
  species: string,
  subrace: string | null | undefined,
): Partial<Record<Ability, number>> {
  const data = srd();
  const base =
    data.species.get(srdKey(species)) ?? data.species.get(srdKey(data.subraces.get(srdKey(species)) ?? ''));
  const out: Partial<Record<Ability, number>> = { ...(base?.abilityBonuses ?? {}) };
  const sub = subrace ?? (data.subraces.has(srdKey(species)) ? species : undefined);
  if (sub) {
    const bonus = SUBRACE_BONUS[srdKey(sub)];
    if (bonus) out[bonus[0]] = (out[bonus[0]] ?? 0) + bonus[1];
  }
  return out;
}

/** SRD 5.1 subraces' ability increases. */
const SUBRACE_BONUS: Record<string, [Ability, number]> = {
  'hill dwarf': ['WIS', 1],
  'high elf': ['INT', 1],
  'lightfoot halfling': ['CHA', 1],
  'rock gnome': ['CON', 1],
};

export function speciesKnown(species: string): boolean {
  const key = srdKey(species);
  return srd().species.has(key) || srd().subraces.has(key);
}

export function validateCharacter(character: Character): Finding[] {
  const { add, findings } = findingsOf('rules');
  const data = srd();

  // Species and class from the SRD.
  if (!speciesKnown(character.species))
    add(
      ['species'],
      'error',
      'unknown_species',
      `"${character.species}" is not an SRD species`,
      `use one of: ${[...data.species.values()].map((s) => s.name).join(', ')}`,
    );
  if (character.subrace && !data.subraces.has(srdKey(character.subrace)))
    add(
      ['subrace'],
      'warning',
      'unknown_subrace',
      `"${character.subrace}" is not an SRD subrace`,
      `use one of: ${[...data.subraces.keys()].join(', ')} or leave it empty`,
    );
  const mainClass = data.classes.get(srdKey(character.class));
  if (!mainClass)
    add(
      ['class'],
      'error',
      'unknown_class',
      `"${character.class}" is not an SRD class`,
      `use one of: ${[...data.classes.values()].map((c) => c.name).join(', ')}`,
    );
  character.multiclass.forEach((entry, i) => {
    if (!data.classes.has(srdKey(entry.class)))
      add(
        ['multiclass', i, 'class'],
        'error',
        'unknown_class',
        `"${entry.class}" is not an SRD class`,
        'use an SRD class',
      );
    if (srdKey(entry.class) === srdKey(character.class))
      add(
        ['multiclass', i, 'class'],
        'error',
        'duplicate_class',
        `${entry.class} is already the main class`,
        'add its levels to `level` instead',
      );
    if (entry.level < 1)
      add(
        ['multiclass', i, 'level'],
        'error',
        'level_range',
        `a class level must be at least 1`,
        'use 1 or more',
      );
  });

  // Level 1–20, across every class.
  const level = totalLevel(character);
  if (character.level < 1 || level > 20)
    add(
      ['level'],
      'error',
      'level_range',
      `total level ${level} is outside 1–20`,
      'use a level from 1 to 20',
    );

  // Ability scores: 3–20 each, generated by the stated method.
  for (const ability of ABILITIES) {
    const score = character.ability_scores[ability];
    if (score < 3 || score > 20)
      add(
        ['ability_scores', ability],
        'error',
        'ability_score_range',
        `${ability} ${score} is outside 3–20`,
        'ability scores run from 3 to 20',
      );
  }
  checkGeneration(character, add);

  const classes = classLevels(character);
  if (!mainClass || classes.length !== 1 + character.multiclass.length || level < 1 || level > 20)
    return findings;

  // Multiclassing: 13 in the prerequisites of the first class and of each class added.
  if (classes.length > 1) {
    for (const [index, { cls }] of classes.entries()) {
      const rule = MULTICLASS_PREREQUISITES[srdKey(cls.name)] ?? {};
      const scores = character.ability_scores;
      const allOk = (rule.all ?? []).every((ability) => scores[ability] >= MULTICLASS_MINIMUM);
      const anyOk = !rule.any || rule.any.some((ability) => scores[ability] >= MULTICLASS_MINIMUM);
      if (!allOk || !anyOk) {
        const need = [...(rule.all ?? []), ...(rule.any ? [rule.any.join(' or ')] : [])].join(' and ');
        add(
          index === 0 ? ['class'] : ['multiclass', index - 1, 'class'],
          'error',
          'multiclass_prerequisite',
          `multiclassing ${cls.name} needs ${need} ${MULTICLASS_MINIMUM} or higher`,
          `raise ${need} to ${MULTICLASS_MINIMUM}, or drop the multiclass`,
        );
      }
    }
  }

  // Proficiency bonus by total level.
  const bonus = proficiencyBonus(level);
  if (character.proficiency_bonus !== bonus)
    add(
      ['proficiency_bonus'],
      'error',
      'proficiency_bonus',
      `a level ${level} character has +${bonus}, not +${character.proficiency_bonus}`,
      `set proficiency_bonus to ${bonus}`,
    );

  // Hit points from hit dice and Constitution.
  const con = character.ability_scores.CON;
  const [low, high] = hitPointRange(classes, con);
  if (character.hit_points < low || character.hit_points > high)
    add(
      ['hit_points'],
      'error',
      'hit_points',
      `${character.hit_points} hit points is outside ${low}–${high} for these hit dice and Constitution ${con}`,
      `use the average, ${averageHitPoints(classes, con)}`,
    );

  // Saving throws: the first class's two.
  const saves = new Set(character.saving_throws.map((save) => save.toUpperCase().slice(0, 3)));
  const expected = mainClass.savingThrows;
  if (saves.size !== expected.length || expected.some((save) => !saves.has(save)))
    add(
      ['saving_throws'],
      'error',
      'saving_throws',
      `a ${mainClass.name} is proficient in ${expected.join(' and ')} saving throws`,
      `set saving_throws to [${expected.join(', ')}]`,
    );

  checkSkills(character, mainClass, add);
  checkSpells(character, classes, add);

  if (character.attuned_items.length > MAX_ATTUNED)
    add(
      ['attuned_items'],
      'error',
      'attunement_limit',
      `${character.attuned_items.length} attuned items; the limit is ${MAX_ATTUNED}`,
      `keep at most ${MAX_ATTUNED} attuned items`,
    );
  return findings;
}

type Add = ReturnType<typeof findingsOf>['add'];

function checkGeneration(character: Character, add: Add): void {
  const level = totalLevel(character);
  let base = character.base_ability_scores ?? undefined;
  let path: string = 'base_ability_scores';
  if (!base) {
    // Without stated base scores, they are the final scores less the species bonuses (before any ASI).
    const asi = (ASI_LEVELS[srdKey(character.class)] ?? ASI_LEVELS.default!).filter((at) => at <= level);
    if (asi.length > 0 || srdKey(character.species) === 'half elf') {
      add(
        ['base_ability_scores'],
        'info',
        'generation_unchecked',
        'the generation method was not checked: level or species bonuses make the base scores ambiguous',
        'give base_ability_scores (before species and level bonuses) to check it',
      );
      return;
    }
    const bonuses = speciesBonuses(character.species, character.subrace);
    base = Object.fromEntries(
      ABILITIES.map((ability) => [ability, character.ability_scores[ability] - (bonuses[ability] ?? 0)]),
    ) as Character['ability_scores'];
    path = 'ability_scores';
  }
  const scores = ABILITIES.map((ability) => base[ability]);
  if (character.ability_method === 'standard_array') {
    const sorted = [...scores].sort((a, b) => b - a);
    if (sorted.some((score, i) => score !== STANDARD_ARRAY[i]))
      add(
        [path],
        'error',
        'standard_array',
        `base scores ${scores.join(', ')} are not the standard array`,
        `assign 15, 14, 13, 12, 10 and 8 once each (before species bonuses)`,
      );
  } else if (character.ability_method === 'point_buy') {
    ABILITIES.forEach((ability, i) => {
      if (POINT_BUY_COST[scores[i]!] === undefined)
        add(
          [path, ability],
          'error',
          'point_buy_range',
          `point buy scores run from 8 to 15; ${ability} is ${scores[i]}`,
          'use a base score from 8 to 15',
        );
    });
    const cost = scores.reduce((sum, score) => sum + (POINT_BUY_COST[score] ?? 0), 0);
    if (cost > POINT_BUY_BUDGET)
      add(
        [path],
        'error',
        'point_buy_budget',
        `the scores cost ${cost} points; point buy has ${POINT_BUY_BUDGET}`,
        `lower scores until they cost ${POINT_BUY_BUDGET}`,
      );
    else if (cost < POINT_BUY_BUDGET)
      add(
        [path],
        'warning',
        'point_buy_unspent',
        `only ${cost} of ${POINT_BUY_BUDGET} points are spent`,
        `spend the remaining ${POINT_BUY_BUDGET - cost} points`,
      );
  } else {
    ABILITIES.forEach((ability, i) => {
      if (scores[i]! < 3 || scores[i]! > 18)
        add(
          [path, ability],
          'error',
          'rolled_range',
          `4d6 drop lowest gives 3–18; ${ability} is ${scores[i]}`,
          'use a rolled score from 3 to 18',
        );
    });
  }
}

function checkSkills(character: Character, mainClass: SrdClass, add: Add): void {
  const { skills } = srd();
  const known = new Map(skills.map((skill) => [srdKey(skill), skill]));
  const species = SPECIES_SKILLS[srdKey(character.species)] ?? { fixed: [], choose: 0 };
  character.skills.forEach((skill, i) => {
    if (!known.has(srdKey(skill)))
      add(
        ['skills', i],
        'error',
        'unknown_skill',
        `"${skill}" is not a skill`,
        `use one of: ${skills.join(', ')}`,
      );
  });
  const allowed = mainClass.skillChoices.count + BACKGROUND_SKILLS + species.fixed.length + species.choose;
  if (character.skills.length > allowed)
    add(
      ['skills'],
      'error',
      'skill_count',
      `a ${mainClass.name} has ${allowed} skill proficiencies here (${mainClass.skillChoices.count} from the class, ${BACKGROUND_SKILLS} from the background${species.fixed.length + species.choose > 0 ? `, ${species.fixed.length + species.choose} from the species` : ''}), not ${character.skills.length}`,
      `keep ${allowed} skills`,
    );
  const fromClass = character.skills.filter((skill) =>
    mainClass.skillChoices.from.some((option) => srdKey(option) === srdKey(skill)),
  ).length;
  if (fromClass < Math.min(mainClass.skillChoices.count, character.skills.length))
    add(
      ['skills'],
      'warning',
      'class_skills',
      `${fromClass} skills come from the ${mainClass.name} list; the class picks ${mainClass.skillChoices.count}`,
      `choose ${mainClass.skillChoices.count} from: ${mainClass.skillChoices.from.join(', ')}`,
    );
}

function checkSpells(character: Character, classes: readonly ClassLevel[], add: Add): void {
  const data = srd();
  const slots = expectedSlots(classes);
  const given = Array.from({ length: 9 }, (_, i) => character.spell_slots[i] ?? 0);
  given.forEach((count, i) => {
    if (count !== slots[i])
      add(
        ['spell_slots', i],
        'error',
        'spell_slots',
        `level ${i + 1} slots: ${count}, expected ${slots[i]}`,
        `set spell_slots to [${slots.join(', ')}]`,
      );
  });
  const casters = classes.filter(({ cls }) => cls.spellcastingAbility !== null);
  const classNames = new Set(casters.map(({ cls }) => cls.name));
  const top = highestSlot(slots);
  const cantripClasses = casters.filter(
    ({ cls, level }) => (data.levels.get(`${srdKey(cls.name)}:${level}`)?.cantripsKnown ?? 0) > 0,
  );
  character.cantrips.forEach((name, i) => {
    const spell = data.spells.get(srdKey(name));
    if (!spell)
      add(['cantrips', i], 'warning', 'unknown_spell', `"${name}" is not an SRD spell`, 'use an SRD cantrip');
    else if (spell.level !== 0)
      add(
        ['cantrips', i],
        'error',
        'not_a_cantrip',
        `${spell.name} is a level ${spell.level} spell`,
        'move it to spells',
      );
    else if (!spell.classes.some((cls) => cantripClasses.some((entry) => entry.cls.name === cls)))
      add(
        ['cantrips', i],
        'error',
        'spell_class',
        `${spell.name} is not a cantrip this character's classes know`,
        cantripClasses.length > 0
          ? `choose from the ${cantripClasses.map((e) => e.cls.name).join('/')} list`
          : 'remove it',
      );
  });
  character.spells.forEach((name, i) => {
    const spell = data.spells.get(srdKey(name));
    if (!spell) {
      add(['spells', i], 'warning', 'unknown_spell', `"${name}" is not an SRD spell`, 'use an SRD spell');
      return;
    }
    if (spell.level === 0) {
      add(['spells', i], 'warning', 'cantrip_in_spells', `${spell.name} is a cantrip`, 'move it to cantrips');
      return;
    }
    if (!spell.classes.some((cls) => classNames.has(cls)))
      add(
        ['spells', i],
        'error',
        'spell_class',
        `${spell.name} is not on the ${[...classNames].join('/') || character.class} spell list`,
        classNames.size > 0
          ? 'choose a spell from the class list'
          : 'a class without spellcasting has no spells',
      );
    else if (spell.level > top)
      add(
        ['spells', i],
        'error',
        'spell_level',
        `${spell.name} is level ${spell.level}; this character casts up to level ${top}`,
        `choose spells of level ${top} or lower`,
      );
  });
}
