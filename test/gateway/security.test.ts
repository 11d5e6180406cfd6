import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { compose } from '../../src/gateway/chain.js';
import { createSecurityMiddleware } from '../../src/gateway/middleware/security.js';
import { MockProvider } from '../../src/providers/index.js';
import { makeCall, makeDeps, terminal } from '../support/gateway-call.js';

function setup(security: Record<string, unknown>) {
  const settings = loadConfig({ env: {}, overrides: { gateway: { security } } }).settings;
  const provider = new MockProvider();
  return { handlers: compose([createSecurityMiddleware(makeDeps({ settings }))], terminal), provider };
}

describe('security middleware', () => {
  it('refuses a prompt over the size limit before any upstream call', async () => {
    const { handlers, provider } = setup({ max_prompt_chars: 100 });
    const call = makeCall({ provider, messages: [{ role: 'user', content: 'x'.repeat(101) }] });
    await expect(handlers.chat(call)).rejects.toMatchObject({ code: 'prompt_too_large', status: 413 });
    await expect(
      handlers.chat(makeCall({ provider, messages: [{ role: 'user', content: 'x'.repeat(100) }] })),
    ).resolves.toBeTruthy();
    // The system prompt counts too.
    const withSystem = makeCall({
      provider,
      options: { system: 'y'.repeat(60) },
      messages: [{ role: 'user', content: 'x'.repeat(60) }],
    });
    await expect(handlers.chat(withSystem)).rejects.toMatchObject({ code: 'prompt_too_large' });
    expect(provider.calls).toHaveLength(1);
  });

  it('bounds messages per call and embedding inputs', async () => {
    const { handlers, provider } = setup({ max_messages: 2, max_embedding_inputs: 3 });
    const messages = Array.from({ length: 3 }, () => ({ role: 'user' as const, content: 'hi' }));
    await expect(handlers.stream(makeCall({ provider, kind: 'stream', messages }))).rejects.toMatchObject({
      code: 'prompt_too_large',
    });
    await expect(
      handlers.embed(makeCall({ provider, kind: 'embed', input: ['a', 'b', 'c', 'd'] })),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/at most 3/),
    });
    await expect(
      handlers.embed(makeCall({ provider, kind: 'embed', input: ['a', 'b', 'c'] })),
    ).resolves.toMatchObject({
      embeddings: expect.any(Array),
    });
  });

  it('enforces a daily quota per API key, not for internal roles', async () => {
    const { handlers, provider } = setup({ key_daily_requests: 2 });
    await handlers.chat(makeCall({ provider, apiKeyId: 'a' }));
    await handlers.chat(makeCall({ provider, apiKeyId: 'a' }));
    const error = await handlers.chat(makeCall({ provider, apiKeyId: 'a' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'quota_exceeded', status: 429 });
    expect((error as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    expect((error as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(86_400);
    await expect(handlers.chat(makeCall({ provider, apiKeyId: 'b' }))).resolves.toBeTruthy();
    for (let i = 0; i < 5; i++) await expect(handlers.chat(makeCall({ provider }))).resolves.toBeTruthy();
  });
});
