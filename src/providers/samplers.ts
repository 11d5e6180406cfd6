/**
 * The sampling fields of the open model servers (llama.cpp, vLLM, Ollama, text-generation-webui,
 * TabbyAPI, KoboldCpp, Aphrodite), which SillyTavern's Text Completion mode and other local-model
 * front ends send beside OpenAI's own: one declarative table (name, value type and range, what it is
 * an alias of, the values that mean "off", what it does), read by the routes' schemas (api/), by
 * each provider's refusals (capabilities.ts), by the OpenAI-compatible wire format (forwarded as
 * sent), by the offline provider's seed and by the gateway's cache key. README's parameter table
 * says the same in words.
 *
 * Roles:
 * - `sampler`: changes the answer. Forwarded to OpenAI-compatible servers unchanged; joins the
 *   offline provider's seed; part of the cache key; refused by name by OpenAI, Anthropic and Mistral
 *   unless it is off.
 * - `constraint`: a server feature only an OpenAI-compatible server can honour (grammars, guided
 *   decoding, token pacing): forwarded there, refused by name by every other provider unless off.
 * - `hint`: how the server works, not what it answers (prompt caching, context size): forwarded to
 *   OpenAI-compatible servers, accepted by every provider, not part of the cache key.
 * - `client`: a client's own bookkeeping (SillyTavern's record of its backend, `api_type` and
 *   `api_server`; KoboldCpp's `genkey` and `quiet`): it asks nothing of any model, so it is accepted and
 *   never forwarded.
 * - `refused`: a setting Loremaster cannot honour anywhere (`n_probs`: llama.cpp's own probability
 *   format, which Loremaster does not return; `legacy_api`): refused by name unless off.
 * - `standard`: another server's name for a standard option (`n_predict` is `max_tokens`,
 *   `stopping_strings` is `stop`): used as that option; the routes turn it into it.
 */

export type SamplerRole = 'sampler' | 'constraint' | 'hint' | 'client' | 'refused' | 'standard';

/** The value a field takes, as the routes' schemas check it. */
export type SamplerType =
  | { type: 'number'; min?: number; max?: number }
  | { type: 'int'; min?: number; max?: number }
  | { type: 'boolean' }
  | { type: 'string' }
  | { type: 'strings' }
  | { type: 'ints' }
  | { type: 'string or strings' }
  | { type: 'string or ints' }
  | { type: 'object' };

/** The standard options a `standard` field stands for, by their OpenAI names. */
export type StandardOption = 'max_tokens' | 'stop' | 'seed';

export interface SamplerField {
  name: string;
  value: SamplerType;
  role: SamplerRole;
  /** Another field (or, for `standard`, the OpenAI option) this one is another server's name for. */
  aliasOf?: string;
  /** Values that ask for nothing (the field's neutral setting); null and absent are always off. */
  off?: readonly unknown[];
  /** The field only acts when one of these fields is on (dry_base does nothing while dry_multiplier is 0). */
  needs?: readonly string[];
  /** Who reads it and what it does, for docs. */
  note: string;
}

const num = (min?: number, max?: number): SamplerType => ({
  type: 'number',
  ...(min !== undefined && { min }),
  ...(max !== undefined && { max }),
});
const int = (min?: number, max?: number): SamplerType => ({
  type: 'int',
  ...(min !== undefined && { min }),
  ...(max !== undefined && { max }),
});
const bool: SamplerType = { type: 'boolean' };
const str: SamplerType = { type: 'string' };
const strs: SamplerType = { type: 'strings' };
const ints: SamplerType = { type: 'ints' };

/** SillyTavern's default sampler orders (public/scripts/textgen-settings.js): the servers' own order. */
const LLAMACPP_DEFAULT_ORDER = ['top_k', 'tfs_z', 'typical_p', 'top_p', 'min_p', 'temperature'];
const OOBA_DEFAULT_ORDER = [
  'temperature',
  'dynamic_temperature',
  'quadratic_sampling',
  'top_k',
  'top_p',
  'typical_p',
  'epsilon_cutoff',
  'eta_cutoff',
  'tfs',
  'top_a',
  'min_p',
  'mirostat',
];
const KOBOLDCPP_ORDER = [6, 0, 1, 3, 4, 2, 5];

