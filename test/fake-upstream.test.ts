/**
 * Tests of the fake upstream itself, over real HTTP with Node's fetch: every endpoint, the vendor wire
 * formats the AI SDK providers parse, every fault type, pacing, and the HTTP controls.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from './support/fake-upstream.js';

const OPENAI_AUTH = { authorization: 'Bearer test-key' };
const ANTHROPIC_AUTH = { 'x-api-key': 'test-key', 'anthropic-version': '2023-06-01' };
const MESSAGE = 'hello there my dear friend how are you';
const DEFAULT_ANSWER = 'Fake reply to "hello there my dear friend" lorem ipsum dolor sit';

// biome-ignore lint/suspicious/noExplicitAny: tests inspect vendor payloads loosely and assert their shape.
type Payload = any;

async function json(response: Response | Promise<Response>): Promise<Payload> {
  return (await response).json();
}

interface SseEvent {
  event: string | undefined;
  data: string;
}

function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim().length > 0)
    .map((block) => {
      let event: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice('event: '.length);
        else if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
      }
      return { event, data: data.join('\n') };
    });
}

/** JSON payloads of a stream, without the OpenAI `[DONE]` terminator. */
function sseJson(text: string): Payload[] {
  return parseSse(text)
    .filter((event) => event.data !== '[DONE]')
    .map((event) => JSON.parse(event.data));
}

/** Reads a body until the server cuts it; returns what arrived and the error that ended it. */
async function readUntilError(response: Response): Promise<{ text: string; error: unknown }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, error: undefined };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

function decodeBase64Floats(base64: string): number[] {
  const bytes = Buffer.from(base64, 'base64');
  return Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
}

function norm(vector: number[]): number {
  return Math.hypot(...vector);
}

