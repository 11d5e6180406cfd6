/** The official `openai` package, pointed at a running Loremaster on its embedded default. */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NeuralEmbedder } from '../../src/memory/index.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';

let server: TestServer;
let client: OpenAI;

beforeAll(async () => {
  server = await startLoremaster();
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
afterAll(() => server.stop());

const scene = [
  {
    role: 'system' as const,
    content: 'You are the narrator. The innkeeper Mira Thornwood keeps the Gilded Stag in Eldhollow.',
  },
  { role: 'user' as const, content: 'I ask Mira about the rumours of the drowned bell.' },
];

describe('OpenAI SDK against Loremaster offline', () => {
  it('chats, answering from the prompt', async () => {
    const completion = await client.chat.completions.create({ model: 'offline', messages: scene });
    const text = completion.choices[0]?.message.content ?? '';
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(text.length).toBeGreaterThan(40);
    expect(text).toMatch(/Mira/);
    expect(text).toMatch(/drowned bell|rumou?rs/i);
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
    expect(completion.usage?.total_tokens).toBe(
      (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0),
    );
  });

  it('answers a user message with empty content, as OpenAI does', async () => {
    const completion = await client.chat.completions.create({
      model: 'offline',
      messages: [...scene, { role: 'assistant', content: 'Mira shrugs.' }, { role: 'user', content: '' }],
    });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
  });

  it('takes verbosity: low and high are part of the seed, as reasoning_effort is', async () => {
    const plain = await client.chat.completions.create({ model: 'offline', messages: scene });
    const low = await client.chat.completions.create({ model: 'offline', messages: scene, verbosity: 'low' });
    const again = await client.chat.completions.create({
      model: 'offline',
      messages: scene,
      verbosity: 'low',
    });
    expect(low.choices[0]?.message.content).toBe(again.choices[0]?.message.content);
    expect(low.choices[0]?.message.content).not.toBe(plain.choices[0]?.message.content);
  });

  it('is deterministic: the same request gives the same answer', async () => {
    const a = await client.chat.completions.create({ model: 'generation', messages: scene });
    const b = await client.chat.completions.create({ model: 'generation', messages: scene });
    expect(a.choices[0]?.message.content).toBe(b.choices[0]?.message.content);
    const other = await client.chat.completions.create({
      model: 'generation',
      messages: [{ role: 'user', content: 'I climb the watchtower of Karsk to look for Captain Voss.' }],
    });
    expect(other.choices[0]?.message.content).not.toBe(a.choices[0]?.message.content);
    expect(other.choices[0]?.message.content).toMatch(/Voss|Karsk/);
  });

  it('streams over SSE with usage, and the stream matches the plain answer', async () => {
    const plain = await client.chat.completions.create({ model: 'offline', messages: scene });
    const stream = await client.chat.completions.create({
      model: 'offline',
      messages: scene,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      chunks += 1;
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(chunks).toBeGreaterThan(3);
    expect(text).toBe(plain.choices[0]?.message.content);
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBe(plain.usage?.completion_tokens);
  });

  it('ends a raw stream with data: [DONE] and carries usage without stream_options', async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'offline', messages: scene, stream: true }),
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(response.headers.get('x-loremaster-provider')).toBe('offline');
    const body = await response.text();
    const events = body.split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const last = JSON.parse(events.at(-2)!.slice('data: '.length));
    expect(last.choices[0].finish_reason).toBe('stop');
    expect(last.usage.total_tokens).toBeGreaterThan(0);
  });

  it('returns JSON valid against a requested schema', async () => {
    const completion = await client.chat.completions.create({
      model: 'offline',
      messages: scene,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'npc',
          schema: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              mood: { type: 'string', enum: ['calm', 'wary'] },
              age: { type: 'integer', minimum: 18 },
            },
            required: ['name', 'mood', 'age'],
            additionalProperties: false,
          },
        },
      },
    });
    const value = JSON.parse(completion.choices[0]?.message.content ?? 'null');
    expect(typeof value.name).toBe('string');
    expect(['calm', 'wary']).toContain(value.mood);
    expect(Number.isInteger(value.age) && value.age >= 18).toBe(true);
  });

  it('honours max_tokens with finish_reason length', async () => {
    const completion = await client.chat.completions.create({
      model: 'offline',
      messages: scene,
      max_tokens: 5,
    });
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage?.completion_tokens).toBeLessThanOrEqual(5);
  });

  it('embeds as floats and as base64, the same vectors', async () => {
    const input = ['The drowned bell rings under Eldhollow', 'Mira pours a cup of cider'];
    const asFloat = await client.embeddings.create({ model: 'embedding', input, encoding_format: 'float' });
    // The SDK asks for base64 by default and decodes it.
    const asBase64 = await client.embeddings.create({ model: 'embedding', input });
    expect(asFloat.data).toHaveLength(2);
    const vector = asFloat.data[0]!.embedding;
    // `embedding` is world memory's embedder: USE lite, 512 dimensions.
    expect(vector).toHaveLength(512);
    expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    const decoded = asBase64.data[0]!.embedding;
    expect(decoded).toHaveLength(512);
    for (let i = 0; i < decoded.length; i++) expect(decoded[i]).toBeCloseTo(vector[i]!, 6);
    expect(asFloat.usage.prompt_tokens).toBeGreaterThan(0);
    // The offline provider by name still embeds by hashing, at the role's 384 dimensions.
    const hashed = await client.embeddings.create({ model: 'offline', input, encoding_format: 'float' });
    expect(hashed.data[0]!.embedding).toHaveLength(384);
  });

  it('embeds `embedding` like world memory: near in meaning is near in vector', async () => {
    const { data } = await client.embeddings.create({
      model: 'embedding',
      input: ['red dragon', 'crimson wyrm', 'a bowl of turnip soup'],
      encoding_format: 'float',
    });
    const [dragon, wyrm, soup] = data.map((item) => item.embedding);
    const cos = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
    expect(cos(dragon!, wyrm!)).toBeGreaterThan(0.4);
    expect(cos(dragon!, wyrm!)).toBeGreaterThan(cos(dragon!, soup!) + 0.1);
    // The same vectors memory stores: memory's own embedder gives them too.
    const embedder = new NeuralEmbedder();
    try {
      const [memoryVector] = await embedder.embed(['red dragon']);
      for (let i = 0; i < 512; i += 64) expect(dragon![i]).toBeCloseTo(memoryVector![i]!, 4);
    } finally {
      await embedder.close();
    }
  }, 120_000); // loading the model's weights a second time, in the test process

  it('lists models: roles, providers and provider/model names', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(
      expect.arrayContaining(['generation', 'analysis', 'maintenance', 'embedding', 'offline']),
    );
    expect(ids.some((id) => id.startsWith('offline/'))).toBe(true);
    // Vendors without a key are not offered.
    expect(ids.some((id) => id.startsWith('openai/'))).toBe(false);
    const one = await client.models.retrieve('generation');
    expect(one.id).toBe('generation');
  });
});

describe('/health', () => {
  it('reports each component and provider', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    const health = (await response.json()) as {
      status: string;
      components: Record<string, string>;
      providers: Record<string, { status: string; reason?: string }>;
      roles: Record<string, unknown>;
    };
    expect(health.status).toBe('ok');
    expect(health.components.server).toBe('ok');
    expect(health.providers.offline?.status).toBe('ok');
    expect(health.providers.openai).toMatchObject({
      status: 'down',
      reason: expect.stringMatching(/OPENAI_API_KEY/),
    });
    expect(health.roles.generation).toEqual({ provider: 'offline', status: 'ok' });
  });
});
