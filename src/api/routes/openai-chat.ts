/** POST /v1/chat/completions: OpenAI's chat API, plain and streamed (SSE ending in `data: [DONE]`). */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { redactText, type Secrets } from '../../config/index.js';
import type { CompletionRequest, Gateway } from '../../gateway/index.js';
import type { ChatMessage, ChatOptions, FinishReason, StreamEvent, Usage } from '../../providers/index.js';
import { abortOnClose, callHeaders, callOptionsFrom } from '../call-options.js';
import { ApiError, parseBody, toApiError } from '../errors.js';
import { SseWriter } from '../sse.js';
import {
  type ChatCompletionRequest,
  chatCompletionRequestSchema,
  quickChatCompletionRequest,
} from './openai-schemas.js';

export function chatCompletionsRoute(app: FastifyInstance, gateway: Gateway, secrets: Secrets): void {
  app.post('/v1/chat/completions', async (request, reply) => {
    // The common request is checked by hand; anything else (and every error) by the schema.
    const body =
      quickChatCompletionRequest(request.body) ?? parseBody(chatCompletionRequestSchema, request.body);
    const call: CompletionRequest = {
      ...callOptionsFrom(request, abortOnClose(reply)),
      model: body.model,
      messages: toMessages(body),
      options: toOptions(body),
    };
    if (body.stream) return streamCompletion(reply, gateway, call, body, secrets);

    const result = await gateway.complete(call);
    reply.headers(callHeaders(result.provider, call.state));
    return {
      id: `chatcmpl-${randomUUID()}`,
      object: 'chat.completion',
      created: nowSeconds(),
      model: body.model,
      provider: result.provider,
      provider_model: result.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: result.text, refusal: null },
          logprobs: null,
          finish_reason: toOpenAIFinish(result.finishReason),
        },
      ],
      usage: toOpenAIUsage(result.usage),
    };
  });
}

async function streamCompletion(
  reply: FastifyReply,
  gateway: Gateway,
  call: CompletionRequest,
  body: ChatCompletionRequest,
  secrets: Secrets,
): Promise<void> {
  // The gateway resolves once the first event has arrived: a failure before the first byte is
  // still an ordinary HTTP error with the right status (after retries and failover), not a broken stream.
  const opened = await gateway.stream(call);
  const iterator = opened.events[Symbol.asyncIterator]();
  const first = await iterator.next();

  reply.hijack();
  const batch = coalesceWrites(reply.raw);
  batch();
  const sse = new SseWriter(reply.raw, callHeaders(opened.provider, call.state));
  const id = `chatcmpl-${randomUUID()}`;
  const created = nowSeconds();
  // Every chunk starts the same: serialised once, not per token (the same JSON as the whole object).
  const head =
    `{"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},` +
    `"model":${JSON.stringify(body.model)},"provider":${JSON.stringify(opened.provider)},` +
    '"choices":[{"index":0,"delta":';
  const chunk = (delta: object, finishReason: string | null, extra?: object) =>
    `${head}${JSON.stringify(delta)},"logprobs":null,"finish_reason":${JSON.stringify(finishReason)}}]` +
    (extra ? `,${JSON.stringify(extra).slice(1)}` : '}');

  await sse.data(chunk({ role: 'assistant', content: '' }, null));
  try {
    for (let step = first; !step.done && !sse.closed; step = await iterator.next()) {
      const event: StreamEvent = step.value;
      batch();
      if (event.type === 'delta') {
        await sse.data(
          `${head}{"content":${JSON.stringify(event.text)}},"logprobs":null,"finish_reason":null}]}`,
        );
        continue;
      }
      if (event.type === 'tool-call-delta') {
        await sse.data(chunk({ tool_calls: [toolCallDelta(event)] }, null));
        continue;
      }
      const usage = toOpenAIUsage(event.usage);
      if (body.stream_options?.include_usage) {
        await sse.data(chunk({}, toOpenAIFinish(event.finishReason)));
        await sse.data(
          JSON.stringify({
            id,
            object: 'chat.completion.chunk',
            created,
            model: body.model,
            choices: [],
            usage,
          }),
        );
      } else {
        // Usage rides on the last chunk, so clients that do not ask still get it.
        await sse.data(chunk({}, toOpenAIFinish(event.finishReason), { usage }));
      }
    }
    await sse.data('[DONE]');
  } catch (error) {
    // After the first byte the status is sent; the client gets a clean error event, then the end.
    const apiError = toApiError(error);
    reply.log.warn({ code: apiError.code }, 'stream failed after first byte');
    apiError.message = redactText(apiError.message, secrets);
    await sse.data(JSON.stringify(apiError.body()));
  } finally {
    await iterator.return?.();
    batch();
    sse.end();
  }
}

/**
 * Writes made in one run of the event loop go out in one syscall: the response is corked at the
 * first and uncorked once the pending work is done. Events that arrive together (a burst from the
 * upstream, a cached answer played back) cost one write; an event alone still leaves at once.
 */
function coalesceWrites(raw: ServerResponse): () => void {
  let corked = false;
  const uncork = () => {
    corked = false;
    raw.uncork();
  };
  return () => {
    if (corked || raw.destroyed) return;
    corked = true;
    raw.cork();
    process.nextTick(uncork);
  };
}

function toMessages(body: ChatCompletionRequest): ChatMessage[] {
  return body.messages.map((message, index) => {
    const content =
      message.content == null
        ? ''
        : typeof message.content === 'string'
          ? message.content
          : message.content.map((part) => part.text).join('');
    if (message.role === 'user' && content.length === 0) {
      throw new ApiError(400, `Invalid request: messages.${index}.content: expected non-empty text`, {
        param: `messages.${index}.content`,
      });
    }
    // OpenAI's "developer" role is a system message for every other vendor.
    const role = message.role === 'developer' ? 'system' : message.role;
    return { role, content, ...(message.name !== undefined && { name: message.name }) };
  });
}

function toOptions(body: ChatCompletionRequest): Omit<ChatOptions, 'model' | 'signal'> {
  const options: Omit<ChatOptions, 'model' | 'signal'> = {};
  if (body.temperature != null) options.temperature = body.temperature;
  if (body.top_p != null) options.topP = body.top_p;
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (maxTokens != null) options.maxTokens = maxTokens;
  if (body.stop != null) options.stop = typeof body.stop === 'string' ? [body.stop] : body.stop;
  if (body.seed != null) options.seed = body.seed;
  const format = body.response_format;
  if (format?.type === 'json_object') options.json = true;
  if (format?.type === 'json_schema') {
    if (format.json_schema.schema) options.jsonSchema = format.json_schema.schema;
    else options.json = true;
  }
  return options;
}

/** A piece of a tool call in OpenAI's chunk format: the first piece names the call, the rest add arguments. */
function toolCallDelta(event: Extract<StreamEvent, { type: 'tool-call-delta' }>) {
  return {
    index: event.index,
    ...(event.id !== undefined && { id: event.id, type: 'function' }),
    function: { ...(event.name !== undefined && { name: event.name }), arguments: event.arguments },
  };
}

function toOpenAIFinish(reason: FinishReason): string {
  return reason === 'error' || reason === 'other' ? 'stop' : reason;
}

function toOpenAIUsage(usage: Usage) {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.totalTokens,
  };
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
