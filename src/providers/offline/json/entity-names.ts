/**
 * Names for name-like fields: the prompt's characters, places and items, most relevant first, then stock
 * names so a list never runs dry, written as a name field reads ("the dark forest" → "Dark Forest").
 */
import { capitalise, type EntityKind, type StoryFacts } from '../narrator/index.js';
import type { Position, Walk } from './walk.js';

const FALLBACK_NAMES: Record<EntityKind, readonly string[]> = {
  character: ['Aldric Vane', 'Brenna Holt', 'Corwin Ashby', 'Dara Quill', 'Elowen Marsh', 'Fenn Harrow'],
  place: ['Ravenford', 'the Old Mill', 'Thornwick Pass', 'the Salt Market'],
  item: ['a brass lantern', 'an old map', 'a silver key', 'an oak staff'],
};

/** "the dark forest" → "Dark Forest", "the Crown of Ash" → "Crown of Ash": how a name field reads. */
export function asName(display: string): string {
  const bare = display.replace(/^(the|a|an|your|this|that) /i, '');
  return bare
    .split(' ')
    .map((word, i) => (i > 0 && (word === 'of' || word === 'the') ? word : capitalise(word)))
    .join(' ');
}

/** The prompt's entities of a kind, most relevant first, then stock names so a list never runs dry. */
function entityNames(facts: StoryFacts, kind: EntityKind): string[] {
  const own = kind === 'place' ? facts.places : kind === 'item' ? facts.items : facts.characters;
  const names = own.map(asName);
  return [...names, ...FALLBACK_NAMES[kind].map(asName).filter((name) => !names.includes(name))];
}

export function entityName(walk: Walk, at: Position, kind: EntityKind = at.kind ?? 'character'): string {
  const names = entityNames(walk.facts, kind);
  return names[at.index % names.length] ?? '';
}
