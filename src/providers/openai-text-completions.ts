/**
 * The legacy text completions wire format (`POST /completions`), which OpenAI-compatible servers
 * (llama.cpp, vLLM, Ollama, LM Studio) serve beside chat: a request body built from a raw prompt
 * (`ChatOptions.textPrompt`), and the answers and stream chunks reshaped as the chat wire format's,
 * so the chat provider reads them with the code it already has.
 */
import type { ChatOptions } from '../vocabulary/index.js';
import { forwardedSamplers } from './samplers.js';

/** The body of a text completion: the raw prompt and the settings that apply to it. */
export function textCompletionBody(model: string, options: ChatOptions, stream: boolean): string {
  // The open servers' own fields first, as sent: the standard options below are never among them.
  const body: Record<string, unknown> = {
    model,
    prompt: options.textPrompt ?? '',
    ...forwardedSamplers(options.samplers),
  };
  if (options.maxTokens !== undefined) body.max_tokens = options.maxTokens;
  if (options.temperature !== undefined) body.temperature = options.temperature;
  if (options.topP !== undefined) body.top_p = options.topP;
  if (options.topK !== undefined) body.top_k = options.topK;
  if (options.stop !== undefined) body.stop = options.stop;
  if (options.seed !== undefined) body.seed = options.seed;
  if (options.n !== undefined && options.n > 1) body.n = options.n;
  if (options.bestOf !== undefined) body.best_of = options.bestOf;
  if (options.suffix !== undefined) body.suffix = options.suffix;
  if (options.logprobs) body.logprobs = options.topLogprobs ?? 0;
  if (options.frequencyPenalty !== undefined) body.frequency_penalty = options.frequencyPenalty;
  if (options.presencePenalty !== undefined) body.presence_penalty = options.presencePenalty;
  if (options.logitBias !== undefined) body.logit_bias = options.logitBias;
  if (options.user !== undefined) body.user = options.user;
  if (stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return JSON.stringify(body);
}

interface TextLogprobs {
  tokens?: unknown;
  token_logprobs?: unknown;
  top_logprobs?: unknown;
}

interface TextChoice {
  index?: number;
  text?: unknown;
  finish_reason?: string | null;
  logprobs?: TextLogprobs | null;
}

/** A text completion's logprobs in the chat form (`{content: [{token, logprob, top_logprobs}]}`). */
function chatLogprobs(logprobs: TextLogprobs | null | undefined) {
  if (!logprobs || !Array.isArray(logprobs.tokens)) return null;
  const values = Array.isArray(logprobs.token_logprobs) ? logprobs.token_logprobs : [];
  const tops = Array.isArray(logprobs.top_logprobs) ? logprobs.top_logprobs : [];
  return {
    content: logprobs.tokens.map((token, index) => ({
      token: String(token),
      logprob: Number(values[index] ?? 0),
      bytes: null,
      top_logprobs: Object.entries((tops[index] ?? {}) as Record<string, unknown>).map(([top, logprob]) => ({
        token: top,
        logprob: Number(logprob),
        bytes: null,
      })),
    })),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A whole text completion as a chat completion: each choice's text is its message. */
export function asChatCompletion(answer: unknown): unknown {
  if (!isRecord(answer) || !Array.isArray(answer.choices)) return answer;
  return {
    ...answer,
    choices: (answer.choices as TextChoice[]).map((choice) => ({
      index: choice?.index,
      message: { content: typeof choice?.text === 'string' ? choice.text : '' },
      finish_reason: choice?.finish_reason ?? null,
      logprobs: chatLogprobs(choice?.logprobs),
    })),
  };
}

/** A text completion chunk as a chat chunk: each choice's text is its delta. */
export function asChatChunk(chunk: unknown): unknown {
  if (!isRecord(chunk) || !Array.isArray(chunk.choices)) return chunk;
  return {
    ...chunk,
    choices: (chunk.choices as TextChoice[]).map((choice) => ({
      index: choice?.index,
      delta: { content: typeof choice?.text === 'string' ? choice.text : '' },
      finish_reason: choice?.finish_reason ?? null,
      logprobs: chatLogprobs(choice?.logprobs),
    })),
  };
}
