/**
 * Which chat options each kind of provider honours, as one table: an option a provider cannot honour
 * is refused before the call with a ProviderError `unsupported` naming it by its OpenAI parameter
 * name (a 400 for the client), never dropped. README's "parameter × provider" table says the same.
 */
import type { ChatMessage, ChatOptions } from '../vocabulary/index.js';
import { ProviderError } from './errors.js';
import { firstRefusedSampler, type SamplerSupport } from './samplers.js';
import type { ProviderKind } from './types.js';

/** The options that not every provider has, keyed by ChatOptions field, with the OpenAI parameter. */
const OPTIONAL = {
  tools: 'tools',
  toolChoice: 'tool_choice',
  parallelToolCalls: 'parallel_tool_calls',
  n: 'n',
  logprobs: 'logprobs',
  topLogprobs: 'top_logprobs',
  frequencyPenalty: 'frequency_penalty',
  presencePenalty: 'presence_penalty',
  topK: 'top_k',
  logitBias: 'logit_bias',
  seed: 'seed',
  user: 'user',
  safetyIdentifier: 'safety_identifier',
  reasoningEffort: 'reasoning_effort',
  verbosity: 'verbosity',
  thinking: 'thinking',
  metadata: 'metadata',
  store: 'store',
  serviceTier: 'service_tier',
  suffix: 'suffix',
  bestOf: 'best_of',
} as const satisfies Partial<Record<keyof ChatOptions, string>>;

type OptionalOption = keyof typeof OPTIONAL;

const ALL = Object.keys(OPTIONAL) as OptionalOption[];
/** OpenAI's own platform features (stored completions, service tiers): nobody else has them. */
const OPENAI_PLATFORM: OptionalOption[] = ['metadata', 'store', 'serviceTier'];
/** Text completions' own settings: only a server's text completions endpoint has them. */
const TEXT_ONLY: OptionalOption[] = ['suffix', 'bestOf'];
/**
 * Anthropic's extended thinking. OpenAI-format APIs return no thinking blocks and document no mapping
 * from a token budget to their `reasoning_effort`, so they refuse it (`reasoning_effort` is theirs).
 */
const THINKING: OptionalOption[] = ['thinking'];

const UNSUPPORTED: Record<ProviderKind, ReadonlySet<OptionalOption>> = {
  // OpenAI's and Mistral's APIs have no top_k; Anthropic's and the open servers' have. OpenAI's chat
  // models have no text completions endpoint: a prompt goes to them as chat.
  openai: new Set(['topK', ...TEXT_ONLY, ...THINKING]),
  mock: new Set([...TEXT_ONLY, ...THINKING]),
  'openai-compatible': new Set([...OPENAI_PLATFORM, ...THINKING, 'verbosity']),
  mistral: new Set([
    ...OPENAI_PLATFORM,
    ...TEXT_ONLY,
    ...THINKING,
    'logprobs',
    'topLogprobs',
    'logitBias',
    'user',
    'safetyIdentifier',
    'reasoningEffort',
    'verbosity',
    'topK',
  ]),
  anthropic: new Set([
    ...OPENAI_PLATFORM,
    ...TEXT_ONLY,
    'n',
    'logprobs',
    'topLogprobs',
    'frequencyPenalty',
    'presencePenalty',
    'logitBias',
    'seed',
    'verbosity',
  ]),
  offline: new Set([...OPENAI_PLATFORM, ...TEXT_ONLY]),
};

/** The OpenAI parameter names of the options a provider kind refuses (for docs and tests). */
export function refusedParameters(kind: ProviderKind): string[] {
  return ALL.filter((option) => UNSUPPORTED[kind].has(option)).map((option) => OPENAI[option]);
}

const OPENAI: Record<OptionalOption, string> = OPTIONAL;

/** What each kind does with the open servers' sampling fields (samplers.ts has the table). */
const SAMPLERS: Record<ProviderKind, SamplerSupport> = {
  'openai-compatible': 'forwards',
  offline: 'seeds',
  mock: 'seeds',
  openai: 'none',
  mistral: 'none',
  anthropic: 'none',
};

/**
 * Throws `unsupported` (param: the parameter's name) for the first option this provider cannot
 * honour: OpenAI's optional parameters first, then the open servers' sampling fields that are on.
 */
export function refuseUnsupportedOptions(kind: ProviderKind, provider: string, options: ChatOptions): void {
  for (const option of UNSUPPORTED[kind]) {
    const value = options[option];
    if (value === undefined || (option === 'n' && value === 1)) continue;
    // Thinking off is every model's default: any provider honours it.
    if (option === 'thinking' && options.thinking?.type === 'disabled') continue;
    throw unsupported(kind, provider, OPENAI[option]);
  }
  // Anthropic and the open servers have one field for the end user (metadata.user_id, `user`): two
  // different ids cannot both reach it, and neither is dropped in silence.
  if (
    (kind === 'anthropic' || kind === 'openai-compatible') &&
    options.user !== undefined &&
    options.safetyIdentifier !== undefined &&
    options.user !== options.safetyIdentifier
  )
    throw new ProviderError(
      'unsupported',
      `${provider} (${kind}) has one end-user field: user and safety_identifier differ (send one of them)`,
      { provider, param: 'safety_identifier', retryable: false },
    );
  // OpenAI's chat API takes at most 4 stop sequences; text completions may bring more (front ends
  // send one per speaker and instruct sequence), which every other provider takes.
  if (kind === 'openai' && options.stop !== undefined && options.stop.length > OPENAI_MAX_STOPS)
    throw new ProviderError(
      'unsupported',
      `${provider} (${kind}) takes at most ${OPENAI_MAX_STOPS} stop sequences, not ${options.stop.length}`,
      { provider, param: 'stop', retryable: false },
    );
  // Anthropic's effort runs from `low` to `max`: OpenAI's two lowest levels have no match there.
  if (kind === 'anthropic' && (options.reasoningEffort === 'none' || options.reasoningEffort === 'minimal'))
    throw new ProviderError(
      'unsupported',
      `${provider} (${kind}) takes a reasoning_effort of low, medium, high, xhigh or max (its effort), not ${options.reasoningEffort}`,
      { provider, param: 'reasoning_effort', retryable: false },
    );
  const sampler = firstRefusedSampler(SAMPLERS[kind], options.samplers);
  if (sampler !== undefined) throw unsupported(kind, provider, sampler);
  refuseThinkingConflicts(kind, provider, options);
}

