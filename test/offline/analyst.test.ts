/**
 * The offline analyst's reading of a turn, through the offline provider as the analysis role calls it
 * (the shipped turn_analysis schema and prompt lines), and the narrator's reading of names.
 */
import { describe, expect, it } from 'vitest';
import { findProperNames } from '../../src/providers/offline/analyst/proper-names.js';
import { extractFacts, OfflineProvider } from '../../src/providers/offline/index.js';

const provider = new OfflineProvider();

const ANALYSIS_SCHEMA = {
  type: 'object',
  required: ['updates', 'creations'],
  properties: {
    updates: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          entity_id: { type: 'string' },
          update_type: { type: 'string' },
          new_information: { type: 'string' },
          reasoning: { type: 'string' },
        },
      },
    },
    creations: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          entity_type: { type: 'string' },
          name: { type: 'string' },
          initial_data: { type: 'object' },
          reasoning: { type: 'string' },
        },
      },
    },
  },
};

async function analyse(known: string, input: string, narration: string) {
  const content = `${known ? `Known entities:\n${known}\n\n` : ''}Player: ${input}\nNarrator: ${narration}`;
  const result = await provider.chat([{ role: 'user', content }], { jsonSchema: ANALYSIS_SCHEMA });
  return JSON.parse(result.text) as {
    updates: Array<{ entity_id: string; new_information: string; update_type: string }>;
    creations: Array<{ name: string; entity_type: string; initial_data: { description?: string } }>;
  };
}

describe('the offline analyst', () => {
  it('records the clause of the turn that mentions a known entity, by name or by a part of it', async () => {
    const known = [
      '- ent-mira (character): Mira Thornwood - Keeps the Gilded Stag inn.',
      '- ent-locket (item): Silver Locket',
      '- ent-osric (character): Osric Penhallow - A physician.',
    ].join('\n');
    const input = 'I give Mira the silver locket I found in the mill.';
    const narration =
      'Mira turns the locket over; her brother’s initials are scratched inside. Doctor Penhallow frowns at the clasp.';
    const answer = await analyse(known, input, narration);
    const byId = new Map(answer.updates.map((update) => [update.entity_id, update]));
    expect(byId.get('ent-mira')?.new_information).toBe(input);
    expect(byId.get('ent-locket')?.new_information).toBe(input);
    expect(byId.get('ent-mira')?.update_type).toBe('inventory');
    expect(byId.get('ent-osric')?.new_information).toBe('Doctor Penhallow frowns at the clasp.');
    for (const update of answer.updates) expect(`${input}\n${narration}`).toContain(update.new_information);
    expect(answer.creations).toEqual([]);
  });

  it('creates entities for names the turn introduces, with the sentence that introduced them', async () => {
    const answer = await analyse(
      '',
      'I hire a mule driver named Cobb Farrow and ask a physician called Doctor Osric Penhallow about the salt.',
      'Cobb Farrow spits. A brass lantern called Saint Odile’s Lamp hangs by the door of the Rookery Stair.',
    );
    const names = answer.creations.map((creation) => `${creation.name}:${creation.entity_type}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'Cobb Farrow:character',
        'Osric Penhallow:character',
        'Rookery Stair:location',
      ]),
    );
    expect(names.some((name) => name.startsWith('Saint Odile'))).toBe(true);
    const cobb = answer.creations.find((creation) => creation.name === 'Cobb Farrow');
    expect(cobb?.initial_data.description).toContain('named Cobb Farrow');
  });

  it('never takes imperatives, sentence-initial words, pronouns, dice or interface text for new names', async () => {
    const answer = await analyse(
      '',
      'Roll a d20 for Perception. [System: Initiative order updated] Then I open the gate. Dust settles.',
      'Somewhere a bell rings. Known to few, it waits. Make a Dexterity saving throw. [OOC: 2d6+3 damage] He nods. You wait. Mind the Warden.',
    );
    expect(answer.creations).toEqual([]);
  });

  it('takes a lone first name for someone met before, not someone new, unless the turn names them', async () => {
    expect((await analyse('', 'We carry Hewett out into the night.', 'Hewett groans.')).creations).toEqual(
      [],
    );
    const named = await analyse('', 'A boy named Hewett waves.', '');
    expect(named.creations.map((creation) => creation.name)).toEqual(['Hewett']);
    const mule = await analyse('', 'I ride with his grey mule, Sixpence, to Lowmere.', '');
    expect(mule.creations.map((creation) => creation.name).sort()).toEqual(['Lowmere', 'Sixpence']);
  });

  it('answers a note rewrite with the note and the new information, and builds a created entity from its own words', async () => {
    const note = await provider.chat([
      {
        role: 'user',
        content:
          'Character: Nettie Quill\nCurrent note: Serves at the Sooted Kettle.\nNew information: She watches the upstairs door.\nWrite the new note.',
      },
    ]);
    expect(note.text).toBe('Serves at the Sooted Kettle.\nShe watches the upstairs door.');
    const record = await provider.chat(
      [
        {
          role: 'user',
          content:
            'Create the character "Nettie Quill".\nKnown so far: {"description":"I notice a serving girl named Nettie Quill."}\n',
        },
      ],
      {
        jsonSchema: {
          type: 'object',
          required: ['entity_type', 'name', 'summary', 'description', 'attributes'],
          properties: {
            entity_type: { type: 'string' },
            name: { type: 'string' },
            summary: { type: 'string' },
            description: { type: 'string' },
            attributes: { type: 'object' },
          },
        },
      },
    );
    expect(JSON.parse(record.text)).toMatchObject({
      name: 'Nettie Quill',
      description: 'I notice a serving girl named Nettie Quill.',
    });
  });
});

describe('proper names', () => {
  it('reads multi-word names, titles and possessives the way the text wrote them', () => {
    const found = findProperNames(
      "At dawn I walk up Chimney Row to Pipehall. Pell Orrick whispers. I search Sabeth Lorne's room behind Fennick's Tannery and toss Captain Ashdale the Emberglass Shard.",
    ).map((name) => name.name);
    expect(found).toEqual([
      'Chimney Row',
      'Pipehall',
      'Pell Orrick',
      'Sabeth Lorne',
      "Fennick's Tannery",
      'Captain Ashdale',
      'Emberglass Shard',
    ]);
  });
});

describe('the offline narrator', () => {
  it('does not take imperatives, game terms or bracketed text for characters', () => {
    const facts = extractFacts([
      {
        role: 'user',
        content:
          'Roll a d20 for Perception. [System: Initiative order updated] Then I swing at Garrick. Make a Dexterity saving throw as Mira watches.',
      },
    ]);
    expect(facts.characters).toEqual(expect.arrayContaining(['Mira']));
    for (const junk of ['Roll', 'Perception', 'Initiative', 'System', 'Then', 'Make', 'Dexterity'])
      expect(facts.characters).not.toContain(junk);
  });
});
