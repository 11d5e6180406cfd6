/**
 * SillyTavern's Text Completion mode (and the local-model front ends that speak the same dialects)
 * against a running Loremaster: the exact bodies it builds for its generic, llama.cpp, vLLM, Ollama,
 * TabbyAPI and KoboldCpp types (test/fixtures/sillytavern/text-completion-bodies.ts) are answered
 * offline, deterministically; reach an OpenAI-compatible server with every sampler field as sent; are
 * refused by OpenAI, Mistral and Anthropic with a 400 naming the first field that is on; and the
 * fields' off values are accepted everywhere. Also its Chat Completion "Custom (OpenAI-compatible)"
 * source's body on /v1/chat/completions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CUSTOM_CHAT_BODY,
  LLAMACPP_BODY,
  TEXT_COMPLETION_BODIES,
  VLLM_BODY,
} from '../fixtures/sillytavern/text-completion-bodies.js';
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

const post = (path: string, body: Record<string, unknown>) => postJson(harness, path, body);

const complete = (body: Record<string, unknown>) => post('/v1/completions', body);

function withModel(body: Record<string, unknown>, model: string | undefined): Record<string, unknown> {
  const { model: _ignored, ...rest } = body;
  return model === undefined ? rest : { ...rest, model };
}

/** The last text completion the fake upstream received. */
function lastUpstreamText(): Json {
  const request = upstreamTextCompletions(harness.upstream).at(-1);
  if (!request) throw new Error('the fake upstream received no text completion');
  return request;
}

/**
 * What an OpenAI-compatible server should get of a body: all but SillyTavern's own fields, the other
 * names of standard options, and the standard options at the values that ask for nothing (penalties
 * 0, n 1, best_of equal to n, seed -1), which Loremaster does not send to any provider.
 */
function forwardedPart(body: Record<string, unknown>): Record<string, unknown> {
  const asksNothing = (name: string, value: unknown) =>
    (['frequency_penalty', 'presence_penalty'].includes(name) && value === 0) ||
    (['n', 'best_of'].includes(name) && value === 1) ||
    (name === 'seed' && value === -1);
  const dropped = new Set([
    'model',
    'api_type',
    'api_server',
    'max_new_tokens',
    'n_predict',
    'num_predict',
    'stopping_strings',
    'sampler_seed',
    'logit_bias',
  ]);
  return Object.fromEntries(
    Object.entries(body).filter(([name, value]) => !dropped.has(name) && !asksNothing(name, value)),
  );
}

/** The llama.cpp body with every sampler at its off value. */
const NEUTRAL = { ...LLAMACPP_BODY, top_k: 0, repetition_penalty: 1, rep_pen: 1, repeat_penalty: 1 };

describe.each(Object.entries(TEXT_COMPLETION_BODIES))(
  'SillyTavern type %s on /v1/completions',
  (type, body) => {
    it('is answered offline, deterministically', async () => {
      // Types that send no model (llama.cpp, TabbyAPI, KoboldCpp) get the generation role: offline here.
      const offlineBody = 'model' in body ? withModel(body, 'offline') : body;
      const first = await complete(offlineBody);
      expect(first.status, first.text).toBe(200);
      expect(first.body.object).toBe('text_completion');
      expect(first.body.choices[0].text.length).toBeGreaterThan(0);
      const again = await complete({ ...offlineBody, prompt: `${offlineBody.prompt as string}` });
      expect(again.body.choices[0].text).toBe(first.body.choices[0].text);
    });

    it('reaches an OpenAI-compatible server with every field as sent', async () => {
      const sent = await complete(withModel(body, 'local/llama-3.1-8b-instruct'));
      expect(sent.status, sent.text).toBe(200);
      const upstream = lastUpstreamText();
      expect(upstream).toMatchObject({ model: 'llama-3.1-8b-instruct', ...forwardedPart(body) });
      expect(upstream).not.toHaveProperty('api_server');
      expect(upstream).not.toHaveProperty('api_type');
      expect(upstream.max_tokens).toBe(300);
      expect(upstream).not.toHaveProperty('seed');
    });

    it('is refused by OpenAI and Mistral naming the first field they lack, unless it asks for nothing', async () => {
      for (const model of ['openai/gpt-4o-mini', 'mistral/mistral-small-latest']) {
        const answer = await complete(withModel(body, model));
        if (type === 'generic') {
          expect(answer.status, answer.text).toBe(200);
          continue;
        }
        expect(answer.status, `${model}: ${answer.text}`).toBe(400);
        // Every type but generic sends top_k 40, SillyTavern's default, and OpenAI's optional parameters come first.
        expect(answer.body.error).toMatchObject({ param: 'top_k', code: 'unsupported' });
      }
    });
  },
);

