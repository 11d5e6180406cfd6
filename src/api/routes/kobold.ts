/**
 * KoboldCpp's native API over any provider, so front ends and game mods written for a local KoboldCpp
 * (SillyTavern's "KoboldAI Classic" API, KoboldAI Lite, scripts that POST to /api/v1/generate) work
 * unchanged with Loremaster's URL:
 *
 *   POST /api/v1/generate             the text, whole: `{results: [{text, finish_reason}]}`
 *   POST /api/extra/generate/stream   the same, streamed as KoboldCpp streams (`event: message`, a token each)
 *   GET|POST /api/extra/generate/check   the text so far of a generation (by `genkey`)
 *   POST /api/extra/abort             stops it: the upstream call is cancelled, the generation ends
 *                                     with the text so far
 *   GET /api/v1/model, /api/v1/info/version, /api/extra/version   what a client checks when it connects
 *   GET /api/v1/config/max_context_length, /api/extra/true_max_context_length, /api/v1/config/max_length
 *
 * A request is a text completion (/v1/completions): the prompt (after `memory`) travels raw to an
 * OpenAI-compatible server, as a continuation request to a chat model. Models: KoboldCpp serves one,
 * so its clients name none, and the `generation` role answers (a `model` field routes as usual).
 * KoboldCpp's token count, /api/extra/tokencount, is in token-counts.ts.
 *
 * A whole answer of one text is read from the gateway's stream (../kobold-collect.ts), so `check` sees
 * its text as it grows (KoboldAI Lite polls it while it waits) and an abort answers the text so far;
 * n > 1 is one call whose text is known at its end. The generations `check` and `abort` reach are in
 * ../kobold-generations.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Secrets } from '../../config/index.js';
import type { Gateway, CompletionRequest as GatewayRequest } from '../../gateway/index.js';
import type { ChatChoice, FinishReason, StreamEvent, Usage } from '../../vocabulary/index.js';
import { abortOnClose, callHeaders, callOptionsFrom } from '../call-options.js';
import { ApiError } from '../errors.js';
import { generationModel } from '../generation-model.js';
import { collect } from '../kobold-collect.js';
import { KoboldGenerations, type TrackedGeneration } from '../kobold-generations.js';
import {
  genkeyOf,
  type KoboldGenerateRequest,
  koboldAbortResponseSchema,
  koboldCheckResponseSchema,
  koboldGenerateRequestSchema,
  koboldGenerateResponseSchema,
  koboldGenkeySchema,
  koboldNumberSchema,
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
  const generations = new KoboldGenerations();

  const callFor = (
    request: FastifyRequest,
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

  /** Registers the generation `check` and `abort` reach; undefined when the registry is full. */
  const track = (request: FastifyRequest, reply: FastifyReply, body: KoboldGenerateRequest) => {
    const closed = abortOnClose(reply);
    const tracked = generations.start(request.apiKeyId, genkeyOf(body), closed);
    if (!tracked) request.log.warn('KoboldCpp generation not tracked: every tracked generation is in flight');
    return { tracked, signal: tracked?.signal ?? closed };
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
      const body = request.body;
      if (body.stream)
        throw new ApiError(400, 'a streamed generation is POST /api/extra/generate/stream', {
          param: 'stream',
        });
      const { tracked, signal } = track(request, reply, body);
      const call = callFor(request, body, signal);
      try {
        if ((body.n ?? 1) === 1) {
          const whole = await collect(gateway, call, tracked);
          reply.headers(callHeaders(whole.provider, call.state));
          return { results: [result(whole.text, whole.finish, whole.usage, 1)], provider: whole.provider };
        }
        const answer = await gateway.complete(call);
        reply.headers(callHeaders(answer.provider, call.state));
        const choices: readonly ChatChoice[] = answer.choices ?? [answer];
        tracked?.append(choices[0]?.text ?? '');
        return {
          results: choices.map((choice) =>
            result(choice.text, choice.finishReason, answer.usage, choices.length),
          ),
          provider: answer.provider,
        };
      } finally {
        if (tracked) generations.finish(tracked);
      }
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
      const body = request.body;
      if (body.stream === false)
        throw new ApiError(400, 'a whole generation is POST /api/v1/generate', { param: 'stream' });
      // KoboldCpp's stream carries one answer.
      if ((body.n ?? 1) > 1)
        throw new ApiError(400, 'a streamed generation has one answer: n must be 1', { param: 'n' });
      const { tracked, signal } = track(request, reply, body);
      try {
        return await streamGeneration(reply, gateway, callFor(request, body, signal), secrets, tracked);
      } finally {
        if (tracked) generations.finish(tracked);
      }
    },
  );

  const check = {
    config: { scope: 'game' as const },
    schema: {
      summary: "The text so far of the caller's generation sent with this genkey (or of its only one)",
      body: koboldGenkeySchema,
      response: { 200: koboldCheckResponseSchema },
    },
  };
  const checked = async (request: FastifyRequest<{ Body: { genkey?: string | null } | undefined }>) => ({
    results: [{ text: generations.check(request.apiKeyId, request.body?.genkey ?? undefined) }],
  });
  api.post('/api/extra/generate/check', check, checked);
  // KoboldCpp answers GET too, with no genkey: the caller's only generation.
  api.get(
    '/api/extra/generate/check',
    { config: check.config, schema: { summary: check.schema.summary, response: check.schema.response } },
    async (request) => ({ results: [{ text: generations.check(request.apiKeyId, undefined) }] }),
  );

  api.post(
    '/api/extra/abort',
    {
      config: { scope: 'game' },
      schema: {
        summary:
          "Stops the caller's generation sent with this genkey (or its only one): the upstream call is cancelled",
        body: koboldGenkeySchema,
        response: { 200: koboldAbortResponseSchema },
      },
    },
    async (request) => ({
      success: generations.abort(request.apiKeyId, request.body?.genkey ?? undefined)
        ? ('true' as const)
        : ('false' as const),
    }),
  );

  const contextWindow = () => generationModel(gateway).contextTokens;
  for (const [path, summary, read] of [
    ['/api/v1/config/max_context_length', "The context window of the generation role's model", contextWindow],
    [
      '/api/extra/true_max_context_length',
      "The context window of the generation role's model",
      contextWindow,
    ],
    [
      '/api/v1/config/max_length',
      "Tokens a generation writes when it names no max_length (the generation role's max_tokens)",
      () => generationModel(gateway).maxTokens,
    ],
  ] as const)
    api.get(
      path,
      { config: { scope: 'read' }, schema: { summary, response: { 200: koboldNumberSchema } } },
      async () => ({ value: read() }),
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

/** The end of a generation an abort stopped: KoboldCpp ends it as finished, with the text so far. */
const STOPPED = JSON.stringify({ token: '', finish_reason: 'stop' });

async function streamGeneration(
  reply: FastifyReply,
  gateway: Gateway,
  call: GatewayRequest,
  secrets: Secrets,
  tracked: TrackedGeneration | undefined,
): Promise<void> {
  let opened: Awaited<ReturnType<typeof openSseStream>>;
  try {
    opened = await openSseStream(reply, gateway, call);
  } catch (error) {
    // Stopped before the first token: a stream that ends at once, as KoboldCpp's does.
    if (!tracked?.aborted) throw error;
    return void reply.type('text/event-stream').send(`event: message\ndata: ${STOPPED}\n\n`);
  }
  const { sse, iterator, first } = opened;
  let ended = false;
  try {
    for (let step = first; !step.done && !sse.closed; step = await iterator.next()) {
      const event: StreamEvent = step.value;
      if (event.type === 'delta' && event.text.length > 0) {
        tracked?.append(event.text);
        await sse.data(JSON.stringify({ token: event.text, finish_reason: null }), 'message');
      }
      if (event.type === 'done') {
        ended = true;
        await sse.data(JSON.stringify({ token: '', finish_reason: finishOf(event.finishReason) }), 'message');
      }
    }
  } catch (error) {
    if (!tracked?.aborted) {
      // After the first byte the status is sent: the error is the stream's last event.
      const apiError = lateStreamError(error, reply, secrets);
      await sse.data(JSON.stringify(apiError.body()));
      ended = true;
    }
  } finally {
    if (!ended && tracked?.aborted && !sse.closed) await sse.data(STOPPED, 'message');
    await iterator.return?.();
    sse.end();
  }
}
