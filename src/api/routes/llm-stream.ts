/**
 * `GET /ws/llm/stream` (WebSocket): generations streamed over a socket the game keeps open.
 *
 * Client → server, one JSON object per message:
 *   {"type": "generate", "id": "g-1", …the fields of POST /llm/generate but `stream`}
 *   {"type": "cancel", "id": "g-1"}          stop that generation: its upstream call is aborted
 *   {"type": "ping"}
 * Server → client:
 *   {"type": "start", "id": "g-1", "call_id": "…", "provider": "…"}
 *   {"type": "delta", "id": "g-1", "text": "…"}
 *   {"type": "done", "id": "g-1", "generation": {…as POST /llm/generate answers}}
 *   {"type": "cancelled", "id": "g-1"}
 *   {"type": "error", "id": "g-1", "error": {type, message, param, code}}
 *   {"type": "pong"}
 *
 * At most `llm.stream.max_concurrent` generations run on one socket at once (more is an error, not a
 * queue); ids are the client's and unique among its running generations. Closing the socket aborts
 * every running generation's upstream call.
 */
import type {} from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { Settings } from '../../config/index.js';
import { generate } from '../../prompts/generate.js';
import type { PromptDeps } from '../../prompts/index.js';
import { ApiError } from '../errors.js';
import {
  generateRequestOf,
  generationError,
  generationItemSchema,
  generationView,
} from './llm-generation.js';

const MAX_MESSAGE_BYTES = 256 * 1024;

/** The messages, as the OpenAPI document describes them (it has no form for a socket's messages). */
const PROTOCOL = [
  'Client → server, one JSON object per message: `{"type": "generate", "id": "g-1", …the fields of',
  'POST /llm/generate but stream}`, `{"type": "cancel", "id": "g-1"}`, `{"type": "ping"}`.',
  'Server → client: `{"type": "start", id, call_id, provider}`, `{"type": "delta", id, text}`,',
  '`{"type": "done", id, generation}` (an LlmGeneration), `{"type": "cancelled", id}`,',
  '`{"type": "error", id?, error: {type, message, param, code}}`, `{"type": "pong"}`.',
  `At most llm.stream.max_concurrent generations run on one socket; messages of at most ${MAX_MESSAGE_BYTES} bytes.`,
].join(' ');
const clientId = z.string().min(1).max(128);

const controlSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('generate'), id: clientId }).passthrough(),
  z.object({ type: z.literal('cancel'), id: clientId }).strict(),
  z.object({ type: z.literal('ping') }).strict(),
]);

export function llmStreamRoute(
  app: FastifyInstance,
  deps: { prompts: PromptDeps; settings: Settings },
): void {
  const max = deps.settings.llm.stream.max_concurrent;
  app.get(
    '/ws/llm/stream',
    {
      websocket: true,
      config: { scope: 'game' },
      schema: {
        summary: 'Generations streamed over a WebSocket: send generate or cancel, receive deltas',
        tags: ['llm'],
        description: PROTOCOL,
      },
    },
    (socket: WebSocket, request) => {
      const running = new Map<string, AbortController>();
      const send = (message: unknown) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      };
      const sendError = (error: unknown, id?: string) =>
        send({ type: 'error', ...(id !== undefined && { id }), error: generationError(error).body().error });
      socket.on('close', () => {
        for (const controller of running.values()) controller.abort();
        running.clear();
      });
      socket.on('message', (raw, isBinary) => {
        const size = Array.isArray(raw) ? raw.reduce((n, b) => n + b.length, 0) : (raw as Buffer).byteLength;
        if (isBinary || size > MAX_MESSAGE_BYTES) {
          sendError(
            new ApiError(400, `Send text JSON messages of at most ${MAX_MESSAGE_BYTES} bytes`, {
              code: 'invalid_message',
            }),
          );
          return;
        }
        let message: z.infer<typeof controlSchema>;
        let fields: unknown;
        try {
          const json = JSON.parse(raw.toString()) as Record<string, unknown>;
          message = parseMessage(controlSchema, json);
          if (message.type === 'generate') {
            const { type: _type, id: _id, ...rest } = json;
            fields = rest;
          }
        } catch (error) {
          sendError(
            error instanceof SyntaxError
              ? new ApiError(400, 'Message is not valid JSON', { code: 'invalid_json' })
              : error,
          );
          return;
        }
        if (message.type === 'ping') return send({ type: 'pong' });
        if (message.type === 'cancel') {
          const controller = running.get(message.id);
          if (!controller)
            return sendError(
              new ApiError(404, `No running generation with id ${JSON.stringify(message.id)}`, {
                code: 'generation_not_found',
                param: 'id',
              }),
              message.id,
            );
          controller.abort();
          return;
        }
        const id = message.id;
        if (running.has(id))
          return sendError(
            new ApiError(409, `A generation with id ${JSON.stringify(id)} is running`, {
              code: 'duplicate_id',
              param: 'id',
            }),
            id,
          );
        if (running.size >= max)
          return sendError(
            new ApiError(429, `Too many generations running on this socket (at most ${max})`, {
              code: 'socket_busy',
            }),
            id,
          );
        let item: z.infer<typeof generationItemSchema>;
        try {
          item = parseMessage(generationItemSchema, fields);
        } catch (error) {
          return sendError(error, id);
        }
        const controller = new AbortController();
        running.set(id, controller);
        void generate(deps.prompts, {
          ...generateRequestOf(item, request.apiKeyId),
          client: true,
          signal: controller.signal,
          onStart: (started) =>
            send({ type: 'start', id, call_id: started.callId, provider: started.provider }),
          onDelta: (text) => {
            if (!controller.signal.aborted) send({ type: 'delta', id, text });
          },
        })
          .then((result) => {
            if (controller.signal.aborted) send({ type: 'cancelled', id });
            else send({ type: 'done', id, generation: generationView(result) });
          })
          .catch((error: unknown) => {
            if (controller.signal.aborted) send({ type: 'cancelled', id });
            else sendError(error, id);
          })
          .finally(() => running.delete(id));
      });
    },
  );
}

/** Validates a message like a body: the first problem, naming its field. */
function parseMessage<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const at = issue?.path.join('.') ?? '';
  const unknownKeys = issue?.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys : undefined;
  const param = unknownKeys?.[0] ?? (at || null);
  throw new ApiError(
    400,
    `Invalid message: ${param ? `${param}: ` : ''}${issue?.message ?? 'unexpected shape'}`,
    {
      code: 'invalid_message',
      param,
    },
  );
}
