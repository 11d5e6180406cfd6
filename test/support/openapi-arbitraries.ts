/**
 * fast-check arbitraries for requests to every operation of an OpenAPI 3.1 document: values built from
 * each operation's declared schemas (valid-ish), then often broken on purpose (a wrong type, a huge or
 * non-finite number, a huge, unicode or control-character string, deep nesting, prototype keys, an
 * extra or a missing field, an id that does not exist or tries a path trick). An operation the
 * document says little about (no body schema) still gets junk bodies.
 */
import fc from 'fast-check';

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema is read field by field
type Schema = any;

export interface Operation {
  method: string;
  path: string;
  parameters: Array<{ name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Schema }>;
  body?: Schema;
  /** The operation declares a JSON body (required or not). */
  hasBody: boolean;
}

export interface FuzzRequest {
  method: string;
  /** Path with its query string, already encoded. */
  url: string;
  /** Text of the body (JSON or not) and its content type; absent: no body. */
  body?: string;
  contentType?: string;
  /** What was generated, for the failure message. */
  note: string;
}

/** Every operation of the document (HEAD ones too: their answers must be clean as well). */
export function operationsOf(doc: Schema): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths ?? {}))
    for (const [method, op] of Object.entries<Schema>(item)) {
      if (!['get', 'head', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const json = op.requestBody?.content?.['application/json'];
      out.push({
        method: method.toUpperCase(),
        path,
        parameters: [...(item.parameters ?? []), ...(op.parameters ?? [])],
        ...(json?.schema && { body: resolve(doc, json.schema) }),
        hasBody: Boolean(op.requestBody) || ['POST', 'PUT', 'PATCH'].includes(method.toUpperCase()),
      });
    }
  return out;
}

/** Resolves `$ref`s (local ones) all the way down, without following a cycle twice. */
function resolve(doc: Schema, schema: Schema, seen: Set<string> = new Set()): Schema {
  if (!schema || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map((item) => resolve(doc, item, seen));
  if (typeof schema.$ref === 'string') {
    if (seen.has(schema.$ref)) return {};
    const target = schema.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((node: Schema, part: string) => node?.[part], doc);
    return resolve(doc, target, new Set([...seen, schema.$ref]));
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) out[key] = resolve(doc, value, seen);
  return out;
}

// --- junk -----------------------------------------------------------------------------------------

const CONTROL = fc.constantFrom(
  '\u0000',
  '\u0007',
  '\u001b[2J',
  '\r\n',
  '\u202e',
  '\uffff',
  '\ud800',
  '\u2028',
);
const strangeString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: CONTROL, maxLength: 10 }),
  fc.constantFrom(
    '',
    ' ',
    '💥🐉'.repeat(50),
    'x'.repeat(5_000),
    '\u0000',
    "'; DROP TABLE worlds; --",
    '../../../../etc/passwd',
    '{{ 7 * 7 }}{% raw %}',
    '__proto__',
    'constructor',
    '$where',
    'NaN',
    '-0',
  ),
);
const strangeNumber = fc.oneof(
  fc.constantFrom(-1, 0, -0, 1e308, -1e308, 2 ** 53 + 1, 2 ** 31, -(2 ** 31) - 1, 0.5, 1e-320, 1e20),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Any JSON value, small: a wrong type for whatever the schema wanted. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  strangeString,
  strangeNumber,
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.oneof(strangeString, strangeNumber), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(strangeString, strangeNumber), { maxKeys: 3 }),
);

/** A value nested `levels` deep (within the body's depth limit or past it). */
const deepValue = fc.integer({ min: 10, max: 200 }).map((levels) => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i += 1) value = i % 2 ? { a: value } : [value];
  return value;
});

/** A value too wide: many keys or items. */
const wideValue = fc.constantFrom(
  Array.from({ length: 2_000 }, (_, i) => i),
  Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`k${i}`, i])),
);

const junkValue = fc.oneof(
  { weight: 4, arbitrary: anyJson },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: wideValue },
);

/** Body texts that are not what a JSON schema can say: broken JSON, non-finite literals, prototype keys. */
const junkBodyText = fc.constantFrom(
  '',
  ' ',
  '{',
  '{"a":1,}',
  'null',
  '[]',
  '"text"',
  '42',
  'NaN',
  '{"n": NaN}',
  '{"n": Infinity}',
  '{"n": -1e309}',
  '{"__proto__": {"polluted": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  '{"a": "\\ud800"}',
  '\u0000\u0000',
  '\ufeff{}',
  '{"a":'.repeat(300) + '1' + '}'.repeat(300),
  '['.repeat(5_000) + ']'.repeat(5_000),
);