describe('SillyTavern sampler fields', () => {
  it('name the first non-default field in the table order once top_k is off', async () => {
    const answer = await complete({ ...LLAMACPP_BODY, top_k: 0, model: 'openai/gpt-4o-mini' });
    expect(answer.status, answer.text).toBe(400);
    expect(answer.body.error).toMatchObject({ param: 'repetition_penalty', code: 'unsupported' });
    expect(answer.body.error.message).toContain('repetition_penalty');

    const vllm = await complete({
      ...VLLM_BODY,
      top_k: 0,
      repetition_penalty: 1,
      min_p: 0.05,
      model: 'mistral',
    });
    expect(vllm.status, vllm.text).toBe(400);
    expect(vllm.body.error.param).toBe('min_p');
  });

  it('accept off values on every vendor, which then get only what they know', async () => {
    for (const model of [
      'openai/gpt-4o-mini',
      'mistral/mistral-small-latest',
      'anthropic/claude-haiku-4-5',
    ]) {
      const answer = await complete({ ...NEUTRAL, model });
      expect(answer.status, `${model}: ${answer.text}`).toBe(200);
      const upstream = lastUpstreamChat(harness.upstream);
      for (const name of ['min_p', 'repetition_penalty', 'mirostat', 'dry_base', 'api_server', 'samplers'])
        expect(upstream, `${model} ${name}`).not.toHaveProperty(name);
      expect(upstream.max_tokens).toBe(300);
    }
  });

  it('join the offline seed when on, and an off value changes nothing', async () => {
    const plain = await complete({
      model: 'offline',
      prompt: 'The innkeeper said:',
      max_tokens: 40,
      seed: 3,
    });
    const off = await complete({
      model: 'offline',
      prompt: 'The innkeeper said:',
      max_tokens: 40,
      seed: 3,
      min_p: 0,
      repetition_penalty: 1,
      mirostat_mode: 0,
      mirostat_tau: 5,
    });
    const on = await complete({
      model: 'offline',
      prompt: 'The innkeeper said:',
      max_tokens: 40,
      seed: 3,
      min_p: 0.1,
    });
    const alias = await complete({
      model: 'offline',
      prompt: 'The innkeeper said:',
      max_tokens: 40,
      seed: 3,
      typical: 0.9,
    });
    const canonical = await complete({
      model: 'offline',
      prompt: 'The innkeeper said:',
      max_tokens: 40,
      seed: 3,
      typical_p: 0.9,
    });
    for (const answer of [plain, off, on, alias, canonical]) expect(answer.status, answer.text).toBe(200);
    expect(off.body.choices[0].text).toBe(plain.body.choices[0].text);
    expect(on.body.choices[0].text).not.toBe(plain.body.choices[0].text);
    // Another server's name for a field is the same setting.
    expect(alias.body.choices[0].text).toBe(canonical.body.choices[0].text);
  });

  it('turn other servers’ names for max_tokens, stop and seed into them', async () => {
    const answer = await complete({
      model: 'openai/gpt-4o-mini',
      prompt: 'Once',
      n_predict: 25,
      stopping_strings: ['\n'],
    });
    expect(answer.status, answer.text).toBe(200);
    expect(lastUpstreamChat(harness.upstream)).toMatchObject({ max_tokens: 25, stop: ['\n'] });

    const clash = await complete({ model: 'offline', prompt: 'Once', max_tokens: 20, n_predict: 25 });
    expect(clash.status).toBe(400);
    expect(clash.body.error.param).toBe('n_predict');
    const samplerClash = await complete({
      model: 'offline',
      prompt: 'Once',
      repetition_penalty: 1.2,
      rep_pen: 1.1,
    });
    expect(samplerClash.status).toBe(400);
    expect(samplerClash.body.error.param).toBe('rep_pen');
  });

  it('keep grammars for servers that have them, and refuse what Loremaster cannot honour anywhere', async () => {
    const grammar = 'root ::= "yes" | "no"';
    const local = await complete({ model: 'local/llama-3.1-8b-instruct', prompt: 'Is it?', grammar });
    expect(local.status, local.text).toBe(200);
    expect(lastUpstreamText()).toMatchObject({ grammar });
    for (const model of ['offline', 'openai/gpt-4o-mini']) {
      const refused = await complete({ model, prompt: 'Is it?', grammar_string: grammar });
      expect(refused.status, model).toBe(400);
      expect(refused.body.error.param).toBe('grammar_string');
    }
    for (const model of ['offline', 'local/llama-3.1-8b-instruct']) {
      const refused = await complete({ model, prompt: 'Is it?', n_probs: 5 });
      expect(refused.status, model).toBe(400);
      expect(refused.body.error.param).toBe('n_probs');
    }
    const bad = await complete({ model: 'offline', prompt: 'Is it?', min_p: 2 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('min_p');
  });

  it('take more than 4 stop strings where the provider can, and OpenAI refuses them by name', async () => {
    const stop = ['\nUser:', '\nNarrator:', '<|eot_id|>', '<|start_header_id|>', '\n***', '</s>'];
    for (const model of ['offline', 'local/llama-3.1-8b-instruct', 'anthropic/claude-haiku-4-5']) {
      const answer = await complete({ ...LLAMACPP_BODY, top_k: 0, stop, stopping_strings: stop, model });
      if (model === 'anthropic/claude-haiku-4-5') {
        // Anthropic takes the stops but not repetition_penalty 1.2, SillyTavern's default.
        expect(answer.body.error?.param, answer.text).toBe('repetition_penalty');
        continue;
      }
      expect(answer.status, `${model}: ${answer.text}`).toBe(200);
    }
    expect(lastUpstreamText().stop).toEqual(stop);
    const anthropic = await complete({ model: 'anthropic/claude-haiku-4-5', prompt: 'Once', stop });
    expect(anthropic.status, anthropic.text).toBe(200);
    expect(lastUpstreamChat(harness.upstream).stop_sequences).toEqual(stop);
    const openai = await complete({ model: 'openai/gpt-4o-mini', prompt: 'Once', stop });
    expect(openai.status).toBe(400);
    expect(openai.body.error).toMatchObject({ param: 'stop', code: 'unsupported' });
  });

  it('give the 10 token probabilities SillyTavern asks for when it shows them', async () => {
    const answer = await complete({ ...LLAMACPP_BODY, logprobs: 10 });
    expect(answer.status, answer.text).toBe(200);
    const logprobs = answer.body.choices[0].logprobs;
    expect(logprobs.tokens.length).toBeGreaterThan(0);
    expect(Object.keys(logprobs.top_logprobs[0]).length).toBeGreaterThan(1);
  });

  it('translate llama.cpp’s logit_bias pairs to OpenAI’s form', async () => {
    const answer = await complete({
      model: 'openai/gpt-4o-mini',
      prompt: 'Once',
      logit_bias: [
        [15, 2],
        [16, false],
      ],
    });
    expect(answer.status, answer.text).toBe(200);
    expect(lastUpstreamChat(harness.upstream)).toMatchObject({ logit_bias: { '15': 2, '16': -100 } });
  });

  it('stream: offline, and to an OpenAI-compatible server with the fields as sent', async () => {
    for (const model of [undefined, 'local/llama-3.1-8b-instruct']) {
      const body = { ...withModel(LLAMACPP_BODY, model), stream: true };
      const answer = await complete(body);
      expect(answer.status, answer.text).toBe(200);
      const events = answer.text
        .split('\n\n')
        .filter((frame) => frame.startsWith('data: '))
        .map((frame) => frame.slice(6));
      expect(events.at(-1)).toBe('[DONE]');
      const text = events
        .slice(0, -1)
        .map((event) => JSON.parse(event) as Json)
        .map((chunk) => chunk.choices?.[0]?.text ?? '')
        .join('');
      expect(text.length).toBeGreaterThan(0);
      if (model) expect(lastUpstreamText()).toMatchObject({ stream: true, ...forwardedPart(LLAMACPP_BODY) });
    }
    const refused = await complete({ ...LLAMACPP_BODY, model: 'openai/gpt-4o-mini', stream: true });
    expect(refused.status).toBe(400);
    expect(refused.body.error.param).toBe('top_k');
  });
});

describe('SillyTavern Chat Completion, source Custom (OpenAI-compatible)', () => {
  it('is accepted as sent, offline and through each vendor', async () => {
    for (const model of ['offline', 'local/llama-3.1-8b-instruct', 'openai/gpt-4o-mini']) {
      const answer = await post('/v1/chat/completions', { ...CUSTOM_CHAT_BODY, model });
      expect(answer.status, `${model}: ${answer.text}`).toBe(200);
      expect(answer.body.choices[0].message.content.length).toBeGreaterThan(0);
      if (model !== 'offline')
        expect(lastUpstreamChat(harness.upstream)).toMatchObject({
          seed: 7,
          logprobs: true,
          top_logprobs: 5,
        });
    }
  });

  it('takes the sampler fields too, on the same terms as text completions', async () => {
    const local = await post('/v1/chat/completions', {
      ...CUSTOM_CHAT_BODY,
      model: 'local/llama-3.1-8b-instruct',
      min_p: 0.05,
      repetition_penalty: 1.1,
    });
    expect(local.status, local.text).toBe(200);
    expect(lastUpstreamChat(harness.upstream)).toMatchObject({ min_p: 0.05, repetition_penalty: 1.1 });
    const refused = await post('/v1/chat/completions', {
      ...CUSTOM_CHAT_BODY,
      model: 'openai/gpt-4o-mini',
      min_p: 0.05,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.param).toBe('min_p');
    const off = await post('/v1/chat/completions', {
      ...CUSTOM_CHAT_BODY,
      model: 'openai/gpt-4o-mini',
      min_p: 0,
    });
    expect(off.status, off.text).toBe(200);
  });
});
