/**
 * Conversations: chats stored with their messages and answered through the gateway (start one, list,
 * read a page, search, archive, and answer a message whole or streamed).
 *
 * A conversation is a chat with a model, not a play-through: a world and session, when it names them,
 * scope its events and its call log rows, but its answer reads no world state, runs none of a turn's
 * roles and queues no maintenance. So it is a service of its own beside narrative/, not part of it.
 *
 * Writes are short transactions: the user message before the model is called, the answer (and the
 * context state) after it has been sent. A model failure before the first byte removes the user
 * message again, so a retry does not leave it twice.
 *
 * The gateway logs every model call (answers and summaries, failed or not) to the call log; this
 * service only says, in each call's meta, what the call is for: its type and its conversation and
 * session.
 */
import { randomUUID } from 'node:crypto';
import type { Settings } from '../config/index.js';
import type { Publish } from '../events/hub.js';
import {
  type CallMeta,
  type CallOptions,
  type CallType,
  type CompletionRequest,
  type Gateway,
  resolveRoute,
} from '../gateway/index.js';
import type { Conversation, Message, SearchHit, SearchQuery, Store } from '../store/index.js';
import type { ChatResult, FinishReason, StreamEvent, Usage } from '../vocabulary/index.js';
import { countTextTokens } from '../vocabulary/tokens.js';
import { type ContextPlan, type ContextReport, planContext, summaryPrompt } from './context.js';
import { ConversationError, unknownReference } from './errors.js';

/** How a failed call is named to its client. */
export type DescribeFailure = (error: unknown) => { code: string | null; message: string };

export interface ConversationServiceDeps {
  gateway: Gateway;
  store: Store;
  settings: Settings;
  /** conversation.created, conversation.message (each stored answer) and context.updated. */
  publish?: Publish | undefined;
  /**
   * How a failed model call is named to its client (code and message): the code
   * `client_closed_request` means the client went away (a streamed answer it left is kept as cut
   * short, not as failed).
   */
  describeFailure: DescribeFailure;
}

export interface NewConversationInput {
  /** A role, provider or model (default: the `generation` role). */
  model?: string | undefined;
  worldId?: string | undefined;
  sessionId?: string | undefined;
  title?: string | undefined;
  systemPrompt?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
}

export interface ConversationListQuery {
  /** Every pair must match the conversation's metadata. */
  metadata: Record<string, string>;
  includeArchived: boolean;
  limit: number;
  /** Continue after this conversation (newest first). */
  after?: { createdAt: string; id: string } | undefined;
}

export interface ConversationList {
  conversations: Conversation[];
  hasMore: boolean;
}

export interface MessagePageQuery {
  limit: number;
  /** Messages after this message id. */
  afterId?: number | undefined;
}

export interface MessagePage {
  conversation: Conversation;
  messages: Message[];
  hasMore: boolean;
}

/** The user's message, and how to answer it. */
export interface MessageInput {
  content: string;
  name?: string | undefined;
  /** Overrides the conversation's model for this message. */
  model?: string | undefined;
  temperature?: number | undefined;
  maxTokens?: number | undefined;
}

export interface TurnListener {
  /**
   * The context is planned and the model is about to be asked: the report of what is sent (also
   * known when the answer then fails).
   */
  contextPlanned?(report: ContextReport): void;
}

export interface AnsweredTurn {
  conversation: Conversation;
  /** The gateway's id for the call (what feedback names). */
  callId: string;
  userMessage: Message;
  /** The stored answer. */
  message: Message;
  provider: string;
  model: string;
  usage: Usage;
  context: ContextReport;
}

export interface StreamStart {
  conversation: Conversation;
  callId: string;
  userMessage: Message;
  provider: string;
  context: ContextReport;
}

export interface StreamEnd {
  callId: string;
  /** The stored answer. */
  message: Message;
  finishReason: FinishReason;
  usage: Usage;
}

/**
 * Where a streamed answer goes (the API's SSE writer). The service calls `start` once the first event
 * has arrived (a failure before it is thrown instead, and nothing was sent), then `delta` for each
 * piece, then `done` with the stored answer, or `failed` when the answer broke off after it started.
 */
export interface AnswerSink extends TurnListener {
  /** The client is gone: the answer stops, and what it was shown is kept as cut short. */
  readonly closed: boolean;
  start(start: StreamStart): Promise<void>;
  delta(text: string): Promise<void>;
  done(end: StreamEnd): Promise<void>;
  /** `clientLeft`: the client went away (a cut-short answer, not a failure to report). */
  failed(error: unknown, clientLeft: boolean): Promise<void>;
}

/** The code `describeFailure` gives a call its client abandoned. */
const CLIENT_CLOSED = 'client_closed_request';

interface Answer {
  text: string;
  provider: string;
  model: string | null;
  finishReason: string;
  usage?: Usage;
}