// --- values from schemas --------------------------------------------------------------------------

/** A value the schema accepts, or close to it (bounded: at most 3 levels of generated nesting). */
export function schemaValue(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || typeof schema !== 'object' || depth > 3) return anyJson;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(choices) && choices.length > 0)
    return fc.oneof(...choices.map((choice: Schema) => schemaValue(choice, depth + 1)));
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) return schemaValue(schema.allOf[0], depth);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string': {
      const min = schema.minLength ?? 0;
      const max = Math.min(schema.maxLength ?? 40, min + 40);
      if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'uri') return fc.constantFrom('http://127.0.0.1:1/hook', 'https://example.com/x');
      if (schema.pattern) {
        try {
          return fc
            .stringMatching(new RegExp(schema.pattern))
            .filter((text) => text.length <= (schema.maxLength ?? 10_000));
        } catch {
          // A pattern JavaScript cannot read: plain strings.
        }
      }
      // Mostly words a client would send (to get past validation), sometimes anything.
      return fc.oneof(
        {
          weight: 3,
          arbitrary: fc
            .stringMatching(/^[a-z][a-z0-9_]{0,11}$/)
            .filter((text) => text.length >= min && text.length <= Math.max(min, max)),
        },
        { weight: 1, arbitrary: fc.string({ minLength: min, maxLength: Math.max(min, max) }) },
      );
    }
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? -1_000, -(2 ** 31)),
        max: Math.min(schema.maximum ?? 1_000, 2 ** 31),
      });
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1_000,
        max: schema.maximum ?? 1_000,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schemaValue(schema.items, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, (schema.minItems ?? 0) + 3),
      });
    case 'object':
    case undefined: {
      const properties: Record<string, Schema> = schema.properties ?? {};
      const required = new Set<string>(schema.required ?? []);
      const keys = Object.keys(properties);
      if (keys.length === 0)
        return type === 'object'
          ? fc.dictionary(fc.string({ maxLength: 6 }), anyJson, { maxKeys: 2 })
          : anyJson;
      return fc.record(
        Object.fromEntries(keys.map((key) => [key, schemaValue(properties[key], depth + 1)])),
        {
          requiredKeys: keys.filter((key) => required.has(key)),
        },
      );
    }
    default:
      return anyJson;
  }
}

type Mutation =
  | { kind: 'none' }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'drop'; at: number }
  | { kind: 'extra'; at: number; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: junkValue }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('extra' as const),
      at: fc.nat(),
      key: fc.oneof(
        fc.string({ maxLength: 10 }),
        fc.constantFrom('constructor', 'prototype', 'toString', 'x'.repeat(300)),
      ),
      value: anyJson,
    }),
  },
);

/** Every object or array inside a value, and the value itself: where a mutation can land. */
function containers(value: unknown, out: Array<Record<string, unknown> | unknown[]> = []): typeof out {
  if (value && typeof value === 'object') {
    out.push(value as Record<string, unknown>);
    for (const child of Object.values(value)) containers(child, out);
  }
  return out;
}

function mutate(value: unknown, change: Mutation): unknown {
  if (change.kind === 'none') return value;
  const copy = structuredClone(value);
  const places = containers(copy);
  if (places.length === 0) return change.kind === 'replace' ? change.value : copy;
  const place = places[change.at % places.length]!;
  const keys = Object.keys(place);
  if (change.kind === 'extra') {
    if (Array.isArray(place)) place.push(change.value);
    else place[change.key] = change.value;
    return copy;
  }
  if (keys.length === 0) return change.kind === 'replace' ? change.value : copy;
  const key = keys[change.at % keys.length]!;
  if (change.kind === 'drop') {
    if (Array.isArray(place)) place.splice(Number(key), 1);
    else delete place[key];
  } else (place as Record<string, unknown>)[key] = change.value;
  return copy;
}

// --- parameters -----------------------------------------------------------------------------------

/** Percent-encodes any string (a lone surrogate becomes U+FFFD: it has no UTF-8 form to send). */
function encode(text: string): string {
  return encodeURIComponent(
    text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );
}

