/**
 * llama.cpp's native server API over any provider, so game mods and front ends written for a local
 * `llama-server` (SillyTavern's llama.cpp type, scripts that POST to /completion) work unchanged with
 * Loremaster at their llama.cpp URL:
 *
 *   POST /completion (and /completions)   plain, or streamed as server-sent events ending with the
 *                                         finished result (no `[DONE]`, as llama.cpp)
 *   POST /tokenize, POST /detokenize      o200k token ids: Loremaster's own count of tokens, not the
 *                                         upstream model's vocabulary
 *   GET /props                            the generation role's model and context window, in
 *                                         llama-server's fields (./llamacpp-props.ts)
 *   POST /embedding (and /embeddings)     in llamacpp-embedding.ts
 *   GET /slots, POST /slots/:id_slot, POST /props, POST /infill, POST /apply-template
 *                                         501 (`not_supported`), as llama-server answers: Loremaster
 *                                         has no slots and no properties to change, and does not know the
 *                                         model's fill-in-the-middle tokens or chat template (its provider
 *                                         applies them)
 *
 * Models are routed by name as on /v1/completions (none or "" is the generation role); errors are
 * Loremaster's. /v1/models, which llama.cpp also serves, is the shared model list.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Secrets } from '../../config/index.js';
import type { CompletionRequest, Gateway } from '../../gateway/index.js';
import type { ChatChoice, FinishReason, StreamEvent, Usage } from '../../vocabulary/index.js';
import { decode, encodeBounded } from '../../vocabulary/tokenizer.js';
import { abortOnClose, callHeaders, callOptionsFrom } from '../call-options.js';
import { ApiError } from '../errors.js';
import { generationModel } from '../generation-model.js';
import { errorSchema } from '../openapi.js';
import { lateStreamError } from './late-stream-error.js';
import {
  callOptions,
  completionsPerPrompt,
  generationSettings,
  modelName,
  pickFields,
  prompts,
  stopType,
  timings,
} from './llamacpp-convert.js';
import { propsOf } from './llamacpp-props.js';
import {
  detokenizeRequestSchema,
  detokenizeResponseSchema,
  type LlamaCompletionRequest,
  llamaCompletionRequestSchema,
  llamaCompletionResponseSchema,
  llamaCompletionStreamSchema,
  llamaPropsSchema,
  llamaSlotActionSchema,
  tokenizeRequestSchema,
  tokenizeResponseSchema,
} from './llamacpp-schemas.js';
import { openSseStream } from './open-stream.js';
import { toMessages, usagePerAnswer } from './openai-completions-convert.js';

/** llama.cpp reports the slot that ran a task; Loremaster has none to report. */
const SLOT = 0;

