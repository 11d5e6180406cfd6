/**
 * The official `ollama` npm client, unchanged, with `host` set to a running Loremaster: chat and
 * generate (plain and streamed as newline-delimited JSON), tools (a call, then its result read back),
 * structured output (`format` as a JSON schema and as "json"), images, options, embeddings, the model
 * list, show, pull (and the refusal of push, create, copy, delete) and version — offline, and through the OpenAI and Anthropic providers to the fake
 * upstream; `think` (the thinking in `thinking`, plain and streamed, offline and from Claude; refused
 * by name where a model cannot think). Then what the client's own docs send with curl (form-encoded
 * JSON) and Ollama's errors.
 */
import { Ollama, type Tool } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLIENT_TARGETS,
  type ClientHarness,
  HARNESS_API_KEY,
  lastUpstreamChat,
  startClientHarness,
} from '../support/client-harness.js';
import { expectPngReached, PNG } from '../support/images.js';

/** The fake upstream's OpenAI-compatible server (a local model server: llama.cpp, vLLM, Ollama). */
const LOCAL_MODEL = 'local/llama-3.1-8b-instruct';

let harness: ClientHarness;
let ollama: Ollama;

beforeAll(async () => {
  harness = await startClientHarness({ apiKey: true });
  ollama = new Ollama({ host: harness.server.url, headers: { Authorization: `Bearer ${HARNESS_API_KEY}` } });
}, 60_000);
afterAll(async () => {
  await harness?.stop();
});

