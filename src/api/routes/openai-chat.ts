/** POST /v1/chat/completions: OpenAI's chat API, plain and streamed (SSE ending in `data: [DONE]`). */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Secrets } from '../../config/index.js';
import type { CompletionRequest, Gateway } from '../../gateway/index.js';
import type { StreamEvent } from '../../vocabulary/index.js';
import { abortOnClose, callHeaders, callOptionsFrom } from '../call-options.js';
import { lateStreamError, nowSeconds } from './late-stream-error.js';
import { openSseStream } from './open-stream.js';
import {
  toMessages,
  toOpenAIChoices,
  toOpenAIFinish,
  toOpenAILogprobs,
  toOpenAIUsage,
  toOptions,
  toolCallDelta,
} from './openai-chat-format.js';
import {
  type ChatCompletionRequest,
  chatCompletionBodySchema,
  chatCompletionResponseSchema,
  chatCompletionStreamSchema,
} from './openai-schemas.js';

export function chatCompletionsRoute(app: FastifyInstance, gateway: Gateway, secrets: Secrets): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/v1/chat/completions',
    {
      config: { scope: 'game' },
      schema: {
        summary: "OpenAI's chat completions, plain or streamed (SSE ending in data: [DONE])",
        // The common request is checked by hand; anything else (and every error) by the schema.
        body: chatCompletionBodySchema,
        response: {
          200: {
            description: 'A chat.completion, or with `stream: true` its chunks as server-sent events',
            content: {
              'application/json': { schema: chatCompletionResponseSchema },
              'text/event-stream': { schema: chatCompletionStreamSchema },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const call: CompletionRequest = {
        ...callOptionsFrom(request, abortOnClose(reply)),
        model: body.model,
        messages: toMessages(body),
        options: toOptions(body),
        checkJson: true,
      };
      if (body.stream) return streamCompletion(reply, gateway, call, body, secrets);

      const result = await gateway.complete(call);
      reply.headers(callHeaders(result.provider, call.state));
      return {
        id: `chatcmpl-${randomUUID()}`,
        object: 'chat.completion' as const,
        created: nowSeconds(),
        model: body.model,
        // Loremaster's id for the call (also x-loremaster-call-id): what POST /llm/feedback takes.
        call_id: call.state?.callId,
        provider: result.provider,
        provider_model: result.model,
        choices: toOpenAIChoices(result),
        usage: toOpenAIUsage(result.usage),
      };
    },
  );
}

async function streamCompletion(
  reply: FastifyReply,
  gateway: Gateway,
  call: CompletionRequest,
  body: ChatCompletionRequest,
  secrets: Secrets,
): Promise<void> {
  const { sse, provider, iterator, first } = await openSseStream(reply, gateway, call);
  const id = `chatcmpl-${randomUUID()}`;
  const created = nowSeconds();
  // Every chunk starts the same: serialised once, not per token (the same JSON as the whole object).
  const head =
    `{"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},` +
    `"model":${JSON.stringify(body.model)},"provider":${JSON.stringify(provider)},` +
    '"choices":[{"index":';
  const chunk = (delta: object, finishReason: string | null, extra?: object, choice = 0, logprobs = 'null') =>
    `${head}${choice},"delta":${JSON.stringify(delta)},"logprobs":${logprobs},` +
    `"finish_reason":${JSON.stringify(finishReason)}}]` +
    (extra ? `,${JSON.stringify(extra).slice(1)}` : '}');
  const choices = body.n ?? 1;

  for (let choice = 0; choice < choices; choice++)
    await sse.data(chunk({ role: 'assistant', content: '' }, null, undefined, choice));
  try {
    for (let step = first; !step.done && !sse.closed; step = await iterator.next()) {
      const event: StreamEvent = step.value;
      if (event.type === 'delta') {
        if (event.choice === undefined && event.logprobs === undefined) {
          // The common token: no promise to await unless the client has stopped reading.
          const wait = sse.dataOrWait(
            `${head}0,"delta":{"content":${JSON.stringify(event.text)}},"logprobs":null,"finish_reason":null}]}`,
          );
          if (wait) await wait;
        } else {
          const logprobs = event.logprobs
            ? JSON.stringify({ content: toOpenAILogprobs(event.logprobs), refusal: null })
            : 'null';
          await sse.data(chunk({ content: event.text }, null, undefined, event.choice ?? 0, logprobs));
        }
        continue;
      }
      if (event.type === 'tool-call-delta') {
        await sse.data(chunk({ tool_calls: [toolCallDelta(event)] }, null, undefined, event.choice ?? 0));
        continue;
      }
      // An open server's thinking, in its own field. Signatures and redacted blocks (Anthropic's proof
      // of its thinking, which only comes when asked on /v1/messages) have no place in this format.
      if (event.type === 'reasoning-delta') {
        await sse.data(chunk({ reasoning_content: event.text }, null, undefined, event.choice ?? 0));
        continue;
      }
      if (event.type !== 'done') continue;
      const usage = toOpenAIUsage(event.usage);
      // Every answer but the first ends on its own chunk; the first carries usage when not asked apart.
      const finishes = event.finishReasons ?? [event.finishReason];
      for (let choice = 1; choice < finishes.length; choice++)
        await sse.data(chunk({}, toOpenAIFinish(finishes[choice]!), undefined, choice));
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
    const apiError = lateStreamError(error, reply, secrets);
    await sse.data(JSON.stringify(apiError.body()));
  } finally {
    await iterator.return?.();
    sse.end();
  }
}
