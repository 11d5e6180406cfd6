/**
 * The answer to a JSON request without a schema: the narration and the entities it is about.
 */
import { narrate, type Rng, type StoryFacts } from '../narrator/index.js';
import { asName } from './entity-names.js';

/** The answer to `options.json` without a schema: the narration and what it is about. */
export function generateFreeJson(facts: StoryFacts, rng: Rng): { narration: string; entities: unknown[] } {
  const entities = [
    ...facts.characters.map((name) => ({ name: asName(name), type: 'character' })),
    ...facts.places.map((name) => ({ name: asName(name), type: 'location' })),
    ...facts.items.map((name) => ({ name: asName(name), type: 'item' })),
  ];
  return { narration: narrate(facts, rng), entities: entities.slice(0, 8) };
}
