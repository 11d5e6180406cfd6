/**
 * The identity of a request: two calls with the same key must get the same answer. The response
 * cache stores answers under it and the limiter coalesces identical in-flight calls by it, so it
 * runs on every call: it builds one string and hashes it once.
 */
import { hash } from 'node:crypto';
import { imageDigest, samplerCacheKey } from '../providers/index.js';
import type { ContentPart } from '../vocabulary/index.js';
import type { GatewayCall } from './types.js';

/** SHA-256 (hex) of the normalised request: provider, model, prompt and answer-changing options. */
export function requestKey(call: GatewayCall): string {
  // The default model is resolved so that changing a provider's default in config stops serving
  // answers of the old model.
  if (call.kind === 'embed') {
    const model = call.providerModel ?? call.provider.defaultEmbeddingModel;
    let text = 'embed' + str(call.route.provider) + opt(model) + num(call.dimensions);
    for (const input of call.input) text += str(input);
    return hash('sha256', text, 'hex');
  }
  // chat and stream share the key: a stored answer serves both.
  const o = call.options;
  let text =
    'chat' +
    str(call.route.provider) +
    str(call.providerModel ?? call.provider.defaultModel) +
    opt(o.system) +
    num(o.temperature) +
    num(o.maxTokens) +
    num(o.topP) +
    num(o.seed) +
    (o.json === true ? 'J' : '-') +
    (o.jsonSchema === undefined ? '-' : str(canonicalJson(o.jsonSchema))) +
    (o.stop === undefined ? '-' : 'S' + o.stop.length);
  if (o.stop) for (const stop of o.stop) text += str(stop);
  text += 'M' + call.messages.length;
  for (const message of call.messages) {
    text += str(message.role) + str(message.content) + opt(message.name);
    // Tool calls and results only where present: a plain chat keeps the key it always had.
    if (message.toolCalls !== undefined) text += 'T' + str(canonicalJson(message.toolCalls));
    if (message.toolCallId !== undefined) text += 'R' + str(message.toolCallId);
    // Images by their digest, never their bytes; with the text parts, as their order matters.
    if (message.parts !== undefined) text += 'P' + partsKey(message.parts);
    // Thinking sent back reaches Anthropic (signatures and all), so it is part of the request.
    if (message.reasoning !== undefined) text += 'H' + str(canonicalJson(message.reasoning));
  }
  const more = answerOptions(o);
  if (more !== undefined) text += 'O' + str(canonicalJson(more));
  return hash('sha256', text, 'hex');
}

function partsKey(parts: readonly ContentPart[]): string {
  let text = 'P' + parts.length;
  for (const part of parts)
    text += part.type === 'text' ? 't' + str(part.text) : 'i' + imageDigest(part) + opt(part.detail);
  return text;
}

/**
 * The other options that change the answer (tools, n, logprobs, penalties...), or undefined when the
 * call has none, which is the common case and costs one check per field. `user`, `metadata`, `store`
 * and `serviceTier` say who asks and how it is billed, not what is answered: they stay out.
 */
function answerOptions(o: GatewayCall['options']): Record<string, unknown> | undefined {
  let more: Record<string, unknown> | undefined;
  for (const field of ANSWER_OPTIONS) {
    const value = o[field];
    if (value === undefined) continue;
    more ??= {};
    more[field] = value;
  }
  const samplers = samplerCacheKey(o.samplers);
  if (samplers !== undefined) {
    more ??= {};
    more.samplers = samplers;
  }
  return more;
}

const ANSWER_OPTIONS = [
  'jsonSchemaName',
  'jsonSchemaStrict',
  'tools',
  'toolChoice',
  'parallelToolCalls',
  'n',
  'logprobs',
  'topLogprobs',
  'frequencyPenalty',
  'presencePenalty',
  'topK',
  'logitBias',
  'reasoningEffort',
  'verbosity',
  'thinking',
  'think',
  'textPrompt',
  'suffix',
  'bestOf',
] as const satisfies ReadonlyArray<keyof GatewayCall['options']>;

// Every field is length-prefixed, so no content (whatever characters it holds) can shift into the
// next field and make two different requests encode to the same string.
function str(value: string): string {
  return value.length + ':' + value;
}

function opt(value: string | undefined): string {
  return value === undefined ? '-' : str(value);
}

function num(value: number | undefined): string {
  return value === undefined ? '-' : value + ';';
}

/** JSON with object keys sorted at every level: the same schema written in another key order is the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const fields: string[] = [];
    for (const key of Object.keys(object).sort()) {
      if (object[key] !== undefined) fields.push(JSON.stringify(key) + ':' + canonicalJson(object[key]));
    }
    return '{' + fields.join(',') + '}';
  }
  return JSON.stringify(value) ?? 'null';
}
