/**
 * `top_k`, the sampling option of Anthropic's API and of the open servers (llama.cpp, vLLM, Ollama), which
 * many OpenAI-compatible front ends send: passed to the providers that have it, in each one's wire format;
 * refused with a 400 naming it by the ones that do not (OpenAI, Mistral); `top_k: 0` (no cut) asks for
 * nothing, so it is never refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientHarness, lastUpstreamChat, startClientHarness } from '../support/client-harness.js';

let harness: ClientHarness;

beforeAll(async () => {
  harness = await startClientHarness();
}, 60_000);
afterAll(async () => {
  await harness?.stop();
});

async function chat(model: string, extra: Record<string, unknown>) {
  const response = await fetch(`${harness.server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'I light the lantern.' }], ...extra }),
  });
  return {
    status: response.status,
    // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
    body: (await response.json()) as Record<string, any>,
  };
}

describe('top_k', () => {
  it('reaches an OpenAI-compatible server and Anthropic in their wire formats', async () => {
    const local = await chat('local/llama-3.1-8b-instruct', { top_k: 40 });
    expect(local.status, JSON.stringify(local.body)).toBe(200);
    expect(lastUpstreamChat(harness.upstream)).toMatchObject({ top_k: 40 });

    const anthropic = await chat('anthropic/claude-haiku-4-5', { top_k: 12 });
    expect(anthropic.status, JSON.stringify(anthropic.body)).toBe(200);
    expect(lastUpstreamChat(harness.upstream)).toMatchObject({ top_k: 12 });

    const messages = await fetch(`${harness.server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({
        model: 'anthropic/claude-haiku-4-5',
        max_tokens: 50,
        top_k: 5,
        messages: [{ role: 'user', content: 'I light the lantern.' }],
      }),
    });
    const message = (await messages.json()) as { type: string };
    expect(message.type).toBe('message');
    expect(lastUpstreamChat(harness.upstream)).toMatchObject({ top_k: 5 });
  });

  it('is refused by name where the API has none, and top_k 0 asks for nothing', async () => {
    for (const model of ['openai/gpt-4o-mini', 'mistral/mistral-small-latest']) {
      const refused = await chat(model, { top_k: 40 });
      expect(refused.status, model).toBe(400);
      expect(refused.body.error).toMatchObject({ param: 'top_k', code: 'unsupported' });
    }
    const off = await chat('openai/gpt-4o-mini', { top_k: 0 });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(lastUpstreamChat(harness.upstream)).not.toHaveProperty('top_k');

    const bad = await chat('offline', { top_k: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('top_k');
  });

  it('is part of the offline answer and of the cache key', async () => {
    const plain = await chat('offline', { seed: 7 });
    const cut = await chat('offline', { seed: 7, top_k: 3 });
    expect(plain.status).toBe(200);
    expect(cut.status).toBe(200);
    expect(cut.body.choices[0].message.content).not.toBe(plain.body.choices[0].message.content);
    expect((await chat('offline', { seed: 7, top_k: 3 })).body.choices[0].message.content).toBe(
      cut.body.choices[0].message.content,
    );
  });
});
