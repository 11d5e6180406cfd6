/**
 * The natural content of a string property, by its name and filled from the prompt: an id names what it
 * points at, a description is a narrated sentence, a location a place, a mood a mood, and so on.
 */
import { capitalise, describe, explain, narrate, pickMood, speak } from '../narrator/index.js';
import { setsKind } from './entity-kinds.js';
import { asName, entityName } from './entity-names.js';
import { dateTime, email, slug, url } from './formats.js';
import { keyWords, roleOf } from './roles.js';
import type { Position, Walk } from './walk.js';

function tagWords(walk: Walk): string[] {
  const { facts } = walk;
  const found = [...facts.keywords, ...facts.characters, ...facts.places.map(asName)].map((word) =>
    word.toLowerCase(),
  );
  return [...new Set([...found, 'adventure', 'mystery', 'lore'])];
}

function actionLabel(walk: Walk, at: Position): string {
  const { facts } = walk;
  const clause = facts.action?.kind === 'deed' ? facts.action.text : undefined;
  const labels = [
    ...(clause?.startsWith('you ') ? [capitalise(clause.slice(4))] : []),
    `Talk to ${entityName(walk, at, 'character')}`,
    `Travel to ${entityName(walk, at, 'place')}`,
    'Look around',
    'Wait',
  ];
  return labels[at.index % labels.length] ?? 'Wait';
}

function title(walk: Walk, at: Position): string {
  const options = [
    entityName(walk, at, 'place'),
    entityName(walk, at, 'item'),
    `The Tale of ${entityName(walk, at, 'character')}`,
  ];
  return walk.rng.pick(options);
}

/** An id names what it points at: "location_id" → "sunken_library", "action_id" → "open_the_rusted_gate". */
function idFor(walk: Walk, at: Position): string {
  const owner = roleOf(keyWords(at.key).slice(0, -1).join('_'));
  if (owner === 'action' || owner === 'label') return slug(actionLabel(walk, at), '_');
  if (owner === 'place' || owner === 'item') return slug(entityName(walk, at, owner), '_');
  return slug(entityName(walk, at), '_');
}

/** The natural content of a string property, by its name. */
export function textFor(walk: Walk, at: Position): string {
  const { facts, rng } = walk;
  if (at.key === '') return narrate(facts, rng);
  switch (roleOf(at.key)) {
    case 'id':
      return idFor(walk, at);
    case 'name':
      return entityName(walk, at);
    case 'person':
      return entityName(walk, at, 'character');
    case 'title':
      return title(walk, at);
    case 'label':
      return actionLabel(walk, at);
    case 'narrative':
      return narrate(facts, rng);
    case 'text':
      return describe(facts, rng);
    case 'reason':
      return explain(facts, rng);
    case 'dialogue':
      return speak(facts, rng);
    case 'mood':
      return pickMood(rng);
    case 'place':
      return entityName(walk, at, 'place');
    case 'item':
      return entityName(walk, at, 'item');
    case 'type':
      if (!setsKind(at.key)) return rng.pick(['status', 'knowledge', 'relationship', 'event']);
      return at.kind === 'place' ? 'location' : (at.kind ?? rng.pick(['character', 'location', 'item']));
    case 'status':
      return rng.pick(['active', 'resolved', 'pending']);
    case 'role':
      return rng.pick(['guide', 'rival', 'merchant', 'guard', 'scholar']);
    case 'action':
      return facts.action?.kind === 'deed' ? facts.action.text.replace(/^you /, '') : 'explore the area';
    case 'color':
      return rng.pick(['crimson', 'silver', 'ashen', 'emerald', 'amber']);
    case 'date':
      return dateTime(rng);
    case 'email':
      return email(walk, at);
    case 'url':
      return url(walk, at);
    default: {
      const pool = tagWords(walk);
      return pool[at.index % pool.length] ?? 'lore';
    }
  }
}
