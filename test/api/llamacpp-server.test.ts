/**
 * llama-server's other endpoints against a running Loremaster: GET /props (the generation role's model
 * and context window in llama-server's fields), POST /embedding (current llama-server's answer, over
 * the gateway's embed, offline and through an OpenAI-compatible server), and the 501 llama-server
 * answers for what it does not serve, in its own error shape (/slots, /slots/:id_slot, POST /props, /infill, /apply-template).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONTEXT_TOKENS } from '../../src/api/generation-model.js';
import { type ClientHarness, type Json, postJson, startClientHarness } from '../support/client-harness.js';

let harness: ClientHarness;

beforeAll(async () => {
  harness = await startClientHarness();
}, 60_000);
afterAll(async () => {
  await harness?.stop();
});

const post = (path: string, body: unknown) => postJson(harness, path, body);
const norm = (vector: number[]) => Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));

describe('GET /props', () => {
  it("answers the generation role's model, context window and defaults in llama-server's fields", async () => {
    const response = await fetch(`${harness.server.url}/props`);
    expect(response.status).toBe(200);
    const props = (await response.json()) as Json;
    expect(props).toMatchObject({
      default_generation_settings: {
        id: 0,
        n_ctx: DEFAULT_CONTEXT_TOKENS,
        is_processing: false,
        // roles.generation: max_tokens 512, temperature 0.8 (the defaults).
        params: { n_predict: 512, temperature: 0.8, stop: [] },
      },
      total_slots: 1,
      chat_template: '',
      modalities: { vision: false, audio: false },
    });
    expect(props.model_path).toMatch(/^offline(\/|$)/);
    expect(props.build_info).toMatch(/^loremaster-\d+\.\d+\.\d+/);
  });
});

describe('not served: 501 in llama-server’s error shape', () => {
  it.each([
    ['GET', '/slots', 'This server does not support slots endpoint.'],
    ['POST', '/slots/0?action=save', 'This server does not support slots action'],
    ['POST', '/props', 'This server does not support changing global properties'],
    ['POST', '/infill', 'fill-in-the-middle'],
    ['POST', '/apply-template', 'chat template'],
  ])('%s %s', async (method, path, message) => {
    const response = await fetch(`${harness.server.url}${path}`, {
      method,
      ...(method === 'POST' && {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          messages: [{ role: 'user', content: 'hi' }],
          input_prefix: 'a',
          input_suffix: 'b',
        }),
      }),
    });
    expect(response.status).toBe(501);
    const body = (await response.json()) as Json;
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toMatchObject({ code: 'not_supported', type: 'not_supported_error', param: null });
    expect(body.error.message).toContain(message);
  });

  it("answers /slots with llama-server's message and type when it has no slots", async () => {
    const response = await fetch(`${harness.server.url}/slots`);
    expect(await response.json()).toEqual({
      error: {
        message: 'This server does not support slots endpoint.',
        type: 'not_supported_error',
        param: null,
        code: 'not_supported',
      },
    });
  });
});

describe('POST /embedding', () => {
  it("embeds with the embedding role: one {index, embedding: [[…]]} per text, L2-normalized as llama.cpp's default", async () => {
    const one = await post('/embedding', { content: 'a red dragon' });
    expect(one.status, one.text).toBe(200);
    expect(one.body).toHaveLength(1);
    expect(one.body[0].index).toBe(0);
    expect(one.body[0].embedding).toHaveLength(1);
    const vector = one.body[0].embedding[0] as number[];
    expect(vector.length).toBeGreaterThan(8);
    expect(norm(vector)).toBeCloseTo(1, 5);
    // llama-server's other name for it answers the same.
    const other = await post('/embeddings', { content: 'a red dragon' });
    expect(other.status, other.text).toBe(200);
    expect(other.body).toEqual(one.body);

    // The same vectors /v1/embeddings gives for the role (left as given with embd_normalize -1).
    const openai = await post('/v1/embeddings', {
      model: 'embedding',
      input: ['a red dragon', 'a crimson wyrm'],
    });
    const raw = await post('/embedding', { content: ['a red dragon', 'a crimson wyrm'], embd_normalize: -1 });
    expect(raw.status, raw.text).toBe(200);
    expect(raw.body.map((entry: Json) => entry.index)).toEqual([0, 1]);
    for (const [index, entry] of (raw.body as Json[]).entries())
      expect(entry.embedding[0]).toEqual(openai.body.data[index].embedding);
  });

  it('embeds through an OpenAI-compatible server when a model is named, normalized as asked', async () => {
    const answer = await post('/embedding', {
      input: 'the lighthouse keeper',
      model: 'local/nomic-embed-text',
      embd_normalize: 1,
    });
    expect(answer.status, answer.text).toBe(200);
    const vector = answer.body[0].embedding[0] as number[];
    expect(vector.reduce((sum, value) => sum + Math.abs(value), 0)).toBeCloseTo(1, 5);
    expect(harness.upstream.lastRequests().at(-1)!.path).toBe('/v1/embeddings');
  });

  it.each([
    ['content', { content: 5 }],
    ['content', {}],
    ['content', { content: 'a', input: 'b' }],
    ['embd_normalize', { content: 'a', embd_normalize: 'l2' }],
    ['image_data', { content: 'a', image_data: [] }],
  ])('refuses a bad body naming %s', async (param, body) => {
    const answer = await post('/embedding', body);
    expect(answer.status, answer.text).toBe(400);
    expect(answer.body.error.param).toBe(param);
    expect(typeof answer.body.error.message).toBe('string');
  });
});
