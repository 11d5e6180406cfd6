/**
 * OpenAI's Responses API over any provider: POST /v1/responses, plain or `stream: true` with the
 * Responses event sequence (response.created, response.in_progress, output_item.added,
 * content_part.added, output_text.delta…, function_call_arguments.delta…, …done, response.completed),
 * every event numbered. Models are routed by name exactly as on /v1/chat/completions, and structured
 * output (`text.format` json_schema) is checked and repaired by the gateway as chat's json_schema is.
 * Answers are kept (../stored-responses.ts) so `previous_response_id` continues them and
 * GET / DELETE /v1/responses/{id} and …/input_items read and remove them.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Secrets } from '../../config/index.js';
import type { CompletionRequest, Gateway } from '../../gateway/index.js';
import type { StreamEvent } from '../../vocabulary/index.js';
import { abortOnClose, callHeaders, callOptionsFrom } from '../call-options.js';
import { SseWriter, streamOptions } from '../sse.js';
import type { PreparedResponse, StoredResponses } from '../stored-responses.js';
import { lateStreamError, nowSeconds } from './late-stream-error.js';
import {
  type FunctionCallOutput,
  functionCallItem,
  type MessageOutput,
  newId,
  type OutputItem,
  outputText,
  responseObject,
  toOptions,
  toOutput,
  toStatus,
} from './openai-responses-convert.js';
import { type ReasoningOutput, reasoningItem, reasoningText } from './openai-responses-reasoning.js';
import {
  type ResponseRequest,
  responseObjectSchema,
  responseRequestSchema,
  responseStreamSchema,
} from './openai-responses-schemas.js';

export function responsesRoutes(
  app: FastifyInstance,
  gateway: Gateway,
  secrets: Secrets,
  responses: StoredResponses,
): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/v1/responses',
    {
      config: { scope: 'game' },
      schema: {
        summary: "OpenAI's Responses API over any provider, plain or streamed (the Responses SSE events)",
        body: responseRequestSchema,
        response: {
          200: {
            description: 'A response, or with `stream: true` its events as server-sent events',
            content: {
              'application/json': { schema: responseObjectSchema },
              'text/event-stream': { schema: responseStreamSchema },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const owner = ownerOf(request.apiKeyId);
      const prepared = await responses.prepare(body, owner);
      const call: CompletionRequest = {
        ...callOptionsFrom(request, abortOnClose(reply)),
        model: body.model,
        messages: prepared.messages,
        options: toOptions(body),
        checkJson: true,
      };
      if (body.stream) return streamResponse(reply, gateway, call, body, secrets, prepared.keep);

      const createdAt = nowSeconds();
      const result = await gateway.complete(call);
      reply.headers(callHeaders(result.provider, call.state));
      const { status, incomplete_details } = toStatus(result.finishReason);
      const output = toOutput(result.text, result.toolCalls ?? [], result.reasoning, sealsReasoning(body));
      const response = responseObject(body, {
        id: newId('resp'),
        createdAt,
        status,
        incompleteDetails: incomplete_details,
        output,
        usage: result.usage,
        callId: call.state?.callId,
        provider: result.provider,
      });
      await prepared.keep(output, response);
      return response;
    },
  );

  const byId = { params: z.object({ id: z.string().min(1).max(200) }) };
  api.get(
    '/v1/responses/:id',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'A stored response, as it was answered (404 when it was not stored, was deleted or expired)',
        ...byId,
        response: { 200: responseObjectSchema },
      },
    },
    async (request) => responses.get(request.params.id, ownerOf(request.apiKeyId)),
  );

  api.delete(
    '/v1/responses/:id',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'Deletes a stored response: it can no longer be read or continued',
        ...byId,
        response: {
          200: z.object({ id: z.string(), object: z.literal('response'), deleted: z.literal(true) }),
        },
      },
    },
    async (request) => responses.delete(request.params.id, ownerOf(request.apiKeyId)),
  );

  api.get(
    '/v1/responses/:id/input_items',
    {
      config: { scope: 'game' },
      schema: {
        summary: "A stored response's input items, a page at a time",
        ...byId,
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(100).default(20),
          order: z.enum(['asc', 'desc']).default('desc'),
          after: z.string().min(1).max(200).optional(),
        }),
        response: {
          200: z.object({
            object: z.literal('list'),
            data: z.array(z.record(z.string(), z.unknown())),
            first_id: z.string().nullable(),
            last_id: z.string().nullable(),
            has_more: z.boolean(),
          }),
        },
      },
    },
    async (request) => responses.inputItems(request.params.id, ownerOf(request.apiKeyId), request.query),
  );
}

/** Whether reasoning items carry their whole block (`include: ["reasoning.encrypted_content"]`). */
function sealsReasoning(body: ResponseRequest): boolean {
  return body.include?.includes('reasoning.encrypted_content') ?? false;
}

