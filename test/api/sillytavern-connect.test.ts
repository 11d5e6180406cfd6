/**
 * What SillyTavern's Text Completion types ask a server when they connect
 * (src/endpoints/backends/text-completions.js, `/status`), against a running Loremaster: the model
 * list each type reads (/v1/models, TabbyAPI's /v1/model/list, Ollama's /api/tags), then the model
 * info text-generation-webui and TabbyAPI are asked for, read as SillyTavern reads them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientHarness, startClientHarness } from '../support/client-harness.js';

let harness: ClientHarness;

beforeAll(async () => {
  harness = await startClientHarness();
}, 60_000);
afterAll(async () => {
  await harness?.stop();
});

// biome-ignore lint/suspicious/noExplicitAny: answers are read as SillyTavern reads them
type Json = any;

async function get(path: string): Promise<{ ok: boolean; body: Json }> {
  const response = await fetch(`${harness.server.url}${path}`);
  return { ok: response.ok, body: await response.json() };
}

describe("SillyTavern's connection check", () => {
  it.each([
    ['llama.cpp, vLLM, KoboldCpp, Aphrodite, text-generation-webui', '/v1/models'],
    ['TabbyAPI', '/v1/model/list'],
    ['Ollama', '/api/tags'],
  ])('finds models for %s at %s', async (_types, path) => {
    const reply = await get(path);
    expect(reply.ok).toBe(true);
    // SillyTavern rewraps Ollama's list, then demands an array of ids.
    const data = Array.isArray(reply.body.models)
      ? reply.body.models.map((model: Json) => ({ id: model.name }))
      : reply.body.data;
    expect(Array.isArray(data)).toBe(true);
    const ids = data.map((model: Json) => model.id);
    expect(ids).toContain('generation');
    expect(ids).toContain('offline');
  });

  it("names TabbyAPI's loaded model: the generation role, which answers a request without one", async () => {
    const reply = await get('/v1/model');
    expect(reply.ok).toBe(true);
    expect(reply.body).toMatchObject({ id: 'generation', object: 'model' });
  });

  it("answers text-generation-webui's model info, so SillyTavern counts tokens with /v1/internal/encode", async () => {
    const reply = await get('/v1/internal/model/info');
    expect(reply.ok).toBe(true);
    expect(reply.body).toEqual({ model_name: 'generation', lora_names: [] });
    const encode = await fetch(`${harness.server.url}/v1/internal/encode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'The chapel bell tolls twice.' }),
    });
    const encoded = (await encode.json()) as Json;
    expect(encoded.length).toBe(encoded.tokens.length);
    expect(encoded.length).toBeGreaterThan(3);
  });
});
