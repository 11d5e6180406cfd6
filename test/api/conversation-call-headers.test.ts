/**
 * POST /llm/conversation/{id}/message reads Loremaster's call headers (x-loremaster-priority, -cache,
 * -tick, -seed) before it stores anything: a bad one is a 400 naming the header, and the conversation
 * is left as it was (no user message waiting for an answer that never came).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoremaster, type TestServer } from '../support/loremaster.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions
type Json = Record<string, any>;

describe('conversation message: call headers', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startLoremaster();
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, json: (await response.json()) as Json };
  }

  it.each([
    ['x-loremaster-priority', 'urgent'],
    ['x-loremaster-cache', 'sometimes'],
    ['x-loremaster-tick', 'noon'],
  ])('a bad %s is a 400 naming it, and stores no message', async (header, value) => {
    const created = await call('POST', '/llm/conversation', { system_prompt: 'You narrate.' });
    expect(created.status).toBe(201);
    for (const stream of [false, true]) {
      const sent = await call(
        'POST',
        `/llm/conversation/${created.json.id}/message`,
        { content: 'I ring the bell.', stream },
        { [header]: value },
      );
      expect(sent.status).toBe(400);
      expect(sent.json.error).toMatchObject({ param: header, code: 'invalid_header' });
    }
    const read = await call('GET', `/llm/conversation/${created.json.id}`);
    expect(read.json.message_count).toBe(0);
    expect(read.json.messages).toEqual([]);
  });

  it('a good header still answers', async () => {
    const created = await call('POST', '/llm/conversation', { system_prompt: 'You narrate.' });
    const sent = await call(
      'POST',
      `/llm/conversation/${created.json.id}/message`,
      { content: 'I ring the bell.' },
      { 'x-loremaster-priority': 'low', 'x-loremaster-tick': '12' },
    );
    expect(sent.status).toBe(200);
    expect(sent.json.message.role).toBe('assistant');
  });
});
