/**
 * What the single-model servers' "about the model" endpoints say (llama.cpp's GET /props, KoboldCpp's
 * /api/v1/config/…): the model the `generation` role points at, and what a request that names no limit
 * or temperature gets (the role's `max_tokens` and `temperature`, which the gateway applies).
 *
 * The context window: Loremaster keeps no catalog of models' context windows (an OpenAI-compatible
 * server's window is whatever it was started with), so it is the role's `context_tokens` when set and
 * DEFAULT_CONTEXT_TOKENS otherwise, a window every current chat model has. A front end sizes the prompt
 * it sends by it; a provider with a larger window still takes a longer prompt.
 */
import type { Gateway } from '../gateway/index.js';

/** The context window reported for the generation role's model when its config names none (see above). */
export const DEFAULT_CONTEXT_TOKENS = 8192;

export interface GenerationModel {
  /** `provider/model`, or the provider alone when neither the role nor the provider names a model. */
  name: string;
  contextTokens: number;
  /** Tokens an answer gets when a request names no limit. */
  maxTokens: number;
  temperature: number;
}

export function generationModel(gateway: Gateway): GenerationModel {
  const role = gateway.settings.roles.generation;
  const model = role.model ?? gateway.registry.get(role.provider)?.provider?.defaultModel;
  return {
    name: model ? `${role.provider}/${model}` : role.provider,
    contextTokens: role.context_tokens ?? DEFAULT_CONTEXT_TOKENS,
    maxTokens: role.max_tokens,
    temperature: role.temperature,
  };
}
