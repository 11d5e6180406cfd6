/**
 * POST /llm/generate: one generation, answered as JSON or, with `"stream": true`, over SSE:
 *   event: start  {call_id, provider}
 *   event: delta  {text}                      (each piece as it arrives)
 *   event: done   {…the whole generation}     then `data: [DONE]`
 * An error before the first byte is a plain JSON error with its status; after it, `event: error`.
 * The answer carries the gateway's call id (body `call_id` and `x-loremaster-call-id`).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { generate } from '../../prompts/generate.js';
import type { PromptDeps } from '../../prompts/index.js';
import { abortOnClose, callOptionsFrom } from '../call-options.js';
import { errorSchema } from '../openapi.js';
import { SseWriter, streamOptions } from '../sse.js';
import {
  generateBodySchema,
  generateRequestOf,
  generationError,
  generationSchema,
  generationView,
} from './llm-generation.js';
import { jsonOrStream, sseDone, sseEvent } from './stream-docs.js';

/** The answer: a generation, or with `stream: true` its events. */
const generateResponse = jsonOrStream(
  'A generation, or with stream: true its events (start, delta…, done, then [DONE]; error after the first byte)',
  generationSchema,
  [
    sseEvent('start', z.object({ call_id: z.string(), provider: z.string() })),
    sseEvent('delta', z.object({ text: z.string() })),
    sseEvent('done', generationSchema),
    sseEvent('error', errorSchema),
    sseDone,
  ],
);

export function generateRoute(app: FastifyInstance, deps: { prompts: PromptDeps }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/llm/generate',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'One generation: a prompt by name with variables, or messages (JSON, or SSE with stream)',
        tags: ['llm'],
        body: generateBodySchema,
        response: { 200: generateResponse },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const signal = abortOnClose(reply);
      // The x-loremaster-priority and x-loremaster-cache headers, as on /v1/chat/completions.
      const { priority, cache } = callOptionsFrom(request, signal);
      const base = { ...generateRequestOf(body, request.apiKeyId), signal, priority, cache, client: true };
      if (!body.stream) {
        try {
          const result = await generate(deps.prompts, base);
          reply
            .header('x-loremaster-call-id', result.callId)
            .header('x-loremaster-provider', result.provider);
          return generationView(result);
        } catch (error) {
          throw generationError(error);
        }
      }
      return streamGeneration(reply, deps.prompts, base);
    },
  );
}

async function streamGeneration(
  reply: FastifyReply,
  prompts: PromptDeps,
  request: Parameters<typeof generate>[1],
): Promise<void> {
  let sse: SseWriter | undefined;
  let writes = Promise.resolve();
  const write = (payload: string, event?: string) => {
    const writer = sse;
    if (writer) writes = writes.then(() => writer.data(payload, event));
  };
  try {
    const result = await generate(prompts, {
      ...request,
      onStart: ({ callId, provider }) => {
        // The upstream answered: from here on the status is 200 and errors are events.
        reply.hijack();
        sse = new SseWriter(
          reply.raw,
          { 'x-loremaster-call-id': callId, 'x-loremaster-provider': provider },
          streamOptions(reply),
        );
        write(JSON.stringify({ call_id: callId, provider }), 'start');
      },
      onDelta: (text) => write(JSON.stringify({ text }), 'delta'),
    });
    write(JSON.stringify(generationView(result)), 'done');
    write('[DONE]');
    await writes;
    sse?.end();
  } catch (error) {
    if (!sse) throw generationError(error);
    await writes.catch(() => {});
    await sse.data(JSON.stringify(generationError(error).body()), 'error');
    sse.end();
  }
}
