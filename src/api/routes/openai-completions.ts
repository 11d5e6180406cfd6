/**
 * POST /v1/completions: OpenAI's legacy text completions over any provider, plain and streamed
 * (SSE ending in `data: [DONE]`). Each prompt is one gateway call: forwarded to an OpenAI-compatible
 * server's /completions, sent to any other provider as a continuation request
 * (see openai-completions-convert.ts); `echo` puts the prompt before the text here, the same for
 * every provider. Models are routed by name exactly as on /v1/chat/completions.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Secrets } from '../../config/index.js';
import type { Gateway, CompletionRequest as GatewayRequest } from '../../gateway/index.js';
import type { ChatChoice, StreamEvent, Usage } from '../../vocabulary/index.js';
import { abortOnClose, callHeaders, callOptionsFrom } from '../call-options.js';
import { lateStreamError, nowSeconds } from './late-stream-error.js';
import { openSseStream } from './open-stream.js';
import {
  modelName,
  prompts,
  toCompletionLogprobs,
  toFinish,
  toMessages,
  toOptions,
} from './openai-completions-convert.js';
import {
  type CompletionRequest,
  completionRequestSchema,
  completionResponseSchema,
  completionStreamSchema,
} from './openai-completions-schemas.js';

export function completionsRoute(app: FastifyInstance, gateway: Gateway, secrets: Secrets): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/v1/completions',
    {
      config: { scope: 'game' },
      schema: {
        summary:
          "OpenAI's legacy text completions over any provider, plain or streamed (SSE ending in data: [DONE])",
        body: completionRequestSchema,
        response: {
          200: {
            description: 'A text_completion, or with `stream: true` its chunks as server-sent events',
            content: {
              'application/json': { schema: completionResponseSchema },
              'text/event-stream': { schema: completionStreamSchema },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const signal = abortOnClose(reply);
      const callFor = (prompt: string): GatewayRequest => ({
        ...callOptionsFrom(request, signal),
        model: modelName(body),
        messages: toMessages(prompt),
        options: toOptions(body, prompt),
      });
      const texts = prompts(body);
      if (body.stream) return streamCompletion(reply, gateway, callFor(texts[0]!), body, texts[0]!, secrets);

      // One call per prompt, in order; their choices follow each other (prompt 1's n choices, then prompt 2's…).
      const calls = texts.map(callFor);
      const results = [];
      for (const call of calls) results.push(await gateway.complete(call));
      const last = results.at(-1)!;
      reply.headers(callHeaders(last.provider, calls.at(-1)!.state));
      const usage: Usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
      const choices = results.flatMap((result, promptIndex) => {
        usage.inputTokens += result.usage.inputTokens;
        usage.outputTokens += result.usage.outputTokens;
        usage.totalTokens += result.usage.totalTokens;
        const answers: readonly ChatChoice[] = result.choices ?? [result];
        const echo = body.echo ? texts[promptIndex]! : '';
        return answers.map((answer) => ({
          text: echo + answer.text,
          logprobs: answer.logprobs ? toCompletionLogprobs(answer.logprobs, echo.length) : null,
          finish_reason: toFinish(answer.finishReason),
        }));
      });
      return {
        id: `cmpl-${randomUUID()}`,
        object: 'text_completion' as const,
        created: nowSeconds(),
        model: modelName(body),
        provider: last.provider,
        choices: choices.map((choice, index) => ({
          text: choice.text,
          index,
          logprobs: choice.logprobs,
          finish_reason: choice.finish_reason,
        })),
        usage: {
          prompt_tokens: usage.inputTokens,
          completion_tokens: usage.outputTokens,
          total_tokens: usage.totalTokens,
        },
      };
    },
  );
}

async function streamCompletion(
  reply: FastifyReply,
  gateway: Gateway,
  call: GatewayRequest,
  body: CompletionRequest,
  prompt: string,
  secrets: Secrets,
): Promise<void> {
  const { sse, iterator, first } = await openSseStream(reply, gateway, call);
  const id = `cmpl-${randomUUID()}`;
  const created = nowSeconds();
  const chunk = (choices: object[], usage?: object) =>
    sse.data(
      JSON.stringify({
        id,
        object: 'text_completion',
        created,
        model: modelName(body),
        choices,
        ...(usage && { usage }),
      }),
    );
  const choices = body.n ?? 1;
  // Where each answer's text has reached: log probability offsets count from the start of the text.
  const offsets = new Array<number>(choices).fill(0);
  if (body.echo)
    for (let index = 0; index < choices; index++) {
      await chunk([{ text: prompt, index, logprobs: null, finish_reason: null }]);
      offsets[index] = prompt.length;
    }
  try {
    for (let step = first; !step.done && !sse.closed; step = await iterator.next()) {
      const event: StreamEvent = step.value;
      if (event.type === 'delta') {
        const index = event.choice ?? 0;
        const logprobs = event.logprobs ? toCompletionLogprobs(event.logprobs, offsets[index]) : null;
        offsets[index] = (offsets[index] ?? 0) + event.text.length;
        await chunk([{ text: event.text, index, logprobs, finish_reason: null }]);
        continue;
      }
      // A text completion has no tool calls (none were offered, so none can come) and no thinking.
      if (event.type !== 'done') continue;
      const finishes = event.finishReasons ?? [event.finishReason];
      const usage = {
        prompt_tokens: event.usage.inputTokens,
        completion_tokens: event.usage.outputTokens,
        total_tokens: event.usage.totalTokens,
      };
      for (let index = 0; index < finishes.length; index++)
        await chunk([{ text: '', index, logprobs: null, finish_reason: toFinish(finishes[index]!) }]);
      if (body.stream_options?.include_usage) await chunk([], usage);
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