/**
 * Every field, in the order refusals are checked: the first field in this list that a provider
 * cannot honour is the one its 400 names.
 */
export const SAMPLER_FIELDS: readonly SamplerField[] = [
  // Other servers' names for OpenAI's own options.
  {
    name: 'max_new_tokens',
    value: int(1),
    role: 'standard',
    aliasOf: 'max_tokens',
    note: 'text-generation-webui',
  },
  { name: 'n_predict', value: int(1), role: 'standard', aliasOf: 'max_tokens', note: 'llama.cpp' },
  { name: 'num_predict', value: int(1), role: 'standard', aliasOf: 'max_tokens', note: 'Ollama' },
  { name: 'stopping_strings', value: strs, role: 'standard', aliasOf: 'stop', note: 'text-generation-webui' },
  { name: 'sampler_seed', value: int(), role: 'standard', aliasOf: 'seed', note: 'text-generation-webui' },

  // Truncation samplers.
  { name: 'min_p', value: num(0, 1), role: 'sampler', off: [0], note: 'llama.cpp, vLLM, Ollama, webui' },
  { name: 'typical_p', value: num(0, 1), role: 'sampler', off: [1], note: 'locally typical sampling' },
  { name: 'typical', value: num(0, 1), role: 'sampler', aliasOf: 'typical_p', off: [1], note: 'KoboldCpp' },
  { name: 'tfs', value: num(0, 1), role: 'sampler', off: [1], note: 'tail-free sampling' },
  { name: 'tfs_z', value: num(0, 1), role: 'sampler', aliasOf: 'tfs', off: [1], note: 'llama.cpp, Ollama' },
  { name: 'top_a', value: num(0, 1), role: 'sampler', off: [0], note: 'top-a' },
  { name: 'epsilon_cutoff', value: num(0), role: 'sampler', off: [0], note: 'webui' },
  { name: 'eta_cutoff', value: num(0), role: 'sampler', off: [0], note: 'webui' },
  { name: 'nsigma', value: num(), role: 'sampler', off: [0, -1], note: 'top-nσ' },
  { name: 'top_n_sigma', value: num(), role: 'sampler', aliasOf: 'nsigma', off: [0, -1], note: 'llama.cpp' },
  { name: 'min_keep', value: int(0), role: 'sampler', off: [0], note: 'llama.cpp, webui' },
  { name: 'skew', value: num(), role: 'sampler', off: [0], note: 'TabbyAPI' },

  // Repetition penalties.
  { name: 'repetition_penalty', value: num(0), role: 'sampler', off: [1], note: 'vLLM, webui, TabbyAPI' },
  {
    name: 'rep_pen',
    value: num(0),
    role: 'sampler',
    aliasOf: 'repetition_penalty',
    off: [1],
    note: 'KoboldCpp',
  },
  {
    name: 'repeat_penalty',
    value: num(0),
    role: 'sampler',
    aliasOf: 'repetition_penalty',
    off: [1],
    note: 'llama.cpp, Ollama',
  },
  {
    name: 'repetition_penalty_range',
    value: int(-1),
    role: 'sampler',
    off: [0],
    needs: ['repetition_penalty'],
    note: 'tokens the penalty looks back over',
  },
  {
    name: 'rep_pen_range',
    value: int(-1),
    role: 'sampler',
    aliasOf: 'repetition_penalty_range',
    off: [0],
    needs: ['repetition_penalty'],
    note: 'KoboldCpp',
  },
  {
    name: 'repeat_last_n',
    value: int(-1),
    role: 'sampler',
    aliasOf: 'repetition_penalty_range',
    off: [0],
    needs: ['repetition_penalty'],
    note: 'llama.cpp, Ollama',
  },
  {
    name: 'penalize_nl',
    value: bool,
    role: 'sampler',
    off: [false],
    needs: ['repetition_penalty'],
    note: 'llama.cpp (older), LLM for Unity: newlines count for the repetition penalty',
  },
  {
    name: 'penalty_prompt',
    value: { type: 'string or ints' },
    role: 'sampler',
    off: [''],
    needs: ['repetition_penalty'],
    note: 'llama.cpp (older), LLM for Unity: what the repetition penalty reads instead of the prompt',
  },
  {
    name: 'rep_pen_slope',
    value: num(0),
    role: 'sampler',
    off: [1],
    needs: ['repetition_penalty'],
    note: 'KoboldCpp',
  },
  {
    name: 'repetition_decay',
    value: int(0),
    role: 'sampler',
    off: [0],
    needs: ['repetition_penalty'],
    note: 'TabbyAPI',
  },
  { name: 'encoder_repetition_penalty', value: num(0), role: 'sampler', off: [1], note: 'webui' },
  { name: 'no_repeat_ngram_size', value: int(0), role: 'sampler', off: [0], note: 'webui' },
  { name: 'dry_multiplier', value: num(0), role: 'sampler', off: [0], note: 'DRY' },
  { name: 'dry_base', value: num(0), role: 'sampler', needs: ['dry_multiplier'], note: 'DRY' },
  { name: 'dry_allowed_length', value: int(0), role: 'sampler', needs: ['dry_multiplier'], note: 'DRY' },
  {
    name: 'dry_sequence_breakers',
    value: { type: 'string or strings' },
    role: 'sampler',
    needs: ['dry_multiplier'],
    note: 'DRY (a JSON list in a string, or a list)',
  },
  { name: 'dry_penalty_last_n', value: int(-1), role: 'sampler', needs: ['dry_multiplier'], note: 'DRY' },

  // Temperature shaping, Mirostat, XTC, adaptive-p.
  { name: 'dynamic_temperature', value: bool, role: 'sampler', off: [false], note: 'webui' },
  { name: 'dynatemp_range', value: num(0), role: 'sampler', off: [0], note: 'llama.cpp, TabbyAPI' },
  { name: 'dynatemp_low', value: num(0), role: 'sampler', needs: ['dynamic_temperature'], note: 'webui' },
  {
    name: 'dynatemp_min',
    value: num(0),
    role: 'sampler',
    aliasOf: 'dynatemp_low',
    needs: ['dynamic_temperature'],
    note: 'Aphrodite',
  },
  { name: 'dynatemp_high', value: num(0), role: 'sampler', needs: ['dynamic_temperature'], note: 'webui' },
  {
    name: 'dynatemp_max',
    value: num(0),
    role: 'sampler',
    aliasOf: 'dynatemp_high',
    needs: ['dynamic_temperature'],
    note: 'Aphrodite',
  },
  {
    name: 'dynatemp_exponent',
    value: num(0),
    role: 'sampler',
    needs: ['dynamic_temperature', 'dynatemp_range'],
    note: 'dynamic temperature',
  },
  { name: 'smoothing_factor', value: num(0), role: 'sampler', off: [0], note: 'quadratic sampling' },
  {
    name: 'smoothing_curve',
    value: num(0),
    role: 'sampler',
    off: [1],
    needs: ['smoothing_factor'],
    note: 'quadratic sampling',
  },
  {
    name: 'temperature_last',
    value: bool,
    role: 'sampler',
    off: [false],
    note: 'webui, TabbyAPI, Aphrodite',
  },
  { name: 'mirostat_mode', value: int(0, 2), role: 'sampler', off: [0], note: 'webui, TabbyAPI' },
  {
    name: 'mirostat',
    value: int(0, 2),
    role: 'sampler',
    aliasOf: 'mirostat_mode',
    off: [0],
    note: 'llama.cpp',
  },
  { name: 'mirostat_tau', value: num(0), role: 'sampler', needs: ['mirostat_mode'], note: 'Mirostat' },
  { name: 'mirostat_eta', value: num(0), role: 'sampler', needs: ['mirostat_mode'], note: 'Mirostat' },
  { name: 'xtc_probability', value: num(0, 1), role: 'sampler', off: [0], note: 'XTC' },
  { name: 'xtc_threshold', value: num(0, 1), role: 'sampler', needs: ['xtc_probability'], note: 'XTC' },
  { name: 'adaptive_target', value: num(), role: 'sampler', off: [0, -1], note: 'llama.cpp adaptive-p' },
  { name: 'adaptive_decay', value: num(0), role: 'sampler', needs: ['adaptive_target'], note: 'adaptive-p' },

  // Sampler order: the server's own order is off.
  {
    name: 'samplers',
    value: { type: 'string or strings' },
    role: 'sampler',
    off: [[], '', LLAMACPP_DEFAULT_ORDER],
    note: 'llama.cpp sampler order',
  },
  {
    name: 'sampler_priority',
    value: strs,
    role: 'sampler',
    off: [[], OOBA_DEFAULT_ORDER],
    note: 'webui order',
  },
  {
    name: 'sampler_order',
    value: ints,
    role: 'sampler',
    off: [[], KOBOLDCPP_ORDER],
    note: 'KoboldCpp order',
  },

  // Length, end of text, bans, beams, guidance.
  { name: 'min_tokens', value: int(0), role: 'sampler', off: [0], note: 'vLLM, webui' },
  { name: 'min_length', value: int(0), role: 'sampler', aliasOf: 'min_tokens', off: [0], note: 'webui' },
  { name: 'ignore_eos', value: bool, role: 'sampler', off: [false], note: 'llama.cpp, vLLM' },
  { name: 'ban_eos_token', value: bool, role: 'sampler', aliasOf: 'ignore_eos', off: [false], note: 'webui' },
  {
    name: 'use_default_badwordsids',
    value: bool,
    role: 'sampler',
    aliasOf: 'ignore_eos',
    off: [false],
    note: 'KoboldCpp: bans the end-of-text token',
  },
  {
    name: 'bypass_eos',
    value: bool,
    role: 'sampler',
    aliasOf: 'ignore_eos',
    off: [false],
    note: 'KoboldCpp',
  },
  {
    name: 'render_special',
    value: bool,
    role: 'sampler',
    off: [false],
    note: 'KoboldCpp: special tokens written out in the text',
  },
  { name: 'add_bos_token', value: bool, role: 'sampler', off: [true], note: 'webui, TabbyAPI' },
  { name: 'skip_special_tokens', value: bool, role: 'sampler', off: [true], note: 'vLLM, webui' },
  { name: 'spaces_between_special_tokens', value: bool, role: 'sampler', off: [true], note: 'vLLM' },
  { name: 'include_stop_str_in_output', value: bool, role: 'sampler', off: [false], note: 'vLLM' },
  { name: 'trim_stop', value: bool, role: 'sampler', off: [true], note: 'KoboldCpp' },
  { name: 'stop_token_ids', value: ints, role: 'sampler', off: [[]], note: 'vLLM' },
  {
    name: 'custom_token_bans',
    value: { type: 'string or ints' },
    role: 'sampler',
    off: ['', []],
    note: 'webui, TabbyAPI, Aphrodite: token ids',
  },
  { name: 'banned_strings', value: strs, role: 'sampler', off: [[]], note: 'TabbyAPI, KoboldCpp' },
  {
    name: 'banned_tokens',
    value: strs,
    role: 'sampler',
    aliasOf: 'banned_strings',
    off: [[]],
    note: 'KoboldCpp: phrases it never writes',
  },
  { name: 'do_sample', value: bool, role: 'sampler', off: [true], note: 'webui (false: greedy)' },
  { name: 'num_beams', value: int(1), role: 'sampler', off: [1], note: 'webui' },
  { name: 'use_beam_search', value: bool, role: 'sampler', off: [false], note: 'vLLM' },
  { name: 'length_penalty', value: num(), role: 'sampler', off: [1], note: 'beam search' },
  { name: 'early_stopping', value: bool, role: 'sampler', off: [false], note: 'beam search' },
  { name: 'penalty_alpha', value: num(0), role: 'sampler', off: [0], note: 'webui contrastive search' },
  { name: 'guidance_scale', value: num(), role: 'sampler', off: [1], note: 'webui CFG' },
  {
    name: 'negative_prompt',
    value: str,
    role: 'sampler',
    off: [''],
    needs: ['guidance_scale'],
    note: 'webui CFG',
  },
  {
    name: 'truncate_prompt_tokens',
    value: int(1),
    role: 'sampler',
    note: 'vLLM: keep the last N prompt tokens',
  },

  // Constrained decoding and pacing: only a server with the feature can honour them.
  { name: 'grammar', value: str, role: 'constraint', off: [''], note: 'llama.cpp, KoboldCpp: GBNF' },
  {
    name: 'grammar_string',
    value: str,
    role: 'constraint',
    aliasOf: 'grammar',
    off: [''],
    note: 'webui, TabbyAPI',
  },
  { name: 'guided_grammar', value: str, role: 'constraint', aliasOf: 'grammar', off: [''], note: 'vLLM' },
  {
    name: 'json_schema',
    value: { type: 'object' },
    role: 'constraint',
    off: [{}],
    note: 'llama.cpp, TabbyAPI: a JSON schema as grammar',
  },
  {
    name: 'guided_json',
    value: { type: 'object' },
    role: 'constraint',
    aliasOf: 'json_schema',
    off: [{}],
    note: 'vLLM',
  },
  { name: 'guided_regex', value: str, role: 'constraint', off: [''], note: 'vLLM' },
  { name: 'guided_choice', value: strs, role: 'constraint', off: [[]], note: 'vLLM' },
  { name: 'grammar_retain_state', value: bool, role: 'constraint', off: [false], note: 'KoboldCpp' },
  { name: 'include_reasoning', value: bool, role: 'constraint', off: [false], note: 'reasoning in the text' },
  { name: 'max_tokens_second', value: int(0), role: 'constraint', off: [0], note: 'webui: paces the stream' },

  // How the server works, not what it answers.
  { name: 'cache_prompt', value: bool, role: 'hint', note: 'llama.cpp: reuse the KV cache' },
  { name: 'id_slot', value: int(-1), role: 'hint', note: 'llama.cpp: the slot to run in (-1: any idle one)' },
  {
    name: 'n_keep',
    value: int(-1),
    role: 'hint',
    note: 'llama.cpp: prompt tokens kept when the context shifts',
  },
  { name: 'n_cache_reuse', value: int(0), role: 'hint', note: 'llama.cpp: the least KV cache chunk reused' },
  { name: 'speculative_ngram', value: bool, role: 'hint', note: 'TabbyAPI: speculative decoding' },
  { name: 'truncation_length', value: int(0), role: 'hint', note: 'webui: the context size the prompt fits' },
  {
    name: 'max_context_length',
    value: int(0),
    role: 'hint',
    aliasOf: 'truncation_length',
    note: 'KoboldCpp: the context size the prompt fits',
  },
  { name: 'num_ctx', value: int(0), role: 'hint', note: 'Ollama: the context size the prompt fits' },
  { name: 'num_batch', value: int(0), role: 'hint', note: 'Ollama: batch size' },
  { name: 'guided_decoding_backend', value: str, role: 'hint', note: 'vLLM: which guided-decoding engine' },
  { name: 'guided_whitespace_pattern', value: str, role: 'hint', note: 'vLLM: whitespace in guided JSON' },

  // SillyTavern's own record of its backend.
  { name: 'api_type', value: str, role: 'client', note: "SillyTavern's backend type" },
  { name: 'api_server', value: str, role: 'client', note: "SillyTavern's backend URL" },
  // A KoboldCpp client's own bookkeeping.
  { name: 'genkey', value: str, role: 'client', note: 'KoboldCpp: the key a client polls its generation by' },
  { name: 'quiet', value: bool, role: 'client', note: 'KoboldCpp: keep the prompt out of the server log' },

  // Never honoured.
  {
    name: 'n_probs',
    value: int(0),
    role: 'refused',
    off: [0],
    note: "llama.cpp's probabilities, which Loremaster does not return: send logprobs",
  },
  { name: 'legacy_api', value: bool, role: 'refused', off: [false], note: "webui's retired /v1/generate" },
];

