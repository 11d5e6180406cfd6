/** D&D 5e rules on an item: rarity, attunement (who may attune, and only magic items need it), value by rarity. */
import { type Finding, findingsOf } from '../findings.js';
import { ITEM_RARITIES, type Item } from '../schemas.js';
import { srd, srdKey } from './srd.js';
import { RARITY_VALUE_GP } from './tables.js';

/** "Very Rare", "very_rare" and "very-rare" all read as `very rare`. */
export function normaliseRarity(rarity: string): string {
  return srdKey(rarity);
}

export function validateItem(item: Item): Finding[] {
  const { add, findings } = findingsOf('rules');
  const data = srd();
  const rarity = normaliseRarity(item.rarity);
  if (!(ITEM_RARITIES as readonly string[]).includes(rarity)) {
    add(
      ['rarity'],
      'error',
      'item_rarity',
      `"${item.rarity}" is not a rarity`,
      `use one of: ${ITEM_RARITIES.join(', ')}`,
    );
    return findings;
  }
  if (rarity === 'mundane') {
    if (item.requires_attunement)
      add(
        ['requires_attunement'],
        'error',
        'attunement_mundane',
        'a mundane item needs no attunement',
        'set requires_attunement to false, or give the item a magic rarity',
      );
  } else {
    const [low, high] = RARITY_VALUE_GP[rarity]!;
    if (item.value_gp < low || item.value_gp > high)
      add(
        ['value_gp'],
        'warning',
        'rarity_value',
        `a ${rarity} item is worth ${low}–${Number.isFinite(high) ? high : 'more'} gp, not ${item.value_gp}`,
        `price it from ${low} gp${Number.isFinite(high) ? ` to ${high} gp` : ''}`,
      );
  }
  if (!item.requires_attunement && item.attunement_by.length > 0)
    add(
      ['attunement_by'],
      'error',
      'attunement_by',
      'attunement_by is set but the item needs no attunement',
      'set requires_attunement to true, or empty attunement_by',
    );
  item.attunement_by.forEach((who, i) => {
    const key = srdKey(who.replace(/^(a|an)\s+/i, ''));
    if (!data.classes.has(key) && !data.species.has(key) && key !== 'spellcaster')
      add(
        ['attunement_by', i],
        'error',
        'attunement_by',
        `"${who}" is not an SRD class, species or "spellcaster"`,
        'name a class, a species or "spellcaster"',
      );
  });
  if (item.base_item && !data.equipment.has(srdKey(item.base_item)))
    add(
      ['base_item'],
      'warning',
      'unknown_base_item',
      `"${item.base_item}" is not SRD equipment`,
      'name SRD equipment (a Longsword, Chain Mail, a Rope…) or leave it empty',
    );
  return findings;
}
