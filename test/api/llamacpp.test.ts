/**
 * llama.cpp's native server API (POST /completion, /completions, /tokenize, /detokenize) against a
 * running Loremaster, as SillyTavern's llama.cpp type and scripts written for `llama-server` call
 * it: SillyTavern's exact body answered offline and through an OpenAI-compatible server and a chat
 * model (the fake upstream), streamed as llama.cpp streams (no `[DONE]`), llama.cpp's own fields
 * honoured or refused by name, and o200k token ids that round-trip. Also the token counts SillyTavern
 * asks each of its Text Completion types' servers for (src/api/routes/token-counts.ts).
 */
import { encode } from 'gpt-tokenizer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LLAMACPP_BODY } from '../fixtures/sillytavern/text-completion-bodies.js';
import {
  type ClientHarness,
  type Json,
  lastUpstreamChat,
  postJson,
  startClientHarness,
  upstreamTextCompletions,
} from '../support/client-harness.js';

let harness: ClientHarness;

beforeAll(async () => {
  harness = await startClientHarness();
}, 60_000);
afterAll(async () => {
  await harness?.stop();
});

const post = (path: string, body: unknown) => postJson(harness, path, body);

/** The data of each server-sent event of a streamed answer, parsed. */
function events(text: string): Json[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => JSON.parse(block.slice('data: '.length)) as Json);
}

const upstreamTexts = () => upstreamTextCompletions(harness.upstream);

const PROMPT = 'The innkeeper wiped the counter and said:';
const LOCAL = 'local/llama-3.1-8b-instruct';

