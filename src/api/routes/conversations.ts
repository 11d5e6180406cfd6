/**
 * The conversation API: conversations stored with their messages, answered through the gateway.
 *
 *   POST   /llm/conversation                start one (system prompt, model or role, metadata)
 *   GET    /llm/conversation/:id            it and its messages, a page at a time (?limit, ?after)
 *   GET    /llm/conversations               newest first (?limit, ?cursor, ?metadata.<key>=<value>)
 *   POST   /llm/conversation/:id/message    store the user's message, answer, store the answer
 *                                           (`stream: true`: over SSE)
 *   DELETE /llm/conversation/:id            archive it
 *   GET    /llm/conversations/search?q=     ranked full-text hits with highlighted snippets
 *
 * Writes are short transactions: the user message before the model is called, the answer (and the
 * context state) after it has been sent. A model failure before the first byte removes the user
 * message again, so a retry does not leave it twice.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { redactText, type Secrets, type Settings } from '../../config/index.js';
import type { Publish } from '../../events/hub.js';
import type { CompletionRequest, Gateway } from '../../gateway/index.js';
import { resolveRoute } from '../../gateway/index.js';
import { costUsd, priceFor } from '../../gateway/usage/pricing.js';
import { CALLER_LOGGED_CALL_PREFIX } from '../../prompts/index.js';
import type { Conversation, Message, Store } from '../../store/index.js';
import type { ChatResult, StreamEvent, Usage } from '../../vocabulary/index.js';
import { countTextTokens } from '../../vocabulary/tokens.js';
import { abortOnClose, callHeaders, callOptionsFrom } from '../call-options.js';
import { ApiError, toApiError } from '../errors.js';
import { SseWriter } from '../sse.js';
import { type ContextPlan, planContext, summaryPrompt } from './conversation-context.js';
import {
  conversationListSchema,
  conversationPageSchema,
  conversationParams,
  conversationSchema,
  conversationSearchSchema,
  conversationTurnSchema,
  createConversationSchema,
  listConversationsQuerySchema,
  readConversationQuerySchema,
  searchQuerySchema,
  sendMessageSchema,
} from './conversation-schemas.js';
import {
  conversationView,
  decodeListCursor,
  encodeListCursor,
  messageView,
  usageView,
} from './conversation-views.js';

/**
 * Ids of the gateway calls this API makes. The server logs every other gateway call from the
 * gateway's events; these the route logs itself, with their conversation and prompt.
 */
export const CONVERSATION_CALL_PREFIX = CALLER_LOGGED_CALL_PREFIX;

function conversationCallId(): string {
  return `${CONVERSATION_CALL_PREFIX}${randomUUID()}`;
}

export interface ConversationRouteDeps {
  gateway: Gateway;
  store: Store;
  settings: Settings;
  secrets: Secrets;
  /** conversation.created, conversation.message (each stored answer) and context.updated. */
  publish?: Publish;
}

/** 400 for a body field that names a record that does not exist. */
function unknownReference(param: string, what: string, id: string): ApiError {
  return new ApiError(400, `Invalid request: ${param}: no ${what} with id ${JSON.stringify(id)}`, {
    param,
    code: 'invalid_request',
  });
}

