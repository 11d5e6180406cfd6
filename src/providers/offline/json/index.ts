/**
 * Builds a JSON value valid against a JSON Schema, filled with content from the prompt: a `name` gets a
 * character the prompt mentions, a `description` a narrated sentence, a `location` a place, and so on.
 *
 * Supported (draft-07 and the OpenAPI subset): type (and type lists), enum, const, required, properties,
 * additionalProperties, patternProperties (for required keys), minProperties/maxProperties, items (and
 * tuple items/prefixItems with additionalItems), minItems/maxItems, uniqueItems, minLength/maxLength,
 * minimum/maximum/exclusiveMinimum/exclusiveMaximum (draft-04 booleans too), multipleOf, anyOf/oneOf
 * (one branch is chosen), allOf (merged), $ref to local pointers (#, #/definitions/…, #/$defs/…),
 * nullable, format (date-time, date, time, email, uri, uri-reference, uuid, hostname, ipv4, ipv6).
 *
 * Limits (best effort, documented rather than hidden):
 * - pattern: the natural value is tried first, then slug forms of it, then a string generated from the
 *   pattern itself (literals, classes, escapes, groups, alternation, quantifiers). Lookarounds and
 *   backreferences are not generated; such a pattern may not be met.
 * - oneOf is treated like anyOf: if a value happens to match two branches, oneOf fails.
 * - allOf of two different patterns keeps the last; not, if/then/else, contains, dependencies and
 *   propertyNames are ignored.
 * - Beyond depth 6 only required properties and minItems are generated, so recursive schemas end; a
 *   schema that requires infinite nesting gets null at depth 24.
 * - minLength is capped at 100,000 and minItems at 10,000: a schema cannot make one request exhaust
 *   the server.
 *
 * This file is the folder's public face; each module beside it does one of the jobs.
 */
export { generateFreeJson } from './free-json.js';
export { generateFromSchema } from './generate.js';
export { generateFromPattern } from './patterns.js';
