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
    expect(parsed).toEqual({ ok: true, value: { updates: [], creations: [] }, repaired: false });
    const empty = parseModelJson(intentionsSchema, '{}');
    expect(empty.ok && empty.value).toEqual({ updates: [], creations: [] });
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
  it('resolves updates by id or name; an unknown entity the turn names becomes a creation; others are dropped', async () => {
    const plan = await planIntentions(
      {
        updates: [
          { entity_id: 'ent-mira', update_type: 'fact', new_information: 'Has the locket.', reasoning: '' },
          { entity_id: 'mira_thornwood', update_type: 'state', new_information: 'Is crying.', reasoning: '' },
          {
            entity_id: 'osric',
            update_type: 'fact',
            new_information: 'Watches from the corner.',
            reasoning: '',
          },
          {
            entity_id: 'ent-of-another-world',
            update_type: 'fact',
            new_information: 'Hacked.',
            reasoning: '',
          },
        ],
        creations: [],
      },
      resolve,
      'I give Mira the locket. A stranger, Osric, watches.',
    );
    expect(plan.updates.map((update) => update.entityId)).toEqual(['ent-mira', 'ent-mira']);
    expect(plan.creations).toEqual([
      expect.objectContaining({
        name: 'Osric',
        entityType: 'character',
        initialData: { description: 'Watches from the corner.' },
      }),
    ]);
    expect(plan.dropped).toEqual([expect.objectContaining({ kind: 'update', ref: 'ent-of-another-world' })]);
  });

  it('never creates what exists under that name, nor the same name twice; maps entity types', async () => {
    const plan = await planIntentions(
      {
        updates: [],
        creations: [
          { entity_type: 'character', name: 'Mira Thornwood', initial_data: {}, reasoning: '' },
          { entity_type: 'place', name: 'The Mill', initial_data: {}, reasoning: '' },
          { entity_type: 'location', name: 'the mill', initial_data: {}, reasoning: '' },
          { entity_type: 'spaceship', name: 'Idea of Home', initial_data: {}, reasoning: '' },
        ],
      },
      resolve,
      '',
    );
    expect(plan.creations.map((creation) => [creation.name, creation.entityType])).toEqual([
      ['The Mill', 'location'],
      ['Idea of Home', 'concept'],
    ]);
    expect(plan.dropped.map((dropped) => dropped.ref)).toEqual(['Mira Thornwood', 'the mill']);
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