const rollDice: Tool = {
  type: 'function',
  function: {
    name: 'roll_dice',
    description: 'Roll dice for the player',
    parameters: {
      type: 'object',
      properties: {
        sides: { type: 'integer', description: 'Sides of each die' },
        count: { type: 'integer' },
      },
      required: ['sides', 'count'],
    },
  },
};

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${harness.server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${HARNESS_API_KEY}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe.each(CLIENT_TARGETS)('ollama client through $name', ({ model, wire }) => {
  const messages = [
    { role: 'system', content: 'You are the narrator of a quiet fantasy tale.' },
    { role: 'user', content: 'I enter the Gilded Stag.' },
    { role: 'assistant', content: 'The innkeeper Mira looks up from the bar.' },
    { role: 'user', content: 'I ask Mira about the drowned bell.' },
  ];

  it('chats, plain and streamed: the same text, then done with its counts', async () => {
    const plain = await ollama.chat({ model, messages, options: { temperature: 0 } });
    expect(plain).toMatchObject({ model, done: true, message: { role: 'assistant' } });
    expect(['stop', 'length']).toContain(plain.done_reason);
    expect(plain.message.content.length).toBeGreaterThan(0);
    expect(plain.prompt_eval_count).toBeGreaterThan(0);
    expect(plain.eval_count).toBeGreaterThan(0);
    expect(plain.total_duration).toBeGreaterThan(0);
    if (wire !== 'offline')
      expect(JSON.stringify(lastUpstreamChat(harness.upstream))).toContain('drowned bell');

    const parts: string[] = [];
    let last: Awaited<ReturnType<typeof ollama.chat>> | undefined;
    for await (const part of await ollama.chat({
      model,
      messages,
      options: { temperature: 0 },
      stream: true,
    })) {
      if (!part.done) parts.push(part.message.content);
      last = part;
    }
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join('')).toBe(plain.message.content);
    expect(last).toMatchObject({ done: true, done_reason: plain.done_reason, eval_count: plain.eval_count });
  });

  it('generates, plain and streamed, with a system prompt and num_predict as the token limit', async () => {
    const request = { model, system: 'Answer in one sentence.', prompt: 'Describe the harbour at dawn.' };
    const plain = await ollama.generate({ ...request, options: { num_predict: 12, temperature: 0 } });
    expect(plain).toMatchObject({ model, done: true });
    expect(plain.response?.length).toBeGreaterThan(0);
    expect(plain.eval_count).toBeLessThanOrEqual(12);
    if (wire !== 'offline') {
      const sent = lastUpstreamChat(harness.upstream);
      expect(sent.max_tokens ?? sent.max_completion_tokens).toBe(12);
      expect(JSON.stringify(sent)).toContain('Answer in one sentence.');
    }
    let streamed = '';
    let done = false;
    for await (const part of await ollama.generate({
      ...request,
      options: { num_predict: 12, temperature: 0 },
      stream: true,
    })) {
      streamed += part.response;
      done = part.done;
    }
    expect(done).toBe(true);
    expect(streamed).toBe(plain.response);
  });

  it('calls a tool when asked (plain and streamed) and weaves its result into the next answer', async () => {
    const ask = [{ role: 'user', content: 'Roll the dice for my attack, please.' }];
    const called = await ollama.chat({ model, messages: ask, tools: [rollDice] });
    const calls = called.message.tool_calls ?? [];
    expect(calls).toHaveLength(1);
    expect(calls[0]!.function.name).toBe('roll_dice');
    expect(typeof calls[0]!.function.arguments).toBe('object');
    expect(called.done).toBe(true);

    const streamedCalls = [];
    for await (const part of await ollama.chat({ model, messages: ask, tools: [rollDice], stream: true }))
      streamedCalls.push(...(part.message.tool_calls ?? []));
    expect(streamedCalls.map((call) => call.function)).toEqual(calls.map((call) => call.function));

    const answer = await ollama.chat({
      model,
      tools: [rollDice],
      messages: [...ask, called.message, { role: 'tool', content: '17', tool_name: 'roll_dice' }],
    });
    expect(answer.message.content.length).toBeGreaterThan(0);
    if (wire === 'offline') expect(answer.message.content).toContain('17');
    else {
      // The result reached the vendor tied to the call it answers, in the vendor's own format.
      const sent = JSON.stringify(lastUpstreamChat(harness.upstream));
      expect(sent).toContain('17');
      expect(sent).toContain(wire === 'anthropic' ? 'tool_result' : '"role":"tool"');
    }
  });

  it('answers JSON that follows a schema given as format, and JSON with format "json"', async () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, level: { type: 'integer' } },
      required: ['name', 'level'],
    };
    const shaped = await ollama.chat({
      model,
      messages: [{ role: 'user', content: 'Make a guard named Tobin, level 3, as JSON.' }],
      format: schema,
    });
    const value = JSON.parse(shaped.message.content) as { name: unknown; level: unknown };
    expect(typeof value.name).toBe('string');
    expect(Number.isInteger(value.level)).toBe(true);
    const loose = await ollama.generate({ model, prompt: 'A tavern as a JSON object.', format: 'json' });
    expect(typeof JSON.parse(loose.response ?? '')).toBe('object');
  });

  it('sends an image with the message', async () => {
    const answer = await ollama.chat({
      model,
      messages: [{ role: 'user', content: 'What does this tavern sign show?', images: [PNG] }],
    });
    expect(answer.message.content.length).toBeGreaterThan(0);
    expectPngReached(wire, answer.message.content, () =>
      (lastUpstreamChat(harness.upstream) as { messages: unknown[] }).messages.at(-1),
    );
  });
});

/** The models whose thinking comes back: offline, and Claude through the Anthropic provider. */
const THINKERS = CLIENT_TARGETS.filter((target) => target.wire !== 'openai');

