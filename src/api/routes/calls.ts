/**
 * The call log:
 *   GET  /llm/calls                newest first: provider, model, role, kind, latency, tokens, cost, status
 *   GET  /llm/calls/{id}           one call, with its request (messages, sampling, tools, response format)
 *                                  and answer (text, tool calls, finish reason) when the log kept them
 *   POST /llm/calls/{id}/replay    its stored request sent again through the gateway (cache off), beside
 *                                  the original
 * Admin only: the log holds every client's prompts.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type CallLog, notReplayableReason } from '../../gateway/call-log.js';
import type { LlmCallRow } from '../../store/index.js';
import { queryInt } from '../bounded-json.js';
import { abortOnClose } from '../call-options.js';
import { ApiError } from '../errors.js';
import { queryTime } from './bounded.js';

const tags = ['calls'];
const params = z.object({ id: z.string().min(1).max(200) });
const listQuery = z
  .object({
    limit: queryInt(1, 500).default(50),
    provider: z.string().min(1).max(200).optional(),
    since: queryTime('Calls from this time on').optional(),
  })
  .strict();

const callFields = {
  id: z.string(),
  object: z.literal('llm.call'),
  created_at: z.string(),
  provider: z.string(),
  model: z.string(),
  role: z.string().describe('generation, analysis, maintenance, embedding, or empty for a named model'),
  kind: z
    .string()
    .describe(
      'chat, stream, embed, image, or what the caller said the call was: conversation, summary, prompt',
    ),
  status: z.enum(['ok', 'error']),
  latency_ms: z.number(),
  first_token_ms: z.number().nullable(),
  input_tokens: z.number(),
  output_tokens: z.number(),
  cost_usd: z.number(),
  api_key_id: z.string().nullable(),
  session_id: z.string().nullable(),
  conversation_id: z.string().nullable(),
  prompt: z.object({ id: z.string(), version: z.number().nullable() }).nullable(),
  error: z.object({ code: z.string().nullable(), message: z.string().nullable() }).nullable(),
  finish_reason: z.string().nullable().describe('stop, length, tool_calls, content_filter…, when known'),
  body_note: z
    .string()
    .nullable()
    .describe('Why a body is missing or cut (bodies off, cut to database.call_log.bodies.max_chars)'),
  replayable: z.boolean().describe('The log kept its whole request: POST …/replay can send it again'),
};
const callSummarySchema = z.object(callFields).meta({ id: 'LlmCallSummary' });
const callSchema = z
  .object({
    ...callFields,
    request: z
      .unknown()
      .describe(
        'The request as the gateway received it ({kind, model, messages, options} for chat and stream calls, ' +
          'conversation, summary and prompt calls included; {kind, model, input, dimensions} for embeddings; ' +
          '{model, messages} for conversation calls logged by older versions), when the log kept it; the ' +
          'text as kept when it was cut',
      ),
    response: z.string().nullable().describe("The model's answer (its text), when the log kept it"),
    tool_calls: z
      .unknown()
      .describe("The answer's tool calls ([{id, name, arguments}]), or null; the text as kept when cut"),
    not_replayable_reason: z.string().nullable().describe('Why POST …/replay would answer 409, or null'),
  })
  .meta({ id: 'LlmCall' });
const replaySchema = z
  .object({
    object: z.literal('llm.call.replay'),
    original: callSchema,
    replay: z.object({
      call_id: z.string(),
      provider: z.string(),
      model: z.string(),
      text: z.string(),
      tool_calls: z.array(z.object({ id: z.string(), name: z.string(), arguments: z.string() })),
      finish_reason: z.string().nullable(),
      embedding: z
        .object({ count: z.number(), dimensions: z.number() })
        .nullable()
        .describe('Embedding calls: the vectors that came back'),
      latency_ms: z.number(),
      input_tokens: z.number(),
      output_tokens: z.number(),
    }),
  })
  .meta({ id: 'LlmCallReplay' });

function summaryView(row: LlmCallRow) {
  return {
    id: row.id,
    object: 'llm.call' as const,
    created_at: row.created_at,
    provider: row.provider,
    model: row.model,
    role: row.role,
    kind: row.call_type,
    status: row.status,
    latency_ms: Number(row.latency_ms),
    first_token_ms: row.first_token_ms === null ? null : Number(row.first_token_ms),
    input_tokens: Number(row.input_tokens),
    output_tokens: Number(row.output_tokens),
    cost_usd: Number(row.cost),
    api_key_id: row.api_key_id,
    session_id: row.session_id,
    conversation_id: row.conversation_id,
    prompt: row.prompt_id ? { id: row.prompt_id, version: row.prompt_version } : null,
    error: row.status === 'error' ? { code: row.error_code, message: row.error_message } : null,
    finish_reason: row.finish_reason,
    body_note: row.body_note,
    replayable: notReplayableReason(row) === undefined,
  };
}

/** A body kept as JSON text, parsed; one cut to fit the log is shown as the text it is. */
function parsedBody(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function callView(row: LlmCallRow) {
  return {
    ...summaryView(row),
    request: parsedBody(row.request),
    response: row.response,
    tool_calls: parsedBody(row.tool_calls),
    not_replayable_reason: notReplayableReason(row) ?? null,
  };
}

function callNotFound(id: string): ApiError {
  return new ApiError(404, `No call ${id} in the call log`, {
    type: 'not_found_error',
    code: 'call_not_found',
  });
}

export function callRoutes(app: FastifyInstance, calls: CallLog): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/llm/calls',
    {
      config: { scope: 'admin' },
      schema: {
        summary: 'The call log, newest first: provider, model, role, latency, tokens, cost, status',
        tags,
        querystring: listQuery,
        response: { 200: z.object({ object: z.literal('list'), data: z.array(callSummarySchema) }) },
      },
    },
    async (request) => {
      const { limit, provider, since } = request.query;
      const rows = await calls.list({
        limit,
        ...(provider && { provider }),
        ...(since !== undefined && { since: new Date(since).toISOString() }),
      });
      return { object: 'list' as const, data: rows.map(summaryView) };
    },
  );

  api.get(
    '/llm/calls/:id',
    {
      config: { scope: 'admin' },
      schema: {
        summary: 'One call, with its request and answer when the log kept them',
        tags,
        params,
        response: { 200: callSchema },
      },
    },
    async (request) => {
      const row = await calls.get(request.params.id);
      if (!row) throw callNotFound(request.params.id);
      return callView(row);
    },
  );

  api.post(
    '/llm/calls/:id/replay',
    {
      config: { scope: 'admin' },
      schema: {
        summary: "Send a logged call's request again, and answer with both calls",
        tags,
        params,
        response: { 200: replaySchema },
      },
    },
    async (request, reply) => {
      const outcome = await calls.replay(request.params.id, {
        ...(request.apiKeyId && { apiKeyId: request.apiKeyId }),
        signal: abortOnClose(reply),
      });
      if (outcome.status === 'not_found') throw callNotFound(request.params.id);
      if (outcome.status === 'not_replayable')
        throw new ApiError(409, `Call ${request.params.id} cannot be replayed: ${outcome.reason}`, {
          code: 'call_not_replayable',
        });
      const { answer } = outcome;
      return {
        object: 'llm.call.replay' as const,
        original: callView(outcome.original),
        replay: {
          call_id: answer.callId,
          provider: answer.provider,
          model: answer.model,
          text: answer.text,
          tool_calls: answer.toolCalls,
          finish_reason: answer.finishReason,
          embedding: answer.embedding,
          latency_ms: answer.latencyMs,
          input_tokens: answer.inputTokens,
          output_tokens: answer.outputTokens,
        },
      };
    },
  );
}