/**
 * Anthropic takes no sampling settings and no forced tool use while the model thinks (its docs:
 * temperature and top_k cannot be changed, top_p only from 0.95; the AI SDK drops all three and
 * turns a forced choice into `auto`): refused by name rather than dropped.
 */
function refuseThinkingConflicts(kind: ProviderKind, provider: string, options: ChatOptions): void {
  if (kind !== 'anthropic' || options.thinking === undefined || options.thinking.type === 'disabled') return;
  const conflict =
    options.temperature !== undefined && options.temperature !== 1
      ? 'temperature'
      : options.topK !== undefined
        ? 'top_k'
        : options.topP !== undefined && options.topP !== 1
          ? 'top_p'
          : options.toolChoice === 'required' || typeof options.toolChoice === 'object'
            ? 'tool_choice'
            : undefined;
  if (conflict === undefined) return;
  throw new ProviderError(
    'unsupported',
    `${provider} (${kind}) does not take ${conflict} while the model thinks: leave it out, or turn thinking off`,
    { provider, param: conflict, retryable: false },
  );
}

const OPENAI_MAX_STOPS = 4;

function unsupported(kind: ProviderKind, provider: string, param: string): ProviderError {
  return new ProviderError('unsupported', `${provider} (${kind}) does not support ${param}`, {
    provider,
    param,
    retryable: false,
  });
}

/**
 * Images each provider kind can carry: every kind takes them in user messages. In a tool's result only
 * Anthropic's format (and the offline provider) has room for one; OpenAI's chat format takes text there.
 * `detail` is OpenAI's: Anthropic has no such setting, so only `auto` (the vendor decides) goes there.
 */
const IMAGES_IN_TOOL_RESULTS: ReadonlySet<ProviderKind> = new Set(['anthropic', 'offline', 'mock']);
const IMAGE_DETAIL: ReadonlySet<ProviderKind> = new Set([
  'openai',
  'openai-compatible',
  'mistral',
  'offline',
  'mock',
]);

/**
 * Throws `unsupported` naming the first message this provider cannot take as it stands: an image
 * where the provider has no room for one, or (Anthropic) an empty turn.
 */
export function refuseUnsupportedMessages(
  kind: ProviderKind,
  provider: string,
  messages: readonly ChatMessage[],
): void {
  if (kind === 'anthropic') refuseEmptyTurns(provider, messages);
  for (const [index, message] of messages.entries()) {
    if (message.parts === undefined) continue;
    for (const [at, part] of message.parts.entries()) {
      if (part.type !== 'image') continue;
      const where = `messages.${index}.parts.${at}`;
      if (message.role !== 'user' && !(message.role === 'tool' && IMAGES_IN_TOOL_RESULTS.has(kind)))
        throw new ProviderError(
          'unsupported',
          `${provider} (${kind}) does not take images in ${message.role} messages (${where}): send the image in a user message`,
          { provider, param: where, retryable: false },
        );
      if (part.detail !== undefined && part.detail !== 'auto' && !IMAGE_DETAIL.has(kind))
        throw new ProviderError(
          'unsupported',
          `${provider} (${kind}) has no image detail setting: detail "${part.detail}" cannot be honoured (${where}; send "auto" or leave it out)`,
          { provider, param: `${where}.detail`, retryable: false },
        );
    }
  }
}

/**
 * OpenAI's chat API takes a user message with empty text (agent loops and replayed conversations send
 * them); Anthropic refuses every empty turn but a final assistant one ("all messages must have
 * non-empty content"), and a text block of whitespace alone. Refused here by name, before a paid call.
 */
function refuseEmptyTurns(provider: string, messages: readonly ChatMessage[]): void {
  for (const [index, message] of messages.entries()) {
    if (message.role !== 'user' && message.role !== 'assistant') continue;
    if (message.content.trim().length > 0) continue;
    if (message.parts?.some((part) => part.type === 'image')) continue;
    if (message.role === 'assistant') {
      if (index === messages.length - 1) continue;
      if ((message.toolCalls?.length ?? 0) > 0 || (message.reasoning?.length ?? 0) > 0) continue;
    }
    throw new ProviderError(
      'unsupported',
      `${provider} (anthropic) does not take an empty ${message.role} message (messages.${index}.content): Anthropic refuses empty turns`,
      { provider, param: `messages.${index}.content`, retryable: false },
    );
  }
}
