/**
 * Images through the AI SDK's own providers (the all-SDK versions of OpenAI, Mistral and OpenAI-compatible,
 * and Anthropic, which always is one): Loremaster hands the SDK file parts and each vendor package writes
 * its own image format, which the fake upstream records.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Provider } from '../../src/providers/index.js';
import {
  createAnthropicProvider,
  createMistralSdkProvider,
  createOpenAICompatibleSdkProvider,
  createOpenAISdkProvider,
  type VendorSettings,
} from '../../src/providers/vendors.js';
import type { ChatMessage, ImagePart } from '../../src/vocabulary/index.js';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { PNG } from '../support/images.js';

const inline: ImagePart = {
  type: 'image',
  source: { type: 'base64', mediaType: 'image/png', data: PNG },
  detail: 'low',
};
const byUrl: ImagePart = { type: 'image', source: { type: 'url', url: 'https://example.com/map.jpg' } };

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

function settings(name: string, basePath: string, model: string): VendorSettings {
  return {
    name,
    baseUrl: `${upstream.url}${basePath}`,
    apiKey: 'test-key',
    models: [model],
    defaultModel: model,
    defaultEmbeddingModel: undefined,
    timeoutMs: 5_000,
  };
}

const question = (image: ImagePart): ChatMessage[] => [
  { role: 'user', content: 'What is this?', parts: [{ type: 'text', text: 'What is this?' }, image] },
];

async function lastUserContent(provider: Provider, image: ImagePart): Promise<unknown> {
  await provider.chat(question(image));
  const body = upstream.lastRequests().at(-1)!.body as {
    messages: Array<{ role: string; content: unknown }>;
  };
  return body.messages.findLast((message) => message.role === 'user')!.content;
}

describe.each([
  { name: 'openai', make: () => createOpenAISdkProvider(settings('openai', '/v1', 'gpt-4o-mini')) },
  {
    name: 'mistral',
    make: () => createMistralSdkProvider(settings('mistral', '/mistral/v1', 'mistral-small-latest')),
  },
  {
    name: 'local',
    make: () => createOpenAICompatibleSdkProvider(settings('local', '/v1', 'llama-3.1-8b-instruct')),
  },
])('$name through its AI SDK package', ({ make }) => {
  it('sends an inline image as a data URL and a URL as itself', async () => {
    const provider = make();
    const sent = JSON.stringify(await lastUserContent(provider, inline));
    expect(sent).toContain(`data:image/png;base64,${PNG}`);
    expect(JSON.stringify(await lastUserContent(provider, byUrl))).toContain('https://example.com/map.jpg');
  });
});

describe('anthropic through its AI SDK package', () => {
  it('sends image blocks: a base64 source and a url source', async () => {
    const provider = createAnthropicProvider(settings('anthropic', '/v1', 'claude-haiku-4-5'));
    expect(await lastUserContent(provider, { ...inline, detail: 'auto' })).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
    ]);
    expect(await lastUserContent(provider, byUrl)).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { type: 'url', url: 'https://example.com/map.jpg' } },
    ]);
    await expect(provider.chat(question(inline))).rejects.toMatchObject({ code: 'unsupported' });
  });
});
