/**
 * Anthropic's Messages API over any provider: POST /v1/messages (plain, or `stream: true` with
 * Anthropic's SSE event sequence: message_start, content_block_start, ping, content_block_delta…,
 * content_block_stop, message_delta, message_stop) and POST /v1/messages/count_tokens. Models are
 * routed by name exactly as on /v1/chat/completions; errors come in Anthropic's shape (errors.ts).
 * With `thinking`, the model's thinking blocks come first (`thinking` with its `signature`, or
 * `redacted_thinking`), streamed as `thinking_delta` pieces ended by a `signature_delta`; with
 * `display: "omitted"` the blocks come with their signatures and no text. With `output_config.format`
 * the answer is JSON checked against the schema before its first event (gateway/structured-output.ts).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Secrets } from '../../config/index.js';
import type { CompletionRequest, Gateway } from '../../gateway/index.js';
import { isReasoningEvent, StreamAssembler } from '../../providers/index.js';
import type { ChatResult, FinishReason, StreamEvent, Usage } from '../../vocabulary/index.js';
import { abortOnClose, callHeaders, callOptionsFrom } from '../call-options.js';
import { anthropicErrorSchema } from '../openapi.js';
import {
  countInputTokens,
  messageId,
  type StopReason,
  StopScanner,
  thinkingOmitted,
  toAnthropicUsage,
  toMessages,
  toOptions,
  toolInput,
  toStopReason,
  toThinkingBlock,
} from './anthropic-convert.js';
import {
  countTokensRequestSchema,
  type MessagesRequest,
  messagesRequestSchema,
} from './anthropic-schemas.js';
import { lateStreamError } from './late-stream-error.js';
import { openSseStream } from './open-stream.js';
import { eventStream, sseEvent } from './stream-docs.js';

const thinkingBlockSchema = z.object({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string(),
});
const redactedThinkingBlockSchema = z.object({ type: z.literal('redacted_thinking'), data: z.string() });

/** A `message` in Anthropic's shape. */
const messageSchema = z
  .object({
    id: z.string(),
    type: z.literal('message'),
    role: z.literal('assistant'),
    model: z.string(),
    content: z.array(
      z.discriminatedUnion('type', [
        z.object({ type: z.literal('text'), text: z.string() }),
        z.object({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.unknown() }),
        thinkingBlockSchema,
        redactedThinkingBlockSchema,
      ]),
    ),
    stop_reason: z.string().nullable(),
    stop_sequence: z.string().nullable(),
    usage: z
      .object({ input_tokens: z.number().int(), output_tokens: z.number().int() })
      .loose()
      .describe('Tokens in and out (cache counts too)'),
  })
  .meta({ id: 'AnthropicMessage' });

/** `stream: true`: Anthropic's event sequence, each event named by its type. */
const messageStreamSchema = eventStream([
  sseEvent('message_start', z.object({ type: z.literal('message_start'), message: messageSchema })),
  sseEvent(
    'content_block_start',
    z.object({
      type: z.literal('content_block_start'),
      index: z.number().int(),
      content_block: z.discriminatedUnion('type', [
        z.object({ type: z.literal('text'), text: z.string() }),
        z.object({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.object({}) }),
        thinkingBlockSchema.describe('Empty at its start: thinking_delta and signature_delta fill it'),
        redactedThinkingBlockSchema,
      ]),
    }),
  ),
  sseEvent('ping', z.object({ type: z.literal('ping') })),
  sseEvent(
    'content_block_delta',
    z.object({
      type: z.literal('content_block_delta'),
      index: z.number().int(),
      delta: z.discriminatedUnion('type', [
        z.object({ type: z.literal('text_delta'), text: z.string() }),
        z.object({ type: z.literal('input_json_delta'), partial_json: z.string() }),
        z.object({ type: z.literal('thinking_delta'), thinking: z.string() }),
        z.object({ type: z.literal('signature_delta'), signature: z.string() }),
      ]),
    }),
  ),
  sseEvent(
    'content_block_stop',
    z.object({ type: z.literal('content_block_stop'), index: z.number().int() }),
  ),
  sseEvent(
    'message_delta',
    z.object({
      type: z.literal('message_delta'),
      delta: z.object({ stop_reason: z.string().nullable(), stop_sequence: z.string().nullable() }),
      usage: z.object({ output_tokens: z.number().int() }),
    }),
  ),
  sseEvent('message_stop', z.object({ type: z.literal('message_stop') })),
  sseEvent('error', anthropicErrorSchema),
]);

