/**
 * The open servers' sampling fields on /v1/completions and /v1/chat/completions: their zod schemas,
 * built from the one table in providers/samplers.ts, and the step that turns a parsed body's fields
 * into call options (other servers' names for max_tokens, stop and seed become those options; every
 * other field rides along as `samplers`, for the provider to forward, fold into its seed or refuse).
 */
import { z } from 'zod';
import {
  SAMPLER_FIELDS,
  type SamplerType,
  type StandardOption,
  samplerConflict,
} from '../../providers/index.js';
import { ApiError } from '../errors.js';

/** Lists are bounded like every other input: no sampler list of a real server is near this. */
const MAX_ITEMS = 4096;

/** Stop strings a text completion may carry (and `stopping_strings`, its other name), as /v1/messages. */
export const MAX_STOPS = 16;

function schemaOf(value: SamplerType): z.ZodType {
  switch (value.type) {
    case 'number':
    case 'int': {
      let schema = value.type === 'int' ? z.number().int() : z.number();
      if (value.min !== undefined) schema = schema.min(value.min);
      if (value.max !== undefined) schema = schema.max(value.max);
      return schema;
    }
    case 'boolean':
      return z.boolean();
    case 'string':
      return z.string();
    case 'strings':
      return z.array(z.string()).max(MAX_ITEMS);
    case 'ints':
      return z.array(z.number().int()).max(MAX_ITEMS);
    case 'string or strings':
      return z.union([z.string(), z.array(z.string()).max(MAX_ITEMS)]);
    case 'string or ints':
      return z.union([z.string(), z.array(z.number().int()).max(MAX_ITEMS)]);
    case 'object':
      return z.record(z.string(), z.unknown());
  }
}

/** The fields as a zod shape, spread into both routes' strict request schemas. */
export const samplerShape: Record<string, z.ZodOptional<z.ZodNullable<z.ZodType>>> = Object.fromEntries(
  SAMPLER_FIELDS.map((field) => [
    field.name,
    (field.aliasOf === 'stop' ? z.array(z.string()).max(MAX_STOPS) : schemaOf(field.value))
      .nullable()
      .optional()
      .describe(
        field.aliasOf
          ? `${field.note}: another name for ${field.aliasOf}`
          : `${field.note} (${field.role}; see the parameter table)`,
      ),
  ]),
);

/** The standard options as a route has them before the sampler fields are read. */
export interface StandardValues {
  max_tokens?: number | undefined;
  stop?: string[] | undefined;
  seed?: number | undefined;
}

export interface SamplerOptions extends StandardValues {
  samplers?: Record<string, unknown>;
}

const SAMPLER_NAMES = new Set(SAMPLER_FIELDS.map((field) => field.name));

function holdsSamplerField(body: Readonly<Record<string, unknown>>): boolean {
  for (const key in body) if (SAMPLER_NAMES.has(key)) return true;
  return false;
}

function conflict(name: string, other: string): ApiError {
  return new ApiError(
    400,
    `Invalid request: ${name} and ${other} name one setting with different values: send one`,
    {
      param: name,
    },
  );
}

/**
 * The call options the sampler fields of a parsed body ask for. A field and another server's name
 * for the same setting must agree (SillyTavern sends both with one value); a 400 names the second.
 */
export function samplerOptions(
  body: Readonly<Record<string, unknown>>,
  standard: StandardValues,
): SamplerOptions {
  const out: SamplerOptions = { ...standard };
  let samplers: Record<string, unknown> | undefined;
  // Most bodies hold none of the table's ~80 fields: their few keys are checked instead of every field.
  if (holdsSamplerField(body))
    for (const field of SAMPLER_FIELDS) {
      const value = body[field.name];
      if (value == null || field.role === 'client') continue;
      if (field.role === 'standard') {
        const option = field.aliasOf as StandardOption;
        const before = out[option];
        if (before !== undefined && JSON.stringify(before) !== JSON.stringify(value))
          throw conflict(field.name, option);
        (out as Record<string, unknown>)[option] = value;
        continue;
      }
      samplers ??= {};
      samplers[field.name] = value;
    }
  // -1 is the open servers' "random seed" (llama.cpp, KoboldCpp, webui, TabbyAPI; SillyTavern's
  // default): it asks for nothing, like top_k 0, so no provider refuses or receives it.
  if (out.seed === -1) delete out.seed;
  if (samplers !== undefined) {
    const clash = samplerConflict(samplers);
    if (clash) throw conflict(clash.name, clash.other);
    out.samplers = samplers;
  }
  return out;
}