export function llamaCppRoutes(app: FastifyInstance, gateway: Gateway, secrets: Secrets): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const completion = {
    config: { scope: 'game' as const },
    schema: {
      summary: "llama.cpp's native completion over any provider: plain, or streamed as server-sent events",
      body: llamaCompletionRequestSchema,
      response: {
        200: {
          description:
            'The result (an array of them for several prompts or n_cmpl > 1), or with `stream: true` its pieces and then the result',
          content: {
            'application/json': { schema: llamaCompletionResponseSchema },
            'text/event-stream': { schema: llamaCompletionStreamSchema },
          },
        },
      },
    },
  };
  const complete = async (
    request: { body: LlamaCompletionRequest } & Parameters<typeof callOptionsFrom>[0],
    reply: FastifyReply,
  ) => {
    const body = request.body;
    const signal = abortOnClose(reply);
    const callFor = (prompt: string): CompletionRequest => ({
      ...callOptionsFrom(request, signal),
      model: modelName(body),
      // As on /v1/completions: a continuation request for chat models, the raw prompt for open servers.
      messages: toMessages(prompt),
      options: callOptions(body, prompt),
    });
    const texts = prompts(body);
    // n_predict 0 asks llama.cpp to read the prompt into its cache and write nothing: there is no call.
    if (body.n_predict === 0)
      return shape(
        body,
        texts.map((prompt, index) => emptyResult(body, prompt, index)),
      );
    if (body.stream) return streamCompletion(reply, gateway, callFor(texts[0]!), body, texts[0]!, secrets);

    const calls = texts.map(callFor);
    const results: Record<string, unknown>[] = [];
    for (const [promptIndex, call] of calls.entries()) {
      const answer = await gateway.complete(call);
      const choices: readonly ChatChoice[] = answer.choices ?? [answer];
      const usage = usagePerAnswer(answer.usage, choices.length);
      for (const choice of choices)
        results.push(
          result(body, texts[promptIndex]!, results.length, {
            text: choice.text,
            finish: choice.finishReason,
            usage,
            model: answer.model,
            provider: answer.provider,
            latencyMs: answer.latencyMs,
            firstTokenMs: null,
          }),
        );
      reply.headers(callHeaders(answer.provider, call.state));
    }
    return shape(body, results);
  };
  api.post('/completion', completion, complete);
  // llama.cpp serves the same endpoint under both names (/v1/completions is OpenAI's, elsewhere).
  api.post(
    '/completions',
    { ...completion, schema: { ...completion.schema, summary: "/completion under llama.cpp's other name" } },
    complete,
  );

  api.get(
    '/props',
    {
      config: { scope: 'read' },
      schema: {
        summary: "llama-server's properties: the generation role's model and context window",
        response: { 200: llamaPropsSchema },
      },
    },
    async () => propsOf(generationModel(gateway)),
  );
  notServedRoutes(app);

  api.post(
    '/tokenize',
    {
      config: { scope: 'game' },
      schema: {
        summary:
          "Token ids of a text, in llama.cpp's or vLLM's form (o200k: the tokenizer Loremaster counts with)",
        body: tokenizeRequestSchema,
        response: { 200: tokenizeResponseSchema },
      },
    },
    async (request) => {
      const tokens = encodeBounded(request.body.content ?? request.body.prompt ?? '');
      return { tokens, count: tokens.length };
    },
  );

  api.post(
    '/detokenize',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'The text of o200k token ids',
        body: detokenizeRequestSchema,
        response: { 200: detokenizeResponseSchema },
      },
    },
    async (request) => {
      try {
        return { content: decode(request.body.tokens) };
      } catch {
        const index = request.body.tokens.findIndex((token) => !known(token));
        throw new ApiError(400, `tokens.${index}: ${request.body.tokens[index]} is not an o200k token id`, {
          param: `tokens.${index}`,
        });
      }
    },
  );
}

/**
 * Endpoints llama-server has and Loremaster does not serve: 501, as llama-server answers an endpoint
 * it was started without, with llama-server's message and type in Loremaster's error shape (that of
 * every other llama.cpp route here), code `not_supported`.
 */
const NOT_SERVED: {
  path: string;
  method: 'GET' | 'POST';
  summary: string;
  message: string;
  request?: typeof llamaSlotActionSchema;
}[] = [
  {
    path: '/slots',
    method: 'GET',
    summary: "llama-server's slots: Loremaster has none (answered as llama-server with --no-slots)",
    message: 'This server does not support slots endpoint.',
  },
  {
    path: '/slots/:id_slot',
    method: 'POST',
    summary: "llama-server's slot actions (save, restore, erase): Loremaster has no slots",
    message: 'This server does not support slots action: Loremaster has no slots to save, restore or erase.',
    request: llamaSlotActionSchema,
  },
  {
    path: '/props',
    method: 'POST',
    summary: "llama-server's change of global properties: not served (as llama-server without --props)",
    message:
      "This server does not support changing global properties: set roles.generation (model, context_tokens) in Loremaster's config.",
  },
  {
    path: '/infill',
    method: 'POST',
    summary: "llama.cpp's code infill: not served (the model's fill-in-the-middle tokens are not known)",
    message:
      "This server does not support infill endpoint: Loremaster does not know the model's fill-in-the-middle tokens. Send prompt and suffix to /v1/completions (an OpenAI-compatible provider that takes suffix).",
  },
  {
    path: '/apply-template',
    method: 'POST',
    summary: "llama.cpp's chat template: not served (the model's template is its provider's)",
    message:
      "This server does not support apply-template endpoint: Loremaster does not know the model's chat template (its provider applies it). Send the messages to /v1/chat/completions.",
  },
];

