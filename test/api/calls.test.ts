/**
 * The call log over HTTP: calls listed newest first with their numbers, one call with its prompt and
 * answer (conversation calls keep them), a replay that sends the stored request again through the
 * gateway (a new call in the log), and the refusals: an unknown call (404), a call whose prompt the log
 * did not keep (409), a key below admin (403).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoremaster, type TestServer } from '../support/loremaster.js';

const ADMIN = 'lm-calls-admin';
const READER = 'lm-calls-reader';
let server: TestServer;

async function call(
  method: string,
  path: string,
  body?: unknown,
  key = ADMIN,
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  server = await startLoremaster({ env: { LOREMASTER_API_KEYS: `${ADMIN}:admin,${READER}:read` } });
});
afterAll(async () => server?.stop());

describe('the call log', () => {
  it('lists calls, shows a conversation call with its prompt and answer, and replays it', async () => {
    const conversation = await call('POST', '/llm/conversation', {
      model: 'offline',
      system_prompt: 'Be brief.',
    });
    expect(conversation.status).toBe(201);
    const message = await call('POST', `/llm/conversation/${conversation.body.id}/message`, {
      content: 'Describe the Sooted Kettle.',
    });
    expect(message.status).toBe(200);
    const plain = await call('POST', '/v1/chat/completions', {
      model: 'offline',
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(plain.status).toBe(200);

    const listed = await call('GET', '/llm/calls?limit=10');
    expect(listed.status).toBe(200);
    const kept = listed.body.data.find((entry: { kind: string }) => entry.kind === 'conversation');
    const bare = listed.body.data.find((entry: { kind: string }) => entry.kind !== 'conversation');
    expect(kept).toMatchObject({ object: 'llm.call', provider: 'offline', status: 'ok', replayable: true });
    expect(kept.latency_ms).toBeGreaterThanOrEqual(0);
    expect(kept.input_tokens).toBeGreaterThan(0);
    expect(bare).toMatchObject({ replayable: false });

    const one = await call('GET', `/llm/calls/${kept.id}`);
    expect(one.status).toBe(200);
    expect(one.body.request.messages.at(-1)).toMatchObject({
      role: 'user',
      content: 'Describe the Sooted Kettle.',
    });
    expect(one.body.response.length).toBeGreaterThan(0);

    const replayed = await call('POST', `/llm/calls/${kept.id}/replay`);
    expect(replayed.status, JSON.stringify(replayed.body)).toBe(200);
    expect(replayed.body.original.id).toBe(kept.id);
    expect(replayed.body.replay.text.length).toBeGreaterThan(0);
    expect(replayed.body.replay.call_id).not.toBe(kept.id);
    // The replay is a call of its own, in the log.
    const again = await call('GET', `/llm/calls/${replayed.body.replay.call_id}`);
    expect(again.status).toBe(200);
    expect(again.body.provider).toBe('offline');

    const refused = await call('POST', `/llm/calls/${bare.id}/replay`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'call_not_replayable' });
    expect(refused.body.error.message).toContain('only conversation calls');
  });

  it('refuses an unknown call and a key below admin', async () => {
    const missing = await call('GET', '/llm/calls/no-such-call');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ type: 'not_found_error', code: 'call_not_found' });
    expect((await call('POST', '/llm/calls/no-such-call/replay')).status).toBe(404);
    const reader = await call('GET', '/llm/calls', undefined, READER);
    expect(reader.status).toBe(403);
    expect(reader.body.error.code).toBe('insufficient_scope');
  });
});