describe.each(THINKERS)('ollama client: think through $name', ({ model, wire }) => {
  const prompt = 'I ask Mira about the drowned bell.';
  const messages = [{ role: 'user', content: prompt }];

  /** The thinking the model gives for `prompt`: the fake upstream's note on it, or the offline model's. */
  const expectThinking = (thinking: string | undefined) => {
    if (wire === 'anthropic')
      expect(thinking).toBe('The user wrote "I ask Mira about the". Let me think it through.');
    else {
      expect(thinking).toMatch(/^Offline model reasoning \(deterministic, no language model\)/);
      expect(thinking).toContain(`"${prompt}"`);
    }
  };
  /** The thinking settings the upstream got (Claude), with the budget for the effort asked. */
  const expectBudget = (budget: number, maxTokens?: number) => {
    if (wire !== 'anthropic') return;
    const sent = lastUpstreamChat(harness.upstream);
    expect(sent.thinking).toEqual({ type: 'enabled', budget_tokens: budget });
    if (maxTokens !== undefined) expect(sent.max_tokens).toBe(maxTokens);
  };

  it('chats with think: the thinking in message.thinking, plain and streamed (before the text)', async () => {
    const plain = await ollama.chat({ model, messages, think: true });
    expectThinking(plain.message.thinking);
    expect(plain.message.content.length).toBeGreaterThan(0);
    expect(plain.done).toBe(true);
    expectBudget(4096);

    const thinking: string[] = [];
    const content: string[] = [];
    for await (const part of await ollama.chat({ model, messages, think: true, stream: true })) {
      if (part.message.thinking) {
        expect(content, 'thinking comes before the text').toEqual([]);
        expect(part.message.content).toBe('');
        thinking.push(part.message.thinking);
      }
      if (part.message.content) content.push(part.message.content);
    }
    expect(thinking.length).toBeGreaterThan(1);
    expect(thinking.join('')).toBe(plain.message.thinking);
    expect(content.join('')).toBe(plain.message.content);
    expectBudget(4096);
  });

  it('generates with think as a level: the thinking in thinking, plain and streamed', async () => {
    const plain = await ollama.generate({ model, prompt, think: 'low' });
    expectThinking(plain.thinking);
    expect(plain.response?.length).toBeGreaterThan(0);
    expectBudget(2048);
    let thinking = '';
    let response = '';
    for await (const part of await ollama.generate({ model, prompt, think: 'low', stream: true })) {
      thinking += part.thinking ?? '';
      response += part.response;
    }
    expect(thinking).toBe(plain.thinking);
    expect(response).toBe(plain.response);
  });

  it('keeps the thinking within num_predict: at most half of it, and a limit too small is refused by name', async () => {
    const limited = await ollama.chat({ model, messages, think: 'high', options: { num_predict: 3000 } });
    expectThinking(limited.message.thinking);
    expectBudget(1500, 3000);
    await expect(
      ollama.chat({ model, messages, think: true, options: { num_predict: 100 } }),
    ).rejects.toMatchObject({ status_code: 400, error: expect.stringMatching(/\bthink\b/) });
  });

  it('without think (or with think: false) there is no thinking, even after a call that thought', async () => {
    await ollama.chat({ model, messages, think: true, stream: false });
    for (const think of [undefined, false]) {
      const answer = await ollama.chat({ model, messages, ...(think !== undefined && { think }) });
      expect(answer.message.thinking).toBeUndefined();
      expect(answer.message.content.length).toBeGreaterThan(0);
      if (wire === 'anthropic') expect(lastUpstreamChat(harness.upstream)).not.toHaveProperty('thinking');
    }
  });
});

describe('ollama client: think where thinking is not shown', () => {
  it('Mistral cannot think: think is refused by name', async () => {
    await expect(
      ollama.chat({
        model: 'mistral/mistral-small-latest',
        messages: [{ role: 'user', content: 'Hi' }],
        think: true,
      }),
    ).rejects.toMatchObject({ status_code: 400, error: expect.stringMatching(/\bthink\b/) });
  });

  it('Claude takes no temperature while it thinks: refused by name, as on /v1/messages', async () => {
    await expect(
      ollama.chat({
        model: 'anthropic/claude-haiku-4-5',
        messages: [{ role: 'user', content: 'Hi' }],
        think: true,
        options: { temperature: 0.3 },
      }),
    ).rejects.toMatchObject({ status_code: 400, error: expect.stringMatching(/temperature/) });
  });
});