function notServedRoutes(app: FastifyInstance): void {
  for (const route of NOT_SERVED)
    app.route({
      method: route.method,
      url: route.path,
      config: { scope: route.method === 'GET' ? 'read' : 'game' },
      schema: { summary: route.summary, ...route.request, response: { 501: errorSchema } },
      handler: async (request, reply) =>
        reply
          .code(501)
          .send(
            new ApiError(501, route.message, { type: 'not_supported_error', code: 'not_supported' }).bodyFor(
              request.url,
            ),
          ),
    });
}

function known(token: number): boolean {
  try {
    decode([token]);
    return true;
  } catch {
    return false;
  }
}

/** One result, or an array of them (several prompts, or n_cmpl > 1), each cut to `response_fields`. */
function shape(body: LlamaCompletionRequest, results: Record<string, unknown>[]) {
  const fields = body.response_fields;
  const shaped = fields?.length ? results.map((entry) => pickFields(entry, fields)) : results;
  return shaped.length === 1 ? shaped[0] : shaped;
}

interface Finished {
  text: string;
  finish: FinishReason;
  usage: Usage;
  model: string;
  provider: string;
  latencyMs: number;
  firstTokenMs: number | null;
}

/** A finished completion in llama.cpp's fields. */
function result(
  body: LlamaCompletionRequest,
  prompt: string,
  index: number,
  done: Finished,
): Record<string, unknown> {
  return {
    index,
    content: done.text,
    tokens: [],
    id_slot: SLOT,
    stop: true,
    model: done.model,
    provider: done.provider,
    tokens_predicted: done.usage.outputTokens,
    tokens_evaluated: done.usage.inputTokens,
    tokens_cached: 0,
    generation_settings: generationSettings(body, done.model),
    prompt,
    has_new_line: done.text.includes('\n'),
    truncated: false,
    stop_type: stopType(done.finish),
    stopping_word: '',
    timings: timings(done.usage, done.latencyMs, done.firstTokenMs),
  };
}

function emptyResult(body: LlamaCompletionRequest, prompt: string, index: number): Record<string, unknown> {
  return result(body, prompt, index, {
    text: '',
    finish: 'length',
    usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    model: modelName(body),
    provider: 'none',
    latencyMs: 0,
    firstTokenMs: null,
  });
}

async function streamCompletion(
  reply: FastifyReply,
  gateway: Gateway,
  call: CompletionRequest,
  body: LlamaCompletionRequest,
  prompt: string,
  secrets: Secrets,
): Promise<void> {
  const { sse, iterator, first } = await openSseStream(reply, gateway, call);
  const choices = completionsPerPrompt(body);
  const texts = new Array<string>(choices).fill('');
  let firstAt: number | undefined;
  try {
    for (let step = first; !step.done && !sse.closed; step = await iterator.next()) {
      const event: StreamEvent = step.value;
      if (event.type === 'delta') {
        if (event.text.length === 0) continue;
        const index = event.choice ?? 0;
        texts[index] = (texts[index] ?? '') + event.text;
        const piece: Record<string, unknown> = {
          index,
          content: event.text,
          tokens: [],
          stop: false,
          id_slot: SLOT,
        };
        // Per piece, only what is known before the end: the time since the first piece.
        firstAt ??= performance.now();
        if (body.timings_per_token) piece.timings = { predicted_ms: Math.round(performance.now() - firstAt) };
        const waiting = sse.dataOrWait(JSON.stringify(piece));
        if (waiting) await waiting;
        continue;
      }
      // A completion has no tool calls (none were offered) and no thinking to show.
      if (event.type !== 'done') continue;
      const finishes = event.finishReasons ?? [event.finishReason];
      const usage = usagePerAnswer(event.usage, finishes.length);
      for (let index = 0; index < finishes.length; index++) {
        const done = result(body, prompt, index, {
          text: texts[index] ?? '',
          finish: finishes[index]!,
          usage,
          model: event.model,
          provider: event.provider,
          latencyMs: event.latencyMs,
          firstTokenMs: event.firstTokenMs,
        });
        // The last event is the finished result, its content already sent piece by piece.
        done.content = '';
        await sse.data(
          JSON.stringify(body.response_fields?.length ? pickFields(done, body.response_fields) : done),
        );
      }
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
