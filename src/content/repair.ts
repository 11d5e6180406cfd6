/**
 * Repairs a generated document in place of regenerating it, where the right value is known: the rules'
 * numbers of a character (proficiency bonus, hit points, saving throws, spell slots), spells and skills
 * it may not have, an item's rarity and attunement. `scrubText` is the last resort for words a theme
 * forbids and leaked placeholders, when regeneration did not get rid of them.
 */
import { type Finding, jsonPath } from './findings.js';
import { textFields } from './quality.js';
import {
  averageHitPoints,
  classLevels,
  expectedSlots,
  hitPointRange,
  proficiencyBonus,
  totalLevel,
  validateCharacter,
} from './rules/character-rules.js';
import { normaliseRarity } from './rules/item-rules.js';
import { ABILITIES, srd, srdKey } from './rules/srd.js';
import { BACKGROUND_SKILLS, MAX_ATTUNED, RARITY_VALUE_GP, SPECIES_SKILLS } from './rules/tables.js';
import { type Character, type ContentType, ITEM_RARITIES, type Item } from './schemas.js';
import { wordPattern } from './theme.js';

export interface Repair {
  path: string;
  action: string;
}

/** Fixes what the rules determine; returns the repaired copy and what changed. */
export function repairMechanics(
  type: ContentType,
  content: unknown,
  brief: Record<string, unknown>,
): { content: unknown; repairs: Repair[] } {
  if (type === 'character') return repairCharacter(structuredClone(content as Character), brief);
  if (type === 'item') return repairItem(structuredClone(content as Item), brief);
  return { content, repairs: [] };
}

function repairCharacter(
  c: Character,
  brief: Record<string, unknown>,
): { content: Character; repairs: Repair[] } {
  const repairs: Repair[] = [];
  const set = <K extends keyof Character>(key: K, value: Character[K], why: string) => {
    if (JSON.stringify(c[key]) === JSON.stringify(value)) return;
    c[key] = value;
    repairs.push({ path: jsonPath([key as string]), action: why });
  };
  const data = srd();
  if (!data.classes.has(srdKey(c.class)) && typeof brief.class === 'string')
    set('class', brief.class, 'class from the SRD');
  const speciesOk = data.species.has(srdKey(c.species)) || data.subraces.has(srdKey(c.species));
  if (!speciesOk && typeof brief.species === 'string') set('species', brief.species, 'species from the SRD');
  const multiclassOk = c.multiclass.every(
    (m) => data.classes.has(srdKey(m.class)) && m.level >= 1 && srdKey(m.class) !== srdKey(c.class),
  );
  if (!multiclassOk) set('multiclass', [], 'unknown or repeated classes removed');
  if (c.level < 1 || totalLevel(c) > 20) {
    set('multiclass', [], 'multiclass dropped to keep the level within 1–20');
    set('level', Math.min(20, Math.max(1, c.level)), 'level within 1–20');
  }
  // Scores and their method: the brief's, when the model broke them (its scores are legal by construction).
  const scoreCodes = new Set([
    'ability_score_range',
    'standard_array',
    'point_buy_budget',
    'point_buy_range',
    'rolled_range',
    'multiclass_prerequisite',
  ]);
  const broken = validateCharacter(c).some((f) => f.severity === 'error' && scoreCodes.has(f.code));
  if (
    broken &&
    brief.ability_scores &&
    srdKey(String(brief.class)) === srdKey(c.class) &&
    c.multiclass.length === 0
  ) {
    set(
      'ability_method',
      brief.ability_method as Character['ability_method'],
      'generation method from the brief',
    );
    set(
      'base_ability_scores',
      brief.base_ability_scores as Character['ability_scores'],
      'base scores from the brief',
    );
    set('ability_scores', brief.ability_scores as Character['ability_scores'], 'scores from the brief');
  } else if (broken) {
    const clamped = Object.fromEntries(
      ABILITIES.map((a) => [a, Math.min(20, Math.max(3, c.ability_scores[a]))]),
    ) as Character['ability_scores'];
    set('ability_scores', clamped, 'scores within 3–20');
  }
  const classes = classLevels(c);
  if (classes.length === 0) return { content: c, repairs };
  const main = classes[0]!.cls;
  set('proficiency_bonus', proficiencyBonus(totalLevel(c)), 'proficiency bonus for the level');
  const [low, high] = hitPointRange(classes, c.ability_scores.CON);
  if (c.hit_points < low || c.hit_points > high)
    set('hit_points', averageHitPoints(classes, c.ability_scores.CON), 'average hit points');
  if (
    JSON.stringify([...c.saving_throws].map((s) => s.toUpperCase().slice(0, 3)).sort()) !==
    JSON.stringify([...main.savingThrows].sort())
  )
    set('saving_throws', [...main.savingThrows], `${main.name} saving throws`);
  const slots = expectedSlots(classes);
  if (JSON.stringify(Array.from({ length: 9 }, (_, i) => c.spell_slots[i] ?? 0)) !== JSON.stringify(slots))
    set('spell_slots', slots, 'spell slots for the class and level');
  // Skills: real ones, no more than allowed.
  const known = new Map(data.skills.map((s) => [srdKey(s), s]));
  const species = SPECIES_SKILLS[srdKey(c.species)] ?? { fixed: [], choose: 0 };
  const allowed = main.skillChoices.count + BACKGROUND_SKILLS + species.fixed.length + species.choose;
  const skills = [
    ...new Set(c.skills.flatMap((s) => (known.has(srdKey(s)) ? [known.get(srdKey(s))!] : []))),
  ].slice(0, allowed);
  set('skills', skills, 'skills that exist, as many as allowed');
  // Spells: drop each one the rules refuse.
  const spellErrors = validateCharacter(c).filter(
    (f) => f.severity === 'error' && /^\$\.(spells|cantrips)\[\d+\]$/.test(f.path),
  );
  for (const key of ['cantrips', 'spells'] as const) {
    const bad = new Set(
      spellErrors
        .filter((f) => f.path.startsWith(`$.${key}[`))
        .map((f) => Number(/\[(\d+)\]/.exec(f.path)![1])),
    );
    if (bad.size > 0)
      set(
        key,
        c[key].filter((_, i) => !bad.has(i)),
        `${key} the class cannot cast removed`,
      );
  }
  if (c.attuned_items.length > MAX_ATTUNED)
    set('attuned_items', c.attuned_items.slice(0, MAX_ATTUNED), `at most ${MAX_ATTUNED} attuned items`);
  return { content: c, repairs };
}

