/**
 * The offline narrator: turns a chat prompt into a few sentences of game narration, with no model
 * and no network. It reads the prompt for "facts" (characters, places, items, the player's action),
 * then fills sentence templates chosen by a PRNG seeded from a hash of the whole input, so the same
 * input always gives the same text, in any process, and different inputs usually differ.
 *
 * Everything here is a single linear scan over bounded text: no backtracking regular expressions,
 * no per-call tables, so a call costs microseconds. This file is the folder's public face; each
 * module beside it does one of the jobs.
 */
export { solveArithmetic } from './arithmetic.js';
export { capitalise } from './characters.js';
export { extractFacts } from './extract-facts.js';
export { type Limits, limitText, splitWords } from './limits.js';
export { describe, explain, narrate, pickMood, speak } from './narrate.js';
export { createRng, fnv1a, hashRequest, type Rng, type SeedInput } from './random.js';
export { toSecondPerson } from './second-person.js';
export type { ActionKind, EntityKind, PlayerAction, StoryFacts } from './story-facts.js';
