import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  generateFreeJson,
  generateFromPattern,
  generateFromSchema,
} from '../../src/providers/offline/json/index.js';
import { createRng, extractFacts } from '../../src/providers/offline/narrator/index.js';
import type { JsonSchema } from '../../src/vocabulary/index.js';

const ajv = new Ajv({ strict: false, validateFormats: false });

const facts = extractFacts(
  [{ role: 'user', content: 'I open the rusted gate and show Mira the Crown of Ash.' }],
  'You are the narrator. Captain Voss guards the Sunken Library in Eldhollow. Mira the blacksmith lives in Karsk.',
);
const characters = ['Captain Voss', 'Mira'];
const places = ['Sunken Library', 'Eldhollow', 'Karsk'];

const SEEDS = Array.from({ length: 25 }, (_, i) => i * 7919 + 1);

function expectValid(schema: JsonSchema, seeds = SEEDS): unknown[] {
  const validate = ajv.compile(schema);
  return seeds.map((seed) => {
    const value = generateFromSchema(schema, facts, createRng(seed));
    if (!validate(value))
      throw new Error(`seed ${seed}: ${JSON.stringify(validate.errors)}\n${JSON.stringify(value)}`);
    return value;
  });
}

const intentions: JsonSchema = {
  type: 'object',
  required: ['updates', 'creations'],
  additionalProperties: false,
  properties: {
    updates: {
      type: 'array',
      items: {
        type: 'object',
        required: ['entity_id', 'update_type', 'new_information', 'reasoning'],
        additionalProperties: false,
        properties: {
          entity_id: { type: 'string' },
          update_type: { type: 'string', enum: ['relationship', 'status', 'knowledge', 'location'] },
          new_information: { type: 'string' },
          reasoning: { type: 'string' },
        },
      },
    },
    creations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['entity_type', 'name', 'initial_data', 'reasoning'],
        additionalProperties: false,
        properties: {
          entity_type: { type: 'string', enum: ['character', 'location', 'item', 'faction'] },
          name: { type: 'string' },
          initial_data: { type: 'object' },
          reasoning: { type: 'string' },
        },
      },
    },
  },
};

const panel: JsonSchema = {
  type: 'object',
  required: ['panel'],
  additionalProperties: false,
  properties: {
    panel: {
      type: 'object',
      required: ['title', 'sections', 'actions'],
      additionalProperties: false,
      properties: {
        title: { type: 'string', minLength: 3, maxLength: 40 },
        subtitle: { type: ['string', 'null'], maxLength: 80 },
        sections: {
          type: 'array',
          minItems: 1,
          maxItems: 4,
          items: {
            type: 'object',
            required: ['heading', 'body'],
            properties: {
              heading: { type: 'string', maxLength: 30 },
              body: { type: 'string', minLength: 10, maxLength: 200 },
              icon: { enum: ['scroll', 'sword', 'map'] },
            },
          },
        },
        actions: {
          type: 'array',
          minItems: 2,
          maxItems: 3,
          items: {
            type: 'object',
            required: ['label', 'action_id'],
            additionalProperties: false,
            properties: {
              label: { type: 'string', maxLength: 32 },
              action_id: { type: 'string', pattern: '^[a-z_]+$' },
              style: { enum: ['primary', 'secondary', 'danger'] },
            },
          },
        },
        stats: { type: 'object', additionalProperties: { type: 'integer', minimum: 0, maximum: 100 } },
        updated_at: { type: 'string', format: 'date-time' },
      },
    },
  },
};

