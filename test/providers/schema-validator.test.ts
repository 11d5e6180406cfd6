/**
 * The JSON Schema check of answers and tool arguments reads each schema in its own draft: tuples are
 * written `items: [...]` in draft-07 (zod-to-json-schema) and `prefixItems` in 2020-12 (pydantic,
 * zod 4), and the wrong reading refuses every answer.
 */
import { describe, expect, it } from 'vitest';
import { checkAgainstSchema, schemaProblem } from '../../src/providers/schema-validator.js';

// As pydantic writes `tuple[str, int]` (2020-12, no `$schema`).
const pydanticTuple = {
  type: 'object',
  properties: {
    pair: {
      type: 'array',
      prefixItems: [{ type: 'string' }, { type: 'integer' }],
      items: false,
      minItems: 2,
      maxItems: 2,
    },
  },
  required: ['pair'],
  additionalProperties: false,
};

// As zod-to-json-schema writes the same tuple (draft-07).
const draft07Tuple = {
  type: 'object',
  properties: {
    pair: {
      type: 'array',
      items: [{ type: 'string' }, { type: 'integer' }],
      additionalItems: false,
      minItems: 2,
      maxItems: 2,
    },
  },
  required: ['pair'],
  additionalProperties: false,
};

describe('checkAgainstSchema', () => {
  it('reads a prefixItems tuple as 2020-12: the items it lists are allowed, others are not', () => {
    expect(checkAgainstSchema(pydanticTuple, { pair: ['Brakka', 3] })).toEqual({ ok: true });
    expect(checkAgainstSchema(pydanticTuple, { pair: ['Brakka', 'three'] })).toMatchObject({ ok: false });
    expect(checkAgainstSchema(pydanticTuple, { pair: ['Brakka', 3, 4] })).toMatchObject({ ok: false });
  });

  it('reads an items-array tuple as draft-07', () => {
    expect(checkAgainstSchema(draft07Tuple, { pair: ['Brakka', 3] })).toEqual({ ok: true });
    const wrong = checkAgainstSchema(draft07Tuple, { pair: [3, 'Brakka'] });
    expect(wrong).toMatchObject({ ok: false });
    expect(schemaProblem(draft07Tuple)).toBeUndefined();
  });

  it('follows the draft a schema names in $schema', () => {
    const declared2020 = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ const: 'gold' }],
      items: { type: 'integer' },
    };
    expect(checkAgainstSchema(declared2020, ['gold', 1, 2])).toEqual({ ok: true });
    expect(checkAgainstSchema(declared2020, ['gold', 'silver'])).toMatchObject({ ok: false });
    // Draft-04, as NJsonSchema (C#, Unity) writes it by default: boolean exclusive bounds.
    const declared04 = {
      $schema: 'http://json-schema.org/draft-04/schema#',
      type: 'object',
      properties: { level: { type: 'integer', minimum: 1, exclusiveMinimum: true } },
      required: ['level'],
    };
    expect(schemaProblem(declared04)).toBeUndefined();
    expect(checkAgainstSchema(declared04, { level: 2 })).toEqual({ ok: true });
    expect(checkAgainstSchema(declared04, { level: 1 })).toMatchObject({ ok: false });
    const declared2019 = {
      $schema: 'https://json-schema.org/draft/2019-09/schema',
      type: 'object',
      dependentRequired: { gold: ['purse'] },
    };
    expect(checkAgainstSchema(declared2019, { gold: 3, purse: 'leather' })).toEqual({ ok: true });
    expect(checkAgainstSchema(declared2019, { gold: 3 })).toMatchObject({ ok: false });
    // A draft-07 schema that says so stays draft-07, whatever its properties are called.
    const declared07 = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { prefixItems: { type: 'array', items: [{ type: 'string' }] } },
    };
    expect(checkAgainstSchema(declared07, { prefixItems: ['a', 1] })).toEqual({ ok: true });
  });

  it('honours the newer keywords without $schema (dependentRequired, unevaluatedProperties)', () => {
    const schema = {
      type: 'object',
      properties: { spell: { type: 'string' }, mana: { type: 'integer' } },
      dependentRequired: { spell: ['mana'] },
      unevaluatedProperties: false,
    };
    expect(checkAgainstSchema(schema, { spell: 'light', mana: 2 })).toEqual({ ok: true });
    expect(checkAgainstSchema(schema, { spell: 'light' })).toMatchObject({ ok: false });
    expect(checkAgainstSchema(schema, { mana: 2, extra: true })).toMatchObject({ ok: false });
  });

  it('does not take a property named like a newer keyword for the keyword', () => {
    // Draft-07 tuple under a property called prefixItems: still read as draft-07.
    const schema = {
      type: 'object',
      properties: {
        prefixItems: { type: 'string' },
        pair: { type: 'array', items: [{ type: 'string' }, { type: 'integer' }], additionalItems: false },
      },
      required: ['pair'],
    };
    expect(schemaProblem(schema)).toBeUndefined();
    expect(checkAgainstSchema(schema, { prefixItems: 'x', pair: ['a', 1] })).toEqual({ ok: true });
    expect(checkAgainstSchema(schema, { pair: ['a', 1, 2] })).toMatchObject({ ok: false });
  });
});
