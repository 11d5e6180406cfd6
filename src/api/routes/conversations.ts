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
 * Each route parses its request, calls one function of the conversation service
 * (src/conversations/), and shapes the answer: its JSON (conversation-views.ts) or its SSE events.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { redactText, type Secrets } from '../../config/index.js';
import type {
  AnswerSink,
  ContextReport,
  ConversationService,
  MessageInput,
  StreamEnd,
  StreamStart,
} from '../../conversations/index.js';
import type { CallOptions } from '../../gateway/index.js';
import { abortOnClose, callHeaders, callOptionsFrom } from '../call-options.js';
import { toApiError } from '../errors.js';
import { SseWriter, streamOptions } from '../sse.js';
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

export interface ConversationRouteDeps {
  conversations: ConversationService;
  /** Redacted from an error event sent after the stream has started. */
  secrets: Secrets;
}

export function conversationRoutes(app: FastifyInstance, deps: ConversationRouteDeps): void {
  const { conversations } = deps;
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
      const conversation = await conversations.create({
        model: body.model,
        worldId: body.world_id,
        sessionId: body.session_id,
        title: body.title,
        systemPrompt: body.system_prompt,
        metadata: body.metadata,
      });
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
      const page = await conversations.list({
        metadata,
        includeArchived: query.include_archived === 'true',
        limit: query.limit,
        after,
      });
      const last = page.conversations[page.conversations.length - 1];
      return {
        object: 'list' as const,
        data: page.conversations.map(conversationView),
        has_more: page.hasMore,
        next_cursor: page.hasMore && last ? encodeListCursor(last) : null,
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
      const hits = await conversations.search({
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
      const page = await conversations.readPage(request.params.id, {
        limit: query.limit,
        afterId: query.after,
      });
      return {
        ...conversationView(page.conversation),
        messages: page.messages.map(messageView),
        has_more: page.hasMore,
        next_after: page.hasMore ? (page.messages[page.messages.length - 1]?.id ?? null) : null,
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
    async (request) => conversationView(await conversations.archive(request.params.id)),
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
      const message: MessageInput = {
        content: body.content,
        name: body.name,
        model: body.model,
        temperature: body.temperature,
        maxTokens: body.max_tokens,
      };
      if (body.stream) {
        const sse = new SseAnswer(reply, options, deps.secrets);
        try {
          return await conversations.streamAnswer(request.params.id, message, options, sse);
        } finally {
          sse.end();
        }
      }
      const turn = await conversations.answer(request.params.id, message, options, {
        // Said also when the answer then fails (the header stays on the error).
        contextPlanned: (report) => void reply.header('x-loremaster-context', report.action),
      });
      reply.headers(callHeaders(turn.provider, options.state));
      return {
        object: 'conversation.turn' as const,
        conversation_id: turn.conversation.id,
        call_id: turn.callId,
        user_message: messageView(turn.userMessage),
        message: messageView(turn.message),
        provider: turn.provider,
        model: turn.model,
        usage: usageView(turn.usage),
        context: turn.context,
      };
    },
  );
}

/**
 * A streamed answer as server-sent events: `start`, `delta`…, `done` (the stored message), then
 * `[DONE]`; a failure after the first byte is an error event in the API's error shape, redacted. The
 * response is taken over from Fastify only once the first event has arrived: a failure before that
 * is an ordinary HTTP error.
 */
class SseAnswer implements AnswerSink {
  private sse: SseWriter | undefined;

  constructor(
    private readonly reply: FastifyReply,
    private readonly options: CallOptions,
    private readonly secrets: Secrets,
  ) {}

  get closed(): boolean {
    return this.sse?.closed ?? false;
  }

  contextPlanned(report: ContextReport): void {
    // Sent with an HTTP error too, when the answer fails before its first byte.
    this.reply.header('x-loremaster-context', report.action);
  }

  async start(start: StreamStart): Promise<void> {
    this.reply.hijack();
    this.sse = new SseWriter(
      this.reply.raw,
      {
        ...callHeaders(start.provider, this.options.state),
        'x-loremaster-context': start.context.action,
      },
      streamOptions(this.reply),
    );
    await this.sse.data(
      JSON.stringify({
        type: 'start',
        conversation_id: start.conversation.id,
        call_id: start.callId,
        user_message: messageView(start.userMessage),
        provider: start.provider,
        context: start.context,
      }),
    );
  }

  async delta(text: string): Promise<void> {
    await this.sse?.data(JSON.stringify({ type: 'delta', text }));
  }

  async done(end: StreamEnd): Promise<void> {
    await this.sse?.data(
      JSON.stringify({
        type: 'done',
        call_id: end.callId,
        message: messageView(end.message),
        finish_reason: end.finishReason,
        usage: usageView(end.usage),
      }),
    );
    await this.sse?.data('[DONE]');
  }

  async failed(error: unknown, clientLeft: boolean): Promise<void> {
    // After the first byte the status is sent; the client gets a clean error event, then the end.
    const apiError = toApiError(error);
    if (!clientLeft)
      this.reply.log.warn({ code: apiError.code }, 'conversation stream failed after first byte');
    apiError.message = redactText(apiError.message, this.secrets);
    await this.sse?.data(JSON.stringify(apiError.body()));
  }

  /** Ends the response (a no-op when the stream never started). */
  end(): void {
    this.sse?.end();
  }
}
