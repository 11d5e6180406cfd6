/**
 * One KoboldCpp answer, whole, read from the gateway's stream rather than asked for whole, so the
 * generation `check` reaches (./kobold-generations.ts) grows as its text comes and an abort can end
 * it with the text so far: what POST /api/v1/generate answers for one text.
 */
import { type CompletionRequest, countPromptTokens, type Gateway } from '../gateway/index.js';
import type { FinishReason, Usage } from '../vocabulary/index.js';
import { countTextTokens } from '../vocabulary/tokens.js';
import { ApiError } from './errors.js';
import type { TrackedGeneration } from './kobold-generations.js';

export interface Whole {
  text: string;
  finish: FinishReason;
  usage: Usage;
  provider: string;
}

/**
 * One answer, whole, read from the gateway's stream so `check` sees it grow. An abort ends it with
 * the text so far (its usage is Loremaster's own o200k count then: the upstream never reported one).
 */
export async function collect(
  gateway: Gateway,
  call: CompletionRequest,
  tracked: TrackedGeneration | undefined,
): Promise<Whole> {
  let text = '';
  let provider = 'none';
  try {
    const opened = await gateway.stream(call);
    provider = opened.provider;
    for await (const event of opened.events) {
      if (event.type === 'delta' && (event.choice ?? 0) === 0) {
        text += event.text;
        tracked?.append(event.text);
      }
      if (event.type === 'done')
        return { text, finish: event.finishReason, usage: event.usage, provider: event.provider };
    }
  } catch (error) {
    if (!tracked?.aborted) throw error;
  }
  if (!tracked?.aborted)
    throw new ApiError(502, 'The stream ended before its end', { type: 'upstream_error' });
  const inputTokens = countPromptTokens(call.messages, call.options?.system);
  const outputTokens = countTextTokens(text);
  return {
    text,
    finish: 'stop',
    usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
    provider,
  };
}