export function conversationRoutes(app: FastifyInstance, deps: ConversationRouteDeps): void {
  const { gateway, store, settings } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/llm/conversation',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'Start a conversation (system prompt, model or role, world and session, metadata)',
        body: createConversationSchema,
        response: { 201: conversationSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const model = body.model ?? 'generation';
      assertRoutable(deps, model);
      if (body.world_id !== undefined && !(await store.worlds.getWorld(body.world_id))) {
        throw unknownReference('world_id', 'world', body.world_id);
      }
      if (body.session_id !== undefined) {
        const session = await store.sessions.get(body.session_id);
        if (!session) throw unknownReference('session_id', 'session', body.session_id);
        // One request, one world: a session of another world would mix two worlds' facts.
        if (body.world_id !== undefined && session.worldId !== body.world_id)
          throw new ApiError(
            400,
            `Invalid request: session_id: session ${JSON.stringify(body.session_id)} belongs to another world than world_id`,
            { param: 'session_id', code: 'invalid_request' },
          );
      }
      const conversation = await store.transaction((tx) =>
        tx.conversations.create({
          model,
          worldId: body.world_id ?? null,
          sessionId: body.session_id ?? null,
          title: body.title ?? null,
          systemPrompt: body.system_prompt ?? null,
          metadata: body.metadata ?? {},
        }),
      );
      deps.publish?.(
        'conversation.created',
        'conversations',
        {
          conversation_id: conversation.id,
          model,
          title: conversation.title,
          metadata: conversation.metadata,
        },
        { worldId: conversation.worldId, sessionId: conversation.sessionId },
      );
      return reply.code(201).send(conversationView(conversation));
    },
  );

  api.get(
    '/llm/conversations',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Conversations, newest first (?limit, ?cursor, ?metadata.<key>=<value>)',
        querystring: listConversationsQuerySchema,
        response: { 200: conversationListSchema },
      },
    },
    async (request) => {
      const query = request.query;
      // No prototype: a filter on metadata.__proto__ is a filter like any other.
      const metadata: Record<string, string> = Object.create(null);
      for (const [key, value] of Object.entries(query))
        if (key.startsWith('metadata.')) metadata[key.slice('metadata.'.length)] = String(value);
      const after = query.cursor === undefined ? undefined : decodeListCursor(query.cursor);
      const rows = await store.conversations.list({
        metadata,
        includeArchived: query.include_archived === 'true',
        limit: query.limit + 1,
        ...(after && { after }),
      });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        object: 'list' as const,
        data: page.map(conversationView),
        has_more: rows.length > query.limit,
        next_cursor: rows.length > query.limit && last ? encodeListCursor(last) : null,
      };
    },
  );

  api.get(
    '/llm/conversations/search',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Full-text search over messages and titles: ranked hits with highlighted snippets',
        querystring: searchQuerySchema,
        response: { 200: conversationSearchSchema },
      },
    },
    async (request) => {
      const query = request.query;
      const hits = await store.search({
        text: query.q,
        limit: query.limit,
        includeArchived: query.include_archived === 'true',
      });
      return {
        object: 'list' as const,
        query: query.q,
        data: hits.map((hit) => ({
          conversation_id: hit.conversationId,
          message_id: hit.messageId,
          role: hit.role,
          title: hit.title,
          snippet: hit.snippet,
          score: hit.score,
          created_at: hit.createdAt,
        })),
      };
    },
  );

  api.get(
    '/llm/conversation/:id',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'A conversation and its messages, a page at a time (?limit, ?after)',
        params: conversationParams,
        querystring: readConversationQuerySchema,
        response: { 200: conversationPageSchema },
      },
    },
    async (request) => {
      const query = request.query;
      const conversation = await findConversation(store, request.params.id);
      const rows = await store.conversations.messages(conversation.id, {
        limit: query.limit + 1,
        ...(query.after !== undefined && { afterId: query.after }),
      });
      const page = rows.slice(0, query.limit);
      const hasMore = rows.length > query.limit;
      return {
        ...conversationView(conversation),
        messages: page.map(messageView),
        has_more: hasMore,
        next_after: hasMore ? (page[page.length - 1]?.id ?? null) : null,
      };
    },
  );

  api.delete(
    '/llm/conversation/:id',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'Archive a conversation',
        params: conversationParams,
        response: { 200: conversationSchema },
      },
    },
    async (request) => {
      const conversation = await findConversation(store, request.params.id);
      const archived = await store.transaction((tx) => tx.conversations.archive(conversation.id));
      return conversationView(archived ?? conversation);
    },
  );

  api.post(
    '/llm/conversation/:id/message',
    {
      config: { scope: 'game' },
      schema: {
        summary: "Send a message and get the model's answer (stored); `stream: true` for SSE",
        description:
          'With `stream: true`: `data:` events `start`, `delta`…, `done` (the stored message), then ' +
          '`data: [DONE]`; a failure after the first byte is an error event.',
        params: conversationParams,
        body: sendMessageSchema,
        response: {
          200: {
            description: 'The stored answer, or with `stream: true` its server-sent events',
            content: {
              'application/json': { schema: conversationTurnSchema },
              'text/event-stream': { schema: z.string() },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      // The call headers are read before anything is stored: a bad one is a 400 that leaves no
      // unanswered user message behind.
      const options = callOptionsFrom(request, abortOnClose(reply));
      const conversation = await findConversation(store, request.params.id);
      if (conversation.archivedAt) {
        throw new ApiError(409, `Conversation ${conversation.id} is archived`, {
          code: 'conversation_archived',
        });
      }
      const model = body.model ?? conversation.model;
      // Route now: an unknown model is a 404 before anything is stored.
      assertRoutable(deps, model);

      const userMessage = await store.transaction((tx) =>
        tx.conversations.addMessage(conversation.id, {
          role: 'user',
          content: body.content,
          name: body.name ?? null,
          tokens: countTextTokens(body.content),
        }),
      );
      let plan: ContextPlan;
      try {
        const history = await store.conversations.contextMessages(
          conversation.id,
          conversation.contextFromMessageId,
        );
        plan = await planContext(
          conversation,
          history,
          settings.conversations.context,
          (previous, removed, maxTokens) =>
            summarizeOldTurns(deps, conversation, previous, removed, maxTokens, options.signal),
        );
      } catch (error) {
        await forgetUserMessage(store, userMessage);
        throw error;
      }
      const callId = conversationCallId();
      const call: CompletionRequest = {
        ...options,
        id: callId,
        model,
        messages: plan.messages,
        options: {
          ...(body.temperature !== undefined && { temperature: body.temperature }),
          ...(body.max_tokens !== undefined && { maxTokens: body.max_tokens }),
        },
      };
      reply.header('x-loremaster-context', plan.report.action);
      if (body.stream) return streamAnswer(reply, deps, conversation, userMessage, plan, call);

      const started = Date.now();
      let result: ChatResult;
      try {
        result = await gateway.complete(call);
      } catch (error) {
        await forgetUserMessage(store, userMessage);
        recordCall(deps, conversation, {
          requested: model,
          callType: 'conversation',
          call,
          latencyMs: Date.now() - started,
          error,
        });
        throw error;
      }
      recordCall(deps, conversation, {
        requested: model,
        callType: 'conversation',
        call,
        result,
        latencyMs: result.latencyMs,
      });
      const answer = await saveAnswer(deps, conversation, plan, {
        text: result.text,
        provider: result.provider,
        model: result.model,
        finishReason: result.finishReason,
        usage: result.usage,
      });
      reply.headers(callHeaders(result.provider, call.state));
      return {
        object: 'conversation.turn' as const,
        conversation_id: conversation.id,
        call_id: callId,
        user_message: messageView(userMessage),
        message: messageView(answer),
        provider: result.provider,
        model: result.model,
        usage: usageView(result.usage),
        context: plan.report,
      };
    },
  );
}

async function streamAnswer(
  reply: FastifyReply,
  deps: ConversationRouteDeps,
  conversation: Conversation,
  userMessage: Message,
  plan: ContextPlan,
  call: CompletionRequest,
): Promise<void> {
  const { store, gateway, secrets } = deps;
  const started = Date.now();
  let iterator: AsyncIterator<StreamEvent>;
  let first: IteratorResult<StreamEvent>;
  let provider: string;
  try {
    // The gateway resolves once the first event has arrived (after retries and failover).
    const opened = await gateway.stream(call);
    provider = opened.provider;
    iterator = opened.events[Symbol.asyncIterator]();
    // A failure before the first byte is an ordinary HTTP error, and the user message is taken back.
    first = await iterator.next();
  } catch (error) {
    await forgetUserMessage(store, userMessage);
    recordCall(deps, conversation, {
      requested: call.model,
      callType: 'conversation',
      call,
      latencyMs: Date.now() - started,
      error,
    });
    throw error;
  }

  reply.hijack();
  const sse = new SseWriter(reply.raw, {
    ...callHeaders(provider, call.state),
    'x-loremaster-context': plan.report.action,
  });
  await sse.data(
    JSON.stringify({
      type: 'start',
      conversation_id: conversation.id,
      call_id: call.id,
      user_message: messageView(userMessage),
      provider,
      context: plan.report,
    }),
  );
  let text = '';
  try {
    for (let step = first; !step.done && !sse.closed; step = await iterator.next()) {
      const event = step.value;
      if (event.type === 'delta') {
        text += event.text;
        await sse.data(JSON.stringify({ type: 'delta', text: event.text }));
        continue;
      }
      // A conversation offers the model no tools, so no tool-call pieces can arrive.
      if (event.type !== 'done') continue;
      recordCall(deps, conversation, {
        requested: call.model,
        callType: 'conversation',
        call,
        result: { ...event, text },
        latencyMs: event.latencyMs,
      });
      // The answer is complete and sent: now store it.
      const answer = await saveAnswer(deps, conversation, plan, {
        text,
        provider: event.provider,
        model: event.model,
        finishReason: event.finishReason,
        usage: event.usage,
      });
      await sse.data(
        JSON.stringify({
          type: 'done',
          call_id: call.id,
          message: messageView(answer),
          finish_reason: event.finishReason,
          usage: usageView(event.usage),
        }),
      );
      await sse.data('[DONE]');
      return;
    }
    // The client went away mid-answer: keep what it was shown, marked as cut short.
    if (text)
      await saveAnswer(deps, conversation, plan, { text, provider, model: null, finishReason: 'aborted' });
  } catch (error) {
    // After the first byte the status is sent; the client gets a clean error event, then the end.
    const apiError = toApiError(error);
    // The client leaving aborts the upstream call: that is a cut-short answer, not a failure.
    const clientLeft = sse.closed || apiError.code === 'client_closed_request';
    if (!clientLeft) reply.log.warn({ code: apiError.code }, 'conversation stream failed after first byte');
    recordCall(deps, conversation, {
      requested: call.model,
      callType: 'conversation',
      call,
      latencyMs: Date.now() - started,
      error,
    });
    if (text)
      await saveAnswer(deps, conversation, plan, {
        text,
        provider,
        model: null,
        finishReason: clientLeft ? 'aborted' : 'error',
      }).catch(() => {});
    apiError.message = redactText(apiError.message, secrets);
    await sse.data(JSON.stringify(apiError.body()));
  } finally {
    await iterator.return?.();
    sse.end();
  }
}

interface Answer {
  text: string;
  provider: string;
  model: string | null;
  finishReason: string;
  usage?: Usage;
}

/** Stores the answer and the conversation's new context state together, in one transaction. */
async function saveAnswer(
  deps: ConversationRouteDeps,
  conversation: Conversation,
  plan: ContextPlan,
  answer: Answer,
): Promise<Message> {
  const message = await deps.store.transaction(async (tx) => {
    const message = await tx.conversations.addMessage(conversation.id, {
      role: 'assistant',
      content: answer.text,
      tokens: countTextTokens(answer.text),
      provider: answer.provider,
      model: answer.model,
      finishReason: answer.finishReason,
      inputTokens: answer.usage?.inputTokens ?? null,
      outputTokens: answer.usage?.outputTokens ?? null,
    });
    if (plan.state)
      await tx.conversations.setContext(conversation.id, plan.state.summary, plan.state.fromMessageId);
    return message;
  });
  const scope = { worldId: conversation.worldId, sessionId: conversation.sessionId };
  deps.publish?.(
    'conversation.message',
    'conversations',
    {
      conversation_id: conversation.id,
      message_id: message.id,
      role: message.role,
      content: message.content,
      provider: answer.provider,
      model: answer.model,
      finish_reason: answer.finishReason,
    },
    scope,
  );
  if (plan.state)
    deps.publish?.(
      'context.updated',
      'conversations',
      {
        conversation_id: conversation.id,
        action: plan.report.action,
        removed_messages: plan.report.removed_messages,
        from_message_id: plan.state.fromMessageId,
      },
      scope,
    );
  return message;
}

/** Takes back a user message whose answer failed before any of it was sent. */
async function forgetUserMessage(store: Store, message: Message): Promise<void> {
  await store
    .transaction((tx) => tx.conversations.deleteMessage(message.conversationId, message.id))
    .catch(() => {});
}

async function summarizeOldTurns(
  deps: ConversationRouteDeps,
  conversation: Conversation,
  previous: string | null,
  removed: Message[],
  maxTokens: number,
  signal: AbortSignal | undefined,
): Promise<string> {
  const model = deps.settings.conversations.context.summary_model;
  // The player is waiting on this summary: it runs at the priority of the answer it precedes.
  const call: CompletionRequest = {
    model,
    messages: summaryPrompt(previous, removed),
    options: { maxTokens, temperature: 0 },
    priority: 'high',
    id: conversationCallId(),
    ...(signal && { signal }),
  };
  const started = Date.now();
  try {
    const result = await deps.gateway.complete(call);
    recordCall(deps, conversation, {
      requested: model,
      callType: 'summary',
      call,
      result,
      latencyMs: result.latencyMs,
    });
    return result.text;
  } catch (error) {
    recordCall(deps, conversation, {
      requested: model,
      callType: 'summary',
      call,
      latencyMs: Date.now() - started,
      error,
    });
    throw error;
  }
}

interface CallRecordInput {
  /** The model as asked (a role, provider or model), for calls that failed before any answer. */
  requested: string;
  callType: 'conversation' | 'summary';
  call: Pick<CompletionRequest, 'id' | 'messages' | 'apiKeyId'>;
  result?: Pick<ChatResult, 'provider' | 'model' | 'usage' | 'text'> & { firstTokenMs?: number | null };
  latencyMs: number;
  error?: unknown;
}

/** Puts the call in the batched call log (synchronous, O(1): never delays the answer). */
function recordCall(deps: ConversationRouteDeps, conversation: Conversation, input: CallRecordInput): void {
  const { requested, result, error } = input;
  const role = ['generation', 'analysis', 'maintenance'].includes(requested) ? requested : '';
  const failure = error === undefined ? undefined : toApiError(error);
  const bodies = deps.gateway.settings.database.call_log.bodies.enabled;
  deps.store.callLog.record({
    // The gateway's id for the call (the answer's call_id).
    ...(input.call.id && { id: input.call.id }),
    provider: result?.provider ?? requested.split('/')[0] ?? requested,
    model: result?.model ?? requested,
    role,
    call_type: input.callType,
    api_key_id: input.call.apiKeyId ?? null,
    conversation_id: conversation.id,
    session_id: conversation.sessionId,
    // Bounded by the call log's writer (database.call_log.bodies.max_chars); none with bodies off.
    request: bodies ? { model: requested, messages: input.call.messages } : null,
    response: bodies && result ? result.text : null,
    body_note: bodies ? null : 'bodies off (database.call_log.bodies.enabled is false)',
    input_tokens: result?.usage.inputTokens ?? 0,
    output_tokens: result?.usage.outputTokens ?? 0,
    cost: result ? callCost(deps, result) : 0,
    latency_ms: Math.round(input.latencyMs),
    first_token_ms: result?.firstTokenMs ?? null,
    status: failure ? 'error' : 'ok',
    error_code: failure?.code ?? null,
    error_message: failure ? failure.message.slice(0, 2_000) : null,
  });
}

/** The call's cost in USD by the gateway's price table (config overrides, local models free, else the default price). */
function callCost(
  deps: ConversationRouteDeps,
  result: Pick<ChatResult, 'provider' | 'model' | 'usage'>,
): number {
  const kind = deps.gateway.registry.get(result.provider)?.provider?.kind;
  if (!kind) return 0;
  const { pricing, default_price: defaultPrice } = deps.settings.gateway.usage;
  return costUsd(result.usage, priceFor(result.provider, kind, result.model, pricing) ?? defaultPrice);
}

/** An unknown model is a 404 naming `model`, before anything is stored. */
function assertRoutable(deps: ConversationRouteDeps, model: string): void {
  try {
    resolveRoute(model, deps.settings, deps.gateway.registry);
  } catch (error) {
    throw new ApiError(404, (error as Error).message, { param: 'model', code: 'model_not_found' });
  }
}

async function findConversation(store: Store, id: string): Promise<Conversation> {
  const conversation = id.length <= 100 ? await store.conversations.get(id) : undefined;
  if (!conversation) {
    throw new ApiError(404, `No conversation with id ${JSON.stringify(id.slice(0, 100))}`, {
      param: 'id',
      code: 'conversation_not_found',
    });
  }
  return conversation;
}