const BY_NAME = new Map(SAMPLER_FIELDS.map((field) => [field.name, field]));

export function samplerField(name: string): SamplerField | undefined {
  return BY_NAME.get(name);
}

/** The field a name stands for (itself unless it is an alias of another sampler field). */
function canonical(field: SamplerField): string {
  return field.role !== 'standard' && field.aliasOf !== undefined ? field.aliasOf : field.name;
}

/** Same value, compared as JSON (arrays and objects by content; object keys in their order). */
function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function offValue(field: SamplerField, value: unknown): boolean {
  return value == null || (field.off ?? []).some((off) => same(off, value));
}

/** The values sent, by the name each field stands for (aliases folded into it). */
function byCanonical(values: Readonly<Record<string, unknown>>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [name, value] of Object.entries(values)) {
    const field = BY_NAME.get(name);
    if (field && value != null && !out.has(canonical(field))) out.set(canonical(field), value);
  }
  return out;
}

function isOn(field: SamplerField, value: unknown, sent: Map<string, unknown>): boolean {
  if (offValue(field, value)) return false;
  if (!field.needs) return true;
  return field.needs.some((need) => {
    const governor = BY_NAME.get(need);
    return governor !== undefined && isOn(governor, sent.get(need), sent);
  });
}

/** The fields of `values` that ask for something (not off, not switched off by the field they need). */
export function samplersOn(values: Readonly<Record<string, unknown>>): SamplerField[] {
  const sent = byCanonical(values);
  return SAMPLER_FIELDS.filter((field) => field.name in values && isOn(field, values[field.name], sent));
}