describe('ollama client: options', () => {
  it("forwards Ollama's sampling options to an OpenAI-compatible server; OpenAI refuses them by name", async () => {
    const options = {
      temperature: 0.4,
      top_k: 20,
      min_p: 0.05,
      repeat_penalty: 1.1,
      num_ctx: 4096,
      num_gpu: 1,
    };
    const local = await ollama.chat({
      model: LOCAL_MODEL,
      messages: [{ role: 'user', content: 'Hi' }],
      options,
    });
    expect(local.done).toBe(true);
    const sent = lastUpstreamChat(harness.upstream);
    expect(sent).toMatchObject({
      temperature: 0.4,
      top_k: 20,
      min_p: 0.05,
      repeat_penalty: 1.1,
      num_ctx: 4096,
    });
    // How an Ollama server loads a model asks nothing of the answer: accepted, not sent on.
    expect(sent).not.toHaveProperty('num_gpu');
    await expect(
      ollama.chat({
        model: 'openai/gpt-4o-mini',
        messages: [{ role: 'user', content: 'Hi' }],
        options: { temperature: 0.4, min_p: 0.05 },
      }),
    ).rejects.toMatchObject({ status_code: 400, error: expect.stringMatching(/min_p/) });
  });

  it('takes think as the reasoning effort on an OpenAI-format provider, which returns no thinking', async () => {
    const answer = await ollama.chat({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      think: 'high',
    });
    expect(lastUpstreamChat(harness.upstream)).toMatchObject({ reasoning_effort: 'high' });
    expect(answer.message.thinking).toBeUndefined();
    await ollama.chat({ model: LOCAL_MODEL, messages: [{ role: 'user', content: 'Hi' }], think: true });
    expect(lastUpstreamChat(harness.upstream)).toMatchObject({ reasoning_effort: 'medium' });
  });
});