/** A turn whose user message is stored and whose model call is ready to send. */
interface PreparedTurn {
  conversation: Conversation;
  userMessage: Message;
  plan: ContextPlan;
  call: CompletionRequest & { id: string; model: string };
}

export class ConversationService {
  constructor(private readonly deps: ConversationServiceDeps) {}

  /** Starts a conversation; its model must route, and its world and session exist and agree. */
  async create(input: NewConversationInput): Promise<Conversation> {
    const { store } = this.deps;
    const model = input.model ?? 'generation';
    this.assertRoutable(model);
    if (input.worldId !== undefined && !(await store.worlds.getWorld(input.worldId))) {
      throw unknownReference('world_id', 'world', input.worldId);
    }
    if (input.sessionId !== undefined) {
      const session = await store.sessions.get(input.sessionId);
      if (!session) throw unknownReference('session_id', 'session', input.sessionId);
      // One request, one world: a session of another world would mix two worlds' facts.
      if (input.worldId !== undefined && session.worldId !== input.worldId)
        throw new ConversationError(
          400,
          'invalid_request',
          `Invalid request: session_id: session ${JSON.stringify(input.sessionId)} belongs to another world than world_id`,
          'session_id',
        );
    }
    const conversation = await store.transaction((tx) =>
      tx.conversations.create({
        model,
        worldId: input.worldId ?? null,
        sessionId: input.sessionId ?? null,
        title: input.title ?? null,
        systemPrompt: input.systemPrompt ?? null,
        metadata: input.metadata ?? {},
      }),
    );
    this.deps.publish?.(
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
    return conversation;
  }

  /** A page of conversations, newest first. */
  async list(query: ConversationListQuery): Promise<ConversationList> {
    const rows = await this.deps.store.conversations.list({
      metadata: query.metadata,
      includeArchived: query.includeArchived,
      limit: query.limit + 1,
      ...(query.after && { after: query.after }),
    });
    return { conversations: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
  }

  /** Ranked full-text hits over messages and titles. */
  search(query: SearchQuery): Promise<SearchHit[]> {
    return this.deps.store.search(query);
  }

  /** A conversation and a page of its messages, oldest first. */
  async readPage(id: string, query: MessagePageQuery): Promise<MessagePage> {
    const conversation = await this.find(id);
    const rows = await this.deps.store.conversations.messages(conversation.id, {
      limit: query.limit + 1,
      ...(query.afterId !== undefined && { afterId: query.afterId }),
    });
    return { conversation, messages: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
  }

  /** Archives a conversation (already archived: it as it is). */
  async archive(id: string): Promise<Conversation> {
    const conversation = await this.find(id);
    const archived = await this.deps.store.transaction((tx) => tx.conversations.archive(conversation.id));
    return archived ?? conversation;
  }

  /** Stores the user's message, answers it through the gateway, and stores the answer. */
  async answer(
    id: string,
    input: MessageInput,
    options: CallOptions,
    listener: TurnListener = {},
  ): Promise<AnsweredTurn> {
    const { conversation, userMessage, plan, call } = await this.prepareTurn(id, input, options, listener);
    let result: ChatResult;
    try {
      result = await this.deps.gateway.complete(call);
    } catch (error) {
      await this.forgetUserMessage(userMessage);
      throw error;
    }
    const message = await this.saveAnswer(conversation, plan, {
      text: result.text,
      provider: result.provider,
      model: result.model,
      finishReason: result.finishReason,
      usage: result.usage,
    });
    return {
      conversation,
      callId: call.id,
      userMessage,
      message,
      provider: result.provider,
      model: result.model,
      usage: result.usage,
      context: plan.report,
    };
  }

  /**
   * Like `answer`, streamed into `sink`. A failure before the first event is thrown (the user message
   * taken back, nothing sent); after it, the sink is told, and what was sent is stored, marked as cut
   * short (`aborted`, the client left) or as failed (`error`).
   */
  async streamAnswer(id: string, input: MessageInput, options: CallOptions, sink: AnswerSink): Promise<void> {
    const { conversation, userMessage, plan, call } = await this.prepareTurn(id, input, options, sink);
    let iterator: AsyncIterator<StreamEvent>;
    let first: IteratorResult<StreamEvent>;
    let provider: string;
    try {
      // The gateway resolves once the first event has arrived (after retries and failover).
      const opened = await this.deps.gateway.stream(call);
      provider = opened.provider;
      iterator = opened.events[Symbol.asyncIterator]();
      // A failure before the first byte is an ordinary error, and the user message is taken back.
      first = await iterator.next();
    } catch (error) {
      await this.forgetUserMessage(userMessage);
      throw error;
    }

    await sink.start({ conversation, callId: call.id, userMessage, provider, context: plan.report });
    let text = '';
    try {
      for (let step = first; !step.done && !sink.closed; step = await iterator.next()) {
        const event = step.value;
        if (event.type === 'delta') {
          text += event.text;
          await sink.delta(event.text);
          continue;
        }
        // A conversation offers the model no tools, so no tool-call pieces can arrive.
        if (event.type !== 'done') continue;
        // The answer is complete and sent: now store it.
        const message = await this.saveAnswer(conversation, plan, {
          text,
          provider: event.provider,
          model: event.model,
          finishReason: event.finishReason,
          usage: event.usage,
        });
        await sink.done({ callId: call.id, message, finishReason: event.finishReason, usage: event.usage });
        return;
      }
      // The client went away mid-answer: keep what it was shown, marked as cut short.
      if (text)
        await this.saveAnswer(conversation, plan, { text, provider, model: null, finishReason: 'aborted' });
    } catch (error) {
      // The client leaving aborts the upstream call: that is a cut-short answer, not a failure.
      const clientLeft = sink.closed || this.deps.describeFailure(error).code === CLIENT_CLOSED;
      if (text)
        await this.saveAnswer(conversation, plan, {
          text,
          provider,
          model: null,
          finishReason: clientLeft ? 'aborted' : 'error',
        }).catch(() => {});
      await sink.failed(error, clientLeft);
    } finally {
      await iterator.return?.();
    }
  }

  /**
   * Checks the conversation can take a message, stores the user's message, and plans the context
   * (summarising old messages when the window is full). A failure here takes the message back.
   */
  private async prepareTurn(
    id: string,
    input: MessageInput,
    options: CallOptions,
    listener: TurnListener,
  ): Promise<PreparedTurn> {
    const { store, settings } = this.deps;
    const conversation = await this.find(id);
    if (conversation.archivedAt) {
      throw new ConversationError(
        409,
        'conversation_archived',
        `Conversation ${conversation.id} is archived`,
      );
    }
    const model = input.model ?? conversation.model;
    // Route now: an unknown model is a 404 before anything is stored.
    this.assertRoutable(model);

    const userMessage = await store.transaction((tx) =>
      tx.conversations.addMessage(conversation.id, {
        role: 'user',
        content: input.content,
        name: input.name ?? null,
        tokens: countTextTokens(input.content),
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
          this.summarizeOldTurns(conversation, previous, removed, maxTokens, options.signal),
      );
    } catch (error) {
      await this.forgetUserMessage(userMessage);
      throw error;
    }
    const call = {
      ...options,
      id: randomUUID(),
      meta: { ...options.meta, ...callMeta(conversation, 'conversation') },
      model,
      messages: plan.messages,
      options: {
        ...(input.temperature !== undefined && { temperature: input.temperature }),
        ...(input.maxTokens !== undefined && { maxTokens: input.maxTokens }),
      },
    };
    listener.contextPlanned?.(plan.report);
    return { conversation, userMessage, plan, call };
  }

  /** Folds the messages leaving the window into the running summary, through the summary model. */
  private async summarizeOldTurns(
    conversation: Conversation,
    previous: string | null,
    removed: Message[],
    maxTokens: number,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    const model = this.deps.settings.conversations.context.summary_model;
    // The player is waiting on this summary: it runs at the priority of the answer it precedes.
    const call: CompletionRequest = {
      model,
      messages: summaryPrompt(previous, removed),
      options: { maxTokens, temperature: 0 },
      priority: 'high',
      meta: callMeta(conversation, 'summary'),
      ...(signal && { signal }),
    };
    return (await this.deps.gateway.complete(call)).text;
  }

  /** Stores the answer and the conversation's new context state together, in one transaction. */
  private async saveAnswer(conversation: Conversation, plan: ContextPlan, answer: Answer): Promise<Message> {
    const message = await this.deps.store.transaction(async (tx) => {
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
    this.deps.publish?.(
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
      this.deps.publish?.(
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
  private async forgetUserMessage(message: Message): Promise<void> {
    await this.deps.store
      .transaction((tx) => tx.conversations.deleteMessage(message.conversationId, message.id))
      .catch(() => {});
  }

  /** An unknown model is a 404 naming `model`, before anything is stored. */
  private assertRoutable(model: string): void {
    try {
      resolveRoute(model, this.deps.settings, this.deps.gateway.registry);
    } catch (error) {
      throw new ConversationError(404, 'model_not_found', (error as Error).message, 'model');
    }
  }

  private async find(id: string): Promise<Conversation> {
    const conversation = id.length <= 100 ? await this.deps.store.conversations.get(id) : undefined;
    if (!conversation) {
      throw new ConversationError(
        404,
        'conversation_not_found',
        `No conversation with id ${JSON.stringify(id.slice(0, 100))}`,
        'id',
      );
    }
    return conversation;
  }
}

/** What the call log keeps beside a conversation's model call: what it is for, and whose it is. */
function callMeta(
  conversation: Conversation,
  callType: Extract<CallType, 'conversation' | 'summary'>,
): CallMeta {
  return {
    call_type: callType,
    conversation_id: conversation.id,
    ...(conversation.sessionId !== null && { session_id: conversation.sessionId }),
  };
}