/**
 * The first pair of names for one setting sent with different values (`rep_pen` 1.1 beside
 * `repetition_penalty` 1.2): which one the server would read is not Loremaster's to guess.
 */
export function samplerConflict(
  values: Readonly<Record<string, unknown>>,
): { name: string; other: string } | undefined {
  const seen = new Map<string, { name: string; value: unknown }>();
  for (const field of SAMPLER_FIELDS) {
    const value = values[field.name];
    if (value == null || field.role === 'standard') continue;
    const key = canonical(field);
    const before = seen.get(key);
    if (before && !same(before.value, value)) return { name: field.name, other: before.name };
    if (!before) seen.set(key, { name: field.name, value });
  }
  return undefined;
}

/** Which roles each kind of provider honours; any other role, when on, is refused by name. */
export type SamplerSupport = 'forwards' | 'seeds' | 'none';

const HONOURED: Record<SamplerSupport, ReadonlySet<SamplerRole>> = {
  // An OpenAI-compatible server gets every field as it was sent: they are its own extensions.
  forwards: new Set(['sampler', 'constraint', 'hint']),
  // The offline provider folds samplers into its deterministic seed; it has no grammar engine.
  seeds: new Set(['sampler', 'hint']),
  none: new Set(['hint']),
};

/** The first field that is on and that a provider of this support cannot honour. */
export function firstRefusedSampler(
  support: SamplerSupport,
  values: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  if (values === undefined) return undefined;
  const honoured = HONOURED[support];
  return samplersOn(values).find((field) => field.role !== 'client' && !honoured.has(field.role))?.name;
}