export function anthropicMessagesRoutes(app: FastifyInstance, gateway: Gateway, secrets: Secrets): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/v1/messages',
    {
      config: { scope: 'game' },
      schema: {
        summary: "Anthropic's Messages API over any provider, plain or streamed (Anthropic's SSE events)",
        body: messagesRequestSchema,
        response: {
          200: {
            description: 'A message, or with `stream: true` its events as server-sent events',
            content: {
              'application/json': { schema: messageSchema },
              'text/event-stream': { schema: messageStreamSchema },
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
        // With `output_config.format`, the answer is checked against its schema (repaired, asked again, or a 502).
        checkJson: true,
      };
      if (body.stream) return streamMessage(reply, gateway, call, body, secrets);

      // With stop sequences the answer is streamed from the upstream and cut at the first match.
      const result: CollectedAnswer = body.stop_sequences?.length
        ? await completeWithStops(gateway, call, body.stop_sequences, countInputTokens(body))
        : await gateway.complete(call);
      reply.headers(callHeaders(result.provider, call.state));
      const stop = result.stop;
      const text = result.text;
      const toolCalls = result.toolCalls ?? [];
      const omitted = thinkingOmitted(body);
      const content: z.infer<typeof messageSchema>['content'] = (result.reasoning ?? []).map((block) =>
        toThinkingBlock(block, omitted),
      );
      if (text.length > 0 || toolCalls.length === 0) content.push({ type: 'text' as const, text });
      for (const [position, toolCall] of toolCalls.entries())
        content.push({
          type: 'tool_use' as const,
          // A call streamed without an id (stop sequences collect a stream): one by its position.
          id: toolCall.id || `toolu_${position}`,
          name: toolCall.name,
          input: toolInput(toolCall),
        });
      return {
        id: messageId(),
        type: 'message' as const,
        role: 'assistant' as const,
        model: body.model,
        content,
        stop_reason: stop ? 'stop_sequence' : toStopReason(result.finishReason),
        stop_sequence: stop?.sequence ?? null,
        usage: toAnthropicUsage(result.usage),
      };
    },
  );

  api.post(
    '/v1/messages/count_tokens',
    {
      config: { scope: 'game' },
      schema: {
        summary: "Tokens of a request's system, messages and tools (o200k count)",
        body: countTokensRequestSchema,
        response: { 200: z.object({ input_tokens: z.number().int() }) },
      },
    },
    async (request) => ({ input_tokens: countInputTokens(request.body) }),
  );
}

type DoneEvent = Extract<StreamEvent, { type: 'done' }>;

interface CollectedAnswer
  extends Pick<ChatResult, 'text' | 'toolCalls' | 'reasoning' | 'finishReason' | 'usage' | 'provider'> {
  stop?: { sequence: string } | undefined;
}

/**
 * Collects a streamed answer up to the first stop sequence; the upstream call ends there. The text goes
 * through the stop scanner; the thinking and the tool calls are put together as the cache does it.
 */
async function completeWithStops(
  gateway: Gateway,
  call: CompletionRequest,
  sequences: readonly string[],
  inputTokens: number,
): Promise<CollectedAnswer> {
  const opened = await gateway.stream(call);
  const scanner = new StopScanner(sequences);
  const thinkingAndCalls = new StreamAssembler();
  let text = '';
  const collected = (done: DoneEvent, stop?: CollectedAnswer['stop']): CollectedAnswer => {
    const { reasoning, toolCalls, finishReason, usage } = thinkingAndCalls.result(done);
    return {
      text,
      ...(reasoning && { reasoning }),
      ...(toolCalls && { toolCalls }),
      finishReason,
      usage,
      provider: opened.provider,
      ...(stop && { stop }),
    };
  };
  /** Where the stream ends early (a stop sequence, or no `done` from upstream), it is ended here. */
  const endedHere = (finishReason: FinishReason, usage: Usage): DoneEvent => ({
    type: 'done',
    finishReason,
    usage,
    model: call.model ?? '',
    provider: opened.provider,
    latencyMs: 0,
    firstTokenMs: null,
  });
  const iterator = opened.events[Symbol.asyncIterator]();
  try {
    for (let step = await iterator.next(); !step.done; step = await iterator.next()) {
      const event = step.value;
      if (event.type !== 'done' && (event.choice ?? 0) !== 0) continue;
      if (event.type === 'delta') {
        text += scanner.push(event.text);
        if (scanner.matched !== null)
          return collected(
            // The upstream never reports usage for a call ended early: the prompt as counted here.
            endedHere('stop', { inputTokens, outputTokens: 0, totalTokens: inputTokens }),
            { sequence: scanner.matched },
          );
      } else if (event.type === 'done') {
        text += scanner.flush();
        return collected(event);
      } else {
        thinkingAndCalls.add(event);
      }
    }
  } finally {
    await iterator.return?.();
  }
  text += scanner.flush();
  return collected(endedHere('other', { inputTokens: 0, outputTokens: 0, totalTokens: 0 }));
}

async function streamMessage(
  reply: FastifyReply,
  gateway: Gateway,
  call: CompletionRequest,
  body: MessagesRequest,
  secrets: Secrets,
): Promise<void> {
  const { sse, iterator, first } = await openSseStream(reply, gateway, call);
  const send = (type: string, payload: object) => sse.data(JSON.stringify({ type, ...payload }), type);
  const scanner = body.stop_sequences?.length ? new StopScanner(body.stop_sequences) : undefined;
  const omitted = thinkingOmitted(body);
  let index = -1;
  // The open block: text, thinking (`signed` once its signature came), redacted, or a tool call's index.
  let open: 'text' | 'thinking' | 'signed' | 'redacted' | number | undefined;
  let pinged = false;
  const startBlock = async (block: object, kind: NonNullable<typeof open>) => {
    if (open !== undefined) await send('content_block_stop', { index });
    index += 1;
    open = kind;
    await send('content_block_start', { index, content_block: block });
    if (!pinged) {
      pinged = true;
      await send('ping', {});
    }
  };
  const sendText = async (text: string) => {
    if (text.length === 0) return;
    if (open !== 'text') await startBlock({ type: 'text', text: '' }, 'text');
    await send('content_block_delta', { index, delta: { type: 'text_delta', text } });
  };

  await send('message_start', {
    message: {
      id: messageId(),
      type: 'message' as const,
      role: 'assistant' as const,
      model: body.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      // The prompt's size as counted here; the final count rides on message_delta.
      usage: {
        ...toAnthropicUsage({ inputTokens: countInputTokens(body), outputTokens: 0, totalTokens: 0 }),
        output_tokens: 1,
      },
    },
  });
  try {
    for (let step = first; !step.done && !sse.closed; step = await iterator.next()) {
      const event: StreamEvent = step.value;
      if (isReasoningEvent(event)) {
        if ((event.choice ?? 0) !== 0) continue;
        if (event.type === 'reasoning-redacted') {
          await startBlock({ type: 'redacted_thinking', data: event.data }, 'redacted');
          continue;
        }
        if (open !== 'thinking')
          await startBlock({ type: 'thinking', thinking: '', signature: '' }, 'thinking');
        if (event.type === 'reasoning-delta') {
          if (event.text.length > 0 && !omitted)
            await send('content_block_delta', {
              index,
              delta: { type: 'thinking_delta', thinking: event.text },
            });
        } else {
          await send('content_block_delta', {
            index,
            delta: { type: 'signature_delta', signature: event.signature },
          });
          open = 'signed';
        }
      } else if (event.type === 'delta') {
        if ((event.choice ?? 0) !== 0) continue;
        await sendText(scanner ? scanner.push(event.text) : event.text);
        if (scanner?.matched) {
          await finish('stop_sequence', scanner.matched, null);
          return;
        }
      } else if (event.type === 'tool-call-delta') {
        if ((event.choice ?? 0) !== 0) continue;
        if (open !== event.index) {
          await sendText(scanner?.flush() ?? '');
          await startBlock(
            { type: 'tool_use', id: event.id ?? `toolu_${event.index}`, name: event.name ?? '', input: {} },
            event.index,
          );
        }
        if (event.arguments)
          await send('content_block_delta', {
            index,
            delta: { type: 'input_json_delta', partial_json: event.arguments },
          });
      } else {
        await sendText(scanner?.flush() ?? '');
        await finish(toStopReason(event.finishReason), null, event.usage.outputTokens);
        return;
      }
    }
  } catch (error) {
    // After the first byte the status is sent: an `error` event, as Anthropic's API sends one.
    const apiError = lateStreamError(error, reply, secrets);
    await send('error', { error: apiError.anthropicBody().error });
  } finally {
    await iterator.return?.();
    sse.end();
  }

  async function finish(reason: StopReason, sequence: string | null, outputTokens: number | null) {
    if (open === undefined) await startBlock({ type: 'text', text: '' }, 'text');
    await send('content_block_stop', { index });
    await send('message_delta', {
      delta: { stop_reason: reason, stop_sequence: sequence },
      usage: { output_tokens: outputTokens ?? 0 },
    });
    await send('message_stop', {});
  }
}
