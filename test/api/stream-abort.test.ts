/** A client that goes away mid-stream cancels the upstream call: the vendor stops generating. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { VENDOR_KEYS, vendorProviders } from '../support/vendors.js';

let fake: FakeUpstream;
let server: TestServer;

beforeAll(async () => {
  // About 10 s of answer at 5 tokens a second: long enough that only a cancel ends it early.
  fake = await startFakeUpstream({ tokensPerSecond: 5, answerWords: 50 });
  server = await startLoremaster({
    env: VENDOR_KEYS,
    config: { providers: vendorProviders(fake.url, 30_000), gateway: { cache: { enabled: false } } },
  });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

async function waitFor(check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) expect.fail('the upstream stream was never abandoned');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

for (const model of ['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5']) {
  it(`aborting a streamed chat completion closes the upstream stream (${model})`, async () => {
    fake.reset();
    fake.configure({ tokensPerSecond: 5, answerWords: 50 });
    const controller = new AbortController();
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model,
        stream: true,
        messages: [{ role: 'user', content: 'Tell a long tale' }],
      }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    await reader.read();
    expect(fake.stats().streamsAbandoned).toBe(0);
    controller.abort();
    await waitFor(() => fake.stats().streamsAbandoned === 1);
  });
}
