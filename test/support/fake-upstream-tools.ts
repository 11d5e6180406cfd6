/**
 * What the fake upstream's models decide, whatever the vendor's wire format: which tool a request's
 * answer calls, and a value that fits a JSON schema (a tool's arguments, a structured answer). The
 * OpenAI and Anthropic answer modules share it, so both vendors behave alike for the same request.
 *
 * Tools: a named choice calls that function; `required` calls the tool the last user message mentions
 * (by a word of its name), else the first; `auto` calls it only when mentioned, and never right after
 * tool results. Values: every property of the schema, filled by type (the first enum value, the
 * minimum or 1, "fake", true, the fewest items allowed, nested objects likewise).
 */

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** All the text in a message's content, whatever shape the vendor uses (string, parts, blocks). */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map(textOf)
      .filter((text) => text.length > 0)
      .join(' ');
  if (isRecord(content)) {
    if (typeof content.text === 'string') return content.text;
    if (content.content !== undefined) return textOf(content.content);
  }
  return '';
}

export const ECHO_WORDS = 5;
const FILLER = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit'];

/** `Fake reply[ #i] to "<first words of source>"` padded with filler to `answerWords` words, as pieces. */
export function replyPieces(source: string, answerWords: number, index = 0): string[] {
  const echo = source.split(/\s+/).filter(Boolean).slice(0, ECHO_WORDS).join(' ');
  const words = `Fake reply${index > 0 ? ` #${index}` : ''} to "${echo}"`.split(' ');
  for (let i = 0; words.length < answerWords; i++) words.push(FILLER[i % FILLER.length]!);
  return words.map((word, i) => (i === 0 ? word : ` ${word}`));
}

export interface FakeTool {
  name: string;
  /** The JSON schema of its arguments. */
  parameters: Json;
}

/** A request's tool choice, in vendor-neutral terms. */
export type FakeToolChoice = 'auto' | 'required' | 'none' | { name: string };

function mentions(text: string, tool: FakeTool): boolean {
  const lower = text.toLowerCase();
  return tool.name
    .toLowerCase()
    .split(/[_-]+/)
    .filter((word) => word.length > 2 && word !== 'get')
    .some((word) => lower.includes(word));
}

/** The tool this request's answer calls, if any (the fake's models call one at a time). */
export function pickTool(
  tools: FakeTool[],
  choice: FakeToolChoice,
  userText: string,
  afterToolResult: boolean,
): FakeTool | undefined {
  if (tools.length === 0 || choice === 'none') return undefined;
  if (typeof choice === 'object') return tools.find((tool) => tool.name === choice.name);
  if (choice === 'auto' && afterToolResult) return undefined;
  const mentioned = tools.find((tool) => mentions(userText, tool));
  if (mentioned) return mentioned;
  return choice === 'required' ? tools[0] : undefined;
}

/** Whether a schema describes properties (an empty object schema gets the fake's plain JSON answer). */
export function hasProperties(schema: unknown): schema is Json {
  return isRecord(schema) && isRecord(schema.properties) && Object.keys(schema.properties).length > 0;
}

function numberFor(schema: Json): number {
  let value = 1;
  if (typeof schema.minimum === 'number') value = Math.max(schema.minimum, value);
  if (typeof schema.exclusiveMinimum === 'number') value = Math.max(schema.exclusiveMinimum + 1, value);
  if (typeof schema.maximum === 'number') value = Math.min(schema.maximum, value);
  return schema.type === 'integer' ? Math.ceil(value) : value;
}

/** A value for a schema, filled by type: enough for any client's validation of the fake's answers. */
export function valueFor(schema: unknown, depth = 0): unknown {
  if (!isRecord(schema) || depth > 8) return null;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ('const' in schema) return schema.const;
  const branches = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(branches) && branches.length > 0) {
    const concrete = branches.find((branch) => !(isRecord(branch) && branch.type === 'null'));
    return valueFor(concrete ?? branches[0], depth + 1);
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) return valueFor(schema.allOf[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'integer':
    case 'number':
      return numberFor(schema);
    case 'boolean':
      return true;
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      // Tuples: 2020-12's prefixItems (then `items` for the rest) or draft-07's `items` array.
      const tuple = Array.isArray(schema.prefixItems)
        ? schema.prefixItems
        : Array.isArray(schema.items)
          ? schema.items
          : [];
      const rest = Array.isArray(schema.items) ? schema.additionalItems : schema.items;
      const listed = tuple.map((item) => valueFor(item, depth + 1));
      const more = Math.max(0, min - listed.length);
      return [...listed, ...Array.from({ length: more }, () => valueFor(rest, depth + 1))];
    }
    case 'string': {
      const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
      return 'fake'.padEnd(min, 'e');
    }
    case 'null':
      return null;
    default: {
      const out: Json = {};
      const properties = isRecord(schema.properties) ? schema.properties : {};
      for (const [key, property] of Object.entries(properties)) out[key] = valueFor(property, depth + 1);
      return out;
    }
  }
}

/** How much of a prompt is searched for a schema, and how many objects are tried there. */
const MAX_SCAN_CHARS = 64 * 1024;
const MAX_CANDIDATES = 32;

/** The index of the `}` closing the object opened at `start` (strings respected), or -1. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * A JSON schema written into a prompt (LangChain's jsonMode and JSON-mode users put it there): the
 * first object in the text that parses and describes properties. Real models follow such a schema
 * when asked for JSON, so the fake does too.
 */
export function schemaInText(text: string): Json | undefined {
  const scanned = text.slice(0, MAX_SCAN_CHARS);
  let tried = 0;
  for (let start = scanned.indexOf('{'); start !== -1 && tried < MAX_CANDIDATES; ) {
    const end = closingBrace(scanned, start);
    if (end === -1) return undefined;
    tried++;
    try {
      const value = JSON.parse(scanned.slice(start, end + 1)) as unknown;
      if (hasProperties(value) && (value.type === 'object' || value.$schema !== undefined)) return value;
    } catch {
      // not JSON: the next object may be
    }
    start = scanned.indexOf('{', start + 1);
  }
  return undefined;
}