function repairItem(item: Item, brief: Record<string, unknown>): { content: Item; repairs: Repair[] } {
  const repairs: Repair[] = [];
  const data = srd();
  let rarity = normaliseRarity(item.rarity);
  if (!(ITEM_RARITIES as readonly string[]).includes(rarity))
    rarity = typeof brief.rarity === 'string' ? brief.rarity : 'uncommon';
  if (rarity !== item.rarity) {
    item.rarity = rarity;
    repairs.push({ path: '$.rarity', action: 'a rarity the rules know' });
  }
  if (rarity === 'mundane' && item.requires_attunement) {
    item.requires_attunement = false;
    repairs.push({ path: '$.requires_attunement', action: 'mundane items need no attunement' });
  }
  const who = item.attunement_by.filter((w) => {
    const key = srdKey(w.replace(/^(a|an)\s+/i, ''));
    return data.classes.has(key) || data.species.has(key) || key === 'spellcaster';
  });
  const by = item.requires_attunement ? who : [];
  if (by.length !== item.attunement_by.length) {
    item.attunement_by = by;
    repairs.push({
      path: '$.attunement_by',
      action: 'only SRD classes or species, and only with attunement',
    });
  }
  const range = RARITY_VALUE_GP[rarity];
  if (range && (item.value_gp < range[0] || item.value_gp > range[1])) {
    item.value_gp = Math.min(Math.max(item.value_gp, range[0]), range[1]);
    repairs.push({ path: '$.value_gp', action: `value within the ${rarity} range` });
  }
  if (item.base_item && !data.equipment.has(srdKey(item.base_item))) {
    item.base_item = null;
    repairs.push({ path: '$.base_item', action: 'base item that is not SRD equipment removed' });
  }
  return { content: item, repairs };
}

const PLACEHOLDER_TOKENS =
  /\{\{[^}]*\}\}|\{%[^%]*%\}|\$\{[^}]*\}|\[(?:name|placeholder|insert[^\]]*|todo|tbd)\]|<(?:name|placeholder|insert[^>]*)>/gi;

/** Removes forbidden words and placeholder tokens from every string of the document (last resort). */
export function scrubText(
  content: unknown,
  forbidden: readonly string[],
  findings: readonly Finding[],
): { content: unknown; repairs: Repair[] } {
  const pattern = wordPattern(forbidden);
  const paths = new Set(
    findings.filter((f) => f.category === 'theme' || f.code === 'placeholder').map((f) => f.path),
  );
  const copy = structuredClone(content);
  const repairs: Repair[] = [];
  for (const { path, value } of textFields(copy)) {
    const where = jsonPath(path);
    if (!paths.has(where)) continue;
    let text = value.replace(PLACEHOLDER_TOKENS, '');
    if (pattern) text = text.replace(pattern, '');
    text = text
      .replace(/\s{2,}/g, ' ')
      .replace(/\s+([,.;:!?])/g, '$1')
      .trim();
    if (text === value) continue;
    setAt(copy, path, text);
    repairs.push({ path: where, action: 'forbidden words and placeholders removed' });
  }
  return { content: copy, repairs };
}

function setAt(root: unknown, path: ReadonlyArray<string | number>, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
}
