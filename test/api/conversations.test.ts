/**
 * The conversation API end to end over HTTP: a running Loremaster on the offline provider, with its
 * store on SQLite (a temp file) and on PostgreSQL (a database of its own, via DATABASE_URL).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { planContext } from '../../src/api/routes/conversation-context.js';
import type { Conversation, Message } from '../../src/store/index.js';
import { type FakeUpstream, startFakeUpstream } from '../support/fake-upstream.js';
import { startLoremaster, type TestServer } from '../support/loremaster.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { VENDOR_KEYS, vendorProviders } from '../support/vendors.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read field by field in assertions
type Json = Record<string, any>;

async function call(server: TestServer, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: (isJson ? JSON.parse(text) : {}) as Json,
  };
}

/** Reads an SSE body into its `data:` payloads. */
function sseData(text: string): string[] {
  return text
    .split('\n\n')
    .map((frame) => frame.trim())
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => frame.slice(6));
}

const SCENE = 'You narrate. Mira Thornwood keeps the Gilded Stag inn in Eldhollow.';

describe.each(['sqlite', 'postgres'] as const)('conversation API on %s', (backend) => {
  let database: TestDatabase | undefined;
  let server: TestServer;
  let env: Record<string, string>;

  let unavailable: unknown;

  beforeAll(async () => {
    try {
      if (backend === 'postgres') database = await createTestDatabase();
      env = database ? { DATABASE_URL: database.url } : {};
      server = await startLoremaster({ env });
    } catch (error) {
      unavailable = error;
    }
  });
  // An unreachable database fails every test of its backend (CI must not pass by skipping them).
  beforeEach(() => {
    if (unavailable) throw unavailable;
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  async function start(body: Json = {}) {
    const created = await call(server, 'POST', '/llm/conversation', { system_prompt: SCENE, ...body });
    expect(created.status).toBe(201);
    return created.json;
  }

  it('starts a conversation, answers a message, and stores both', async () => {
    const conversation = await start({
      title: 'The drowned bell',
      metadata: { world: 'eldhollow', chapter: 1 },
    });
    expect(conversation).toMatchObject({ object: 'conversation', model: 'generation', message_count: 0 });
    expect(conversation.metadata).toEqual({ world: 'eldhollow', chapter: 1 });

    const turn = await call(server, 'POST', `/llm/conversation/${conversation.id}/message`, {
      content: 'I ask Mira about the drowned bell.',
    });
    expect(turn.status).toBe(200);
    expect(turn.headers.get('x-loremaster-provider')).toBe('offline');
    expect(turn.headers.get('x-loremaster-context')).toBe('none');
    expect(turn.json.user_message).toMatchObject({
      role: 'user',
      content: 'I ask Mira about the drowned bell.',
    });
    expect(turn.json.message.role).toBe('assistant');
    expect(turn.json.message.content).toMatch(/Mira|bell/);
    expect(turn.json.context).toMatchObject({ strategy: 'summarize', action: 'none', removed_messages: 0 });
    expect(turn.json.usage.completion_tokens).toBeGreaterThan(0);

    const read = await call(server, 'GET', `/llm/conversation/${conversation.id}`);
    expect(read.status).toBe(200);
    expect(read.json.message_count).toBe(2);
    expect(read.json.messages.map((m: Json) => m.role)).toEqual(['user', 'assistant']);
    expect(read.json.messages[1].content).toBe(turn.json.message.content);

    // The call is in the call log once the batch is flushed.
    await server.store.callLog.flush();
    const calls = await server.store.calls.list({ conversationId: conversation.id, limit: 10 });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ provider: 'offline', call_type: 'conversation', status: 'ok' });
  });

  it('logs every model call once: /v1 calls from the gateway, conversation calls with their conversation', async () => {
    await server.store.callLog.flush();
    const before = await server.store.calls.count();
    const conversation = await start();
    await call(server, 'POST', `/llm/conversation/${conversation.id}/message`, { content: 'I knock twice.' });
    const chat = await call(server, 'POST', '/v1/chat/completions', {
      model: 'offline',
      messages: [{ role: 'user', content: 'I open the gate.' }],
    });
    expect(chat.status).toBe(200);
    await server.store.callLog.flush();
    expect(await server.store.calls.count()).toBe(before + 2);
    const [listed] = await server.store.calls.list({ conversationId: conversation.id, limit: 5 });
    // A list leaves the bodies out (it says whether there is one); one call reads with them.
    expect(listed?.request).toBe('');
    const logged = await server.store.calls.get(listed!.id);
    expect(logged?.request).toContain('I knock twice.');
    const recent = await server.store.calls.list({ provider: 'offline', limit: 5 });
    expect(recent.some((row) => row.conversation_id === null && row.status === 'ok')).toBe(true);
  });

  it('streams the answer over SSE and stores what was streamed', async () => {
    const conversation = await start();
    const streamed = await call(server, 'POST', `/llm/conversation/${conversation.id}/message`, {
      content: 'I climb the watchtower to look for Captain Voss.',
      stream: true,
    });
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = sseData(streamed.text);
    expect(events.at(-1)).toBe('[DONE]');
    const parsed = events.slice(0, -1).map((event) => JSON.parse(event) as Json);
    expect(parsed[0]).toMatchObject({
      type: 'start',
      conversation_id: conversation.id,
      context: { action: 'none' },
    });
    const deltas = parsed.filter((event) => event.type === 'delta');
    expect(deltas.length).toBeGreaterThan(3);
    const done = parsed.at(-1)!;
    expect(done.type).toBe('done');
    const text = deltas.map((event) => event.text).join('');
    expect(done.message.content).toBe(text);

    const read = await call(server, 'GET', `/llm/conversation/${conversation.id}`);
    expect(read.json.messages.map((m: Json) => m.content)).toEqual([
      'I climb the watchtower to look for Captain Voss.',
      text,
    ]);
  });

  it('pages messages with limit and after', async () => {
    const conversation = await start();
    for (const content of ['I enter.', 'I sit down.']) {
      expect(
        (await call(server, 'POST', `/llm/conversation/${conversation.id}/message`, { content })).status,
      ).toBe(200);
    }
    const seen: string[] = [];
    let path = `/llm/conversation/${conversation.id}?limit=3`;
    for (let page = 0; page < 5; page += 1) {
      const read = await call(server, 'GET', path);
      seen.push(...read.json.messages.map((m: Json) => m.role));
      if (!read.json.has_more) break;
      path = `/llm/conversation/${conversation.id}?limit=3&after=${read.json.next_after}`;
    }
    expect(seen).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it('lists conversations filtered by metadata, a page at a time', async () => {
    const tag = `list-${backend}-${Date.now()}`;
    const ids = new Set<string>();
    for (let i = 0; i < 3; i += 1) ids.add((await start({ metadata: { campaign: tag, slot: i } })).id);
    await start({ metadata: { campaign: 'other' } });
    const seen: string[] = [];
    let path = `/llm/conversations?limit=2&metadata.campaign=${tag}`;
    for (let page = 0; page < 5; page += 1) {
      const list = await call(server, 'GET', path);
      expect(list.status).toBe(200);
      seen.push(...list.json.data.map((c: Json) => c.id));
      if (!list.json.has_more) break;
      path = `/llm/conversations?limit=2&metadata.campaign=${tag}&cursor=${list.json.next_cursor}`;
    }
    expect(new Set(seen)).toEqual(ids);
    expect(seen).toHaveLength(3);
    const one = await call(server, 'GET', `/llm/conversations?metadata.campaign=${tag}&metadata.slot=1`);
    expect(one.json.data).toHaveLength(1);
  });

  it('searches messages and titles, ranked, with highlighted snippets', async () => {
    const conversation = await start({ title: 'Quest for the moonstone' });
    await call(server, 'POST', `/llm/conversation/${conversation.id}/message`, {
      content: 'I show Mira the moonstone, the moonstone that glows.',
    });
    const found = await call(server, 'GET', '/llm/conversations/search?q=moonstone');
    expect(found.status).toBe(200);
    expect(found.json.data.length).toBeGreaterThanOrEqual(2);
    const scores = found.json.data.map((hit: Json) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(found.json.data.every((hit: Json) => hit.conversation_id === conversation.id)).toBe(true);
    expect(found.json.data[0].snippet).toContain('<mark>moonstone</mark>');
    expect(found.json.data.some((hit: Json) => hit.message_id === null)).toBe(true);
    const none = await call(server, 'GET', '/llm/conversations/search?q=zzyzx');
    expect(none.json.data).toEqual([]);
  });

  it('archives on DELETE: hidden from listings, closed to new messages', async () => {
    const conversation = await start({ metadata: { campaign: `archive-${backend}` } });
    const deleted = await call(server, 'DELETE', `/llm/conversation/${conversation.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.json.archived_at).not.toBeNull();
    const list = await call(server, 'GET', `/llm/conversations?metadata.campaign=archive-${backend}`);
    expect(list.json.data).toEqual([]);
    const withArchived = await call(
      server,
      'GET',
      `/llm/conversations?metadata.campaign=archive-${backend}&include_archived=true`,
    );
    expect(withArchived.json.data).toHaveLength(1);
    const closed = await call(server, 'POST', `/llm/conversation/${conversation.id}/message`, {
      content: 'hello?',
    });
    expect(closed.status).toBe(409);
    expect(closed.json.error.code).toBe('conversation_archived');
  });

  it('answers 404 for unknown ids and 400 naming the field for bad input', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const [method, path, body] of [
      ['GET', `/llm/conversation/${unknown}`, undefined],
      ['DELETE', `/llm/conversation/${unknown}`, undefined],
      ['POST', `/llm/conversation/${unknown}/message`, { content: 'hi' }],
      ['GET', '/llm/conversation/not-even-a-uuid', undefined],
    ] as const) {
      const response = await call(server, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.json.error.code).toBe('conversation_not_found');
    }
    const badMetadata = await call(server, 'POST', '/llm/conversation', {
      metadata: { world: { nested: true } },
    });
    expect(badMetadata.status).toBe(400);
    expect(badMetadata.json.error.param).toBe('metadata.world');
    const unknownField = await call(server, 'POST', '/llm/conversation', { sytem_prompt: 'typo' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.json.error.message).toMatch(/sytem_prompt/);
    const badWorld = await call(server, 'POST', '/llm/conversation', { world_id: 'atlantis' });
    expect(badWorld.status).toBe(400);
    expect(badWorld.json.error.param).toBe('world_id');
    const world = await server.store.worlds.createWorld({ name: 'Eldhollow' });
    const session = await server.store.sessions.create({ worldId: world.id });
    const linked = await call(server, 'POST', '/llm/conversation', {
      world_id: world.id,
      session_id: session.id,
    });
    expect(linked.json).toMatchObject({ world_id: world.id, session_id: session.id });
    const otherWorld = await server.store.worlds.createWorld({ name: 'Brightwater' });
    const crossWorld = await call(server, 'POST', '/llm/conversation', {
      world_id: otherWorld.id,
      session_id: session.id,
    });
    expect(crossWorld.status).toBe(400);
    expect(crossWorld.json.error.param).toBe('session_id');
    const badModel = await call(server, 'POST', '/llm/conversation', { model: 'no-such-model' });
    expect(badModel.status).toBe(404);
    expect(badModel.json.error.param).toBe('model');

    const conversation = await start();
    const empty = await call(server, 'POST', `/llm/conversation/${conversation.id}/message`, { content: '' });
    expect(empty.status).toBe(400);
    expect(empty.json.error.param).toBe('content');
    const badTemperature = await call(server, 'POST', `/llm/conversation/${conversation.id}/message`, {
      content: 'hi',
      temperature: 7,
    });
    expect(badTemperature.json.error.param).toBe('temperature');
    const badLimit = await call(server, 'GET', `/llm/conversation/${conversation.id}?limit=0`);
    expect(badLimit.status).toBe(400);
    expect(badLimit.json.error.param).toBe('limit');
    const badFilter = await call(server, 'GET', '/llm/conversations?world=eld');
    expect(badFilter.status).toBe(400);
    expect(badFilter.json.error.param).toBe('world');
    const badCursor = await call(server, 'GET', '/llm/conversations?cursor=nonsense');
    expect(badCursor.json.error.param).toBe('cursor');
    const noQuery = await call(server, 'GET', '/llm/conversations/search');
    expect(noQuery.status).toBe(400);
    expect(noQuery.json.error.param).toBe('q');
    expect((await call(server, 'GET', `/llm/conversation/${conversation.id}`)).json.message_count).toBe(0);
  });

  it('leaves nothing half-written when the model fails', async () => {
    // OpenAI without a key: routed, but the provider cannot answer.
    const conversation = await start({ model: 'openai/gpt-4o-mini' });
    for (const stream of [false, true]) {
      const failed = await call(server, 'POST', `/llm/conversation/${conversation.id}/message`, {
        content: 'Will anyone answer?',
        stream,
      });
      expect(failed.status).toBeGreaterThanOrEqual(500);
      expect(failed.json.error).toBeDefined();
    }
    const read = await call(server, 'GET', `/llm/conversation/${conversation.id}`);
    expect(read.json.message_count).toBe(0);
    expect(read.json.messages).toEqual([]);
    // Each failed call is logged once (whole and streamed), though no provider was asked.
    await server.store.callLog.flush();
    const calls = await server.store.calls.list({ conversationId: conversation.id, limit: 10 });
    expect(calls).toHaveLength(2);
    for (const row of calls)
      expect(row).toMatchObject({
        call_type: 'conversation',
        status: 'error',
        provider: 'openai',
        error_code: 'provider_not_configured',
      });
  });

  describe('context window', () => {
    async function runLongConversation(strategy: 'summarize' | 'drop') {
      const small = await startLoremaster({
        env,
        config: { conversations: { context: { budget_tokens: 160, keep_recent: 2, strategy } } },
      });
      try {
        const created = await call(small, 'POST', '/llm/conversation', { system_prompt: SCENE });
        const actions: string[] = [];
        let last: Json = {};
        for (const content of [
          'I ask Mira about the drowned bell.',
          'I order a mug of cider and listen to the fisherfolk.',
          'I ask who rang the bell last winter.',
          'I follow the old priest down to the shore.',
        ]) {
          const turn = await call(small, 'POST', `/llm/conversation/${created.json.id}/message`, { content });
          expect(turn.status).toBe(200);
          expect(turn.headers.get('x-loremaster-context')).toBe(turn.json.context.action);
          actions.push(turn.json.context.action);
          last = turn.json;
        }
        const read = await call(small, 'GET', `/llm/conversation/${created.json.id}`);
        await small.store.callLog.flush();
        const calls = await small.store.calls.list({ conversationId: created.json.id, limit: 50 });
        return { actions, last, conversation: read.json, calls };
      } finally {
        await small.stop();
      }
    }

    it('summarises the oldest turns through the gateway when the history passes the budget', async () => {
      const { actions, last, conversation, calls } = await runLongConversation('summarize');
      expect(actions[0]).toBe('none');
      expect(actions).toContain('summarized');
      expect(last.context.strategy).toBe('summarize');
      expect(conversation.context.summary).toEqual(expect.any(String));
      expect(conversation.context.summary.length).toBeGreaterThan(0);
      expect(conversation.context.from_message_id).toBeGreaterThan(1);
      // Every message is still stored: only the window sent to the model moved.
      expect(conversation.message_count).toBe(8);
      // One row per call: four answers, and one summary per turn that summarised.
      const types = calls.map((row) => row.call_type);
      expect(types.filter((type) => type === 'conversation')).toHaveLength(4);
      expect(types.filter((type) => type === 'summary')).toHaveLength(
        actions.filter((action) => action === 'summarized').length,
      );
      expect(types).toHaveLength(4 + actions.filter((action) => action === 'summarized').length);
      expect(calls.every((row) => row.status === 'ok')).toBe(true);
    });

    it('drops the oldest turns when configured to', async () => {
      const { actions, conversation } = await runLongConversation('drop');
      expect(actions).toContain('dropped');
      expect(actions).not.toContain('summarized');
      expect(conversation.context.summary).toBeNull();
      expect(conversation.context.from_message_id).toBeGreaterThan(1);
      expect(conversation.message_count).toBe(8);
    });
  });
});

describe('context planning', () => {
  const conversation: Conversation = {
    id: 'c1',
    title: null,
    systemPrompt: 'You narrate.',
    model: 'generation',
    metadata: {},
    messageCount: 6,
    contextSummary: null,
    contextFromMessageId: null,
    worldId: null,
    sessionId: null,
    createdAt: '',
    updatedAt: '',
    archivedAt: null,
  };
  const history: Message[] = Array.from({ length: 6 }, (_, i) => ({
    id: i + 1,
    conversationId: 'c1',
    role: i % 2 ? 'assistant' : 'user',
    content: `line ${i}`,
    name: null,
    tokens: 40,
    provider: null,
    model: null,
    finishReason: null,
    inputTokens: null,
    outputTokens: null,
    metadata: null,
    createdAt: '',
  }));
  const config = {
    budget_tokens: 128,
    strategy: 'summarize' as const,
    summary_model: 'maintenance',
    keep_recent: 2,
  };

  it('sends everything when it fits', async () => {
    const plan = await planContext(conversation, history.slice(0, 2), config, async () => 'unused');
    expect(plan.report).toMatchObject({ action: 'none', removed_messages: 0, over_budget: false });
    expect(plan.state).toBeUndefined();
    expect(plan.messages.map((m) => m.content)).toEqual(['You narrate.', 'line 0', 'line 1']);
  });

  it('folds the oldest messages into the summary, keeping the newest', async () => {
    const seen: number[] = [];
    const plan = await planContext(conversation, history, config, async (_previous, removed) => {
      seen.push(...removed.map((m) => m.id));
      return 'Mira told the player about the bell.';
    });
    expect(plan.report.action).toBe('summarized');
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(plan.state).toEqual({ summary: 'Mira told the player about the bell.', fromMessageId: 5 });
    expect(plan.messages[1]?.content).toMatch(/Mira told the player about the bell/);
    expect(plan.messages.slice(2).map((m) => m.content)).toEqual(['line 4', 'line 5']);
  });

  it('falls back to dropping when the summary fails, and says why', async () => {
    const plan = await planContext(conversation, history, config, async () => {
      throw new Error('maintenance model is down');
    });
    expect(plan.report).toMatchObject({ action: 'dropped', summary_error: 'maintenance model is down' });
    expect(plan.state).toEqual({ summary: null, fromMessageId: 5 });
  });

  it('never drops the newest messages, and reports when they alone pass the budget', async () => {
    const long = history.slice(4).map((m) => ({ ...m, tokens: 500 }));
    const plan = await planContext(conversation, long, config, async () => 'unused');
    expect(plan.report).toMatchObject({ action: 'none', over_budget: true });
    expect(plan.messages).toHaveLength(3);
  });
});

describe('conversation streams against a real upstream (the fake vendor server)', () => {
  let upstream: FakeUpstream;
  let server: TestServer;
  let id: string;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    server = await startLoremaster({
      env: VENDOR_KEYS,
      config: {
        providers: vendorProviders(upstream.url),
        gateway: { resilience: { retries: 0, offline_fallback: false } },
      },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await upstream?.close();
  });

  async function startConversation(): Promise<string> {
    const created = await call(server, 'POST', '/llm/conversation', { model: 'local' });
    expect(created.status).toBe(201);
    return created.json.id as string;
  }

  async function storedMessages(conversationId: string): Promise<Json[]> {
    // The answer is stored when the stream ends server-side: wait for it (bounded).
    for (let i = 0; i < 100; i += 1) {
      const read = await call(server, 'GET', `/llm/conversation/${conversationId}`);
      if (read.json.messages.length >= 2) return read.json.messages;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return (await call(server, 'GET', `/llm/conversation/${conversationId}`)).json.messages;
  }

  it('keeps what the player was shown, marked aborted, when the client goes away mid-answer', async () => {
    upstream.configure({ tokensPerSecond: 50, answerWords: 60 });
    id = await startConversation();
    const controller = new AbortController();
    const response = await fetch(`${server.url}/llm/conversation/${id}/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'Tell me the whole legend.', stream: true }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    let seen = '';
    for (let i = 0; i < 50 && (seen.match(/"type":"delta"/g)?.length ?? 0) < 3; i += 1) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += new TextDecoder().decode(value);
    }
    controller.abort();
    const messages = await storedMessages(id);
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(messages[1]!.finish_reason).toBe('aborted');
    expect(messages[1]!.content.length).toBeGreaterThan(0);
    expect(messages[1]!.content.split(' ').length).toBeLessThan(60);
  });

  it('ends a stream cut by the upstream with an error event, keeping the partial answer', async () => {
    upstream.configure({ tokensPerSecond: 0, answerWords: 12 });
    upstream.injectFault({ type: 'cut-stream', afterChunks: 3, path: '/chat/completions' });
    const conversationId = await startConversation();
    const streamed = await call(server, 'POST', `/llm/conversation/${conversationId}/message`, {
      content: 'Go on.',
      stream: true,
    });
    expect(streamed.status).toBe(200);
    const events = sseData(streamed.text);
    expect(events.some((event) => event.includes('"error"'))).toBe(true);
    const messages = await storedMessages(conversationId);
    expect(messages[1]?.finish_reason).toBe('error');
  });
});
