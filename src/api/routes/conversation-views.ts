/** The JSON shapes of conversations and messages on the wire (snake_case, like the rest of the API). */
import type { Conversation, Message } from '../../store/index.js';
import type { Usage } from '../../vocabulary/index.js';
import { ApiError } from '../errors.js';

export function conversationView(conversation: Conversation) {
  return {
    id: conversation.id,
    object: 'conversation' as const,
    title: conversation.title,
    system_prompt: conversation.systemPrompt,
    model: conversation.model,
    metadata: conversation.metadata,
    message_count: conversation.messageCount,
    world_id: conversation.worldId,
    session_id: conversation.sessionId,
    context: {
      summary: conversation.contextSummary,
      from_message_id: conversation.contextFromMessageId,
    },
    created_at: conversation.createdAt,
    updated_at: conversation.updatedAt,
    archived_at: conversation.archivedAt,
  };
}

export function messageView(message: Message) {
  return {
    id: message.id,
    object: 'conversation.message' as const,
    role: message.role,
    content: message.content,
    name: message.name,
    tokens: message.tokens,
    provider: message.provider,
    model: message.model,
    finish_reason: message.finishReason,
    created_at: message.createdAt,
  };
}

export function usageView(usage: Usage) {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.totalTokens,
  };
}

export function encodeListCursor(conversation: Conversation): string {
  return Buffer.from(JSON.stringify([conversation.createdAt, conversation.id])).toString('base64url');
}

export function decodeListCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parts) && typeof parts[0] === 'string' && typeof parts[1] === 'string')
      return { createdAt: parts[0], id: parts[1] };
  } catch {
    // reported below
  }
  throw new ApiError(400, 'Invalid request: cursor: expected a next_cursor from a previous page', {
    param: 'cursor',
    code: 'invalid_request',
  });
}