describe('POST /completion', () => {
  it("answers SillyTavern's llama.cpp body offline with llama.cpp's result, the same text as /v1/completions", async () => {
    const answer = await post('/completion', LLAMACPP_BODY);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({
      index: 0,
      stop: true,
      tokens: [],
      truncated: false,
      stopping_word: '',
      prompt: LLAMACPP_BODY.prompt,
      provider: 'offline',
      generation_settings: { n_predict: LLAMACPP_BODY.n_predict, temperature: LLAMACPP_BODY.temperature },
    });
    expect(answer.body.content.length).toBeGreaterThan(0);
    expect(['eos', 'limit']).toContain(answer.body.stop_type);
    expect(answer.body.tokens_predicted).toBeGreaterThan(0);
    expect(answer.body.tokens_evaluated).toBeGreaterThan(0);
    expect(answer.body.timings.predicted_n).toBe(answer.body.tokens_predicted);
    expect(answer.body.has_new_line).toBe(answer.body.content.includes('\n'));
    // The same call /v1/completions makes of the same body: the same deterministic answer.
    const legacy = await post('/v1/completions', LLAMACPP_BODY);
    expect(legacy.status, legacy.text).toBe(200);
    expect(answer.body.content).toBe(legacy.body.choices[0].text);
    // llama.cpp's other name for the endpoint.
    const alias = await post('/completions', LLAMACPP_BODY);
    expect(alias.status, alias.text).toBe(200);
    expect(alias.body.content).toBe(answer.body.content);
  });

  it('sends the raw prompt and every sampler to an OpenAI-compatible server, n_predict as max_tokens', async () => {
    const answer = await post('/completion', { ...LLAMACPP_BODY, model: LOCAL });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.headers.get('x-loremaster-provider')).toBe('local');
    expect(answer.body.content.length).toBeGreaterThan(0);
    const upstream = upstreamTexts().at(-1)!;
    expect(upstream).toMatchObject({
      model: 'llama-3.1-8b-instruct',
      prompt: LLAMACPP_BODY.prompt,
      max_tokens: LLAMACPP_BODY.n_predict,
      samplers: LLAMACPP_BODY.samplers,
      min_p: LLAMACPP_BODY.min_p,
      repeat_penalty: LLAMACPP_BODY.repeat_penalty,
      cache_prompt: true,
    });
    // SillyTavern's record of its backend is not the model's business.
    expect(upstream).not.toHaveProperty('api_server');
  });

  it('asks for no limit with n_predict -1 (its default), and makes no call with n_predict 0', async () => {
    const unlimited = await post('/completion', { prompt: PROMPT, model: LOCAL, n_predict: -1 });
    expect(unlimited.status, unlimited.text).toBe(200);
    expect(upstreamTexts().at(-1)).not.toHaveProperty('max_tokens');
    expect(unlimited.body.generation_settings.n_predict).toBe(-1);

    const before = harness.upstream.lastRequests().length;
    const none = await post('/completion', { prompt: PROMPT, model: LOCAL, n_predict: 0 });
    expect(none.status, none.text).toBe(200);
    expect(none.body).toMatchObject({ content: '', stop: true, stop_type: 'limit', tokens_predicted: 0 });
    expect(harness.upstream.lastRequests().length).toBe(before);
  });

  it('continues the text with a chat model, as /v1/completions does', async () => {
    const answer = await post('/completion', {
      prompt: PROMPT,
      model: 'anthropic/claude-haiku-4-5',
      n_predict: 40,
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.content.length).toBeGreaterThan(0);
    expect(lastUpstreamChat(harness.upstream)).toMatchObject({
      system: [{ type: 'text', text: expect.stringMatching(/^Continue the text/) }],
      messages: [{ role: 'user', content: [{ type: 'text', text: PROMPT }] }],
      max_tokens: 40,
    });
  });

  it.each([
    ['offline', undefined],
    ['an OpenAI-compatible server', LOCAL],
  ])('streams pieces and then the finished result, with no [DONE] (%s)', async (_name, model) => {
    const body = { prompt: PROMPT, n_predict: 40, ...(model && { model }) };
    const plain = await post('/completion', body);
    const streamed = await post('/completion', { ...body, stream: true, timings_per_token: true });
    expect(streamed.status, streamed.text).toBe(200);
    expect(streamed.headers.get('content-type')).toContain('text/event-stream');
    expect(streamed.text).not.toContain('[DONE]');
    const all = events(streamed.text);
    const pieces = all.slice(0, -1);
    const last = all.at(-1)!;
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece).toMatchObject({ index: 0, stop: false, tokens: [] });
      expect(piece.timings.predicted_ms).toBeGreaterThanOrEqual(0);
    }
    expect(pieces.map((piece) => piece.content).join('')).toBe(plain.body.content);
    expect(last).toMatchObject({ stop: true, content: '', stop_type: plain.body.stop_type });
    expect(last.tokens_predicted).toBeGreaterThan(0);
  });

  it('ends a stream cut short upstream with an error event, after the pieces already sent', async () => {
    harness.upstream.injectFault({ type: 'cut-stream', afterChunks: 3, path: '/completions' });
    try {
      const streamed = await post('/completion', {
        prompt: PROMPT,
        n_predict: 40,
        model: LOCAL,
        stream: true,
      });
      expect(streamed.status, streamed.text).toBe(200);
      const all = events(streamed.text);
      expect(all.at(0)).toMatchObject({ stop: false });
      expect(all.at(-1)!.error).toMatchObject({ type: expect.any(String), message: expect.any(String) });
      expect(all.some((event) => event.stop === true)).toBe(false);
    } finally {
      harness.upstream.reset();
    }
  });

  it('answers several prompts, and n_cmpl completions of one, as an array of results', async () => {
    const several = await post('/completion', { prompt: [PROMPT, 'The dragon circled and'], n_predict: 20 });
    expect(several.status, several.text).toBe(200);
    expect(Array.isArray(several.body)).toBe(true);
    const results = several.body as unknown as Json[];
    expect(results.map((result) => result.index)).toEqual([0, 1]);
    expect(results.map((result) => result.prompt)).toEqual([PROMPT, 'The dragon circled and']);
    const single = await post('/completion', { prompt: PROMPT, n_predict: 20 });
    expect(results[0]!.content).toBe(single.body.content);

    const variants = await post('/completion', { prompt: PROMPT, n_predict: 20, n_cmpl: 2 });
    expect(variants.status, variants.text).toBe(200);
    const answers = variants.body as unknown as Json[];
    expect(answers).toHaveLength(2);
    expect(answers[0]!.content).not.toBe(answers[1]!.content);
    // Forwarded as n to a server that can.
    await post('/completion', { prompt: PROMPT, n_predict: 20, n_cmpl: 2, model: LOCAL });
    expect(upstreamTexts().at(-1)).toMatchObject({ n: 2 });
  });

  it('gives only the response_fields asked for, lifting a nested one', async () => {
    const answer = await post('/completion', {
      prompt: PROMPT,
      n_predict: 12,
      response_fields: ['content', 'generation_settings/n_predict', 'no_such_field'],
    });
    expect(answer.status, answer.text).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual(['content', 'n_predict']);
    expect(answer.body.n_predict).toBe(12);
  });

  it.each([
    ['return_tokens', { return_tokens: true }],
    ['lora', { lora: [{ id: 0, scale: 0.5 }] }],
    ['return_progress', { return_progress: true, stream: true }],
    ['t_max_predict_ms', { t_max_predict_ms: 500 }],
    ['sse_ping_interval', { sse_ping_interval: 30, stream: true }],
    ['n_probs', { n_probs: 5 }],
    ['prompt', { prompt: [12, 34, 56] }],
    ['n_cmpl', { n_cmpl: 2, n: 3 }],
    ['no_such_field', { no_such_field: 1 }],
    // /v1/completions' own fields, which llama.cpp's answer has no place for.
    ['echo', { echo: true }],
    ['logprobs', { logprobs: 2 }],
    ['stream_options', { stream: true, stream_options: { include_usage: true } }],
  ])('refuses %s by name', async (param, fields) => {
    const answer = await post('/completion', { prompt: PROMPT, ...fields });
    expect(answer.status, answer.text).toBe(400);
    expect(answer.body.error.param).toBe(param);
  });

  it('answers LLM for Unity, whose JsonUtility sends every field of its request', async () => {
    // LLMUnity's ChatRequest (Runtime/LLMInterface.cs) at its defaults, as Unity's JsonUtility writes it:
    // null strings as "", null lists as [], the Dictionary logit_bias left out.
    const unity = {
      prompt:
        'A chat between a curious traveller and the innkeeper.\n### traveller: Any rooms?\n### innkeeper:',
      id_slot: -1,
      temperature: 0.2,
      top_k: 40,
      top_p: 0.9,
      min_p: 0.05,
      n_predict: -1,
      n_keep: -1,
      stream: false,
      stop: ['### traveller:'],
      tfs_z: 1,
      typical_p: 1,
      repeat_penalty: 1.1,
      repeat_last_n: 64,
      penalize_nl: true,
      presence_penalty: 0,
      frequency_penalty: 0,
      penalty_prompt: '',
      mirostat: 0,
      mirostat_tau: 5,
      mirostat_eta: 0.1,
      grammar: '',
      seed: 0,
      ignore_eos: false,
      n_probs: 0,
      cache_prompt: true,
      messages: [],
    };
    const offline = await post('/completion', unity);
    expect(offline.status, offline.text).toBe(200);
    expect(offline.body.content.length).toBeGreaterThan(0);
    const local = await post('/completion', { ...unity, model: LOCAL });
    expect(local.status, local.text).toBe(200);
    expect(upstreamTexts().at(-1)).toMatchObject({
      penalize_nl: true,
      repeat_penalty: 1.1,
      min_p: 0.05,
      seed: 0,
    });
    // With no repetition penalty, penalize_nl asks for nothing.
    const plain = await post('/completion', {
      ...unity,
      model: 'openai/gpt-4o-mini',
      top_k: 0,
      min_p: 0,
      repeat_penalty: 1,
    });
    expect(plain.status, plain.text).toBe(200);
    const refused = await post('/completion', { ...unity, model: 'openai/gpt-4o-mini', top_k: 0, min_p: 0 });
    expect(refused.status).toBe(400);
    expect(refused.body.error.param).toBe('repeat_penalty');
    const chat = await post('/completion', { ...unity, messages: [{ role: 'user', content: 'hi' }] });
    expect(chat.status).toBe(400);
    expect(chat.body.error.param).toBe('messages');
  });

  it("forwards llama.cpp's scheduler hints to an OpenAI-compatible server, and takes every off value", async () => {
    const hints = { id_slot: 1, n_keep: 64, n_cache_reuse: 256, cache_prompt: true };
    const forwarded = await post('/completion', { prompt: PROMPT, n_predict: 10, model: LOCAL, ...hints });
    expect(forwarded.status, forwarded.text).toBe(200);
    expect(upstreamTexts().at(-1)).toMatchObject(hints);
    // Hints change how a server works, not what it answers: every provider takes them.
    const elsewhere = await post('/completion', {
      prompt: PROMPT,
      n_predict: 10,
      model: 'openai/gpt-4o-mini',
      ...hints,
    });
    expect(elsewhere.status, elsewhere.text).toBe(200);

    const answer = await post('/completion', {
      prompt: PROMPT,
      n_predict: 10,
      id_slot: -1,
      n_keep: -1,
      n_cache_reuse: 0,
      cache_prompt: true,
      sse_ping_interval: -1,
      return_tokens: false,
      return_progress: false,
      post_sampling_probs: false,
      t_max_predict_ms: 0,
      n_indent: 0,
      lora: [],
      n_probs: 0,
    });
    expect(answer.status, answer.text).toBe(200);
  });
});

