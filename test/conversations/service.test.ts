/**
 * The conversation service on its own, on a real SQLite file and the real gateway (offline provider):
 * the branches the HTTP suites (test/api/conversations*.test.ts) do not reach: the events each step
 * publishes, the call log rows of answers and summaries (one per call, failed or not, written by the
 * gateway's call accounting from what the service says in each call's meta), the
 * context report given before a failing answer, a stream the client leaves after its first piece, and
 * archiving twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toApiError } from '../../src/api/errors.js';
import { createLogger, loadConfig } from '../../src/config/index.js';
import {
  type AnswerSink,
  type ContextReport,
  ConversationError,
  ConversationService,
  type StreamEnd,
  type StreamStart,
} from '../../src/conversations/index.js';
import { accountCalls, createGateway, type Gateway } from '../../src/gateway/index.js';
import { openStore, type Store } from '../../src/store/index.js';

interface Published {
  type: string;
  payload: Record<string, unknown>;
  scope: unknown;
}

/** A model that routes (the OpenAI provider) but cannot answer: no key is configured. */
const FAILING_MODEL = 'openai/gpt-4o-mini';

describe('ConversationService', () => {
  let dir: string;
  let store: Store;
  let gateway: Gateway;
  let conversations: ConversationService;
  /** Small budget, summaries by a model that fails: the summary branch's fallback. */
  let failingSummaries: ConversationService;
  /** Small budget, summaries by the offline model. */
  let summarising: ConversationService;
  const published: Published[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loremaster-conversations-'));
    const { settings, secrets } = loadConfig({
      env: {},
      overrides: { 'database.sqlite_path': join(dir, 'db.sqlite') },
    });
    store = await openStore(settings.database);
    gateway = await createGateway({ settings, secrets, logger: createLogger('silent') });
    // As the server and the worker wire it: the call log is written from the gateway's events.
    accountCalls(gateway.bus, store.callLog, { bodies: settings.database.call_log.bodies.enabled });
    const publish = (type: string, _source: string, payload: Record<string, unknown>, scope: unknown) => {
      published.push({ type, payload, scope });
    };
    conversations = new ConversationService({
      gateway,
      store,
      settings,
      publish,
      describeFailure: toApiError,
    });
    const small = (summaryModel: string) => ({
      ...settings,
      conversations: {
        ...settings.conversations,
        context: {
          ...settings.conversations.context,
          budget_tokens: 160,
          keep_recent: 2,
          strategy: 'summarize' as const,
          summary_model: summaryModel,
        },
      },
    });
    failingSummaries = new ConversationService({
      gateway,
      store,
      settings: small(FAILING_MODEL),
      publish,
      describeFailure: toApiError,
    });
    summarising = new ConversationService({
      gateway,
      store,
      settings: small('offline'),
      publish,
      describeFailure: toApiError,
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const eventsOf = (conversationId: string) =>
    published.filter((event) => event.payload.conversation_id === conversationId);

  async function loggedCalls(conversationId: string) {
    await store.callLog.flush();
    const rows = await store.calls.list({ conversationId, limit: 20 });
    return rows.sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  it('starts a conversation scoped to its world and session, and says so in its event', async () => {
    const world = await store.worlds.createWorld({ name: 'Eldhollow' });
    const session = await store.sessions.create({ worldId: world.id });
    const conversation = await conversations.create({
      worldId: world.id,
      sessionId: session.id,
      title: 'At the inn',
      metadata: { chapter: 1 },
    });
    expect(conversation).toMatchObject({ model: 'generation', worldId: world.id, sessionId: session.id });
    expect(eventsOf(conversation.id)).toEqual([
      {
        type: 'conversation.created',
        payload: {
          conversation_id: conversation.id,
          model: 'generation',
          title: 'At the inn',
          metadata: { chapter: 1 },
        },
        scope: { worldId: world.id, sessionId: session.id },
      },
    ]);
  });

  it('refuses an unknown model, world or session before anything is stored', async () => {
    const before = (await store.conversations.list({ limit: 100, includeArchived: true })).length;
    await expect(conversations.create({ model: 'no-such-model' })).rejects.toMatchObject({
      statusCode: 404,
      code: 'model_not_found',
      param: 'model',
    });
    await expect(conversations.create({ worldId: 'atlantis' })).rejects.toMatchObject({
      statusCode: 400,
      param: 'world_id',
    });
    await expect(conversations.create({ sessionId: 'nowhere' })).rejects.toBeInstanceOf(ConversationError);
    expect((await store.conversations.list({ limit: 100, includeArchived: true })).length).toBe(before);
  });

  it('answers, stores both messages, publishes the answer, and logs the call under its call id', async () => {
    const conversation = await conversations.create({ systemPrompt: 'You narrate.' });
    const reports: ContextReport[] = [];
    const turn = await conversations.answer(
      conversation.id,
      { content: 'I ask Mira about the drowned bell.', name: 'Player', maxTokens: 64 },
      {},
      { contextPlanned: (report) => reports.push(report) },
    );
    expect(reports).toEqual([turn.context]);
    expect(turn.context).toMatchObject({ action: 'none', removed_messages: 0 });
    expect(turn.userMessage).toMatchObject({ role: 'user', name: 'Player' });
    expect(turn.message).toMatchObject({ role: 'assistant', provider: 'offline', finishReason: 'stop' });

    const stored = await conversations.readPage(conversation.id, { limit: 10 });
    expect(stored.messages.map((message) => message.id)).toEqual([turn.userMessage.id, turn.message.id]);
    expect(stored.conversation.messageCount).toBe(2);
    expect(eventsOf(conversation.id).map((event) => event.type)).toEqual([
      'conversation.created',
      'conversation.message',
    ]);
    const calls = await loggedCalls(conversation.id);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      id: turn.callId,
      call_type: 'conversation',
      conversation_id: conversation.id,
      session_id: null,
      provider: 'offline',
      status: 'ok',
      input_tokens: turn.usage.inputTokens,
      output_tokens: turn.usage.outputTokens,
    });
    // With its request and answer (the list leaves bodies out).
    const kept = await store.calls.get(turn.callId);
    expect(kept?.response).toBe(turn.message.content);
    expect(JSON.parse(kept?.request as string).messages.at(-1)).toMatchObject({
      role: 'user',
      content: 'I ask Mira about the drowned bell.',
    });
    // Logged once: no other row has the call's id.
    await store.callLog.flush();
    expect((await store.calls.list({ limit: 500 })).filter((row) => row.id === turn.callId)).toHaveLength(1);
  });

  it("logs a call of a conversation in a session under that session, with the caller's meta kept", async () => {
    const world = await store.worlds.createWorld({ name: 'Saltmarsh' });
    const session = await store.sessions.create({ worldId: world.id });
    const conversation = await conversations.create({ worldId: world.id, sessionId: session.id });
    const turn = await conversations.answer(
      conversation.id,
      { content: 'Who keeps the tide bell?' },
      { meta: { tick: 7 } },
    );
    const calls = await loggedCalls(conversation.id);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      id: turn.callId,
      call_type: 'conversation',
      conversation_id: conversation.id,
      session_id: session.id,
    });
  });

  it('a failing answer takes the user message back, after saying what context it planned', async () => {
    const conversation = await conversations.create({ model: FAILING_MODEL });
    const reports: ContextReport[] = [];
    const failure = await conversations
      .answer(conversation.id, { content: 'Anyone there?' }, {}, { contextPlanned: (r) => reports.push(r) })
      .then(
        () => expect.fail('the answer should fail'),
        (error: unknown) => error,
      );
    expect(reports.map((report) => report.action)).toEqual(['none']);
    expect((await conversations.readPage(conversation.id, { limit: 10 })).messages).toEqual([]);
    // Refused before any provider was asked, the call is still logged, once, naming the failure as
    // the API answers it.
    const rows = await loggedCalls(conversation.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      call_type: 'conversation',
      conversation_id: conversation.id,
      status: 'error',
      provider: 'openai',
      model: FAILING_MODEL,
      error_code: toApiError(failure).code,
      error_message: toApiError(failure).message,
    });
  });

  it('falls back to dropping when the summary model fails, logs the failed summary, and publishes the new window', async () => {
    const conversation = await failingSummaries.create({ systemPrompt: 'You narrate the Gilded Stag.' });
    let last: ContextReport | undefined;
    for (const content of [
      'I ask Mira about the drowned bell.',
      'I order a mug of cider and listen to the fisherfolk.',
      'I ask who rang the bell last winter.',
      'I follow the old priest down to the shore.',
    ]) {
      last = (await failingSummaries.answer(conversation.id, { content }, {})).context;
      if (last.action !== 'none') break;
    }
    expect(last).toMatchObject({ strategy: 'summarize', action: 'dropped' });
    expect(last?.summary_error).toEqual(expect.any(String));
    expect(last?.removed_messages).toBeGreaterThan(0);

    const stored = (await conversations.readPage(conversation.id, { limit: 1 })).conversation;
    expect(stored.contextSummary).toBeNull();
    expect(stored.contextFromMessageId).toBeGreaterThan(1);
    const updated = eventsOf(conversation.id).filter((event) => event.type === 'context.updated');
    expect(updated).toEqual([
      expect.objectContaining({
        payload: {
          conversation_id: conversation.id,
          action: 'dropped',
          removed_messages: last?.removed_messages,
          from_message_id: stored.contextFromMessageId,
        },
      }),
    ]);
    const logged = await loggedCalls(conversation.id);
    const summaries = logged.filter((row) => row.call_type === 'summary');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({
      status: 'error',
      model: FAILING_MODEL,
      conversation_id: conversation.id,
      error_code: 'provider_not_configured',
    });
    // Every other row is one answer: one row per call, nothing logged twice.
    const answers = logged.filter((row) => row.call_type === 'conversation');
    expect(answers.length + summaries.length).toBe(logged.length);
    expect(new Set(logged.map((row) => row.id)).size).toBe(logged.length);
    const assistant = (await conversations.readPage(conversation.id, { limit: 50 })).messages.filter(
      (message) => message.role === 'assistant',
    );
    expect(answers).toHaveLength(assistant.length);
  });

  it('logs a summary once, as a summary of its conversation and session, beside the answer it preceded', async () => {
    const world = await store.worlds.createWorld({ name: 'Gullhaven' });
    const session = await store.sessions.create({ worldId: world.id });
    const conversation = await summarising.create({
      systemPrompt: 'You narrate the Gilded Stag.',
      worldId: world.id,
      sessionId: session.id,
    });
    const turns = [];
    for (const content of [
      'I ask Mira about the drowned bell.',
      'I order a mug of cider and listen to the fisherfolk.',
      'I ask who rang the bell last winter.',
      'I follow the old priest down to the shore.',
      'I ask the priest what the bell warned of.',
    ]) {
      const turn = await summarising.answer(conversation.id, { content }, {});
      turns.push(turn);
      if (turn.context.action !== 'none') break;
    }
    expect(turns.at(-1)?.context).toMatchObject({ action: 'summarized' });
    const logged = await loggedCalls(conversation.id);
    const summaries = logged.filter((row) => row.call_type === 'summary');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({
      status: 'ok',
      provider: 'offline',
      conversation_id: conversation.id,
      session_id: session.id,
    });
    expect(summaries[0]?.output_tokens).toBeGreaterThan(0);
    // One row per answer, under the id each answer carries.
    expect(
      logged
        .filter((row) => row.call_type === 'conversation')
        .map((row) => row.id)
        .sort(),
    ).toEqual(turns.map((turn) => turn.callId).sort());
    expect(logged).toHaveLength(turns.length + 1);
  });

  /** A sink that records what it is given; `leaveAfter` pieces in, the client is gone. */
  function recordingSink(leaveAfter = Number.POSITIVE_INFINITY) {
    const seen = {
      context: [] as ContextReport[],
      starts: [] as StreamStart[],
      deltas: [] as string[],
      ends: [] as StreamEnd[],
      failures: [] as Array<{ error: unknown; clientLeft: boolean }>,
    };
    const sink: AnswerSink = {
      get closed() {
        return seen.deltas.length >= leaveAfter;
      },
      contextPlanned: (report) => void seen.context.push(report),
      start: async (start) => void seen.starts.push(start),
      delta: async (text) => void seen.deltas.push(text),
      done: async (end) => void seen.ends.push(end),
      failed: async (error, clientLeft) => void seen.failures.push({ error, clientLeft }),
    };
    return { sink, seen };
  }

  it('streams into the sink: start, the pieces, then done with the stored answer', async () => {
    const conversation = await conversations.create({ systemPrompt: 'You narrate.' });
    const { sink, seen } = recordingSink();
    await conversations.streamAnswer(conversation.id, { content: 'I climb the watchtower.' }, {}, sink);
    expect(seen.context).toHaveLength(1);
    expect(seen.starts).toHaveLength(1);
    expect(seen.starts[0]).toMatchObject({ provider: 'offline', context: seen.context[0] });
    expect(seen.deltas.length).toBeGreaterThan(1);
    expect(seen.failures).toEqual([]);
    expect(seen.ends).toHaveLength(1);
    const end = seen.ends[0]!;
    expect(end.callId).toBe(seen.starts[0]?.callId);
    expect(end.message).toMatchObject({
      role: 'assistant',
      content: seen.deltas.join(''),
      finishReason: 'stop',
    });
    expect(end.usage.outputTokens).toBeGreaterThan(0);
    const page = await conversations.readPage(conversation.id, { limit: 10 });
    expect(page.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    const calls = await loggedCalls(conversation.id);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      id: end.callId,
      call_type: 'conversation',
      status: 'ok',
      output_tokens: end.usage.outputTokens,
    });
    expect((await store.calls.get(end.callId))?.response).toBe(seen.deltas.join(''));
    expect(calls[0]?.first_token_ms).not.toBeNull();
  });

  it('keeps what a client that left was shown, marked aborted, and tells the sink nothing more', async () => {
    const conversation = await conversations.create({ systemPrompt: 'You narrate.' });
    const { sink, seen } = recordingSink(1);
    await conversations.streamAnswer(conversation.id, { content: 'I climb the watchtower.' }, {}, sink);
    expect(seen.deltas).toHaveLength(1);
    expect(seen.ends).toEqual([]);
    expect(seen.failures).toEqual([]);
    const [, answer] = (await conversations.readPage(conversation.id, { limit: 10 })).messages;
    expect(answer).toMatchObject({
      role: 'assistant',
      content: seen.deltas[0],
      finishReason: 'aborted',
      model: null,
    });
    // The stream the client left is logged once, as cut short by the client.
    const calls = await loggedCalls(conversation.id);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ call_type: 'conversation', status: 'error', error_code: 'aborted' });
  });

  it('a stream that fails before its first piece throws, starts nothing, and keeps no message', async () => {
    const conversation = await conversations.create({ model: FAILING_MODEL });
    const { sink, seen } = recordingSink();
    await expect(
      conversations.streamAnswer(conversation.id, { content: 'Anyone there?' }, {}, sink),
    ).rejects.toBeDefined();
    expect(seen.context).toHaveLength(1);
    expect(seen.starts).toEqual([]);
    expect((await conversations.readPage(conversation.id, { limit: 10 })).messages).toEqual([]);
    const calls = await loggedCalls(conversation.id);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ call_type: 'conversation', status: 'error' });
  });

  it('refuses a message to an archived conversation; archiving again keeps the first archive time', async () => {
    const conversation = await conversations.create({});
    const archived = await conversations.archive(conversation.id);
    expect(archived.archivedAt).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await conversations.archive(conversation.id)).archivedAt).toBe(archived.archivedAt);
    await expect(conversations.answer(conversation.id, { content: 'hello?' }, {})).rejects.toMatchObject({
      statusCode: 409,
      code: 'conversation_archived',
    });
    await expect(conversations.archive('x'.repeat(101))).rejects.toMatchObject({
      statusCode: 404,
      code: 'conversation_not_found',
      param: 'id',
    });
  });

  it('pages conversations and messages, saying whether there are more', async () => {
    const tag = `paging-${Date.now()}`;
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await conversations.create({ metadata: { tag } })).id);
    const first = await conversations.list({ metadata: { tag }, includeArchived: false, limit: 2 });
    expect(first.hasMore).toBe(true);
    expect(first.conversations).toHaveLength(2);
    const last = first.conversations[1]!;
    const rest = await conversations.list({
      metadata: { tag },
      includeArchived: false,
      limit: 2,
      after: { createdAt: last.createdAt, id: last.id },
    });
    expect(rest.hasMore).toBe(false);
    expect([...first.conversations, ...rest.conversations].map((c) => c.id).sort()).toEqual([...ids].sort());
  });
});
