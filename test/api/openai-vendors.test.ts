/** The official `openai` package → Loremaster → each vendor provider → the fake upstream, and back. */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { VENDOR_KEYS, VENDORS, vendorProviders } from '../support/vendors.js';

let upstream: FakeUpstream;
let server: TestServer;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  server = await startLoremaster({
    env: VENDOR_KEYS,
    config: {
      providers: vendorProviders(upstream.url, 500),
      // Raw status mapping: no retries, failover, open circuits or rate limits in this suite.
      gateway: {
        resilience: { retries: 0, offline_fallback: false, breaker: { consecutive_failures: 1000 } },
        limits: { vendor_default: {} },
      },
    },
  });
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await server.stop();
  await upstream.close();
});
beforeEach(() => upstream.reset());

const messages = [{ role: 'user' as const, content: 'Tell me of the ferryman of Greyreach.' }];

describe.each(VENDORS)('through $name', (vendor) => {
  const model = `${vendor.name}/${vendor.model}`;

  it('chats, and says which provider answered', async () => {
    const { data, response } = await client.chat.completions.create({ model, messages }).withResponse();
    expect(data.choices[0]?.message.content).toMatch(/^Fake reply to "Tell me of the ferryman/);
    expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(data.usage?.completion_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-loremaster-provider')).toBe(vendor.name);
    expect(upstream.stats().total).toBe(1);
  });

  it('streams, ending with usage', async () => {
    const stream = await client.chat.completions.create({
      model,
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toMatch(/^Fake reply to "Tell me of the ferryman/);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('embeds, or answers 400 when the vendor cannot', async () => {
    if (!vendor.embeddingModel) {
      await expect(client.embeddings.create({ model: vendor.name, input: 'x' })).rejects.toBeInstanceOf(
        OpenAI.BadRequestError,
      );
      return;
    }
    const result = await client.embeddings.create({
      model: `${vendor.name}/${vendor.embeddingModel}`,
      input: ['a', 'b'],
    });
    expect(result.data).toHaveLength(2);
    expect(Math.hypot(...result.data[0]!.embedding)).toBeCloseTo(1, 4);
  });

  it('maps upstream faults to the right status', async () => {
    const cases: Array<[Parameters<FakeUpstream['injectFault']>[0], number]> = [
      [{ type: 'status', status: 429, retryAfter: '3' }, 429],
      [{ type: 'status', status: 503 }, 503],
      [{ type: 'status', status: 500 }, 502],
      [{ type: 'hang' }, 504],
      [{ type: 'reset' }, 502],
      [{ type: 'malformed-json' }, 502],
    ];
    for (const [fault, status] of cases) {
      upstream.injectFault(fault);
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model, messages }),
      });
      expect([fault.type, fault.status, response.status]).toEqual([fault.type, fault.status, status]);
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message).not.toMatch(/test-\w+-key/);
      if (status === 429) expect(response.headers.get('retry-after')).toBe('3');
    }
  });

  it('ends a stream cut mid-way with an error event the SDK raises', async () => {
    // Anthropic opens with message_start, content_block_start and ping: cut after some text.
    upstream.injectFault({ type: 'cut-stream', afterChunks: vendor.type === 'anthropic' ? 6 : 3 });
    const stream = await client.chat.completions.create({ model, messages, stream: true });
    let text = '';
    await expect(
      (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      })(),
    ).rejects.toThrow(/malformed|truncated|failed|connection/i);
    expect(text.length).toBeGreaterThan(0);
  });

  it('takes safety_identifier and prompt_cache_key (sent to OpenAI only: a cache hint that changes no answer)', async () => {
    const asked = { model, messages, safety_identifier: 'player-7', prompt_cache_key: 'greyreach-scene' };
    if (vendor.type === 'mistral') {
      // Mistral's API has no end-user field: refused by the name the client sent.
      const refused = await client.chat.completions.create(asked).catch((error) => error);
      expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
      expect(refused.param).toBe('safety_identifier');
      expect(upstream.stats().total).toBe(0);
      return;
    }
    const answer = await client.chat.completions.create(asked);
    expect(answer.choices[0]?.message.content).toMatch(/^Fake reply/);
    const sent = upstream.lastRequests().at(-1)?.body as Record<string, unknown>;
    if (vendor.type === 'anthropic') expect(sent.metadata).toEqual({ user_id: 'player-7' });
    else if (vendor.type === 'openai') expect(sent.safety_identifier).toBe('player-7');
    else expect(sent.user).toBe('player-7');
    expect(sent.prompt_cache_key).toBe(vendor.type === 'openai' ? 'greyreach-scene' : undefined);
  });

  it('sends user and safety_identifier both where there are two fields, and refuses two different ids where there is one', async () => {
    if (vendor.type === 'mistral') return; // no end-user field at all (above)
    const both = { model, messages, user: 'player-7', safety_identifier: 'player-8' };
    const sent = () => upstream.lastRequests().at(-1)?.body as Record<string, unknown>;
    if (vendor.type === 'openai') {
      await client.chat.completions.create(both);
      expect(sent()).toMatchObject({ user: 'player-7', safety_identifier: 'player-8' });
      return;
    }
    // Anthropic's metadata.user_id and the open servers' user hold one id.
    const refused = await client.chat.completions.create(both).catch((error) => error);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect(refused.param).toBe('safety_identifier');
    expect(upstream.stats().total).toBe(0);
    // The same id under both names is one id.
    await client.chat.completions.create({ ...both, safety_identifier: 'player-7' });
    if (vendor.type === 'anthropic') expect(sent().metadata).toEqual({ user_id: 'player-7' });
    else expect(sent().user).toBe('player-7');
  });

  it('sends verbosity to OpenAI, refuses it by name elsewhere, and takes "medium" (the default) everywhere', async () => {
    const medium = await client.chat.completions.create({ model, messages, verbosity: 'medium' });
    expect(medium.choices[0]?.message.content).toMatch(/^Fake reply/);
    const sent = () => upstream.lastRequests().at(-1)?.body as Record<string, unknown> | undefined;
    expect(sent()).toBeDefined();
    expect(sent()?.verbosity).toBeUndefined();
    upstream.reset();
    if (vendor.type === 'openai') {
      await client.chat.completions.create({ model, messages, verbosity: 'low' });
      expect(sent()?.verbosity).toBe('low');
      return;
    }
    const refused = await client.chat.completions
      .create({ model, messages, verbosity: 'high' })
      .catch((error) => error);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect(refused.param).toBe('verbosity');
    expect(upstream.stats().total).toBe(0);
  });

  it("takes a user message with empty content as OpenAI does; Anthropic's refusal of it is a 400 naming it", async () => {
    const turns = [
      { role: 'user' as const, content: 'Row me across.' },
      { role: 'assistant' as const, content: 'The ferryman nods.' },
      { role: 'user' as const, content: '' },
    ];
    if (vendor.type === 'anthropic') {
      const refused = await client.chat.completions.create({ model, messages: turns }).catch((e) => e);
      expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
      expect(refused.param).toBe('messages.2.content');
      expect(refused.code).toBe('unsupported');
      expect(upstream.stats().total).toBe(0);
      return;
    }
    const answer = await client.chat.completions.create({ model, messages: turns });
    expect(answer.choices[0]?.message.content).toMatch(/^Fake reply/);
    const sent = upstream.lastRequests().at(-1)?.body as {
      messages: Array<{ role: string; content: unknown }>;
    };
    expect(sent.messages.at(-1)).toEqual({ role: 'user', content: '' });
  });
});

