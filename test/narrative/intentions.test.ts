/** Parsing and repairing model JSON, and planning Intentions against a world (untrusted output). */
import { describe, expect, it } from 'vitest';
import {
  intentionsSchema,
  parseModelJson,
  planIntentions,
  type Resolver,
} from '../../src/narrative/intentions.js';
import { mergeNote } from '../../src/narrative/maintenance.js';

const world: Record<string, { id: string; name: string; kind: string }> = {
  'ent-mira': { id: 'ent-mira', name: 'Mira Thornwood', kind: 'character' },
};
/** This world's entities by id or name; anything else (another world's ids included) is unknown. */
const resolve: Resolver = async (ref) =>
  world[ref] ??
  Object.values(world).find((entity) => entity.name.toLowerCase() === ref.replace(/_/g, ' ').toLowerCase());

describe('parseModelJson', () => {
  it('accepts valid JSON and fills defaults', () => {
    const parsed = parseModelJson(intentionsSchema, '{"updates": [], "creations": []}');
    const nothing = { updates: [], creations: [], present: [], told: [] };
    expect(parsed).toEqual({ ok: true, value: nothing, repaired: false });
    const empty = parseModelJson(intentionsSchema, '{}');
    expect(empty.ok && empty.value).toEqual(nothing);
  });

  it('repairs fences, prose around the object, trailing commas and single quotes', () => {
    const text =
      "Here you go:\n```json\n{'updates': [{'entity_id': 'ent-mira', 'update_type': 'fact', 'new_information': 'Has the locket', 'reasoning': 'given',},], 'creations': []}\n```\nDone.";
    const parsed = parseModelJson(intentionsSchema, text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.repaired).toBe(true);
      expect(parsed.value.updates[0]?.new_information).toBe('Has the locket');
    }
  });

  it('fails clearly on text that is not JSON or does not match the schema', () => {
    const prose = parseModelJson(intentionsSchema, 'The turn changed nothing.');
    expect(prose.ok).toBe(false);
    const wrong = parseModelJson(intentionsSchema, '{"updates": [{"entity_id": ""}]}');
    expect(wrong).toMatchObject({ ok: false });
    expect(!wrong.ok && wrong.error).toMatch(/updates\.0/);
  });

  it('bounds strings; a long list parses (planning clips it)', () => {
    const many = { updates: Array.from({ length: 21 }, () => ({ entity_id: 'x', new_information: 'y' })) };
    const parsedMany = parseModelJson(intentionsSchema, JSON.stringify(many));
    expect(parsedMany.ok && parsedMany.value.updates).toHaveLength(21);
    const long = parseModelJson(
      intentionsSchema,
      JSON.stringify({ updates: [{ entity_id: 'ent-mira', new_information: 'z'.repeat(10_000) }] }),
    );
    expect(long.ok && long.value.updates[0]?.new_information.length).toBe(2_000);
  });
});

