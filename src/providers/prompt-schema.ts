/**
 * The JSON schema a prompt carries in its text. JSON mode (`json_object`) with the schema in the
 * prompt is how LangChain's `jsonMode` and JSON-mode users of the AI SDK ask: the offline model
 * follows that schema as if it had been given as `json_schema`, and a provider without a JSON mode
 * (Anthropic) is given it as its structured-output schema.
 */
import type { ChatMessage, JsonSchema } from '../vocabulary/index.js';

/** Only this much of each message is searched, and this many objects tried: a prompt cannot make it slow. */
const MAX_SCAN_CHARS = 64 * 1024;
const MAX_CANDIDATES = 32;

/** The last schema found in the messages (system prompts and the last user message first). */
export function schemaInPrompt(messages: readonly ChatMessage[], system?: string): JsonSchema | undefined {
  const lastUser = messages.findLast((message) => message.role === 'user');
  const texts = [
    lastUser?.content ?? '',
    ...messages.filter((message) => message.role === 'system').map((message) => message.content),
    system ?? '',
  ];
  for (const text of texts) {
    const schema = findSchema(text.slice(0, MAX_SCAN_CHARS));
    if (schema) return schema;
  }
  return undefined;
}

function findSchema(text: string): JsonSchema | undefined {
  let tried = 0;
  for (let start = text.indexOf('{'); start !== -1 && tried < MAX_CANDIDATES; ) {
    const end = closingBrace(text, start);
    if (end === -1) return undefined;
    tried++;
    try {
      const value = JSON.parse(text.slice(start, end + 1)) as unknown;
      if (looksLikeSchema(value)) return value;
    } catch {
      // not JSON: try the next object
    }
    // A schema may sit inside the object just read ({"schema": {...}}): look inside it next.
    start = text.indexOf('{', start + 1);
  }
  return undefined;
}

function looksLikeSchema(value: unknown): value is JsonSchema {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  const properties = record.properties;
  return (
    (record.type === 'object' || record.$schema !== undefined) &&
    typeof properties === 'object' &&
    properties !== null
  );
}

/** The index of the `}` that closes the object opened at `start` (strings respected), or -1. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 92) i++;
      else if (char === 34) inString = false;
    } else if (char === 34) inString = true;
    else if (char === 123) depth++;
    else if (char === 125 && --depth === 0) return i;
  }
  return -1;
}