describe('POST /tokenize and /detokenize', () => {
  it('give o200k token ids that round-trip', async () => {
    const text = 'The red dragon Vermithrax sleeps under Karsk. ¿Dónde está? 🐉';
    const tokenized = await post('/tokenize', { content: text, add_special: true });
    expect(tokenized.status, tokenized.text).toBe(200);
    expect(tokenized.body.tokens).toEqual(encode(text));
    const detokenized = await post('/detokenize', { tokens: tokenized.body.tokens });
    expect(detokenized.body).toEqual({ content: text });
  });

  it.each([
    ['llama.cpp', '/tokenize', (text: string) => ({ content: text })],
    ['vLLM', '/tokenize', (text: string) => ({ model: '', prompt: text })],
    ['Aphrodite', '/v1/tokenize', (text: string) => ({ model: '', prompt: text })],
    ['text-generation-webui', '/v1/internal/encode', (text: string) => ({ text })],
    ['TabbyAPI', '/v1/token/encode', (text: string) => ({ text })],
    ['KoboldCpp', '/api/extra/tokencount', (text: string) => ({ prompt: text })],
  ])(
    "count tokens for SillyTavern's %s type, read as SillyTavern reads the answer",
    async (_type, path, bodyOf) => {
      const text = 'Brannoch Tully pours you an ale. "Forty gold," he says.';
      const answer = await post(path, bodyOf(text));
      expect(answer.status, answer.text).toBe(200);
      // SillyTavern's reading (src/endpoints/tokenizers.js): the first count field there is, and the ids.
      const data = answer.body;
      const count = data.length ?? data.count ?? data.value ?? data.tokens?.length;
      const ids = data.tokens ?? data.ids;
      expect(ids).toEqual(encode(text));
      expect(count).toBe(ids.length);
    },
  );

  it('tokenize a long run without spaces in bounded pieces that still round-trip', async () => {
    const text = `${'a'.repeat(60_000)} end`;
    const tokenized = await post('/tokenize', { content: text });
    expect(tokenized.status, tokenized.text).toBe(200);
    expect(tokenized.body.tokens.length).toBeGreaterThan(60_000 / 256);
    const detokenized = await post('/detokenize', { tokens: tokenized.body.tokens });
    expect(detokenized.body.content).toBe(text);
  });

  it('refuse what they cannot do, by name', async () => {
    const unknown = await post('/detokenize', { tokens: [13225, 999_999] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ param: 'tokens.1' });
    expect(unknown.body.error.message).toContain('999999');

    const pieces = await post('/tokenize', { content: 'hi', with_pieces: true });
    expect(pieces.status).toBe(400);
    expect(pieces.body.error.param).toBe('with_pieces');

    // llama.cpp would read special token text as the special token; o200k's are counted as text only when asked.
    const special = await post('/tokenize', { content: 'end<|endoftext|>' });
    expect(special.status).toBe(400);
    expect(special.body.error.param).toBe('parse_special');
    const asText = await post('/tokenize', { content: 'end<|endoftext|>', parse_special: false });
    expect(asText.status, asText.text).toBe(200);
    expect(asText.body.tokens.length).toBeGreaterThan(3);
    // TabbyAPI's explicit ask for the same.
    const tabby = await post('/v1/token/encode', { text: 'end<|endoftext|>', encode_special_tokens: true });
    expect(tabby.status).toBe(400);
    expect(tabby.body.error.param).toBe('encode_special_tokens');
    const tabbyText = await post('/v1/token/encode', { text: 'end<|endoftext|>' });
    expect(tabbyText.body.length).toBe(asText.body.tokens.length);

    const long = await post('/tokenize', { content: 'x'.repeat(400_001) });
    expect(long.status).toBe(400);
    expect(long.body.error.param).toBe('content');

    const neither = await post('/tokenize', { model: 'x' });
    expect(neither.status).toBe(400);
    expect(neither.body.error.param).toBe('content');
    const both = await post('/tokenize', { content: 'a', prompt: 'b' });
    expect(both.status).toBe(400);
    expect(both.body.error.param).toBe('prompt');
  });
});
