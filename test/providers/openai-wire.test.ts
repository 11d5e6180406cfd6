/**
 * The lean OpenAI-wire provider's own pieces: the request JSON per dialect, the incremental SSE
 * parser, and streams that end wrong (a real HTTP server sends them; the vendor fake covers the rest
 * in vendors.test.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProviderError, type ProviderError } from '../../src/providers/index.js';
import {
  isOpenAIReasoningModel,
  OpenAIWireProvider,
  requestBody,
  SseParser,
} from '../../src/providers/openai-wire.js';

const messages = [
  { role: 'system' as const, content: 'You narrate.' },
  { role: 'user' as const, content: 'Open the door.' },
];

describe('request body', () => {
  it('sends OpenAI what the AI SDK sends, reasoning models included', () => {
    const plain = JSON.parse(
      requestBody('openai', 'gpt-4o-mini', messages, { temperature: 0.3, maxTokens: 20, seed: 4 }, true),
    );
    expect(plain).toEqual({
      model: 'gpt-4o-mini',
      max_tokens: 20,
      temperature: 0.3,
      seed: 4,
      messages: [
        { role: 'system', content: 'You narrate.' },
        { role: 'user', content: 'Open the door.' },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
    const reasoning = JSON.parse(
      requestBody('openai', 'o3-mini', messages, { temperature: 0.3, topP: 0.5, maxTokens: 20 }, false),
    );
    expect(reasoning).toEqual({
      model: 'o3-mini',
      max_completion_tokens: 20,
      messages: [
        { role: 'developer', content: 'You narrate.' },
        { role: 'user', content: 'Open the door.' },
      ],
    });
    expect(isOpenAIReasoningModel('gpt-5')).toBe(true);
    expect(isOpenAIReasoningModel('gpt-5-chat-latest')).toBe(false);
    expect(isOpenAIReasoningModel('gpt-4.1')).toBe(false);
  });

  it('asks for JSON the way each dialect understands it', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    expect(
      JSON.parse(requestBody('openai', 'gpt-4o', messages, { jsonSchema: schema }, false)),
    ).toMatchObject({
      response_format: { type: 'json_schema', json_schema: { schema, strict: true, name: 'response' } },
    });
    // llama.cpp, vLLM, Ollama and LM Studio constrain decoding to the schema: it travels with the call.
    expect(
      JSON.parse(requestBody('openai-compatible', 'llama', messages, { jsonSchema: schema }, false)),
    ).toEqual(
      expect.objectContaining({
        response_format: { type: 'json_schema', json_schema: { schema, name: 'response' } },
      }),
    );
    const mistral = JSON.parse(
      requestBody('mistral', 'mistral-small', messages, { json: true, seed: 9 }, true),
    );
    expect(mistral).toMatchObject({ random_seed: 9, response_format: { type: 'json_object' }, stream: true });
    expect(mistral.stream_options).toBeUndefined();
    expect(mistral.messages[0]).toEqual({
      role: 'system',
      content: 'You narrate.\n\nYou MUST answer with JSON.',
    });
  });
});

describe('SSE parser', () => {
  const encode = (text: string) => new TextEncoder().encode(text);

  it('parses events split anywhere, CRLF, multi-line data and split UTF-8', () => {
    const parser = new SseParser(1_000);
    const bytes = encode(
      'data: {"a":"é"}\r\n\r\n: comment\nevent: x\ndata: one\ndata: two\n\ndata: [DONE]\n\n',
    );
    const out: string[] = [];
    for (let i = 0; i < bytes.length; i += 3) out.push(...parser.push(bytes.subarray(i, i + 3))!);
    expect(out).toEqual(['{"a":"é"}', 'one\ntwo', '[DONE]']);
  });

  it('skips a byte order mark opening the stream, even split across reads, and only there', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encode('data: a\n\n')]);
    for (const at of [1, 2, 3, 4]) {
      const parser = new SseParser(1_000);
      const out = [...parser.push(bytes.subarray(0, at))!, ...parser.push(bytes.subarray(at))!];
      expect(out).toEqual(['a']);
    }
    const later = new SseParser(1_000);
    expect(later.push(encode('data: a\n\n'))).toEqual(['a']);
    // A BOM later in the stream is not at a line's start of `data:`: the line is not a data line.
    expect(later.push(new Uint8Array([0xef, 0xbb, 0xbf, ...encode('data: b\n\n')]))).toEqual([]);
  });

  it('keeps multi-byte text whole when a read ends inside a character', () => {
    const parser = new SseParser(1_000);
    const bytes = encode('data: {"t":"日本語 ✓ 🐉"}\n\n');
    const out: string[] = [];
    for (let i = 0; i < bytes.length; i++) out.push(...parser.push(bytes.subarray(i, i + 1))!);
    expect(out).toEqual(['{"t":"日本語 ✓ 🐉"}']);
  });

  it('refuses an event whose data lines grow past the bound together', () => {
    const parser = new SseParser(100);
    expect(parser.push(encode(`data: ${'x'.repeat(60)}\n`))).toEqual([]);
    expect(parser.push(encode(`data: ${'x'.repeat(60)}\n`))).toBeUndefined();
  });

  it('refuses a line that grows past its bound', () => {
    const parser = new SseParser(100);
    expect(parser.push(encode(`data: ${'x'.repeat(50)}`))).toEqual([]);
    expect(parser.push(encode('x'.repeat(60)))).toBeUndefined();
  });
});

describe('streams that end wrong', () => {
  let server: Server;
  let reply: (res: import('node:http').ServerResponse) => void = () => {};
  let provider: OpenAIWireProvider;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => reply(res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    provider = new OpenAIWireProvider({
      name: 'wire',
      kind: 'openai-compatible',
      dialect: 'openai-compatible',
      baseUrl: `http://127.0.0.1:${port}/v1`,
      apiKey: undefined,
      defaultModel: 'm',
      models: ['m'],
      timeoutMs: 2_000,
      sdk: {
        defaultEmbeddingModel: undefined,
        embed: () => Promise.reject(new Error('unused')),
        testConnection: () => Promise.reject(new Error('unused')),
      },
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const sse = (frames: string[]) => (res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(frames.map((frame) => `data: ${frame}\n\n`).join(''));
  };
  const delta = (text: string) =>
    JSON.stringify({ model: 'm', choices: [{ index: 0, delta: { content: text } }] });

  async function drain(): Promise<{ text: string; error: ProviderError | undefined }> {
    let text = '';
    try {
      for await (const event of provider.stream([{ role: 'user', content: 'hi' }]))
        if (event.type === 'delta') text += event.text;
    } catch (error) {
      if (!isProviderError(error)) throw error;
      return { text, error };
    }
    return { text, error: undefined };
  }

  it('fails a stream that closes cleanly before its finish reason and [DONE]', async () => {
    reply = sse([delta('Hello'), delta(' there')]);
    const { text, error } = await drain();
    expect(text).toBe('Hello there');
    expect(error).toMatchObject({ code: 'bad_response', retryable: true });
  });

  it('reads the same events whether a chunk takes the fast path or is parsed whole', async () => {
    const chunk = (delta: object, more: object = {}) =>
      JSON.stringify({
        id: 'c1',
        object: 'chat.completion.chunk',
        model: 'm-1',
        choices: [{ index: 0, delta, logprobs: null, finish_reason: null, ...more }],
      });
    reply = sse([
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'The' }),
      chunk({ content: ' "gate"' }),
      chunk({ content: ' opens' }, { logprobs: { content: [{ token: ' opens', logprob: -0.5 }] } }),
      chunk({ tool_calls: [{ index: 0, id: 't1', function: { name: 'roll', arguments: '{}' } }] }),
      chunk({ content: '.\n' }),
      JSON.stringify({
        id: 'c1',
        model: 'm-1',
        choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
        usage: { prompt_tokens: 5, completion_tokens: 4 },
      }),
      '[DONE]',
    ]);
    const events = [];
    for await (const event of provider.stream([{ role: 'user', content: 'hi' }])) events.push(event);
    expect(
      events.map(({ latencyMs: _l, firstTokenMs: _f, ...event }: Record<string, unknown>) => event),
    ).toEqual([
      { type: 'delta', text: 'The' },
      { type: 'delta', text: ' "gate"' },
      {
        type: 'delta',
        text: ' opens',
        logprobs: [{ token: ' opens', logprob: -0.5, bytes: null, topLogprobs: [] }],
      },
      { type: 'tool-call-delta', index: 0, id: 't1', name: 'roll', arguments: '{}' },
      { type: 'delta', text: '.\n' },
      {
        type: 'done',
        usage: { inputTokens: 5, outputTokens: 4, totalTokens: 9 },
        finishReason: 'stop',
        model: 'm-1',
        provider: 'wire',
      },
    ]);
  });

  it('refuses a chunk whose text is not a JSON string, after the fast path has begun', async () => {
    const chunk = (literal: string) =>
      `{"id":"c1","model":"m","choices":[{"index":0,"delta":{"content":${literal}},"finish_reason":null}]}`;
    reply = sse([chunk('"a"'), chunk('"b"'), chunk('"c\\u0001"'), chunk('"d\\x"')]);
    const { text, error } = await drain();
    expect(text).toBe('abc\u0001');
    expect(error).toMatchObject({ code: 'bad_response' });
    expect(error?.message).toMatch(/invalid JSON in the stream/);
  });

  it('classifies an error event before any output by its type', async () => {
    reply = sse([JSON.stringify({ error: { message: 'Slow down', type: 'rate_limit_error' } })]);
    expect((await drain()).error).toMatchObject({ code: 'rate_limited', upstreamStatus: 429 });
  });

  it('takes a finished stream without [DONE], with its usage', async () => {
    reply = sse([
      delta('Hi'),
      JSON.stringify({
        model: 'm',
        choices: [{ index: 0, delta: {}, finish_reason: 'length' }],
        usage: { prompt_tokens: 3, completion_tokens: 1 },
      }),
    ]);
    const events = [];
    for await (const event of provider.stream([{ role: 'user', content: 'hi' }])) events.push(event);
    expect(events.at(-1)).toMatchObject({
      type: 'done',
      finishReason: 'length',
      usage: { inputTokens: 3, outputTokens: 1, totalTokens: 4 },
    });
  });

  it('keeps its connection across finished streams (the rest after [DONE] is drained, not cut)', async () => {
    reply = (res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(
        `data: ${delta('a')}\n\ndata: ${JSON.stringify({ choices: [{ delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`,
      );
    };
    let connections = 0;
    const count = () => {
      connections += 1;
    };
    server.on('connection', count);
    try {
      for (let i = 0; i < 3; i += 1) expect((await drain()).text).toBe('a');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(connections).toBeLessThanOrEqual(1);
    } finally {
      server.off('connection', count);
    }
  });

  it('times out a stream whose headers never come, and one that falls silent after its first token', async () => {
    reply = () => {}; // never answers
    const silentHead = await drain();
    expect(silentHead.error).toMatchObject({ code: 'timeout', retryable: true });
    expect(silentHead.error?.message).toContain('did not answer within 2000 ms');

    reply = (res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${delta('first')}\n\n`); // and then nothing, the connection held open
    };
    const silentBody = await drain();
    expect(silentBody.text).toBe('first');
    expect(silentBody.error).toMatchObject({ code: 'timeout' });
  });

  it('classifies a streamed call refused with a status, with its Retry-After', async () => {
    reply = (res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
      res.end(JSON.stringify({ error: { message: 'Too many requests', type: 'rate_limit_error' } }));
    };
    expect((await drain()).error).toMatchObject({
      code: 'rate_limited',
      upstreamStatus: 429,
      retryAfterSeconds: 7,
    });
  });

  it('is done after a start that failed, as a generator that threw is: the call is not sent again', async () => {
    let calls = 0;
    reply = (res) => {
      calls += 1;
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Overloaded' } }));
    };
    const events = provider.stream([{ role: 'user', content: 'hi' }])[Symbol.asyncIterator]();
    await expect(events.next()).rejects.toMatchObject({ upstreamStatus: 503 });
    expect(await events.next()).toEqual({ done: true, value: undefined });
    expect(calls).toBe(1);
  });

  it('lets go of the upstream connection when the caller stops reading a stream', async () => {
    let upstreamClosed: Promise<void> = Promise.resolve();
    reply = (res) => {
      upstreamClosed = new Promise((resolve) => res.on('close', () => resolve()));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${delta('one')}\n\n`);
    };
    for await (const event of provider.stream([{ role: 'user', content: 'hi' }])) {
      expect(event).toMatchObject({ type: 'delta', text: 'one' });
      break; // the client went away
    }
    await upstreamClosed; // the upstream sees its connection closed, not left streaming
  });

  it('ends cleanly when aborted while a finished stream is being handled, its rest not yet read', async () => {
    reply = (res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(
        `data: ${delta('a')}\n\ndata: ${JSON.stringify({ choices: [{ delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`,
      ); // and the response held open: the body has a rest nobody has read yet
    };
    const controller = new AbortController();
    const iterator = provider
      .stream([{ role: 'user', content: 'hi' }], { signal: controller.signal })
      [Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ type: 'delta', text: 'a' });
    expect((await iterator.next()).value).toMatchObject({ type: 'done', finishReason: 'stop' });
    // The client goes away while the done event is handled (an IncomingMessage destroyed with an
    // error and no listener emits none, so nothing reaches the process).
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await iterator.next()).toMatchObject({ done: true });
  });

  it('aborts a stream waiting for its first byte when its signal fires', async () => {
    reply = () => {};
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    await expect(
      (async () => {
        for await (const _ of provider.stream([{ role: 'user', content: 'hi' }], {
          signal: controller.signal,
        }));
      })(),
    ).rejects.toMatchObject({ code: 'aborted', retryable: false });
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('reads only the start of a huge error body, and classifies the status', async () => {
    reply = (res) => {
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '2' });
      res.end('overloaded '.repeat(20_000));
    };
    await expect(provider.chat([{ role: 'user', content: 'hi' }])).rejects.toMatchObject({
      code: 'upstream_unavailable',
      upstreamStatus: 503,
      retryAfterSeconds: 2,
    });
  });

  it('reports a 200 answer that is not JSON as a bad response', async () => {
    reply = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"choices": [');
    };
    await expect(provider.chat([{ role: 'user', content: 'hi' }])).rejects.toMatchObject({
      code: 'bad_response',
      upstreamStatus: 200,
    });
  });
});
