/**
 * Declared template variables. A template says which variables it takes and of what type; the
 * declaration (plain data, from YAML or the API) compiles to a zod schema, and a render with a missing
 * or wrong variable fails with a message that names it, before Liquid ever sees the values.
 */
import { z } from 'zod';

export interface VariableSpec {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'array' | 'object' | 'json';
  description?: string | undefined;
  optional?: boolean | undefined;
  default?: unknown;
  /** enum: the allowed values. */
  values?: string[] | undefined;
  /** array: the type of each item. */
  items?: VariableSpec | undefined;
  /** object: its fields. */
  properties?: Record<string, VariableSpec> | undefined;
  max_length?: number | undefined;
  min?: number | undefined;
  max?: number | undefined;
  max_items?: number | undefined;
}

export type VariableSpecs = Record<string, VariableSpec>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Zod for the declaration itself: a bad declaration is refused when the template is saved. */
export const variableSpecSchema: z.ZodType<VariableSpec> = z
  .lazy(
    () =>
      z
        .object({
          type: z.enum(['string', 'number', 'integer', 'boolean', 'enum', 'array', 'object', 'json']),
          description: z.string().max(2_000).optional(),
          optional: z.boolean().optional(),
          default: z.unknown().optional(),
          values: z.array(z.string().max(200)).min(1).max(200).optional(),
          items: variableSpecSchema.optional(),
          properties: z
            .record(
              z.string().regex(NAME, 'expected a variable name (letters, digits, _)'),
              variableSpecSchema,
            )
            .optional(),
          max_length: z.number().int().positive().optional(),
          min: z.number().optional(),
          max: z.number().optional(),
          max_items: z.number().int().positive().optional(),
        })
        .strict()
        .superRefine((spec, ctx) => {
          if (spec.type === 'enum' && !spec.values)
            ctx.addIssue({ code: 'custom', message: 'enum needs values' });
          if (spec.type === 'array' && !spec.items)
            ctx.addIssue({ code: 'custom', message: 'array needs items' });
        }),
    // Named, so the OpenAPI document holds it as a component its recursive $ref resolves to.
  )
  .meta({ id: 'PromptVariableSpec' });

export const variableSpecsSchema = z
  .record(z.string().regex(NAME, 'expected a variable name (letters, digits, _)'), variableSpecSchema)
  .refine((specs) => Object.keys(specs).length <= 100, 'expected at most 100 variables');

/** Strings a caller may send, by default: a prompt is not a place for megabytes. */
const DEFAULT_MAX_STRING = 100_000;
const DEFAULT_MAX_ITEMS = 1_000;

function typeOf(spec: VariableSpec): z.ZodType {
  switch (spec.type) {
    case 'string':
      return z.string().max(spec.max_length ?? DEFAULT_MAX_STRING);
    case 'number':
    case 'integer': {
      let schema = spec.type === 'integer' ? z.number().int() : z.number();
      if (spec.min !== undefined) schema = schema.min(spec.min);
      if (spec.max !== undefined) schema = schema.max(spec.max);
      return schema;
    }
    case 'boolean':
      return z.boolean();
    case 'enum':
      return z.enum(spec.values as [string, ...string[]]);
    case 'array':
      return z.array(fieldOf(spec.items as VariableSpec)).max(spec.max_items ?? DEFAULT_MAX_ITEMS);
    case 'object':
      return spec.properties
        ? z.object(Object.fromEntries(Object.entries(spec.properties).map(([k, v]) => [k, fieldOf(v)])))
        : z.record(z.string(), z.json());
    case 'json':
      return z.json();
  }
}

function fieldOf(spec: VariableSpec): z.ZodType {
  const schema = typeOf(spec);
  if (spec.default !== undefined) return schema.default(spec.default as never);
  // An absent optional variable reads as null, so `{% if x %}` works under strictVariables.
  return spec.optional ? schema.nullish().transform((value) => value ?? null) : schema;
}

/** The zod schema for a whole variable declaration (unknown variables are refused, by name). */
export function compileVariables(specs: VariableSpecs): z.ZodType<Record<string, unknown>> {
  const shape = Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, fieldOf(spec)]));
  return z.object(shape).strict() as unknown as z.ZodType<Record<string, unknown>>;
}

export class VariableError extends Error {
  /** The variable's path, e.g. `character.name`. */
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(message);
    this.name = 'VariableError';
    this.variable = variable;
  }
}

/** Validates variables against a compiled declaration; the error names the first bad variable. */
export function parseVariables(
  schema: z.ZodType<Record<string, unknown>>,
  specs: VariableSpecs,
  values: unknown,
): Record<string, unknown> {
  const result = schema.safeParse(values ?? {}, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const name = issue.keys[0] ?? '';
    const path = [...issue.path.map(String), name].join('.');
    return fail(path, `variable ${path} is not declared by this template`);
  }
  const path = issue.path.map(String).join('.');
  const spec = specAt(specs, issue.path);
  const expected = spec ? describeType(spec) : 'a valid value';
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return fail(path, `variable ${path} is required (expected ${expected})`);
  }
  return fail(path, `variable ${path}: ${issue.message} (expected ${expected})`);
}

function fail(path: string, message: string): never {
  throw new VariableError(path, message);
}

function specAt(specs: VariableSpecs, path: readonly PropertyKey[]): VariableSpec | undefined {
  let spec: VariableSpec | undefined;
  let fields: Record<string, VariableSpec> | undefined = specs;
  for (const key of path) {
    if (typeof key === 'number') {
      spec = spec?.items;
    } else {
      spec = fields?.[String(key)];
    }
    fields = spec?.properties;
    if (!spec) return undefined;
  }
  return spec;
}

function describeType(spec: VariableSpec): string {
  switch (spec.type) {
    case 'enum':
      return `one of ${spec.values?.join(', ')}`;
    case 'array':
      return `an array of ${describeType(spec.items as VariableSpec)}`;
    case 'object':
      return 'an object';
    case 'json':
      return 'any JSON value';
    case 'integer':
      return 'an integer';
    default:
      return `a ${spec.type}`;
  }
}

/**
 * The smallest valid variables: `sample` with every optional (or defaulted) field removed, at every
 * depth. Tests render each template with it, so a template that needs an optional field fails.
 */
export function minimalVariables(
  specs: VariableSpecs,
  sample: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.optional || spec.default !== undefined) continue;
    out[name] = minimalValue(spec, sample[name]);
  }
  return out;
}

function minimalValue(spec: VariableSpec, value: unknown): unknown {
  if (spec.type === 'object' && spec.properties && value && typeof value === 'object') {
    return minimalVariables(spec.properties, value as Record<string, unknown>);
  }
  if (spec.type === 'array' && Array.isArray(value) && spec.items) {
    return value.map((item) => minimalValue(spec.items as VariableSpec, item));
  }
  return value;
}