describe('fake upstream', () => {
  let fake: FakeUpstream;

  const post = (
    path: string,
    body: unknown,
    headers: Record<string, string> = OPENAI_AUTH,
    init?: RequestInit,
  ) =>
    fetch(`${fake.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      ...init,
    });
  const chat = (extra: Record<string, unknown> = {}, path = '/v1/chat/completions') =>
    post(path, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: MESSAGE }], ...extra });
  const anthropic = (extra: Record<string, unknown> = {}, headers: Record<string, string> = ANTHROPIC_AUTH) =>
    post(
      '/v1/messages',
      {
        model: 'claude-sonnet-4-5',
        max_tokens: 1024,
        messages: [{ role: 'user', content: MESSAGE }],
        ...extra,
      },
      headers,
    );

  beforeAll(async () => {
    fake = await startFakeUpstream();
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('listens on 127.0.0.1 and reports its URL without a trailing slash', () => {
    expect(fake.url).toBe(`http://127.0.0.1:${fake.port}`);
    expect(fake.port).toBeGreaterThan(0);
  });

  describe('OpenAI chat completions', () => {
    it('answers deterministically from the last user message, echoing the model', async () => {
      const response = await post('/v1/chat/completions', {
        model: 'my-model',
        messages: [
          { role: 'system', content: 'You are a bard' },
          { role: 'user', content: 'an earlier question' },
          { role: 'assistant', content: 'an earlier answer' },
          { role: 'user', content: [{ type: 'text', text: MESSAGE }] },
        ],
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      const body = await json(response);
      expect(body).toMatchObject({
        object: 'chat.completion',
        model: 'my-model',
        choices: [
          { index: 0, message: { role: 'assistant', content: DEFAULT_ANSWER }, finish_reason: 'stop' },
        ],
        usage: { prompt_tokens: 4 + 3 + 3 + 8, completion_tokens: 12, total_tokens: 18 + 12 },
      });
      expect(body.id).toMatch(/^chatcmpl-/);
      expect(body.created).toBeCloseTo(Date.now() / 1000, -1);
    });

    it('pads answers to answerWords', async () => {
      fake.configure({ answerWords: 20 });
      const body = await json(chat());
      expect(body.choices[0].message.content.split(' ')).toHaveLength(20);
      expect(body.usage.completion_tokens).toBe(20);
    });

    it('cuts the answer at max_tokens or max_completion_tokens and reports length', async () => {
      for (const limit of [{ max_tokens: 3 }, { max_completion_tokens: 3 }]) {
        const body = await json(chat(limit));
        expect(body.choices[0].message.content).toBe('Fake reply to');
        expect(body.choices[0].finish_reason).toBe('length');
        expect(body.usage.completion_tokens).toBe(3);
      }
    });

    it('answers a JSON object for response_format json_object and json_schema', async () => {
      const formats = [
        { type: 'json_object' },
        { type: 'json_schema', json_schema: { name: 'response', schema: { type: 'object' }, strict: true } },
      ];
      for (const format of formats) {
        const body = await json(chat({ response_format: format }));
        expect(JSON.parse(body.choices[0].message.content)).toEqual({
          fake: true,
          echo: 'hello there my dear friend',
        });
      }
    });

    it('with json_object, follows a JSON schema written in the prompt, as a real model does', async () => {
      const schema = { type: 'object', properties: { name: { type: 'string' }, level: { type: 'integer' } } };
      const messages = [
        { role: 'system', content: `Answer in JSON following this schema: ${JSON.stringify(schema)}` },
        { role: 'user', content: 'Create an NPC.' },
      ];
      const body = await json(chat({ messages, response_format: { type: 'json_object' } }));
      expect(JSON.parse(body.choices[0].message.content)).toEqual({ name: 'fake', level: 1 });
      // Without json_object the prompt's schema is just text.
      const plain = await json(chat({ messages }));
      expect(plain.choices[0].message.content).toMatch(/^Fake reply to "Create an NPC."/);
    });

    it('streams one word per chunk, then finish_reason, usage (when asked) and [DONE]', async () => {
      const response = await chat({ stream: true, stream_options: { include_usage: true } });
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const text = await response.text();
      const events = parseSse(text);
      expect(events.at(-1)?.data).toBe('[DONE]');
      const chunks = sseJson(text);
      expect(
        chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.model === 'gpt-4o-mini'),
      ).toBe(true);
      expect(chunks[0]!.choices[0].delta).toEqual({ role: 'assistant', content: '' });
      const contents = chunks.slice(1, 13).map((chunk) => chunk.choices[0].delta.content);
      expect(contents).toHaveLength(12);
      expect(contents.join('')).toBe(DEFAULT_ANSWER);
      expect(chunks[13]!.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
      expect(chunks[14]).toMatchObject({ choices: [], usage: { prompt_tokens: 8, completion_tokens: 12 } });
      expect(chunks).toHaveLength(15);
    });

    it('sends no usage chunk unless stream_options.include_usage is true', async () => {
      const chunks = sseJson(await (await chat({ stream: true })).text());
      expect(chunks.some((chunk) => chunk.usage !== undefined)).toBe(false);
      expect(chunks.at(-1)!.choices[0].finish_reason).toBe('stop');
    });

    it('reports length in the stream when max_tokens cuts it', async () => {
      const chunks = sseJson(await (await chat({ stream: true, max_tokens: 2 })).text());
      const contents = chunks.flatMap((chunk) =>
        chunk.choices.map((choice: Payload) => choice.delta.content ?? ''),
      );
      expect(contents.join('')).toBe('Fake reply');
      expect(chunks.at(-1)!.choices[0].finish_reason).toBe('length');
    });

    it('rejects a request without model or messages with 400', async () => {
      const noModel = await post('/v1/chat/completions', { messages: [{ role: 'user', content: 'x' }] });
      expect(noModel.status).toBe(400);
      const noMessages = await post('/v1/chat/completions', { model: 'm', messages: [] });
      expect(noMessages.status).toBe(400);
      expect((await json(noMessages)).error.type).toBe('invalid_request_error');
    });
  });

  describe('OpenAI embeddings and models', () => {
    it('returns deterministic, L2-normalised, 8-dimensional float vectors', async () => {
      const response = await post('/v1/embeddings', {
        model: 'text-embedding-3-small',
        input: ['alpha beta', 'gamma'],
      });
      const body = await json(response);
      expect(body).toMatchObject({
        object: 'list',
        model: 'text-embedding-3-small',
        usage: { prompt_tokens: 3, total_tokens: 3 },
      });
      expect(body.data.map((item: Payload) => [item.object, item.index])).toEqual([
        ['embedding', 0],
        ['embedding', 1],
      ]);
      const [first, second] = body.data.map((item: Payload) => item.embedding as number[]);
      expect(first).toHaveLength(8);
      expect(norm(first!)).toBeCloseTo(1, 5);
      expect(norm(second!)).toBeCloseTo(1, 5);
      expect(first).not.toEqual(second);
      const again = await json(post('/v1/embeddings', { model: 'x', input: 'alpha beta' }));
      expect(again.data).toHaveLength(1);
      expect(again.data[0].embedding).toEqual(first);
    });

    it('honours dimensions and encodes base64 as little-endian float32 of the same vector', async () => {
      const input = 'the dragon sleeps';
      const floats = await json(post('/v1/embeddings', { model: 'e', input, dimensions: 32 }));
      const base64 = await json(
        post('/v1/embeddings', { model: 'e', input, dimensions: 32, encoding_format: 'base64' }),
      );
      expect(typeof base64.data[0].embedding).toBe('string');
      const decoded = decodeBase64Floats(base64.data[0].embedding);
      expect(decoded).toHaveLength(32);
      expect(decoded).toEqual(floats.data[0].embedding);
    });

    it('rejects a missing or non-string input with 400', async () => {
      expect((await post('/v1/embeddings', { model: 'e' })).status).toBe(400);
      expect((await post('/v1/embeddings', { model: 'e', input: [1, 2] })).status).toBe(400);
    });

    it('lists models in the OpenAI shape, and in the Anthropic shape for Anthropic clients', async () => {
      const openai = await json(fetch(`${fake.url}/v1/models`, { headers: OPENAI_AUTH }));
      expect(openai.object).toBe('list');
      expect(openai.data[0]).toMatchObject({ id: 'gpt-4o-mini', object: 'model' });
      const claude = await json(fetch(`${fake.url}/v1/models`, { headers: ANTHROPIC_AUTH }));
      expect(claude.data[0]).toMatchObject({ type: 'model', id: 'claude-sonnet-4-5' });
      expect(claude.has_more).toBe(false);
    });
  });

  describe('Anthropic messages', () => {
    it('answers in the Messages shape with input and output token usage', async () => {
      const response = await anthropic({ system: 'You are a bard' });
      expect(response.status).toBe(200);
      const body = await json(response);
      expect(body).toEqual({
        id: expect.stringMatching(/^msg_/),
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [{ type: 'text', text: DEFAULT_ANSWER }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: 12, output_tokens: 12 },
      });
    });

    it('reports max_tokens when max_tokens cuts the answer', async () => {
      const body = await json(anthropic({ max_tokens: 4 }));
      expect(body.content[0].text).toBe('Fake reply to "hello');
      expect(body.stop_reason).toBe('max_tokens');
      expect(body.usage.output_tokens).toBe(4);
    });

    it('streams the named events in order, one text_delta per word', async () => {
      const events = parseSse(await (await anthropic({ stream: true })).text());
      const names = events.map((event) => event.event);
      expect(names.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
      expect(names.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
      const payloads = events.map((event) => JSON.parse(event.data));
      expect(payloads.every((payload, i) => payload.type === names[i])).toBe(true);
      expect(payloads[0].message).toMatchObject({ role: 'assistant', model: 'claude-sonnet-4-5' });
      expect(payloads[0].message.usage.input_tokens).toBe(8);
      const deltas = payloads.filter((payload) => payload.type === 'content_block_delta');
      expect(deltas).toHaveLength(12);
      expect(deltas.map((delta) => delta.delta.text).join('')).toBe(DEFAULT_ANSWER);
      expect(payloads.at(-2)).toMatchObject({
        delta: { stop_reason: 'end_turn' },
        usage: { output_tokens: 12 },
      });
    });

    it('answers JSON text for native structured output (output_config.format)', async () => {
      const body = await json(
        anthropic({ output_config: { format: { type: 'json_schema', schema: { type: 'object' } } } }),
      );
      expect(JSON.parse(body.content[0].text)).toEqual({ fake: true, echo: 'hello there my dear friend' });
    });

    it('answers a json tool call when the AI SDK forces its json response tool', async () => {
      const jsonTool = {
        tools: [
          { name: 'json', description: 'Respond with a JSON object.', input_schema: { type: 'object' } },
        ],
        tool_choice: { type: 'any', disable_parallel_tool_use: true },
      };
      const body = await json(anthropic(jsonTool));
      expect(body.stop_reason).toBe('tool_use');
      expect(body.content).toEqual([
        {
          type: 'tool_use',
          id: expect.any(String),
          name: 'json',
          input: { fake: true, echo: 'hello there my dear friend' },
        },
      ]);
      const events = sseJson(await (await anthropic({ ...jsonTool, stream: true })).text());
      expect(events[1]!.content_block).toMatchObject({ type: 'tool_use', name: 'json', input: {} });
      const partial = events
        .filter((event) => event.type === 'content_block_delta')
        .map((e) => e.delta.partial_json);
      expect(JSON.parse(partial.join(''))).toEqual({ fake: true, echo: 'hello there my dear friend' });
    });

    const rollDice = {
      name: 'roll_dice',
      description: 'Roll dice',
      input_schema: {
        type: 'object',
        properties: { sides: { type: 'integer', minimum: 2 }, mode: { enum: ['sum', 'max'] } },
        required: ['sides', 'mode'],
      },
    };

    it('answers a forced tool_choice with a tool_use block whose input fits the schema', async () => {
      for (const tool_choice of [{ type: 'any' }, { type: 'tool', name: 'roll_dice' }]) {
        const body = await json(anthropic({ tools: [rollDice], tool_choice }));
        expect(body.stop_reason).toBe('tool_use');
        expect(body.content).toEqual([
          {
            type: 'tool_use',
            id: expect.stringMatching(/^toolu_/),
            name: 'roll_dice',
            input: { sides: 2, mode: 'sum' },
          },
        ]);
      }
      const none = await json(anthropic({ tools: [rollDice], tool_choice: { type: 'none' } }));
      expect(none.content).toEqual([{ type: 'text', text: DEFAULT_ANSWER }]);
    });

    it('with auto, says a few words before the tool_use block when the message asks for the tool', async () => {
      const messages = [{ role: 'user', content: 'Roll the dice for me' }];
      const body = await json(anthropic({ tools: [rollDice], messages }));
      expect(body.content.map((block: Payload) => block.type)).toEqual(['text', 'tool_use']);
      const plain = await json(anthropic({ tools: [rollDice] }));
      expect(plain.content).toEqual([{ type: 'text', text: DEFAULT_ANSWER }]);
      expect(plain.stop_reason).toBe('end_turn');
    });

    it('streams tool input as input_json_delta pieces after a tool_use content_block_start', async () => {
      const messages = [{ role: 'user', content: 'Roll the dice for me' }];
      const events = sseJson(await (await anthropic({ tools: [rollDice], messages, stream: true })).text());
      const starts = events.filter((event) => event.type === 'content_block_start');
      expect(starts.map((event) => event.content_block.type)).toEqual(['text', 'tool_use']);
      expect(starts[1]).toMatchObject({ index: 1, content_block: { name: 'roll_dice', input: {} } });
      const pieces = events
        .filter((event) => event.type === 'content_block_delta' && event.index === 1)
        .map((event) => event.delta);
      expect(pieces.length).toBeGreaterThan(1);
      expect(pieces.every((delta) => delta.type === 'input_json_delta')).toBe(true);
      expect(JSON.parse(pieces.map((delta) => delta.partial_json).join(''))).toEqual({
        sides: 2,
        mode: 'sum',
      });
      expect(events.at(-2)).toMatchObject({ delta: { stop_reason: 'tool_use' } });
    });

    it('answers a tool_result with text that quotes it, even with auto and tools offered', async () => {
      const messages = [
        { role: 'user', content: 'Roll the dice for me' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'roll_dice', input: {} }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'rolled 17' }] },
          ],
        },
      ];
      const body = await json(anthropic({ tools: [rollDice], messages }));
      expect(body.stop_reason).toBe('end_turn');
      expect(body.content[0].text).toMatch(/^Fake reply to "rolled 17"/);
    });

    it('answers native structured output with JSON that fits a schema with properties', async () => {
      const schema = {
        type: 'object',
        properties: { name: { type: 'string', minLength: 6 }, level: { type: 'integer', minimum: 3 } },
      };
      const body = await json(anthropic({ output_config: { format: { type: 'json_schema', schema } } }));
      expect(JSON.parse(body.content[0].text)).toEqual({ name: 'fakeee', level: 3 });
    });

    it('answers JSON when the system prompt asks for JSON (Anthropic has no JSON mode)', async () => {
      const body = await json(anthropic({ system: 'Answer with a single JSON object and nothing else.' }));
      expect(JSON.parse(body.content[0].text)).toEqual({ fake: true, echo: 'hello there my dear friend' });
    });

    it('requires the anthropic-version header and a max_tokens', async () => {
      const noVersion = await anthropic({}, { 'x-api-key': 'test-key' });
      expect(noVersion.status).toBe(400);
      expect(await json(noVersion)).toEqual({
        type: 'error',
        error: { type: 'invalid_request_error', message: expect.stringContaining('anthropic-version') },
      });
      expect((await anthropic({ max_tokens: undefined })).status).toBe(400);
    });
  });

  describe('Mistral', () => {
    it('serves chat completions under /mistral/v1 in the Mistral shape', async () => {
      const body = await json(chat({ model: 'mistral-small-latest' }, '/mistral/v1/chat/completions'));
      expect(body).toMatchObject({
        object: 'chat.completion',
        model: 'mistral-small-latest',
        choices: [
          { index: 0, message: { role: 'assistant', content: DEFAULT_ANSWER }, finish_reason: 'stop' },
        ],
        usage: { prompt_tokens: 8, completion_tokens: 12, total_tokens: 20 },
      });
    });

    it('streams tool calls and n choices with usage on the final chunk, never empty choices', async () => {
      const tools = [
        { type: 'function', function: { name: 'roll_dice', parameters: { type: 'object', properties: {} } } },
      ];
      const extra = {
        stream: true,
        n: 2,
        tools,
        tool_choice: 'any',
        stream_options: { include_usage: true },
      };
      const text = await (await chat(extra, '/mistral/v1/chat/completions')).text();
      const chunks = sseJson(text);
      expect(chunks.every((chunk) => chunk.choices.length > 0)).toBe(true);
      expect(chunks.filter((chunk) => chunk.usage !== undefined)).toHaveLength(1);
      expect(chunks.at(-1)).toMatchObject({
        choices: [{ index: 1, finish_reason: 'tool_calls' }],
        usage: {},
      });
    });

    it('streams with usage on the final chunk and never an empty choices array', async () => {
      const text = await (await chat({ stream: true }, '/mistral/v1/chat/completions')).text();
      expect(parseSse(text).at(-1)?.data).toBe('[DONE]');
      const chunks = sseJson(text);
      expect(chunks.every((chunk) => chunk.choices.length === 1)).toBe(true);
      expect(chunks.map((chunk) => chunk.choices[0].delta.content ?? '').join('')).toBe(DEFAULT_ANSWER);
      expect(chunks.at(-1)).toMatchObject({
        choices: [{ finish_reason: 'stop' }],
        usage: { prompt_tokens: 8, completion_tokens: 12, total_tokens: 20 },
      });
    });

    it('serves embeddings and models under /mistral/v1', async () => {
      const body = await json(post('/mistral/v1/embeddings', { model: 'mistral-embed', input: ['a b'] }));
      expect(body.data[0].embedding).toHaveLength(8);
      expect(body.usage).toEqual({ prompt_tokens: 2, total_tokens: 2, completion_tokens: 0 });
      const models = await json(fetch(`${fake.url}/mistral/v1/models`, { headers: OPENAI_AUTH }));
      expect(models.data.map((model: Payload) => model.id)).toContain('mistral-embed');
    });
  });

  describe('auth and bad requests', () => {
    it('answers 401 in each vendor shape for a missing key or bad-key', async () => {
      const missingOpenAI = await post('/v1/chat/completions', { model: 'm', messages: [] }, {});
      expect(missingOpenAI.status).toBe(401);
      expect((await json(missingOpenAI)).error).toMatchObject({
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      });
      const badOpenAI = await post(
        '/v1/embeddings',
        { model: 'e', input: 'x' },
        { authorization: 'Bearer bad-key' },
      );
      expect(badOpenAI.status).toBe(401);
      expect((await json(badOpenAI)).error.message).toContain('bad-key');

      const badAnthropic = await anthropic({}, { 'x-api-key': 'bad-key', 'anthropic-version': '2023-06-01' });
      expect(badAnthropic.status).toBe(401);
      expect(await json(badAnthropic)).toEqual({
        type: 'error',
        error: { type: 'authentication_error', message: expect.any(String) },
      });
      const missingAnthropic = await anthropic({}, { 'anthropic-version': '2023-06-01' });
      expect(missingAnthropic.status).toBe(401);

      const missingMistral = await post('/mistral/v1/chat/completions', { model: 'm', messages: [] }, {});
      expect(missingMistral.status).toBe(401);
      expect(await json(missingMistral)).toEqual({
        object: 'error',
        message: expect.any(String),
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      });
    });

    it('accepts keyless requests with requireAuth false, still refusing bad-key', async () => {
      fake.configure({ requireAuth: false });
      expect((await chat({}, '/v1/chat/completions')).status).toBe(200);
      expect((await post('/v1/embeddings', { model: 'e', input: 'x' }, {})).status).toBe(200);
      expect(
        (await post('/v1/embeddings', { model: 'e', input: 'x' }, { authorization: 'Bearer bad-key' }))
          .status,
      ).toBe(401);
    });

    it('answers 400 in each vendor shape for a body that is not JSON', async () => {
      const openai = await post('/v1/chat/completions', '{"model": ');
      expect(openai.status).toBe(400);
      expect((await json(openai)).error.type).toBe('invalid_request_error');
      const claude = await post('/v1/messages', 'not json', ANTHROPIC_AUTH);
      expect(claude.status).toBe(400);
      expect(await json(claude)).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
      const mistral = await post('/mistral/v1/embeddings', '[1,2]');
      expect(mistral.status).toBe(400);
      expect(await json(mistral)).toMatchObject({ object: 'error', type: 'invalid_request_error' });
    });

    it('answers 404 in the OpenAI shape for paths it does not serve, such as the Responses API', async () => {
      const response = await post('/v1/responses', { model: 'gpt-4o', input: 'hi' });
      expect(response.status).toBe(404);
      expect((await json(response)).error.message).toContain('/v1/responses');
    });
  });

  describe('faults', () => {
    it('status: answers the status in the vendor shape with Retry-After, for `times` requests', async () => {
      fake.injectFault({ type: 'status', status: 429, retryAfter: '7', times: 2 });
      for (let i = 0; i < 2; i++) {
        const response = await chat();
        expect(response.status).toBe(429);
        expect(response.headers.get('retry-after')).toBe('7');
        expect((await json(response)).error).toMatchObject({
          type: 'rate_limit_error',
          code: 'rate_limit_exceeded',
        });
      }
      expect((await chat()).status).toBe(200);
      expect(fake.stats().faultsInjected).toBe(2);
    });

    it('status: uses Anthropic and Mistral error shapes, overloaded_error for 529', async () => {
      fake.injectFault(
        { type: 'status', status: 529 },
        { type: 'status', status: 503 },
        { type: 'status', status: 500 },
      );
      const overloaded = await anthropic();
      expect(overloaded.status).toBe(529);
      expect((await json(overloaded)).error.type).toBe('overloaded_error');
      expect((await json(anthropic())).error.type).toBe('overloaded_error');
      const mistral = await chat({}, '/mistral/v1/chat/completions');
      expect(mistral.status).toBe(500);
      expect(await json(mistral)).toMatchObject({ object: 'error', type: 'server_error', param: null });
    });

    it('applies queued faults in order, only to matching paths, and Infinity times until reset', async () => {
      fake.injectFault({ type: 'status', status: 500, path: '/embeddings' }, { type: 'status', status: 503 });
      expect((await chat()).status).toBe(503); // the first fault waits for an embeddings request
      expect((await post('/v1/embeddings', { model: 'e', input: 'x' })).status).toBe(500);
      expect((await chat()).status).toBe(200);

      fake.injectFault({ type: 'status', status: 502, times: Infinity });
      for (let i = 0; i < 5; i++) expect((await chat()).status).toBe(502);
      fake.reset();
      expect((await chat()).status).toBe(200);
    });

    it('hang: never answers, so the client times out', async () => {
      fake.injectFault({ type: 'hang' });
      const started = Date.now();
      await expect(
        post('/v1/chat/completions', {}, OPENAI_AUTH, { signal: AbortSignal.timeout(300) }),
      ).rejects.toThrow(/timeout|aborted/i);
      expect(Date.now() - started).toBeGreaterThanOrEqual(280);
      expect((await chat()).status).toBe(200); // consumed: the next request is answered
    });

    it('hang: close() ends hung requests instead of waiting for them', async () => {
      const own = await startFakeUpstream();
      own.injectFault({ type: 'hang', times: Infinity });
      const hung = fetch(`${own.url}/v1/chat/completions`, {
        method: 'POST',
        headers: OPENAI_AUTH,
        body: '{}',
      });
      const outcome = hung.then(
        () => 'answered',
        () => 'failed',
      );
      await expect.poll(() => own.stats().total).toBe(1);
      await own.close();
      expect(await outcome).toBe('failed');
    });

    it('reset: destroys the connection without a response', async () => {
      fake.injectFault({ type: 'reset' });
      const error = await chat().then(
        () => undefined,
        (failure: unknown) => failure as Error & { cause?: { code?: string } },
      );
      expect(error).toBeInstanceOf(TypeError);
      expect(error?.cause?.code).toBe('ECONNRESET');
      expect((await chat()).status).toBe(200);
    });

    it('cut-stream: sends afterChunks stream chunks, then drops the connection', async () => {
      fake.injectFault({ type: 'cut-stream', afterChunks: 3 });
      const response = await chat({ stream: true });
      expect(response.status).toBe(200);
      const { text, error } = await readUntilError(response);
      expect(error).toBeDefined();
      const chunks = sseJson(text);
      expect(chunks).toHaveLength(3);
      expect(chunks.map((chunk) => chunk.choices[0].delta.content).join('')).toBe('Fake reply');
    });

    it('cut-stream: defaults to two chunks, and also cuts Anthropic streams', async () => {
      fake.injectFault({ type: 'cut-stream' });
      const { text, error } = await readUntilError(await anthropic({ stream: true }));
      expect(error).toBeDefined();
      expect(parseSse(text).map((event) => event.event)).toEqual(['message_start', 'content_block_start']);
    });

    it('cut-stream: with afterChunks 0, sends only the 200 headers', async () => {
      fake.injectFault({ type: 'cut-stream', afterChunks: 0 });
      const response = await chat({ stream: true });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const { text, error } = await readUntilError(response);
      expect(error).toBeDefined();
      expect(text).toBe('');
    });

    it('cut-stream: sends half a non-streaming JSON body, then drops the connection', async () => {
      fake.injectFault({ type: 'cut-stream' });
      const response = await chat();
      expect(response.status).toBe(200);
      const length = Number(response.headers.get('content-length'));
      const { text, error } = await readUntilError(response);
      expect(error).toBeDefined();
      expect(text.length).toBe(Math.floor(length / 2));
      expect(text.startsWith('{"id":"chatcmpl-')).toBe(true);
    });

    it('malformed-json: answers 200 with a body no JSON parser accepts', async () => {
      fake.injectFault({ type: 'malformed-json', times: 2 });
      const response = await chat();
      expect(response.status).toBe(200);
      await expect(json(response)).rejects.toThrow(SyntaxError);
      const stream = await chat({ stream: true });
      expect(stream.status).toBe(200);
      const events = parseSse(await stream.text());
      expect(events[0]!.data).toBe('{not json');
      expect(() => JSON.parse(events[0]!.data)).toThrow(SyntaxError);
    });

    it('faultRate: injects randomFault at that rate, reproducibly from the seed', async () => {
      const run = async () => {
        fake.reset();
        fake.configure({ faultRate: 0.5, seed: 42, randomFault: { type: 'status', status: 503 } });
        const statuses: number[] = [];
        for (let i = 0; i < 30; i++) statuses.push((await chat()).status);
        return statuses;
      };
      const first = await run();
      const faults = first.filter((status) => status === 503).length;
      expect(faults).toBeGreaterThan(5);
      expect(faults).toBeLessThan(25);
      expect(first.every((status) => status === 200 || status === 503)).toBe(true);
      expect(fake.stats().faultsInjected).toBe(faults);
      expect(await run()).toEqual(first);
    });

    it('faultRate: reset() replays the sequence of the start seed', async () => {
      const own = await startFakeUpstream({
        faultRate: 0.5,
        seed: 7,
        randomFault: { type: 'status', status: 500 },
      });
      const statuses = async () => {
        const seen: number[] = [];
        for (let i = 0; i < 20; i++) {
          const response = await fetch(`${own.url}/v1/models`, { headers: OPENAI_AUTH });
          await response.arrayBuffer();
          seen.push(response.status);
        }
        return seen;
      };
      try {
        const first = await statuses();
        expect(first).toContain(500);
        expect(first).toContain(200);
        own.reset();
        expect(await statuses()).toEqual(first);
      } finally {
        await own.close();
      }
    });

    it('rejects an unknown fault type', () => {
      expect(() => fake.injectFault({ type: 'explode' as never })).toThrow(/fault type/);
    });
  });

  describe('latency and pacing', () => {
    it('latencyMs delays the start of every response', async () => {
      fake.configure({ latencyMs: 150 });
      const started = performance.now();
      const response = await chat();
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
      expect(response.status).toBe(200);
    });

    it('tokensPerSecond paces stream chunks', async () => {
      fake.configure({ tokensPerSecond: 100 });
      const started = performance.now();
      const text = await (await chat({ stream: true })).text();
      const elapsed = performance.now() - started;
      // 12 words: 11 paced gaps of 10 ms after the first word.
      expect(elapsed).toBeGreaterThanOrEqual(100);
      expect(elapsed).toBeLessThan(2000);
      expect(
        sseJson(text)
          .map((chunk) => chunk.choices[0].delta.content ?? '')
          .join(''),
      ).toBe(DEFAULT_ANSWER);
    });
  });

  describe('stats, recorded requests and controls', () => {
    it('counts requests by path and records the last 50 with headers and parsed bodies', async () => {
      for (let i = 0; i < 55; i++) await post('/v1/embeddings', { model: 'e', input: `text ${i}` });
      await fetch(`${fake.url}/v1/models`, { headers: OPENAI_AUTH });
      expect(fake.stats()).toEqual({
        total: 56,
        byPath: { '/v1/embeddings': 55, '/v1/models': 1 },
        faultsInjected: 0,
        streamsAbandoned: 0,
      });
      const requests = fake.lastRequests();
      expect(requests).toHaveLength(50);
      expect(requests[0]).toMatchObject({
        method: 'POST',
        path: '/v1/embeddings',
        body: { input: 'text 6' },
      });
      expect(requests[0]!.headers.authorization).toBe('Bearer test-key');
      expect(requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/models', body: undefined });
    });

    it('records a body that is not JSON as its raw text', async () => {
      await post('/v1/chat/completions', 'oops');
      expect(fake.lastRequests().at(-1)!.body).toBe('oops');
    });

    it('reset() clears faults, stats, requests and options', async () => {
      fake.configure({ answerWords: 3 });
      fake.injectFault({ type: 'status', status: 500 });
      fake.reset();
      const body = await json(chat());
      expect(body.choices[0].message.content.split(' ')).toHaveLength(12);
      expect(fake.stats()).toEqual({
        total: 1,
        byPath: { '/v1/chat/completions': 1 },
        faultsInjected: 0,
        streamsAbandoned: 0,
      });
      expect(fake.lastRequests()).toHaveLength(1);
    });

    it('is driven over HTTP: /__fake/config, /__fake/stats, /__fake/reset', async () => {
      const configured = await post('/__fake/config', {
        answerWords: 4,
        faults: [{ type: 'status', status: 418, path: '/embeddings', times: 'Infinity' }],
      });
      expect(await json(configured)).toEqual({ ok: true, queuedFaults: 1 });
      expect((await json(chat())).choices[0].message.content).toBe('Fake reply to "hello');
      expect((await post('/v1/embeddings', { model: 'e', input: 'x' })).status).toBe(418);
      expect((await post('/v1/embeddings', { model: 'e', input: 'x' })).status).toBe(418);

      const stats = await json(fetch(`${fake.url}/__fake/stats`));
      expect(stats).toEqual({
        total: 3,
        byPath: { '/v1/chat/completions': 1, '/v1/embeddings': 2 },
        faultsInjected: 2,
        streamsAbandoned: 0,
      });
      const requests = await json(fetch(`${fake.url}/__fake/requests`));
      expect(requests).toHaveLength(3);

      expect(await json(post('/__fake/reset', {}))).toEqual({ ok: true });
      expect((await post('/v1/embeddings', { model: 'e', input: 'x' })).status).toBe(200);
      expect(fake.stats().total).toBe(1);
    });

    it('rejects invalid control input with 400 and leaves the settings alone', async () => {
      const badFault = await post('/__fake/config', { faults: [{ type: 'nope' }] });
      expect(badFault.status).toBe(400);
      expect((await json(badFault)).error.message).toMatch(/fault type/);
      expect((await post('/__fake/config', { latencyMs: 'slow' })).status).toBe(400);
      expect((await post('/__fake/config', 'not json')).status).toBe(400);
      expect((await fetch(`${fake.url}/__fake/nothing`)).status).toBe(404);
      expect((await chat()).status).toBe(200);
    });
  });
});

describe('fake upstream CLI', () => {
  it('prints its URL, serves, and stops cleanly on SIGINT', async () => {
    const cli = fileURLToPath(new URL('./support/fake-upstream-cli.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--answer-words', '5'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const lines = createInterface({ input: child.stdout! });
      const [url] = (await once(lines, 'line')) as [string];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: OPENAI_AUTH,
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect((await json(response)).choices[0].message.content).toBe('Fake reply to "hi" lorem');
      const exited = once(child, 'exit');
      child.kill('SIGINT');
      expect(await exited).toEqual([0, null]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
