/**
 * KoboldCpp's generation control against a running Loremaster with two API keys: /api/extra/generate/check
 * (the text so far, by genkey) and /api/extra/abort (stops the generation: the upstream stream is closed
 * early, and the generation ends with the text so far), through a paced OpenAI-compatible fake upstream;
 * one key never sees or stops another's generation; and the /api/v1/config/… values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../support/client-harness.js';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { VENDOR_KEYS, vendorProviders } from '../support/vendors.js';

const KEY_A = 'sk-kobold-a';
const KEY_B = 'sk-kobold-b';
const LOCAL = 'local/llama-3.1-8b-instruct';
const PROMPT = 'The bard tunes her lute and begins a very long ballad.\nBard:';

let fake: FakeUpstream;
let server: TestServer;

beforeAll(async () => {
  // About 10 s of answer at 5 tokens a second: only an abort ends it early.
  fake = await startFakeUpstream({ tokensPerSecond: 5, answerWords: 50 });
  server = await startLoremaster({
    env: { ...VENDOR_KEYS, LOREMASTER_API_KEYS: `${KEY_A}:game,${KEY_B}:game` },
    config: {
      providers: vendorProviders(fake.url, 30_000),
      gateway: { cache: { enabled: false }, resilience: { retries: 0, offline_fallback: false } },
      // The model's window, as a deployment states it (GET /props answers the default elsewhere).
      roles: { generation: { context_tokens: 32_768 } },
    },
  });
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

async function call(key: string, method: 'GET' | 'POST', path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json };
}

const check = async (key: string, genkey?: string) =>
  (await call(key, 'POST', '/api/extra/generate/check', genkey === undefined ? undefined : { genkey })).body;
const abort = async (key: string, genkey?: string) =>
  (await call(key, 'POST', '/api/extra/abort', genkey === undefined ? undefined : { genkey })).body;

/** A streamed generation of key A: its events read as they come. */
async function startStream(body: Record<string, unknown>) {
  const response = await fetch(`${server.url}/api/extra/generate/stream`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY_A}`, 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: PROMPT, model: LOCAL, ...body }),
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: Json[] = [];
  /** Reads until `count` message events have arrived (or the stream ends); true when it ended. */
  const readUntil = async (count: number): Promise<boolean> => {
    for (let round = 0; round < 500 && events.length < count; round++) {
      const { value, done } = await reader.read();
      if (done) return true;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith('event: message\ndata: '))
          events.push(JSON.parse(block.slice('event: message\ndata: '.length)) as Json);
        end = buffer.indexOf('\n\n');
      }
    }
    return false;
  };
  const tokens = () =>
    events
      .filter((event) => event.finish_reason === null)
      .map((event) => event.token)
      .join('');
  return { events, readUntil, tokens, reader };
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) expect.fail(`never: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('KoboldCpp generation control', () => {
  it('answers no text and no success when nothing runs, as KoboldCpp does', async () => {
    expect(await check(KEY_A, 'nothing')).toEqual({ results: [{ text: '' }] });
    expect(await abort(KEY_A, 'nothing')).toEqual({ success: 'false' });
    expect(await abort(KEY_A)).toEqual({ success: 'false' });
    const get = await call(KEY_A, 'GET', '/api/extra/generate/check');
    expect(get).toEqual({ status: 200, body: { results: [{ text: '' }] } });
  });

  it('checks a stream by genkey and aborts it: the upstream stream is closed early, the stream ends with stop', async () => {
    fake.reset();
    fake.configure({ tokensPerSecond: 5, answerWords: 50 });
    const stream = await startStream({ genkey: 'KCPP1111', max_length: 200 });
    await stream.readUntil(2);
    const sofar = (await check(KEY_A, 'KCPP1111')).results[0].text as string;
    expect(sofar.length).toBeGreaterThan(0);
    expect(sofar.startsWith(stream.tokens())).toBe(true);
    expect(fake.stats().streamsAbandoned).toBe(0);

    expect(await abort(KEY_A, 'KCPP1111')).toEqual({ success: 'true' });
    expect(await stream.readUntil(1000)).toBe(true);
    expect(stream.events.at(-1)).toEqual({ token: '', finish_reason: 'stop' });
    await waitFor(() => fake.stats().streamsAbandoned === 1, 'the upstream stream was abandoned');
    // Far fewer than the 50 words the upstream would have sent.
    expect(stream.events.length).toBeLessThan(20);
    // Just finished: check still reads its text; a second abort finds nothing running.
    expect((await check(KEY_A, 'KCPP1111')).results[0].text).toBe(stream.tokens());
    expect(await abort(KEY_A, 'KCPP1111')).toEqual({ success: 'false' });
  });

  it("aborts a whole generation, which answers the text so far (KoboldAI Lite's polling)", async () => {
    fake.reset();
    fake.configure({ tokensPerSecond: 5, answerWords: 50 });
    const whole = call(KEY_A, 'POST', '/api/v1/generate', {
      prompt: PROMPT,
      model: LOCAL,
      max_length: 200,
      genkey: 'KCPP2222',
    });
    await waitFor(
      async () => ((await check(KEY_A, 'KCPP2222')).results[0].text as string).length > 0,
      'check saw text',
    );
    expect(await abort(KEY_A, 'KCPP2222')).toEqual({ success: 'true' });
    const answer = await whole;
    expect(answer.status).toBe(200);
    const result = answer.body.results[0];
    expect(result.finish_reason).toBe('stop');
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.completion_tokens).toBeGreaterThan(0);
    expect(answer.body.provider).toBe('local');
    await waitFor(() => fake.stats().streamsAbandoned === 1, 'the upstream stream was abandoned');
    expect((await check(KEY_A, 'KCPP2222')).results[0].text).toBe(result.text);
  });

  it("never lets another key see or stop a generation; without a genkey, the caller's only one", async () => {
    fake.reset();
    fake.configure({ tokensPerSecond: 5, answerWords: 50 });
    const stream = await startStream({ genkey: 'SHARED', max_length: 200 });
    await stream.readUntil(2);

    expect(await check(KEY_B, 'SHARED')).toEqual({ results: [{ text: '' }] });
    expect(await check(KEY_B)).toEqual({ results: [{ text: '' }] });
    expect((await call(KEY_B, 'GET', '/api/extra/generate/check')).body).toEqual({ results: [{ text: '' }] });
    expect(await abort(KEY_B, 'SHARED')).toEqual({ success: 'false' });
    expect(await abort(KEY_B)).toEqual({ success: 'false' });
    // Still running for its owner.
    await stream.readUntil(stream.events.length + 1);
    expect(stream.events.at(-1)!.finish_reason).toBeNull();
    expect(fake.stats().streamsAbandoned).toBe(0);

    // Key A's only generation answers without a genkey, as SillyTavern aborts (a POST with no body).
    expect(
      ((await call(KEY_A, 'GET', '/api/extra/generate/check')).body.results[0].text as string).length,
    ).toBeGreaterThan(0);
    expect(await abort(KEY_A)).toEqual({ success: 'true' });
    expect(await stream.readUntil(1000)).toBe(true);
    expect(stream.events.at(-1)).toEqual({ token: '', finish_reason: 'stop' });
    await waitFor(() => fake.stats().streamsAbandoned === 1, 'the upstream stream was abandoned');
  });

  it('reads a finished generation whole for a while after its end', async () => {
    const answer = await call(KEY_A, 'POST', '/api/v1/generate', {
      prompt: PROMPT,
      max_length: 40,
      genkey: 'DONE',
    });
    expect(answer.status).toBe(200);
    expect((await check(KEY_A, 'DONE')).results[0].text).toBe(answer.body.results[0].text);
    expect(await check(KEY_B, 'DONE')).toEqual({ results: [{ text: '' }] });
  });

  it.each([
    ['genkey', { genkey: 5 }],
    ['genkey', { genkey: 'k'.repeat(129) }],
    ['unknown_field', { unknown_field: true }],
  ])('refuses a bad body naming %s, in KoboldCpp’s error shape', async (param, body) => {
    for (const path of ['/api/extra/abort', '/api/extra/generate/check']) {
      const answer = await call(KEY_A, 'POST', path, body);
      expect(answer.status).toBe(400);
      expect(Object.keys(answer.body)).toEqual(['detail']);
      expect(answer.body.detail.msg).toContain(param);
      expect(answer.body.detail.type).toBe('invalid_request');
    }
    const generate = await call(KEY_A, 'POST', '/api/v1/generate', {
      prompt: PROMPT,
      genkey: 'k'.repeat(129),
    });
    expect(generate.status).toBe(400);
    expect(generate.body.detail.msg).toContain('genkey');
  });

  it('asks for a key', async () => {
    const response = await fetch(`${server.url}/api/extra/abort`, { method: 'POST' });
    expect(response.status).toBe(401);
    expect(Object.keys((await response.json()) as Json)).toEqual(['detail']);
  });
});

describe('KoboldCpp config values', () => {
  it("answers the generation role's context window (roles.generation.context_tokens) and generation length", async () => {
    for (const path of ['/api/v1/config/max_context_length', '/api/extra/true_max_context_length'])
      expect((await call(KEY_A, 'GET', path)).body).toEqual({ value: 32_768 });
    // roles.generation.max_tokens, which a generation without max_length gets.
    expect((await call(KEY_A, 'GET', '/api/v1/config/max_length')).body).toEqual({ value: 512 });
  });
});
