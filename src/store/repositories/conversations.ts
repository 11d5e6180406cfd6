/** Conversations and their messages. */
import type { Kysely } from 'kysely';
import type { ConversationRow, Database, MessageRow } from '../schema.js';
import { newId, now, toJson } from '../util.js';

export type MetadataValue = string | number | boolean | null;

export interface Conversation {
  id: string;
  title: string | null;
  systemPrompt: string | null;
  model: string;
  metadata: Record<string, unknown>;
  messageCount: number;
  contextSummary: string | null;
  contextFromMessageId: number | null;
  worldId: string | null;
  sessionId: string | null;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

export interface Message {
  id: number;
  conversationId: string;
  role: 'system' | 'user' | 'assistant';
  content: string;
  name: string | null;
  tokens: number;
  provider: string | null;
  model: string | null;
  finishReason: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  metadata: Record<string, unknown> | null;
  createdAt: string;
}

export interface NewConversation {
  id?: string;
  title?: string | null;
  systemPrompt?: string | null;
  model: string;
  metadata?: Record<string, unknown>;
  worldId?: string | null;
  sessionId?: string | null;
}

export interface NewMessageInput {
  role: Message['role'];
  content: string;
  name?: string | null;
  tokens: number;
  provider?: string | null;
  model?: string | null;
  finishReason?: string | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
  metadata?: Record<string, unknown> | null;
}

export interface ListConversationsQuery {
  /** Every pair must match (top-level scalar metadata, compared as text). */
  metadata?: Record<string, string>;
  includeArchived?: boolean;
  limit: number;
  /** Continue after this conversation (newest first). */
  after?: { createdAt: string; id: string };
}

export interface MessagePageQuery {
  limit: number;
  /** Messages with an id above this one (oldest first). */
  afterId?: number;
}

export class ConversationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: NewConversation): Promise<Conversation> {
    const time = now();
    const row: ConversationRow = {
      id: input.id ?? newId(),
      title: input.title ?? null,
      system_prompt: input.systemPrompt ?? null,
      model: input.model,
      metadata: toJson(input.metadata ?? {}),
      message_count: 0,
      context_summary: null,
      context_from_message_id: null,
      world_id: input.worldId ?? null,
      session_id: input.sessionId ?? null,
      created_at: time,
      updated_at: time,
      archived_at: null,
    };
    await this.db.insertInto('conversations').values(row).execute();
    const pairs = metadataPairs(input.metadata ?? {});
    if (pairs.length > 0) {
      await this.db
        .insertInto('conversation_metadata')
        .values(pairs.map(([key, value]) => ({ conversation_id: row.id, key, value })))
        .execute();
    }
    return toConversation(row);
  }

  async get(id: string): Promise<Conversation | undefined> {
    const row = await this.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toConversation(row);
  }

  async list(query: ListConversationsQuery): Promise<Conversation[]> {
    let select = this.db.selectFrom('conversations').selectAll();
    if (!query.includeArchived) select = select.where('archived_at', 'is', null);
    for (const [key, value] of Object.entries(query.metadata ?? {})) {
      select = select.where('id', 'in', (eb) =>
        eb
          .selectFrom('conversation_metadata')
          .select('conversation_id')
          .where('key', '=', key)
          .where('value', '=', value),
      );
    }
    const after = query.after;
    if (after) {
      select = select.where((eb) =>
        eb.or([
          eb('created_at', '<', after.createdAt),
          eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
        ]),
      );
    }
    const rows = await select
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit)
      .execute();
    return rows.map(toConversation);
  }

  async addMessage(conversationId: string, input: NewMessageInput): Promise<Message> {
    const created_at = now();
    const row = await this.db
      .insertInto('messages')
      .values({
        conversation_id: conversationId,
        role: input.role,
        content: input.content,
        name: input.name ?? null,
        tokens: input.tokens,
        provider: input.provider ?? null,
        model: input.model ?? null,
        finish_reason: input.finishReason ?? null,
        input_tokens: input.inputTokens ?? null,
        output_tokens: input.outputTokens ?? null,
        metadata: input.metadata ? toJson(input.metadata) : null,
        created_at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.db
      .updateTable('conversations')
      .set((eb) => ({ message_count: eb('message_count', '+', 1), updated_at: created_at }))
      .where('id', '=', conversationId)
      .execute();
    return toMessage(row);
  }

  /** Removes one message (e.g. a user message whose answer failed before any of it was sent). */
  async deleteMessage(conversationId: string, messageId: number): Promise<boolean> {
    const result = await this.db
      .deleteFrom('messages')
      .where('id', '=', messageId)
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return false;
    await this.db
      .updateTable('conversations')
      .set((eb) => ({ message_count: eb('message_count', '-', 1) }))
      .where('id', '=', conversationId)
      .execute();
    return true;
  }

  async messages(conversationId: string, query: MessagePageQuery): Promise<Message[]> {
    let select = this.db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId);
    if (query.afterId !== undefined) select = select.where('id', '>', query.afterId);
    const rows = await select.orderBy('id', 'asc').limit(query.limit).execute();
    return rows.map(toMessage);
  }

  /** The messages sent to the model: from `fromId` on (all when undefined), oldest first. */
  async contextMessages(conversationId: string, fromId: number | null): Promise<Message[]> {
    let select = this.db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId);
    if (fromId !== null) select = select.where('id', '>=', fromId);
    const rows = await select.orderBy('id', 'asc').execute();
    return rows.map(toMessage);
  }

  /** Records that messages before `fromMessageId` are now represented by `summary` (or dropped: null). */
  async setContext(id: string, summary: string | null, fromMessageId: number | null): Promise<void> {
    await this.db
      .updateTable('conversations')
      .set({ context_summary: summary, context_from_message_id: fromMessageId })
      .where('id', '=', id)
      .execute();
  }

  async archive(id: string): Promise<Conversation | undefined> {
    const time = now();
    await this.db
      .updateTable('conversations')
      .set({ archived_at: time, updated_at: time })
      .where('id', '=', id)
      .where('archived_at', 'is', null)
      .execute();
    return this.get(id);
  }

  /** Archives conversations not updated since `before`; returns how many. */
  async archiveIdle(before: string): Promise<number> {
    const result = await this.db
      .updateTable('conversations')
      .set({ archived_at: now() })
      .where('archived_at', 'is', null)
      .where('updated_at', '<', before)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Deletes conversations (and their messages) not updated since `before`; returns how many. */
  async deleteIdle(before: string): Promise<number> {
    const result = await this.db
      .deleteFrom('conversations')
      .where('updated_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

/** Top-level scalar metadata as text pairs, for indexed filtering. */
function metadataPairs(metadata: Record<string, unknown>): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      pairs.push([key, String(value)]);
  }
  return pairs;
}

function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    title: row.title,
    systemPrompt: row.system_prompt,
    model: row.model,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    messageCount: Number(row.message_count),
    contextSummary: row.context_summary,
    contextFromMessageId: row.context_from_message_id === null ? null : Number(row.context_from_message_id),
    worldId: row.world_id,
    sessionId: row.session_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
  };
}

function toMessage(row: MessageRow): Message {
  return {
    id: Number(row.id),
    conversationId: row.conversation_id,
    role: row.role,
    content: row.content,
    name: row.name,
    tokens: Number(row.tokens),
    provider: row.provider,
    model: row.model,
    finishReason: row.finish_reason,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    metadata: row.metadata === null ? null : (JSON.parse(row.metadata) as Record<string, unknown>),
    createdAt: row.created_at,
  };
}