/** Whose responses a request reads: its API key's, or the keyless server's ('' when keys are off). */
function ownerOf(apiKeyId: string | undefined): string {
  return apiKeyId ?? '';
}

async function streamResponse(
  reply: FastifyReply,
  gateway: Gateway,
  call: CompletionRequest,
  body: ResponseRequest,
  secrets: Secrets,
  keep: PreparedResponse['keep'],
): Promise<void> {
  // As on /v1/chat/completions: a failure before the first event is an ordinary HTTP error.
  const createdAt = nowSeconds();
  const opened = await gateway.stream(call);
  const iterator = opened.events[Symbol.asyncIterator]();
  const first = await iterator.next();

  reply.hijack();
  const sse = new SseWriter(reply.raw, callHeaders(opened.provider, call.state), streamOptions(reply));
  let sequence = 0;
  const send = (type: string, payload: object) =>
    sse.data(JSON.stringify({ type, ...payload, sequence_number: sequence++ }), type);
  const id = newId('resp');
  const base = { id, createdAt, callId: call.state?.callId, provider: opened.provider };
  const output: OutputItem[] = [];
  const sealed = sealsReasoning(body);
  // The item being written: thinking or a message with its text so far, or a tool call (by the
  // stream's index). A thinking block's signature comes at its end, before the item is closed.
  let open:
    | { item: MessageOutput; text: string }
    | { item: FunctionCallOutput; index: number }
    | { item: ReasoningOutput; text: string; signature: string }
    | undefined;

  const closeOpen = async () => {
    if (!open) return;
    const output_index = output.length - 1;
    const item = open.item;
    if (item.type === 'reasoning') {
      const { text, signature } = open as { text: string; signature: string };
      const part = { item_id: item.id, output_index, content_index: 0 };
      await send('response.reasoning_text.done', { ...part, text });
      await send('response.content_part.done', { ...part, part: reasoningText(text) });
      // The finished item, as a whole answer has it (its block kept for a continued conversation).
      output[output_index] = reasoningItem(item.id, { type: 'thinking', text, signature }, sealed);
      await send('response.output_item.done', { output_index, item: output[output_index] });
      open = undefined;
      return;
    }
    if (item.type === 'message') {
      const text = (open as { text: string }).text;
      const part = { item_id: item.id, output_index, content_index: 0 };
      await send('response.output_text.done', { ...part, text, logprobs: [] });
      await send('response.content_part.done', { ...part, part: outputText(text) });
      item.content = [outputText(text)];
    } else {
      await send('response.function_call_arguments.done', {
        item_id: item.id,
        output_index,
        name: item.name,
        arguments: item.arguments,
      });
    }
    item.status = 'completed';
    await send('response.output_item.done', { output_index, item });
    open = undefined;
  };
  const openMessage = async () => {
    await closeOpen();
    const item: MessageOutput = {
      type: 'message',
      id: newId('msg'),
      status: 'in_progress',
      role: 'assistant',
      content: [],
    };
    output.push(item);
    open = { item, text: '' };
    const output_index = output.length - 1;
    await send('response.output_item.added', { output_index, item });
    await send('response.content_part.added', {
      item_id: item.id,
      output_index,
      content_index: 0,
      part: outputText(''),
    });
  };
  const openReasoning = async () => {
    await closeOpen();
    const item: ReasoningOutput = {
      type: 'reasoning',
      id: newId('rs'),
      summary: [],
      content: [],
      status: 'in_progress',
    };
    output.push(item);
    open = { item, text: '', signature: '' };
    const output_index = output.length - 1;
    await send('response.output_item.added', { output_index, item });
    await send('response.content_part.added', {
      item_id: item.id,
      output_index,
      content_index: 0,
      part: reasoningText(''),
    });
  };
  const snapshot = (status: 'in_progress' | 'completed' | 'incomplete', extra: object = {}) =>
    responseObject(body, { ...base, status, output: structuredClone(output), usage: null, ...extra });

  await send('response.created', { response: snapshot('in_progress') });
  await send('response.in_progress', { response: snapshot('in_progress') });
  try {
    for (let step = first; !step.done && !sse.closed; step = await iterator.next()) {
      const event: StreamEvent = step.value;
      if (event.type === 'delta') {
        if ((event.choice ?? 0) !== 0 || event.text.length === 0) continue;
        if (open?.item.type !== 'message') await openMessage();
        const current = open as { item: MessageOutput; text: string };
        current.text += event.text;
        await send('response.output_text.delta', {
          item_id: current.item.id,
          output_index: output.length - 1,
          content_index: 0,
          delta: event.text,
          logprobs: [],
        });
      } else if (event.type === 'reasoning-delta') {
        if ((event.choice ?? 0) !== 0) continue;
        if (open?.item.type !== 'reasoning') await openReasoning();
        const current = open as { item: ReasoningOutput; text: string };
        current.text += event.text;
        await send('response.reasoning_text.delta', {
          item_id: current.item.id,
          output_index: output.length - 1,
          content_index: 0,
          delta: event.text,
        });
      } else if (event.type === 'reasoning-signature') {
        // The end of a thinking block (Claude's): the next thinking is an item of its own.
        if ((event.choice ?? 0) !== 0) continue;
        if (open?.item.type !== 'reasoning') await openReasoning();
        (open as { signature: string }).signature += event.signature;
        await closeOpen();
      } else if (event.type === 'reasoning-redacted') {
        // A block with no text to show: one whole item.
        if ((event.choice ?? 0) !== 0) continue;
        await closeOpen();
        const item = reasoningItem(newId('rs'), { type: 'redacted', data: event.data }, sealed);
        output.push(item);
        await send('response.output_item.added', { output_index: output.length - 1, item });
        await send('response.output_item.done', { output_index: output.length - 1, item });
      } else if (event.type === 'tool-call-delta') {
        if ((event.choice ?? 0) !== 0) continue;
        if (!open || !('index' in open) || open.index !== event.index) {
          await closeOpen();
          const item = functionCallItem(
            { id: event.id ?? `call_${event.index}`, name: event.name ?? '', arguments: '' },
            'in_progress',
          );
          output.push(item);
          open = { item, index: event.index };
          await send('response.output_item.added', { output_index: output.length - 1, item });
        }
        const current = open as { item: FunctionCallOutput };
        if (event.arguments) {
          current.item.arguments += event.arguments;
          await send('response.function_call_arguments.delta', {
            item_id: current.item.id,
            output_index: output.length - 1,
            delta: event.arguments,
          });
        }
      } else if (event.type === 'done') {
        // An answer with no text and no calls is still one (empty) message, as the plain answer has.
        if (output.every((item) => item.type === 'reasoning')) await openMessage();
        await closeOpen();
        const { status, incomplete_details } = toStatus(event.finishReason);
        const response = responseObject(body, {
          ...base,
          status,
          incompleteDetails: incomplete_details,
          output,
          usage: event.usage,
        });
        // Kept before the client hears it is complete, so its next request can continue it.
        await keep(output, response);
        await send(status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
        return;
      }
    }
  } catch (error) {
    // After the first byte the status is sent: an `error` event, as OpenAI's Responses API sends one.
    const apiError = lateStreamError(error, reply, secrets);
    await send('error', {
      code: apiError.code ?? apiError.type,
      message: apiError.message,
      param: apiError.param,
    });
  } finally {
    await iterator.return?.();
    sse.end();
  }
}
