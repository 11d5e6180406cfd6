/**
 * KoboldCpp's native API over any provider, so front ends and game mods written for a local KoboldCpp
 * (SillyTavern's "KoboldAI Classic" API, KoboldAI Lite, scripts that POST to /api/v1/generate) work
 * unchanged with Loremaster's URL:
 *
 *   POST /api/v1/generate             the text, whole: `{results: [{text, finish_reason}]}`
 *   POST /api/extra/generate/stream   the same, streamed as KoboldCpp streams (`event: message`, a token each)
 *   GET /api/v1/model, /api/v1/info/version, /api/extra/version   what a client checks when it connects
 *
 * A request is a text completion (/v1/completions): the prompt (after `memory`) travels raw to an
 * OpenAI-compatible server, as a continuation request to a chat model. Models: KoboldCpp serves one,
 * so its clients name none, and the `generation` role answers (a `model` field routes as usual).
 * KoboldCpp's token count, /api/extra/tokencount, is in token-counts.ts.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Secrets } from '../../config/index.js';
import type { Gateway, CompletionRequest as GatewayRequest } from '../../gateway/index.js';
import type { ChatChoice, FinishReason, StreamEvent, Usage } from '../../vocabulary/index.js';
import { abortOnClose, callHeaders, callOptionsFrom } from '../call-options.js';
import { ApiError } from '../errors.js';
import {
  type KoboldGenerateRequest,
  koboldGenerateRequestSchema,
  koboldGenerateResponseSchema,
  koboldStreamSchema,
  koboldValueSchema,
  koboldVersionSchema,
} from './kobold-schemas.js';
import { lateStreamError } from './late-stream-error.js';
import { openSseStream } from './open-stream.js';
import { asCompletion, toMessages, toOptions, usagePerAnswer } from './openai-completions-convert.js';
import type { CompletionRequest } from './openai-completions-schemas.js';

/** The KoboldAI United API level these routes follow (stop sequences, streaming). */
export const KOBOLD_API_VERSION = '1.2.5';
/**
 * The KoboldCpp version these routes answer as: clients turn features on by it (SillyTavern: stop
 * sequences, streaming, token counts, mirostat, grammar and min_p from 1.48), and each of them is served.
 */
export const KOBOLDCPP_VERSION = '1.48';

export function koboldRoutes(app: FastifyInstance, gateway: Gateway, secrets: Secrets): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  const callFor = (
    request: Parameters<typeof callOptionsFrom>[0],
    body: KoboldGenerateRequest,
    signal: AbortSignal,
  ): GatewayRequest => {
    const prompt = promptOf(body);
    return {
      ...callOptionsFrom(request, signal),
      model: body.model || 'generation',
      messages: toMessages(prompt),
      options: toOptions(completionOf(body), prompt, null),
    };
  };

  api.post(
    '/api/v1/generate',
    {
      config: { scope: 'game' },
      schema: {
        summary: "KoboldCpp's generation over any provider: the text, whole",
        body: koboldGenerateRequestSchema,
        response: { 200: koboldGenerateResponseSchema },
      },
    },
    async (request, reply) => {
      if (request.body.stream)
        throw new ApiError(400, 'a streamed generation is POST /api/extra/generate/stream', {
          param: 'stream',
        });
      const call = callFor(request, request.body, abortOnClose(reply));
      const answer = await gateway.complete(call);
      reply.headers(callHeaders(answer.provider, call.state));
      const choices: readonly ChatChoice[] = answer.choices ?? [answer];
      return {
        results: choices.map((choice) =>
          result(choice.text, choice.finishReason, answer.usage, choices.length),
        ),
        provider: answer.provider,
      };
    },
  );

  api.post(
    '/api/extra/generate/stream',
    {
      config: { scope: 'game' },
      schema: {
        summary: "KoboldCpp's generation over any provider, streamed as KoboldCpp streams",
        body: koboldGenerateRequestSchema,
        response: {
          200: {
            description:
              '`event: message` events of one token each; the last has an empty token and its finish reason',
            content: { 'text/event-stream': { schema: koboldStreamSchema } },
          },
        },
      },
    },
    async (request, reply) => {
      if (request.body.stream === false)
        throw new ApiError(400, 'a whole generation is POST /api/v1/generate', { param: 'stream' });
      // KoboldCpp's stream carries one answer.
      if ((request.body.n ?? 1) > 1)
        throw new ApiError(400, 'a streamed generation has one answer: n must be 1', { param: 'n' });
      const call = callFor(request, request.body, abortOnClose(reply));
      return streamGeneration(reply, gateway, call, secrets);
    },
  );

  api.get(
    '/api/v1/model',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'The model KoboldCpp clients are answered by: the generation role',
        response: { 200: koboldValueSchema },
      },
    },
    async () => ({ result: 'loremaster/generation' }),
  );

  api.get(
    '/api/v1/info/version',
    {
      config: { scope: 'read' },
      schema: { summary: 'The KoboldAI United API level served', response: { 200: koboldValueSchema } },
    },
    async () => ({ result: KOBOLD_API_VERSION }),
  );

  api.get(
    '/api/extra/version',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'The KoboldCpp version these routes answer as (clients turn features on by it)',
        response: { 200: koboldVersionSchema },
      },
    },
    async () => ({ result: 'KoboldCpp', version: KOBOLDCPP_VERSION }),
  );
}

/** KoboldCpp puts `memory` before the prompt, always. */
function promptOf(body: KoboldGenerateRequest): string {
  return (body.memory ?? '') + body.prompt;
}

/** The body as the /v1/completions body it mostly is: KoboldCpp's names for max_tokens and stop read as them. */
function completionOf(body: KoboldGenerateRequest): CompletionRequest {
  const stop = body.stop_sequence ?? (typeof body.stop === 'string' ? [body.stop] : body.stop) ?? [];
  // singleline: the line is the answer.
  const stops = body.singleline && !stop.includes('\n') ? [...stop, '\n'] : stop;
  return asCompletion(body, {
    prompt: promptOf(body),
    max_tokens: body.max_length ?? body.max_tokens,
    stop: stops.length > 0 ? stops : undefined,
  });
}

/** KoboldCpp's finish reasons: `length` at the token limit, else `stop`. */
function finishOf(reason: FinishReason): 'stop' | 'length' {
  return reason === 'length' ? 'length' : 'stop';
}

function result(text: string, finish: FinishReason, usage: Usage, answers: number) {
  const share = usagePerAnswer(usage, answers);
  return {
    text,
    finish_reason: finishOf(finish),
    prompt_tokens: share.inputTokens,
    completion_tokens: share.outputTokens,
  };
}

async function streamGeneration(
  reply: FastifyReply,
  gateway: Gateway,
  call: GatewayRequest,
  secrets: Secrets,
): Promise<void> {
  const { sse, iterator, first } = await openSseStream(reply, gateway, call);
  try {
    for (let step = first; !step.done && !sse.closed; step = await iterator.next()) {
      const event: StreamEvent = step.value;
      if (event.type === 'delta' && event.text.length > 0)
        await sse.data(JSON.stringify({ token: event.text, finish_reason: null }), 'message');
      if (event.type === 'done')
        await sse.data(JSON.stringify({ token: '', finish_reason: finishOf(event.finishReason) }), 'message');
    }
  } catch (error) {
    // After the first byte the status is sent: the error is the stream's last event.
    const apiError = lateStreamError(error, reply, secrets);
    await sse.data(JSON.stringify(apiError.body()));
  } finally {
    await iterator.return?.();
    sse.end();
  }
}
