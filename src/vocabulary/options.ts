/**
 * What a caller may ask of one chat or embedding call. Types only (see index.ts).
 */
import type { ThinkingConfig } from './thinking.js';
import type { JsonSchema, ToolChoice, ToolDefinition } from './tools.js';

/**
 * How hard a reasoning model works: OpenAI's `reasoning_effort` values (`none` to `max`, which its
 * newer models take) and Anthropic's `effort` (`low` to `max`). Each provider takes the ones it has.
 */
export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

/** The levels of `think` (Ollama's `think`, and `minimal`): each is a thinking budget where thinking comes back. */
export type ThinkEffort = 'minimal' | 'low' | 'medium' | 'high';

export interface ChatOptions {
  /** Extra system prompt, placed before any system messages. */
  system?: string;
  /** The provider's own model id; the provider's default model when omitted. */
  model?: string;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  stop?: string[];
  seed?: number;
  /** When set, the answer is JSON valid against this schema. */
  jsonSchema?: JsonSchema;
  /** The schema's name (OpenAI's `json_schema.name`); `response` when omitted. */
  jsonSchemaName?: string;
  /** OpenAI's strict structured outputs for `jsonSchema` (its own default when omitted). */
  jsonSchemaStrict?: boolean;
  /** When set without a schema, the answer is a JSON object. */
  json?: boolean;
  /** Functions the model may call. */
  tools?: ToolDefinition[];
  /** How the model uses `tools`; `auto` when tools are given and this is omitted. */
  toolChoice?: ToolChoice;
  /** False: at most one tool call per answer. Default: the provider's (true for OpenAI). */
  parallelToolCalls?: boolean;
  /** How many alternative answers to generate (OpenAI's `n`); 1 when omitted. */
  n?: number;
  /** Return each output token's log probability. */
  logprobs?: boolean;
  /** With `logprobs`: this many most likely alternatives per token (0–20). */
  topLogprobs?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  /** Sample from the k likeliest tokens only (Anthropic, llama.cpp, vLLM, Ollama); never 0 (0 means off). */
  topK?: number;
  /**
   * The open servers' own sampling fields (min_p, repetition_penalty, mirostat, DRY, grammar...), by
   * the names the client sent, off values too: see providers/samplers.ts for what each provider does
   * with them.
   */
  samplers?: Record<string, unknown>;
  /** Token id (as a string) → bias from -100 to 100. */
  logitBias?: Record<string, number>;
  /** The end user's id, for the upstream's abuse monitoring. */
  user?: string;
  /** The same, by OpenAI's newer name (`safety_identifier`): OpenAI gets it so, the others as their `user`. */
  safetyIdentifier?: string;
  /**
   * OpenAI's prompt-cache routing hint (`prompt_cache_key`): sent to OpenAI, which uses it to reuse a
   * cached prompt prefix. It changes no answer, so elsewhere (no such cache) it asks for nothing.
   */
  promptCacheKey?: string;
  /** Reasoning models: how much to think. */
  reasoningEffort?: ReasoningEffort;
  /** OpenAI's GPT-5 models: a shorter or longer answer than their default (`medium`, never set here). */
  verbosity?: 'low' | 'high';
  /** Extended thinking (Anthropic's): the answer's thinking comes back in `reasoning`. */
  thinking?: ThinkingConfig;
  /**
   * Think at this effort, the thinking returned where the provider shows it (Ollama's `think`). Each
   * provider takes it in its own terms (providers/think.ts): a thinking budget where thinking comes
   * back in `reasoning` (Anthropic, offline), the reasoning effort where it does not (OpenAI-format
   * APIs); a provider that cannot think refuses it by this name.
   */
  think?: ThinkEffort;
  /** OpenAI's stored-completion options, passed through where the provider has them. */
  metadata?: Record<string, string>;
  store?: boolean;
  serviceTier?: string;
  /**
   * A text completion's raw prompt (/v1/completions). A provider with a text completions endpoint
   * (OpenAI-compatible servers) sends it there as it is; every other provider answers the messages,
   * which hold the same prompt as a continuation request.
   */
  textPrompt?: string;
  /** With `textPrompt`: text that comes after the completion (OpenAI's `suffix`). */
  suffix?: string;
  /** With `textPrompt`: candidates generated server-side to return the best `n` of (OpenAI's `best_of`). */
  bestOf?: number;
  signal?: AbortSignal;
}

export interface EmbedOptions {
  model?: string;
  dimensions?: number;
  signal?: AbortSignal;
}