describe('planIntentions', () => {
  const parse = (value: unknown) => intentionsSchema.parse(value);

  it('resolves updates by id or name; an unknown entity the turn names becomes a creation; others are dropped, with reasons', async () => {
    const plan = await planIntentions(
      parse({
        updates: [
          { entity_id: 'ent-mira', update_type: 'fact', new_information: 'Has the locket.' },
          { entity_id: 'mira_thornwood', update_type: 'state', new_information: 'Is crying.' },
          { entity_id: 'osric', new_information: 'Watches from the corner.' },
          { entity_id: 'ent-of-another-world', new_information: 'Hacked.' },
        ],
      }),
      resolve,
      'I give Mira the locket. A stranger, Osric, watches.',
    );
    expect(plan.updates.map((update) => update.entity_id)).toEqual(['ent-mira', 'ent-mira']);
    expect(plan.creations).toEqual([
      expect.objectContaining({
        name: 'Osric',
        entity_type: 'character',
        initial_data: { description: 'Watches from the corner.' },
      }),
    ]);
    expect(plan.changed).toEqual([
      expect.objectContaining({ kind: 'update', ref: 'osric', outcome: 'redirected' }),
      expect.objectContaining({ kind: 'update', ref: 'ent-of-another-world', outcome: 'dropped' }),
    ]);
  });

  it('turns a creation under an existing name into an update; merges a name given twice; maps entity types', async () => {
    const plan = await planIntentions(
      parse({
        creations: [
          { entity_type: 'character', name: 'Mira Thornwood', initial_data: 'Now wears the locket.' },
          { entity_type: 'place', name: 'The Mill', aliases: ['the old mill'], initial_data: {} },
          { entity_type: 'location', name: 'the mill', initial_data: { description: 'Burnt.' } },
          { entity_type: 'spaceship', name: 'Idea of Home', initial_data: {} },
        ],
      }),
      resolve,
      '',
    );
    expect(plan.creations.map((creation) => [creation.name, creation.entity_type])).toEqual([
      ['The Mill', 'location'],
      ['Idea of Home', 'concept'],
    ]);
    expect(plan.creations[0]).toMatchObject({
      aliases: ['the old mill'],
      initial_data: { description: 'Burnt.' },
    });
    expect(plan.updates).toEqual([
      expect.objectContaining({ entity_id: 'ent-mira', new_information: 'Now wears the locket.' }),
    ]);
    expect(plan.changed.map((changed) => [changed.ref, changed.outcome])).toEqual([
      ['Mira Thornwood', 'redirected'],
      ['the mill', 'merged'],
    ]);
  });

  it('lands an update naming a creation of the same turn (by name or alias) on that creation', async () => {
    const plan = await planIntentions(
      parse({
        updates: [
          { entity_id: 'the ferryman', new_information: 'Wants a silver coin.', aliases: ['Hesk'] },
          { entity_id: 'old_hesk', new_information: 'Is blind in one eye.' },
        ],
        creations: [
          {
            entity_type: 'character',
            name: 'Old Hesk',
            aliases: ['the ferryman'],
            initial_data: 'A ferryman.',
          },
        ],
      }),
      resolve,
      'Old Hesk, the ferryman, holds out his hand.',
    );
    expect(plan.creations).toHaveLength(1);
    expect(plan.updates.map((update) => [update.entity_id, update.entity_name])).toEqual([
      [null, 'Old Hesk'],
      [null, 'Old Hesk'],
    ]);
    expect(plan.updates[0]?.aliases).toEqual(['Hesk']);
  });

  it("accepts the seed's Intentions shape: initial_data as a string or an object", () => {
    const parsed = parseModelJson(
      intentionsSchema,
      JSON.stringify({
        updates: [],
        creations: [
          {
            entity_type: 'character',
            name: 'Osric',
            initial_data: 'A stranger in a grey cloak.',
            reasoning: 'met',
          },
          { entity_type: 'item', name: 'Locket', initial_data: { description: 'Silver.' }, reasoning: '' },
        ],
      }),
    );
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.value.creations.map((creation) => creation.initial_data)).toEqual([
      { description: 'A stranger in a grey cloak.' },
      { description: 'Silver.' },
    ]);
  });
});

describe('mergeNote', () => {
  it('keeps a real rewrite, adds the new information when the rewrite lost it', () => {
    expect(
      mergeNote(
        'Mira keeps the inn and now holds the locket.',
        'Mira keeps the inn.',
        'now holds the locket',
      ),
    ).toBe('Mira keeps the inn and now holds the locket.');
    expect(mergeNote('Mira keeps the inn.', 'Mira keeps the inn.', 'She is crying.')).toBe(
      'Mira keeps the inn.\nShe is crying.',
    );
  });

  it('does not trust a rewrite that loses most of the current note', () => {
    const current =
      'Keeps the Gilded Stag inn beside the river. Fears the drowned bell. Owes Aren twelve coins.';
    expect(mergeNote('Shadows lengthen across the valley.', current, 'Has the locket.')).toBe(
      `${current}\nHas the locket.`,
    );
    expect(
      mergeNote(
        'Keeps the Gilded Stag inn; fears the drowned bell; owes Aren coins; has the locket.',
        current,
        'has the locket',
      ),
    ).toBe('Keeps the Gilded Stag inn; fears the drowned bell; owes Aren coins; has the locket.');
  });

  it('falls back to the current note plus the information when the model echoed the prompt or said nothing', () => {
    expect(mergeNote('Current note: blah\nNew information: x', 'Old note.', 'New fact.')).toBe(
      'Old note.\nNew fact.',
    );
    expect(mergeNote('   ', '', 'New fact.')).toBe('New fact.');
  });

  it('stays bounded, dropping the oldest lines', () => {
    const current = Array.from({ length: 200 }, (_, index) => `Line ${index} ${'x'.repeat(30)}`).join('\n');
    const merged = mergeNote('', current, 'Newest fact.');
    expect(merged.length).toBeLessThanOrEqual(4_000);
    expect(merged.endsWith('Newest fact.')).toBe(true);
    expect(merged).not.toContain('Line 0 ');
  });
});