describe('ollama client: models, embeddings, version', () => {
  it('lists every name a model may be called by, and shows one', async () => {
    const { models } = await ollama.list();
    const names = models.map((entry) => entry.name);
    expect(names).toEqual(expect.arrayContaining(['generation', 'offline', 'openai/gpt-4o-mini']));
    const shown = await ollama.show({ model: 'openai/gpt-4o-mini' });
    expect(shown.details.family).toBe('openai');
    expect(shown.capabilities).toContain('tools');
    await expect(ollama.show({ model: 'no-such-model' })).rejects.toMatchObject({
      error: "model 'no-such-model' not found",
      status_code: 404,
    });
    const running = await ollama.ps();
    expect(running.models.length).toBe(models.length);
  });

  it('embeds with the embedding role: the vectors world memory uses, close for close meanings', async () => {
    const { embeddings } = await ollama.embed({
      model: 'embedding',
      input: ['red dragon', 'crimson wyrm', 'a ledger'],
    });
    expect(embeddings).toHaveLength(3);
    const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
    expect(cosine(embeddings[0]!, embeddings[1]!)).toBeGreaterThan(cosine(embeddings[0]!, embeddings[2]!));
    const single = await ollama.embeddings({ model: 'embedding', prompt: 'red dragon' });
    expect(single.embedding).toHaveLength(embeddings[0]!.length);
    expect(single.embedding[0]).toBeCloseTo(embeddings[0]![0]!, 5);
    // Any other model goes through the gateway to its provider.
    const vendor = await ollama.embed({ model: 'openai/text-embedding-3-small', input: 'red dragon' });
    expect(vendor.embeddings).toHaveLength(1);
  });

  it('pulls a model it routes as one already here (plain and streamed); any other name is a 404', async () => {
    expect(await ollama.pull({ model: 'offline', stream: false })).toEqual({ status: 'success' });
    const statuses: string[] = [];
    for await (const progress of await ollama.pull({ model: 'openai/gpt-4o-mini:latest', stream: true }))
      statuses.push(progress.status);
    expect(statuses).toEqual(['pulling manifest', 'success']);
    await expect(ollama.pull({ model: 'llama3.2', stream: false })).rejects.toMatchObject({
      error: expect.stringContaining("model 'llama3.2' not found"),
      status_code: 404,
    });
  });

  it('refuses to push, create, copy or delete a model, with a 501 saying why', async () => {
    const refusals = [
      () => ollama.delete({ model: 'offline' }),
      () => ollama.copy({ source: 'offline', destination: 'narrator' }),
      () => ollama.create({ model: 'narrator', from: 'offline' }),
      () => ollama.push({ model: 'offline', stream: false }),
    ];
    for (const refused of refusals)
      await expect(refused()).rejects.toMatchObject({
        error: expect.stringContaining('Loremaster keeps no model files'),
        status_code: 501,
      });
  });

  it('says which Ollama API version it follows', async () => {
    expect((await ollama.version()).version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('Ollama API: requests as curl sends them, and errors in Ollama’s shape', () => {
  it('reads a form-encoded body as JSON, as Ollama does (its docs use curl -d)', async () => {
    const response = await post('/api/generate', '{"model":"offline","prompt":"Hello","stream":false}', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { response: string }).response.length).toBeGreaterThan(0);
    // Elsewhere a form body is still refused.
    const elsewhere = await post('/v1/chat/completions', '{}', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(elsewhere.status).toBe(415);
  });

  it('streams newline-delimited JSON by default, one object per line', async () => {
    const response = await post('/api/chat', {
      model: 'offline',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { done: boolean });
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.at(-1)!.done).toBe(true);
    expect(lines.slice(0, -1).every((line) => line.done === false)).toBe(true);
  });

  it('answers a request with nothing to generate as loaded, without calling a model', async () => {
    const response = await post('/api/chat', { model: 'offline', messages: [] });
    expect(await response.json()).toMatchObject({ done: true, done_reason: 'load' });
  });

  it.each([
    ['an unknown field', '/api/chat', { model: 'offline', messages: [], seed: 1 }, 400, /seed/],
    [
      'an unknown option',
      '/api/generate',
      { model: 'offline', prompt: 'x', options: { warp: 9 } },
      400,
      /warp/,
    ],
    [
      'num_predict 0',
      '/api/generate',
      { model: 'offline', prompt: 'x', options: { num_predict: 0 } },
      400,
      /num_predict/,
    ],
    ['a token context', '/api/generate', { model: 'offline', prompt: 'x', context: [1, 2] }, 400, /context/],
    [
      'a template',
      '/api/generate',
      { model: 'offline', prompt: 'x', template: '{{ .Prompt }}' },
      400,
      /template/,
    ],
    [
      'an image that is not one',
      '/api/chat',
      { model: 'offline', messages: [{ role: 'user', content: 'x', images: ['aGVsbG8='] }] },
      400,
      /images\[0\]/,
    ],
    [
      'a tool result answering no call',
      '/api/chat',
      { model: 'offline', messages: [{ role: 'tool', content: '3' }] },
      400,
      /tool message/,
    ],
    [
      'an unknown model',
      '/api/chat',
      { model: 'nope', messages: [{ role: 'user', content: 'x' }], stream: false },
      404,
      /nope/,
    ],
  ])('refuses %s with {error} naming it', async (_name, path, body, status, message) => {
    const response = await post(path, body, { 'content-type': 'application/json' });
    expect(response.status).toBe(status);
    const answer = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(answer)).toEqual(['error']);
    expect(answer.error).toMatch(message);
  });

  it('an unknown /api route is a 404 in Ollama’s shape', async () => {
    const response = await fetch(`${harness.server.url}/api/nothing`, {
      headers: { authorization: `Bearer ${HARNESS_API_KEY}` },
    });
    expect(response.status).toBe(404);
    expect(Object.keys((await response.json()) as object)).toEqual(['error']);
    // Without the key this server asks for: a 401, also in Ollama's shape.
    const refused = await fetch(`${harness.server.url}/api/tags`);
    expect(refused.status).toBe(401);
    expect(Object.keys((await refused.json()) as object)).toEqual(['error']);
  });
});