/**
 * What joins the offline provider's seed: the fields that change the answer and are on, by the name
 * they stand for, in a fixed order ('' when none). An off value asks for nothing, so it changes nothing.
 */
export function samplerSeedKey(values: Readonly<Record<string, unknown>> | undefined): string {
  if (values === undefined) return '';
  const parts: string[] = [];
  for (const field of samplersOn(values)) {
    if (field.role !== 'sampler') continue;
    parts.push(`${canonical(field)}=${JSON.stringify(values[field.name])}`);
  }
  return parts.sort().join('&');
}

/**
 * What joins the cache key: every field that can change the answer, as sent (an OpenAI-compatible
 * server gets off values too, and its own default may differ: llama.cpp's min_p is 0.05), or
 * undefined when there is none. Hints and SillyTavern's own fields change no answer and stay out.
 */
export function samplerCacheKey(
  values: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> | undefined {
  if (values === undefined) return undefined;
  let out: Record<string, unknown> | undefined;
  for (const [name, value] of Object.entries(values)) {
    const role = BY_NAME.get(name)?.role;
    if (value == null || (role !== 'sampler' && role !== 'constraint' && role !== 'refused')) continue;
    out ??= {};
    out[name] = value;
  }
  return out;
}

/** The fields an OpenAI-compatible server gets, under the names they were sent with, off values too. */
export function forwardedSamplers(
  values: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> | undefined {
  if (values === undefined) return undefined;
  let out: Record<string, unknown> | undefined;
  for (const [name, value] of Object.entries(values)) {
    const field = BY_NAME.get(name);
    if (!field || value == null || field.role === 'client' || field.role === 'standard') continue;
    out ??= {};
    out[name] = value;
  }
  return out;
}