describe('generateFromSchema: validity (checked with ajv)', () => {
  const schemas: Record<string, JsonSchema> = {
    'nested objects': {
      type: 'object',
      required: ['npc'],
      properties: {
        npc: {
          type: 'object',
          required: ['name', 'stats', 'home'],
          properties: {
            name: { type: 'string', minLength: 2 },
            stats: {
              type: 'object',
              required: ['hp', 'level'],
              properties: { hp: { type: 'integer', minimum: 1, maximum: 30 }, level: { type: 'integer' } },
            },
            home: {
              type: 'object',
              properties: { location: { type: 'string' }, since: { type: 'string', format: 'date' } },
            },
          },
        },
      },
    },
    'arrays with minItems, maxItems and uniqueItems': {
      type: 'object',
      required: ['tags', 'party'],
      properties: {
        tags: { type: 'array', items: { type: 'string' }, minItems: 4, maxItems: 6, uniqueItems: true },
        party: { type: 'array', items: { type: 'string' }, minItems: 3 },
        empty: { type: 'array', maxItems: 0 },
      },
    },
    enums: {
      type: 'object',
      required: ['mood', 'level', 'mixed'],
      properties: {
        mood: { type: 'string', enum: ['calm', 'wary', 'hostile'] },
        level: { enum: [1, 2, 3] },
        mixed: { type: 'string', enum: [1, 'one', null] },
      },
    },
    'anyOf and oneOf': {
      type: 'object',
      required: ['reward', 'owner'],
      properties: {
        reward: {
          anyOf: [
            { type: 'object', required: ['gold'], properties: { gold: { type: 'integer', minimum: 1 } } },
            { type: 'string', maxLength: 20 },
          ],
        },
        owner: { oneOf: [{ type: 'null' }, { type: 'string', pattern: '^[A-Z]' }] },
      },
    },
    '$ref to definitions and $defs': {
      definitions: {
        npc: {
          type: 'object',
          required: ['name', 'place'],
          properties: { name: { type: 'string' }, place: { $ref: '#/$defs/place' } },
        },
      },
      $defs: { place: { type: 'string', minLength: 3 } },
      type: 'object',
      required: ['leader', 'followers'],
      properties: {
        leader: { $ref: '#/definitions/npc' },
        followers: { type: 'array', minItems: 2, items: { $ref: '#/definitions/npc' } },
      },
    },
    'recursive tree via $ref': {
      $ref: '#/definitions/node',
      definitions: {
        node: {
          type: 'object',
          required: ['name', 'children'],
          properties: {
            name: { type: 'string' },
            children: { type: 'array', items: { $ref: '#/definitions/node' } },
          },
        },
      },
    },
    formats: {
      type: 'object',
      required: ['id', 'created', 'day', 'email', 'website', 'link'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        created: { type: 'string', format: 'date-time' },
        day: { type: 'string', format: 'date' },
        email: { type: 'string', format: 'email' },
        website: { type: 'string', format: 'uri' },
        link: { type: 'string', format: 'uri-reference' },
      },
    },
    'integer and number bounds': {
      type: 'object',
      required: ['age', 'gold', 'chance', 'even', 'tenth', 'below', 'odd'],
      properties: {
        age: { type: 'integer', minimum: 100, maximum: 120 },
        gold: { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 3 },
        chance: { type: 'number', minimum: 0, maximum: 1 },
        even: { type: 'integer', multipleOf: 2, minimum: 3, maximum: 9 },
        tenth: { type: 'number', multipleOf: 0.1, minimum: 0.2, maximum: 0.9 },
        below: { type: 'number', exclusiveMaximum: -5 },
        odd: { type: 'integer', minimum: 7, maximum: 7 },
      },
    },
    'string lengths and patterns': {
      type: 'object',
      required: ['description', 'code', 'short', 'long', 'hex'],
      properties: {
        description: { type: 'string', maxLength: 25 },
        code: { type: 'string', pattern: '^[A-Z]{3}-\\d{4}$' },
        short: { type: 'string', minLength: 1, maxLength: 1 },
        long: { type: 'string', minLength: 300 },
        hex: { type: 'string', pattern: '^#(?:[0-9a-f]{6}|[0-9a-f]{3})$' },
      },
    },
    'type arrays, nullable, const and allOf': {
      allOf: [
        { type: 'object', required: ['kind'], properties: { kind: { const: 'quest' } } },
        {
          required: ['reward', 'title'],
          properties: { reward: { type: ['integer', 'null'], minimum: 5 }, title: { type: 'string' } },
        },
        { properties: { title: { maxLength: 12 } } },
      ],
      properties: { note: { type: 'string', nullable: true } },
    },
    'tuples and additionalProperties schemas': {
      type: 'object',
      required: ['position', 'attributes'],
      properties: {
        position: {
          type: 'array',
          items: [{ type: 'integer' }, { type: 'integer' }],
          additionalItems: false,
          minItems: 2,
        },
        attributes: {
          type: 'object',
          minProperties: 3,
          additionalProperties: { type: 'string', maxLength: 40 },
        },
      },
    },
    'scalars at the root': { type: 'string', maxLength: 500 },
    'an array at the root': {
      type: 'array',
      items: { type: 'integer', minimum: 1, maximum: 6 },
      minItems: 2,
    },
    'the Intentions schema': intentions,
    'the embedded panel schema': panel,
  };

  it.each(Object.entries(schemas))('%s', (_, schema) => {
    expectValid(schema);
  });

  it('is deterministic for the same seed and varies across seeds', () => {
    const first = generateFromSchema(intentions, facts, createRng(5));
    expect(generateFromSchema(intentions, facts, createRng(5))).toEqual(first);
    const others = SEEDS.map((seed) =>
      JSON.stringify(generateFromSchema(intentions, facts, createRng(seed))),
    );
    expect(new Set(others).size).toBeGreaterThan(SEEDS.length / 2);
  });

  it('produces well-formed formats', () => {
    const values = expectValid({
      type: 'object',
      required: ['id', 'at', 'day', 'email', 'uri', 'time', 'ip'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        at: { type: 'string', format: 'date-time' },
        day: { type: 'string', format: 'date' },
        email: { type: 'string', format: 'email' },
        uri: { type: 'string', format: 'uri' },
        time: { type: 'string', format: 'time' },
        ip: { type: 'string', format: 'ipv4' },
      },
    }) as Array<Record<string, string>>;
    for (const value of values) {
      expect(value.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(value.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(Number.isNaN(Date.parse(value.at ?? ''))).toBe(false);
      expect(value.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(value.email).toMatch(/^[a-z0-9.]+@loremaster\.example$/);
      expect(new URL(value.uri ?? '').protocol).toBe('https:');
      expect(value.time).toMatch(/^\d{2}:\d{2}:\d{2}Z$/);
      expect(value.ip).toMatch(/^10\.\d{1,3}\.\d{1,3}\.\d{1,3}$/);
    }
  });

  it('terminates on schemas that recurse without end', () => {
    const forever = { type: 'object', required: ['next'], properties: { next: { $ref: '#' } } };
    expect(() => generateFromSchema(forever, facts, createRng(1))).not.toThrow();
    const cycle = {
      $ref: '#/definitions/a',
      definitions: { a: { $ref: '#/definitions/b' }, b: { $ref: '#/definitions/a' } },
    };
    expect(() => generateFromSchema(cycle, facts, createRng(1))).not.toThrow();
  });

  it('caps what a schema can demand', () => {
    const started = performance.now();
    const value = generateFromSchema(
      {
        type: 'object',
        required: ['a', 'b'],
        properties: { a: { type: 'string', minLength: 1e9 }, b: { type: 'array', minItems: 1e9 } },
      },
      facts,
      createRng(1),
    ) as { a: string; b: unknown[] };
    expect(value.a.length).toBeLessThanOrEqual(200_000);
    expect(value.b.length).toBeLessThanOrEqual(10_000);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('generateFromSchema: 2020-12 keywords (checked with ajv 2020)', () => {
  const ajv2020 = new Ajv2020({ strict: false, validateFormats: false });
  const schemas: Record<string, JsonSchema> = {
    'a prefixItems tuple, then items for the rest': {
      type: 'array',
      prefixItems: [{ type: 'string' }, { type: 'integer' }],
      items: { type: 'boolean' },
      minItems: 4,
    },
    'a closed prefixItems tuple (as pydantic writes a tuple)': {
      type: 'object',
      properties: {
        pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false },
      },
      required: ['pair'],
      additionalProperties: false,
    },
    'contains, with minContains': {
      type: 'array',
      items: { type: 'string' },
      contains: { const: 'sword' },
      minContains: 2,
    },
    'contains after a tuple': {
      type: 'array',
      prefixItems: [{ type: 'integer' }],
      contains: { type: 'string', pattern: '^gem_[a-z]+$' },
    },
    'only patternProperties, closed, with minProperties': {
      type: 'object',
      patternProperties: { '^slot_[0-9]+$': { type: 'string' } },
      additionalProperties: false,
      minProperties: 2,
    },
  };

  it.each(Object.entries(schemas))('%s', (_, schema) => {
    const validate = ajv2020.compile(schema);
    for (const seed of SEEDS) {
      const value = generateFromSchema(schema, facts, createRng(seed));
      expect(
        validate(value),
        `seed ${seed}: ${JSON.stringify(validate.errors)} ${JSON.stringify(value)}`,
      ).toBe(true);
    }
  });
});

describe('generateFromSchema: content from the prompt', () => {
  it('fills the Intentions schema with the prompt entities', () => {
    type Intentions = {
      updates: Array<{ entity_id: string; new_information: string; reasoning: string }>;
      creations: Array<{ entity_type: string; name: string; initial_data: Record<string, unknown> }>;
    };
    for (const seed of SEEDS.slice(0, 10)) {
      const value = generateFromSchema(intentions, facts, createRng(seed)) as Intentions;
      expect(value.updates.length).toBeGreaterThan(0);
      const first = value.updates[0];
      expect(first?.entity_id).toMatch(/^(captain_voss|mira)$/);
      expect(first?.new_information.length).toBeGreaterThan(20);
      for (const creation of value.creations) {
        if (creation.entity_type === 'location')
          expect([...places, 'Ravenford', 'Old Mill']).toContain(creation.name);
        expect(Object.keys(creation.initial_data).length).toBeGreaterThan(0);
      }
    }
  });

  it('chooses content by property name', () => {
    const schema = {
      type: 'object',
      required: ['name', 'location', 'mood', 'description', 'tags', 'npc_id', 'dialogue'],
      properties: {
        name: { type: 'string' },
        location: { type: 'string' },
        mood: { type: 'string' },
        description: { type: 'string' },
        tags: { type: 'array', items: { type: 'string' }, minItems: 2 },
        npc_id: { type: 'string' },
        dialogue: { type: 'string' },
      },
    };
    const value = generateFromSchema(schema, facts, createRng(3)) as Record<string, unknown>;
    expect(characters).toContain(value.name);
    expect(places).toContain(value.location);
    expect(typeof value.mood).toBe('string');
    expect(String(value.mood)).toMatch(/^[a-z]+$/);
    expect(String(value.description)).toMatch(/Captain Voss|Mira|Sunken Library|Eldhollow|Karsk/);
    expect(value.tags).toEqual(expect.arrayContaining([expect.any(String)]));
    expect(value.npc_id).toMatch(/^[a-z_]+$/);
    expect(String(value.dialogue).length).toBeGreaterThan(10);
  });

  it('uses the player action for labels and ids', () => {
    const schema = {
      type: 'object',
      required: ['label', 'action_id'],
      properties: { label: { type: 'string' }, action_id: { type: 'string', pattern: '^[a-z_]+$' } },
    };
    const value = generateFromSchema(schema, facts, createRng(1)) as Record<string, string>;
    expect(value.label).toMatch(/^Open the rusted gate/);
    expect(value.action_id).toMatch(/^open_the_rusted_gate/);
  });
});

describe('generateFreeJson', () => {
  it('returns the narration and the entities', () => {
    const value = generateFreeJson(facts, createRng(1));
    expect(value.narration).toMatch(/rusted gate/);
    expect(value.entities).toEqual(
      expect.arrayContaining([
        { name: 'Captain Voss', type: 'character' },
        { name: 'Sunken Library', type: 'location' },
      ]),
    );
  });
});

describe('generateFromPattern', () => {
  it.each([
    '^[A-Z]{3}-\\d{4}$',
    '^(north|south|east|west)_[a-z]+$',
    '^#[0-9a-fA-F]{6}$',
    '^\\w+@\\w+\\.com$',
    '^[^0-9]{2,4}\\s?\\D$',
    '^(?<word>[a-z]+)-(?:\\d+)$',
    'v\\d+\\.\\d+(\\.\\d+)?',
    '^\\p{Lu}\\p{Ll}+$',
  ])('generates a match for %s', (pattern) => {
    for (const seed of SEEDS.slice(0, 10)) {
      const value = generateFromPattern(pattern, createRng(seed));
      expect(value).toBeDefined();
      expect(new RegExp(pattern, 'u').test(value ?? '')).toBe(true);
    }
  });

  it('gives up on lookarounds and backreferences', () => {
    expect(generateFromPattern('^(?=a)a$', createRng(1))).toBeUndefined();
    expect(generateFromPattern('^(a)\\1$', createRng(1))).toBeUndefined();
  });
});
