/** Every vendor provider, through its AI SDK package, against the fake upstream's wire formats and faults. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import {
  createProvider,
  isProviderError,
  type Provider,
  type ProviderError,
} from '../../src/providers/index.js';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { VENDOR_KEYS, VENDORS, vendorProviders } from '../support/vendors.js';

let upstream: FakeUpstream;
const providers = new Map<string, Provider>();

beforeAll(async () => {
  upstream = await startFakeUpstream();
  const { settings, secrets } = loadConfig({
    env: VENDOR_KEYS,
    overrides: { providers: vendorProviders(upstream.url, 400) },
  });
  for (const vendor of VENDORS)
    providers.set(vendor.name, createProvider(vendor.name, settings.providers[vendor.name]!, secrets));
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

const messages = [{ role: 'user' as const, content: 'Where is the lighthouse keeper tonight?' }];

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (isProviderError(error)) return error;
    throw new Error(`expected a ProviderError, got ${String(error)}`);
  }
  throw new Error('expected the call to fail');
}

async function drain(provider: Provider): Promise<string> {
  let text = '';
  for await (const event of provider.stream(messages)) if (event.type === 'delta') text += event.text;
  return text;
}

describe.each(VENDORS)('$name provider', (vendor) => {
  const provider = () => providers.get(vendor.name)!;

  it('chats: text, usage, finish reason, model and provider', async () => {
    const result = await provider().chat(messages, { system: 'You are a narrator.', temperature: 0.2 });
    expect(result.text).toMatch(/Where is the lighthouse/);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.usage.totalTokens).toBe(result.usage.inputTokens + result.usage.outputTokens);
    expect(result.finishReason).toBe('stop');
    expect(result.provider).toBe(vendor.name);
    expect(result.model).toBe(vendor.model);
    expect(result.latencyMs).toBeGreaterThan(0);
    const sent = upstream.lastRequests().at(-1)!;
    expect(JSON.stringify(sent.body)).toContain('You are a narrator.');
  });

  it('reports "length" when max tokens cut the answer', async () => {
    const result = await provider().chat(messages, { maxTokens: 3 });
    expect(result.finishReason).toBe('length');
  });

  it('streams text deltas then the final usage', async () => {
    const plain = await provider().chat(messages);
    const events = [];
    for await (const event of provider().stream(messages)) events.push(event);
    const deltas = events.filter((event) => event.type === 'delta');
    const done = events.at(-1);
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.map((event) => event.text).join('')).toBe(plain.text);
    expect(done).toMatchObject({ type: 'done', finishReason: 'stop', provider: vendor.name });
    if (done?.type === 'done') {
      expect(done.usage.outputTokens).toBeGreaterThan(0);
      expect(done.firstTokenMs).not.toBeNull();
    }
  });

  it('asks for JSON when a schema is given', async () => {
    const result = await provider().chat(messages, {
      jsonSchema: { type: 'object', properties: { fake: { type: 'boolean' } }, required: ['fake'] },
    });
    expect(JSON.parse(result.text)).toMatchObject({ fake: true });
  });

  it('embeds, or says it cannot', async () => {
    if (!vendor.embeddingModel) {
      const error = await failure(provider().embed(['a']));
      expect(error.code).toBe('unsupported');
      return;
    }
    const result = await provider().embed(['the lighthouse', 'the keeper'], { dimensions: 16 });
    expect(result.embeddings).toHaveLength(2);
    expect(result.embeddings[0]!.length).toBeGreaterThan(0);
    expect(Math.hypot(...result.embeddings[0]!)).toBeCloseTo(1, 4);
    expect(result.provider).toBe(vendor.name);
  });

  it('tests its connection', async () => {
    expect((await provider().testConnection()).ok).toBe(true);
  });

  it('classifies 429 as rate limited, with Retry-After', async () => {
    upstream.injectFault({ type: 'status', status: 429, retryAfter: '7' });
    const error = await failure(provider().chat(messages));
    expect(error).toMatchObject({
      code: 'rate_limited',
      upstreamStatus: 429,
      retryAfterSeconds: 7,
      retryable: true,
    });
  });

  it('classifies 500 and 503 as upstream unavailable (retryable)', async () => {
    upstream.injectFault({ type: 'status', status: 500 }, { type: 'status', status: 503 });
    expect(await failure(provider().chat(messages))).toMatchObject({
      code: 'upstream_unavailable',
      upstreamStatus: 500,
      retryable: true,
    });
    expect(await failure(provider().chat(messages))).toMatchObject({
      code: 'upstream_unavailable',
      upstreamStatus: 503,
    });
  });

  it('classifies 400 as a bad request (not retryable)', async () => {
    upstream.injectFault({ type: 'status', status: 400 });
    expect(await failure(provider().chat(messages))).toMatchObject({
      code: 'upstream_bad_request',
      retryable: false,
    });
  });

  it('cuts a hung upstream at its timeout', async () => {
    upstream.injectFault({ type: 'hang' });
    const started = Date.now();
    const error = await failure(provider().chat(messages));
    expect(error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('reports a connection reset as a network error', async () => {
    upstream.injectFault({ type: 'reset' });
    expect((await failure(provider().chat(messages))).code).toBe('network');
  });

  it('reports malformed JSON as a bad response', async () => {
    upstream.injectFault({ type: 'malformed-json' });
    expect((await failure(provider().chat(messages))).code).toBe('bad_response');
  });

  it('fails a stream cut in the middle instead of ending it quietly', async () => {
    upstream.injectFault({ type: 'cut-stream', afterChunks: 3 });
    const error = await failure(drain(provider()));
    expect(['network', 'bad_response']).toContain(error.code);
    expect(error.retryable).toBe(true);
  });

  it('stops at once when the caller aborts', async () => {
    upstream.configure({ latencyMs: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(provider().chat(messages, { signal: controller.signal }));
    expect(error.code).toBe('aborted');
  });
});

describe('credentials', () => {
  it('maps an upstream 401 to upstream_auth without echoing the key', async () => {
    const { settings, secrets } = loadConfig({
      env: { ...VENDOR_KEYS, OPENAI_API_KEY: 'bad-key' },
      overrides: { providers: vendorProviders(upstream.url) },
    });
    const openai = createProvider('openai', settings.providers.openai!, secrets);
    const error = await failure(openai.chat(messages));
    expect(error).toMatchObject({ code: 'upstream_auth', upstreamStatus: 401, retryable: false });
    expect(error.message).not.toContain('bad-key');
  });

  it('refuses to build a vendor provider without its key, naming the variable', () => {
    const { settings, secrets } = loadConfig({ env: {} });
    expect(() => createProvider('anthropic', settings.providers.anthropic!, secrets)).toThrow(
      /set ANTHROPIC_API_KEY/,
    );
  });
});
