/**
 * `GET /ws/llm/conversation` (WebSocket): live turns for games that keep a socket open.
 *
 * Client → server, one JSON object per message:
 *   {"type": "turn", "session_id": "…", "input": "I open the gate", "id": "c-17"}   play a turn
 *     (with "idempotency_key": "…", as the Idempotency-Key header of POST /sessions/{id}/turns: a turn
 *     sent again on a new socket after a drop is answered from the first, `"replayed": true`)
 *   {"type": "ping"}
 * Server → client:
 *   {"type": "delta", "id": "c-17", "text": "The gate "}          the narration as it arrives
 *   {"type": "turn",  "id": "c-17", "turn": {…}}                   the whole turn, as POST /sessions/{id}/turns
 *   {"type": "turn",  "id": "c-17", "turn": {…}, "replayed": true} its idempotency key's first turn
 *   {"type": "error", "id": "c-17", "error": {type, message, code}}
 *   {"type": "pong"}
 *
 * Turns on one socket run one at a time, in order; at most `MAX_WAITING` wait behind the running one
 * (more is an error, not an unbounded queue). Closing the socket aborts the running turn's model call.
 */

import type {} from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { Narrative } from '../../narrative/index.js';
import { ApiError, toApiError } from '../errors.js';
import { idempotencyKeySchema } from './world-schemas.js';
import { turnView } from './worlds.js';

const MAX_WAITING = 8;
const MAX_MESSAGE_BYTES = 64 * 1024;

const clientMessageSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('turn'),
      session_id: z.string().min(1).max(128),
      input: z.string().trim().min(1).max(4_000),
      id: z.string().max(128).optional(),
      idempotency_key: idempotencyKeySchema.optional(),
    })
    .strict(),
  z.object({ type: z.literal('ping') }).strict(),
]);

export function turnSocketRoute(app: FastifyInstance, deps: { narrative: Narrative }): void {
  app.get(
    '/ws/llm/conversation',
    {
      websocket: true,
      config: { scope: 'game' },
      schema: {
        summary: 'Live turns over a WebSocket (one JSON object per message)',
        description:
          'Client → server: `{"type": "turn", "session_id", "input", "id"?, "idempotency_key"?}` plays a turn ' +
          '(`idempotency_key` as the Idempotency-Key header of POST /sessions/{id}/turns: sent again, the first ' +
          'turn is answered, its text in one delta, with `"replayed": true`); `{"type": "ping"}`. ' +
          'Server → client: `{"type": "delta", "id", "text"}` as the narration arrives, `{"type": "turn", "id", ' +
          '"turn"}` with the whole turn (as POST /sessions/{id}/turns answers it), `{"type": "error", "id", ' +
          '"error"}` in the shared error shape, `{"type": "pong"}`. Turns run one at a time, at most ' +
          `${MAX_WAITING} waiting; messages are text JSON of at most ${MAX_MESSAGE_BYTES} bytes.`,
      },
    },
    (socket: WebSocket, request) => {
      const aborter = new AbortController();
      let chain = Promise.resolve();
      let waiting = 0;
      const send = (message: unknown) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      };
      const sendError = (error: unknown, id?: string) => {
        const apiError = toApiError(error);
        send({ type: 'error', ...(id !== undefined && { id }), error: apiError.body().error });
      };
      socket.on('close', () => aborter.abort());
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
        let parsed: z.infer<typeof clientMessageSchema>;
        try {
          const result = clientMessageSchema.safeParse(JSON.parse(raw.toString()));
          if (!result.success) {
            const issue = result.error.issues[0];
            const at = issue?.path.join('.') ?? '';
            throw new ApiError(
              400,
              `Invalid message: ${at ? `${at}: ` : ''}${issue?.message ?? 'unexpected shape'}`,
              { code: 'invalid_message', param: at || null },
            );
          }
          parsed = result.data;
        } catch (error) {
          sendError(
            error instanceof SyntaxError
              ? new ApiError(400, 'Message is not valid JSON', { code: 'invalid_json' })
              : error,
          );
          return;
        }
        if (parsed.type === 'ping') {
          send({ type: 'pong' });
          return;
        }
        const message = parsed;
        if (waiting >= MAX_WAITING) {
          sendError(
            new ApiError(429, `Too many turns waiting on this socket (at most ${MAX_WAITING})`, {
              code: 'socket_busy',
            }),
            message.id,
          );
          return;
        }
        waiting += 1;
        chain = chain.then(async () => {
          waiting -= 1;
          if (aborter.signal.aborted) return;
          try {
            const id = message.id && { id: message.id };
            const played = await deps.narrative.idempotentTurns.play(
              {
                sessionId: message.session_id,
                input: message.input,
                signal: aborter.signal,
                client: true,
                ...(request.apiKeyId && { apiKeyId: request.apiKeyId }),
                onDelta: (text) => send({ type: 'delta', ...id, text }),
              },
              message.idempotency_key,
            );
            if (played.replayed && played.text) send({ type: 'delta', ...id, text: played.text });
            send({
              type: 'turn',
              ...id,
              turn: turnView(played.result),
              ...(played.replayed && { replayed: true }),
            });
          } catch (error) {
            if (!aborter.signal.aborted) sendError(error, message.id);
          }
        });
      });
    },
  );
}
