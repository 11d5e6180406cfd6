/**
 * Tools and schemas: the functions a model may call, how it may call them, its calls, and the JSON
 * Schema that structured output must satisfy. Types only (see index.ts).
 */

/** A JSON Schema (draft 7 subset) the answer must satisfy. */
export type JsonSchema = Record<string, unknown>;

/** A function the model may call. */
export interface ToolDefinition {
  name: string;
  description?: string;
  /** The arguments' JSON Schema (an object schema); `{type: 'object', properties: {}}` when it takes none. */
  parameters: JsonSchema;
  /** OpenAI's strict mode: the arguments must follow the schema exactly. */
  strict?: boolean;
}

/**
 * `auto`: the model decides; `none`: no tool call; `required`: at least one call;
 * `{name}`: exactly that function.
 */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** One call of a tool by the model. */
export interface ToolCall {
  /** The provider's id for the call (`call_…`, `toolu_…`); a tool message answers it by this id. */
  id: string;
  /** The function's name. */
  name: string;
  /** The arguments as JSON text, exactly as the model wrote them (it may be invalid JSON). */
  arguments: string;
}