/** Values for a path parameter: real ids, ids that do not exist, and path tricks (kept raw: already encoded). */
function pathValue(known: string[]): fc.Arbitrary<{ raw: string }> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(...(known.length > 0 ? known : ['x'])).map((raw) => ({ raw: encode(raw) })),
    },
    {
      weight: 2,
      arbitrary: strangeString.map((text) => ({ raw: encode(text.slice(0, 300)) || 'x' })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          '..%2F..%2Fetc%2Fpasswd',
          '%2e%2e',
          '.',
          '%2F',
          'a%2Fb',
          '%00',
          '%ZZ',
          '%',
          '%C0%AF',
          '%F0%9F%92%A5',
          'a'.repeat(101),
          'not-an-id',
          '-1',
          '99999999999999999999',
          'ent_000000000000000000000000',
        )
        .map((raw) => ({ raw })),
    },
  );
}

function queryValue(schema: Schema): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: schemaValue(schema).map((value) =>
        typeof value === 'string' ? value : JSON.stringify(value),
      ),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '',
        '-1',
        '0',
        'NaN',
        'Infinity',
        '1e309',
        '99999999999999999999',
        '1.5',
        '0x10',
        'abc',
        '10000-01-01',
        '2024-13-45',
        '%',
        'x'.repeat(3_000),
      ),
    },
    { weight: 1, arbitrary: strangeString },
  );
}

/** Requests for one operation: its path, its query and its body, each valid-ish or broken. */
export function requestFor(operation: Operation, ids: Record<string, string[]>): fc.Arbitrary<FuzzRequest> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  const pathArb = fc.tuple(...pathParams.map((p) => pathValue(ids[p.name] ?? ids.id ?? []))) as fc.Arbitrary<
    Array<{ raw: string }>
  >;
  const queryArb = fc.tuple(
    ...queryParams.map((p) => fc.option(queryValue(p.schema ?? {}), { freq: 2, nil: undefined })),
  ) as fc.Arbitrary<Array<string | undefined>>;
  const extraQuery = fc.option(
    fc.tuple(fc.constantFrom('unknown', 'limit', '__proto__', 'since'), queryValue({})),
    {
      freq: 4,
      nil: undefined,
    },
  );
  const bodyArb: fc.Arbitrary<{ text?: string; contentType?: string; note: string }> = operation.hasBody
    ? fc.oneof(
        {
          weight: 6,
          arbitrary: fc.tuple(schemaValue(operation.body), mutation).map(([value, change]) => ({
            text: JSON.stringify(mutate(value, change)),
            contentType: 'application/json',
            note: change.kind,
          })),
        },
        {
          weight: 2,
          arbitrary: junkBodyText.map((text) => ({
            text,
            contentType: 'application/json',
            note: 'junk text',
          })),
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(
              'text/plain',
              'application/x-www-form-urlencoded',
              'application/xml',
              'application/json; charset=latin1',
              '',
            )
            .map((contentType) => ({ text: 'a=1', contentType, note: 'content type' })),
        },
        { weight: 1, arbitrary: fc.constant({ note: 'no body' }) },
      )
    : fc.oneof(
        { weight: 4, arbitrary: fc.constant({ note: 'no body' }) },
        {
          weight: 1,
          arbitrary: junkValue.map((value) => ({
            text: JSON.stringify(value) ?? 'null',
            contentType: 'application/json',
            note: 'unexpected body',
          })),
        },
      );
  return fc.tuple(pathArb, queryArb, extraQuery, bodyArb).map(([pathValues, queryValues, extra, body]) => {
    let index = 0;
    const path = operation.path.replace(/\{[^}]+\}/g, () => pathValues[index++]?.raw ?? 'x');
    const query = queryParams
      .map((p, i) => (queryValues[i] === undefined ? undefined : `${p.name}=${encode(queryValues[i]!)}`))
      .filter((part): part is string => part !== undefined);
    if (extra) query.push(`${extra[0]}=${encode(extra[1])}`);
    // A body on GET, HEAD or DELETE is left off (fetch refuses it on GET and HEAD).
    const sendsBody = body.text !== undefined && !['GET', 'HEAD'].includes(operation.method);
    return {
      method: operation.method,
      url: query.length > 0 ? `${path}?${query.join('&')}` : path,
      ...(sendsBody && { body: body.text, contentType: body.contentType }),
      note: body.note,
    };
  });
}
