/**
 * Model output stays harmless: words named like Object.prototype's members are plain strings, and a
 * list over a turn's bound is clipped (the rest recorded as dropped) while the rest of the analysis stands.
 */
import { describe, expect, it } from 'vitest';
import { normaliseEntityType } from '../../src/narrative/entities.js';
import {
  intentionsSchema,
  MAX_CREATIONS,
  MAX_UPDATES,
  parseModelJson,
  planIntentions,
  type Resolver,
} from '../../src/narrative/intentions.js';
import { toSecondPerson } from '../../src/providers/offline/narrator/index.js';

const PROTOTYPE_WORDS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
const nobody: Resolver = async () => undefined;

describe('prototype-named values from a model', () => {
  it('are unknown entity types, never Object.prototype members', () => {
    for (const word of PROTOTYPE_WORDS) expect(normaliseEntityType(word), word).toBe('concept');
    expect(normaliseEntityType('Place')).toBe('location');
  });

  it('keep their creation: names and types are plain strings end to end', async () => {
    const answer = JSON.stringify({
      updates: [],
      creations: PROTOTYPE_WORDS.map((word) => ({
        entity_type: word,
        name: word,
        initial_data: { [word]: word, description: word },
      })),
    });
    const parsed = parseModelJson(intentionsSchema, answer);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const plan = await planIntentions(parsed.value, nobody, '');
    expect(plan.creations.map((creation) => creation.name)).toEqual(PROTOTYPE_WORDS);
    for (const creation of plan.creations) {
      expect(creation.entity_type).toBe('concept');
      expect(Object.getPrototypeOf(creation.initial_data)).toBe(Object.prototype);
      expect(creation.initial_data.description).toBe(creation.name);
    }
    expect(plan.changed).toEqual([]);
  });

  it('are words the offline narrator leaves alone', () => {
    expect(toSecondPerson('I constructor the __proto__ and toString it')).toBe(
      'you constructor the __proto__ and toString it',
    );
  });
});

describe('an over-long list', () => {
  it('is clipped to its bound, the rest recorded as dropped, and the rest of the analysis kept', async () => {
    const answer = JSON.stringify({
      updates: Array.from({ length: MAX_UPDATES + 3 }, (_, index) => ({
        entity_id: `ent-${index}`,
        new_information: `fact ${index}`,
      })),
      creations: Array.from({ length: MAX_CREATIONS + 1 }, (_, index) => ({
        entity_type: 'item',
        name: `Relic ${index}`,
      })),
    });
    const parsed = parseModelJson(intentionsSchema, answer);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const known: Resolver = async (ref) =>
      ref.startsWith('ent-') ? { id: ref, name: ref, kind: 'character' } : undefined;
    const plan = await planIntentions(parsed.value, known, '');
    expect(plan.updates).toHaveLength(MAX_UPDATES);
    expect(plan.creations.map((creation) => creation.name)).toEqual(
      Array.from({ length: MAX_CREATIONS }, (_, index) => `Relic ${index}`),
    );
    expect(plan.changed).toEqual([
      {
        kind: 'update',
        outcome: 'dropped',
        ref: `ent-${MAX_UPDATES}`,
        reason: `over the bound of ${MAX_UPDATES} updates per turn`,
      },
      {
        kind: 'update',
        outcome: 'dropped',
        ref: `ent-${MAX_UPDATES + 1}`,
        reason: `over the bound of ${MAX_UPDATES} updates per turn`,
      },
      {
        kind: 'update',
        outcome: 'dropped',
        ref: `ent-${MAX_UPDATES + 2}`,
        reason: `over the bound of ${MAX_UPDATES} updates per turn`,
      },
      {
        kind: 'creation',
        outcome: 'dropped',
        ref: `Relic ${MAX_CREATIONS}`,
        reason: `over the bound of ${MAX_CREATIONS} creations per turn`,
      },
    ]);
  });
});