it('a stream cut before its first byte is an ordinary error status', async () => {
  upstream.injectFault({ type: 'cut-stream', afterChunks: 0 });
  const response = await fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages, stream: true }),
  });
  expect(response.status).toBe(502);
  expect(response.headers.get('content-type')).toMatch(/application\/json/);
});

it('lists every configured vendor model', async () => {
  const ids: string[] = [];
  for await (const model of client.models.list()) ids.push(model.id);
  for (const vendor of VENDORS) expect(ids).toContain(`${vendor.name}/${vendor.model}`);
});

describe("a conversation that ends with the assistant's start of an answer (a prefill)", () => {
  const model = 'mistral/mistral-small-latest';
  const prefilled = [...messages, { role: 'assistant' as const, content: 'The ferryman of Greyreach' }];

  it('reaches Mistral marked as the prefix, and comes back once, streamed or not', async () => {
    const answer = await client.chat.completions.create({ model, messages: prefilled });
    // Mistral says the prefix again before its continuation: the client gets the continuation only.
    expect(answer.choices[0]?.message.content).toMatch(/^ Fake reply to "Tell me of the ferryman/);
    const sent = upstream.lastRequests().at(-1)?.body as { messages: Array<Record<string, unknown>> };
    expect(sent.messages.at(-1)).toEqual({
      role: 'assistant',
      content: 'The ferryman of Greyreach',
      prefix: true,
    });

    const stream = await client.chat.completions.create({ model, messages: prefilled, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe(answer.choices[0]?.message.content);
  });

  it('is answered whole when the answer does not repeat the prefix, and an empty one is left out', async () => {
    upstream.scriptAnswers('Old Harl poles the raft.');
    const answer = await client.chat.completions.create({ model, messages: prefilled });
    expect(answer.choices[0]?.message.content).toBe('Old Harl poles the raft.');
    // Shorter than the prefix and a start of it: held while it might be the prefix, then given whole.
    upstream.scriptAnswers('The ferry');
    const stream = await client.chat.completions.create({ model, messages: prefilled, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('The ferry');

    const empty = await client.chat.completions.create({
      model,
      messages: [...messages, { role: 'assistant', content: '' }],
    });
    expect(empty.choices[0]?.message.content).toMatch(/^Fake reply to "Tell me of the ferryman/);
    const sent = upstream.lastRequests().at(-1)?.body as { messages: Array<{ role: string }> };
    expect(sent.messages.map((message) => message.role)).toEqual(['user']);
  });

  it("works on the Messages API too, as Anthropic's prefill", async () => {
    const response = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({
        model,
        max_tokens: 64,
        messages: [
          { role: 'user', content: 'Tell me of the ferryman of Greyreach.' },
          { role: 'assistant', content: 'The ferryman of Greyreach' },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { content: Array<{ type: string; text: string }> };
    expect(body.content[0]?.text).toMatch(/^ Fake reply to "Tell me of the ferryman/);
  });
});

describe("an open server's thinking (a reasoning model on llama.cpp's server, vLLM, DeepSeek)", () => {
  const model = 'local/qwen3-think';
  const thought = /^Thinking about "Tell me of the ferryman/;

  it('comes back in reasoning_content beside the answer, streamed or not', async () => {
    const answer = await client.chat.completions.create({ model, messages });
    const message = answer.choices[0]?.message as OpenAI.ChatCompletionMessage & {
      reasoning_content?: string;
    };
    expect(message.reasoning_content).toMatch(thought);
    expect(message.content).toMatch(/^Fake reply to "Tell me of the ferryman/);

    const stream = await client.chat.completions.create({ model, messages, stream: true });
    let thinking = '';
    let text = '';
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { content?: string | null; reasoning_content?: string };
      thinking += delta?.reasoning_content ?? '';
      text += delta?.content ?? '';
    }
    expect(thinking).toBe(message.reasoning_content);
    expect(text).toBe(message.content);
  });

  it("is read by the AI SDK as the answer's reasoning", async () => {
    const local = createOpenAICompatible({ name: 'loremaster', baseURL: `${server.url}/v1` });
    const result = await generateText({ model: local(model), prompt: messages[0]!.content });
    expect(result.reasoningText).toMatch(thought);
    expect(result.text).toMatch(/^Fake reply/);
  });

  it('goes back to the open server when the client sends the answer back, and to no one else', async () => {
    const answer = await client.chat.completions.create({ model, messages });
    const said = answer.choices[0]!.message as OpenAI.ChatCompletionMessage & { reasoning_content?: string };
    expect(said.reasoning_content).toMatch(thought);
    const history: OpenAI.ChatCompletionMessageParam[] = [
      ...messages,
      said as OpenAI.ChatCompletionAssistantMessageParam,
      { role: 'user', content: 'And his price?' },
    ];
    await client.chat.completions.create({ model, messages: history });
    const sent = () => upstream.lastRequests().at(-1)?.body as { messages: Array<Record<string, unknown>> };
    expect(sent().messages[1]).toEqual({
      role: 'assistant',
      content: said.content,
      reasoning_content: said.reasoning_content,
    });
    // OpenAI's API has no such field: the thinking is left out there, as Anthropic's API does with it.
    await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: history });
    expect(sent().messages[1]).toEqual({ role: 'assistant', content: said.content });
  });

  it('comes back as a thinking block on the Messages API', async () => {
    const response = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model, max_tokens: 64, messages }),
    });
    const body = (await response.json()) as { content: Array<Record<string, string>> };
    expect(body.content[0]).toMatchObject({ type: 'thinking', signature: '' });
    expect(body.content[0]?.thinking).toMatch(thought);
    expect(body.content[1]).toMatchObject({ type: 'text' });
  });

  it("comes back in Ollama's thinking field", async () => {
    const response = await fetch(`${server.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages, stream: false }),
    });
    const body = (await response.json()) as { message: { content: string; thinking?: string } };
    expect(body.message.thinking).toMatch(thought);
    expect(body.message.content).toMatch(/^Fake reply/);

    // Sent back on an assistant message, it goes back to the open server as it returned it.
    const again = await fetch(`${server.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model,
        stream: false,
        messages: [...messages, { role: 'assistant', ...body.message }, { role: 'user', content: 'And?' }],
      }),
    });
    expect(again.status).toBe(200);
    const sent = upstream.lastRequests().at(-1)?.body as { messages: Array<Record<string, unknown>> };
    expect(sent.messages[1]).toMatchObject({ role: 'assistant', reasoning_content: body.message.thinking });
  });
});
