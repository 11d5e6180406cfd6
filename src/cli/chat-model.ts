/**
 * A terminal conversation with one model through a running server's OpenAI-compatible
 * `POST /v1/chat/completions`, streamed: the model is anything the gateway routes (a role such as
 * `generation`, a provider, `provider/model`). The whole history is sent with each message, as
 * OpenAI clients do; `/reset` forgets it.
 */
import { LoremasterError } from '../client/index.js';
import { readSse } from '../client/sse.js';
import type { ChatConversation, ChatReply, Usage } from './chat-types.js';
import type { ServerConnection } from './server-connection.js';

interface Message {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

interface Chunk {
  model?: string;
  provider?: string;
  choices?: Array<{ delta?: { content?: string }; finish_reason?: string | null }>;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  error?: unknown;
}

export function modelConversation(
  connection: ServerConnection,
  model: string,
  system: string | undefined,
): ChatConversation {
  const history: Message[] = system ? [{ role: 'system', content: system }] : [];
  const totals: Usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  let replies = 0;
  let provider: string | undefined;

  return {
    banner: `chatting with ${model} on ${connection.baseUrl}`,
    async start() {
      // The server is there before the first line is read (a wrong key shows at the first message).
      await connection.getJson('/health/live');
    },
    async send(input, onDelta): Promise<ChatReply> {
      const messages = [...history, { role: 'user' as const, content: input }];
      const response = await connection.fetch(`${connection.baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { ...connection.headers, 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ model, messages, stream: true }),
      });
      if (!response.ok || !response.body)
        throw new LoremasterError(response.status, await response.json().catch(() => undefined));
      let text = '';
      let finishReason: string | null = null;
      let usage: Usage | undefined;
      for await (const frame of readSse(response.body)) {
        if (frame.data === '[DONE]') break;
        const chunk = JSON.parse(frame.data) as Chunk;
        // After the first byte the status is sent: an error arrives as a frame of its own.
        if (chunk.error !== undefined) throw new LoremasterError(502, chunk);
        provider = chunk.provider ?? provider;
        const choice = chunk.choices?.[0];
        const delta = choice?.delta?.content;
        if (delta) {
          text += delta;
          onDelta(delta);
        }
        if (choice?.finish_reason) finishReason = choice.finish_reason;
        if (chunk.usage) usage = chunk.usage;
      }
      history.push({ role: 'user', content: input }, { role: 'assistant', content: text });
      replies++;
      if (usage) addUsage(totals, usage);
      return {
        json: {
          type: 'reply',
          model,
          provider: provider ?? null,
          content: text,
          finish_reason: finishReason,
          usage: usage ?? null,
        },
      };
    },
    panel: () => undefined,
    reset() {
      history.splice(system ? 1 : 0);
      return 'history cleared';
    },
    summary: () => ({ type: 'summary', model, provider: provider ?? null, replies, usage: totals }),
  };
}

export function addUsage(totals: Usage, usage: Usage): void {
  totals.prompt_tokens += usage.prompt_tokens;
  totals.completion_tokens += usage.completion_tokens;
  totals.total_tokens += usage.total_tokens;
}
