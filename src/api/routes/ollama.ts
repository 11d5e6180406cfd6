/**
 * Ollama's native API over any provider, so game mods, engine plugins and front ends built for a
 * local Ollama server (the `ollama` npm and Python clients, SillyTavern's Ollama type, Open WebUI)
 * work unchanged with Loremaster at their Ollama URL:
 *
 *   POST /api/chat, POST /api/generate   plain (`stream: false`) or newline-delimited JSON (the default)
 *   GET /api/tags, GET /api/ps           the models a client may name (roles, providers, provider/model)
 *   POST /api/show, GET /api/version
 *   POST /api/embed, /api/embeddings     in ollama-embed.ts (they need world memory's embedder)
 *
 * Models are routed by name as on /v1/chat/completions (`:latest` is dropped); errors are Ollama's
 * `{error: message}` (errors.ts). Loremaster keeps no model files, so pull, push, create, copy and
 * delete are not served (a 404 in Ollama's shape).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Secrets } from '../../config/index.js';
import type { CompletionRequest, Gateway } from '../../gateway/index.js';
import type { ToolCall } from '../../vocabulary/index.js';
import { abortOnClose, callHeaders, callOptionsFrom } from '../call-options.js';
import { ApiError } from '../errors.js';
import { NdjsonWriter } from '../sse.js';
import { lateStreamError } from './late-stream-error.js';
import {
  chatOptions,
  doneFields,
  generateCall,
  modelName,
  ollamaLogprobs,
  ollamaMessage,
  ollamaToolCall,
  thinkingOf,
  toMessages,
} from './ollama-convert.js';
import {
  ollamaChatRequestSchema,
  ollamaGenerateRequestSchema,
  ollamaShowRequestSchema,
} from './ollama-schemas.js';

/** The Ollama API level these routes follow (its docs/api.md as of this version). */
export const OLLAMA_API_VERSION = '0.12.0';

const ndjson = (description: string) => ({
  description,
  content: {
    'application/json': { schema: z.record(z.string(), z.unknown()) },
    'application/x-ndjson': { schema: z.record(z.string(), z.unknown()) },
  },
});

export function ollamaRoutes(app: FastifyInstance, gateway: Gateway, secrets: Secrets): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/chat',
    {
      config: { scope: 'game' },
      schema: {
        summary: "Ollama's chat over any provider: one answer, or (the default) its pieces as NDJSON",
        body: ollamaChatRequestSchema,
        response: { 200: ndjson('A chat answer, or with stream (the default) one object per line') },
      },
    },
    async (request, reply) => {
      const body = request.body;
      // No messages: Ollama loads the model and says so; there is nothing to load here.
      if (!body.messages?.length) return loaded(body.model, { message: { role: 'assistant', content: '' } });
      const call: CompletionRequest = {
        ...callOptionsFrom(request, abortOnClose(reply)),
        model: modelName(body.model),
        messages: toMessages(body.messages),
        options: chatOptions(body),
        checkJson: true,
      };
      if (body.stream === false) {
        const result = await gateway.complete(call);
        reply.headers(callHeaders(result.provider, call.state));
        return {
          model: body.model,
          created_at: new Date().toISOString(),
          message: ollamaMessage(result),
          ...(result.logprobs && { logprobs: ollamaLogprobs(result.logprobs) }),
          ...doneFields(result.finishReason, result.usage, result.latencyMs),
        };
      }
      return streamAnswer(reply, gateway, call, secrets, body.model, 'chat');
    },
  );

  api.post(
    '/api/generate',
    {
      config: { scope: 'game' },
      schema: {
        summary: "Ollama's text generation over any provider (raw: a text completion); NDJSON by default",
        body: ollamaGenerateRequestSchema,
        response: { 200: ndjson('A generation, or with stream (the default) one object per line') },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (!body.prompt && !body.images?.length) return loaded(body.model, { response: '' });
      const { messages, options } = generateCall(body);
      const call: CompletionRequest = {
        ...callOptionsFrom(request, abortOnClose(reply)),
        model: modelName(body.model),
        messages,
        options,
        checkJson: true,
      };
      if (body.stream === false) {
        const result = await gateway.complete(call);
        reply.headers(callHeaders(result.provider, call.state));
        return {
          model: body.model,
          created_at: new Date().toISOString(),
          response: result.text,
          ...(thinkingOf(result) && { thinking: thinkingOf(result) }),
          ...(result.logprobs && { logprobs: ollamaLogprobs(result.logprobs) }),
          ...doneFields(result.finishReason, result.usage, result.latencyMs),
        };
      }
      return streamAnswer(reply, gateway, call, secrets, body.model, 'generate');
    },
  );

  const listed = () =>
    gateway.models().map((model) => ({
      name: model.id,
      model: model.id,
      modified_at: STARTED_AT,
      size: 0,
      digest: createHash('sha256').update(model.id).digest('hex'),
      details: details(model.ownedBy),
    }));

  api.get(
    '/api/tags',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Every name a client may send as `model`, in Ollama’s model list shape',
        response: { 200: z.object({ models: z.array(z.record(z.string(), z.unknown())) }) },
      },
    },
    async () => ({ models: listed() }),
  );

  api.get(
    '/api/ps',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'The models ready to answer (all of them: Loremaster loads none)',
        response: { 200: z.object({ models: z.array(z.record(z.string(), z.unknown())) }) },
      },
    },
    async () => ({ models: listed().map((model) => ({ ...model, expires_at: NEVER, size_vram: 0 })) }),
  );

  api.post(
    '/api/show',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'One model: its provider and what it can do',
        body: ollamaShowRequestSchema,
        response: { 200: z.record(z.string(), z.unknown()) },
      },
    },
    async (request) => {
      const name = request.body.model ?? request.body.name;
      if (name === undefined)
        throw new ApiError(400, 'Invalid request: model is required', { param: 'model' });
      const model = gateway.models().find((candidate) => candidate.id === modelName(name));
      if (!model)
        throw new ApiError(404, `model '${name}' not found`, { param: 'model', code: 'model_not_found' });
      return {
        license: '',
        modelfile: '',
        parameters: '',
        template: '',
        details: details(model.ownedBy),
        model_info: {},
        capabilities: ['completion', 'tools', 'vision', 'embedding'],
        modified_at: STARTED_AT,
      };
    },
  );

  api.get(
    '/api/version',
    {
      config: { scope: 'public' },
      schema: {
        summary: 'The Ollama API version these routes follow',
        response: { 200: z.object({ version: z.string() }) },
      },
    },
    async () => ({ version: OLLAMA_API_VERSION }),
  );
}

const STARTED_AT = new Date().toISOString();
const NEVER = '9999-12-31T23:59:59Z';

function details(provider: string) {
  return {
    parent_model: '',
    format: '',
    family: provider,
    families: [provider],
    parameter_size: '',
    quantization_level: '',
  };
}

/** Ollama's answer to a request with nothing to generate: the model is loaded (here, always ready). */
function loaded(model: string, empty: object) {
  return { model, created_at: new Date().toISOString(), ...empty, done: true, done_reason: 'load' };
}

/**
 * Streams an answer as Ollama does: one object per piece of text (`message` for chat, `response` for
 * generate), tool calls whole in one object once their arguments are complete (Ollama's clients read
 * them whole), then the closing object with `done: true` and the counts.
 */
async function streamAnswer(
  reply: FastifyReply,
  gateway: Gateway,
  call: CompletionRequest,
  secrets: Secrets,
  model: string,
  kind: 'chat' | 'generate',
): Promise<void> {
  // A failure before the first event is still an ordinary HTTP error with its status.
  const opened = await gateway.stream(call);
  const iterator = opened.events[Symbol.asyncIterator]();
  const first = await iterator.next();

  reply.hijack();
  const out = new NdjsonWriter(reply.raw, callHeaders(opened.provider, call.state));
  const piece = (text: string, extra?: object) =>
    kind === 'chat'
      ? {
          model,
          created_at: new Date().toISOString(),
          message: { role: 'assistant', content: text },
          ...extra,
        }
      : { model, created_at: new Date().toISOString(), response: text, ...extra };
  const calls: ToolCall[] = [];
  try {
    for (let step = first; !step.done && !out.closed; step = await iterator.next()) {
      const event = step.value;
      if (event.type !== 'done' && (event.choice ?? 0) !== 0) continue;
      if (event.type === 'delta') {
        await out.line({
          ...piece(event.text),
          ...(event.logprobs && { logprobs: ollamaLogprobs(event.logprobs) }),
          done: false,
        });
      } else if (event.type === 'reasoning-delta') {
        // Ollama's `thinking` field. Signatures and redacted blocks are Anthropic's proof of its
        // thinking, which an Ollama client has no field to send back: they are not written.
        if (event.text.length > 0)
          await out.line(
            kind === 'chat'
              ? {
                  model,
                  created_at: new Date().toISOString(),
                  message: { role: 'assistant', content: '', thinking: event.text },
                  done: false,
                }
              : {
                  model,
                  created_at: new Date().toISOString(),
                  response: '',
                  thinking: event.text,
                  done: false,
                },
          );
      } else if (event.type === 'reasoning-signature' || event.type === 'reasoning-redacted') {
        // Nothing to write: see above.
      } else if (event.type === 'tool-call-delta') {
        const existing = calls[event.index] ?? {
          id: event.id ?? `call_${event.index}`,
          name: '',
          arguments: '',
        };
        calls[event.index] = existing;
        if (event.name) existing.name = event.name;
        existing.arguments += event.arguments;
      } else {
        const made = calls.filter(Boolean);
        if (made.length > 0) {
          if (kind === 'generate')
            throw new ApiError(502, 'The model called a tool on /api/generate, which has no tools', {
              code: 'bad_response',
            });
          await out.line({
            model,
            created_at: new Date().toISOString(),
            message: { role: 'assistant', content: '', tool_calls: made.map(ollamaToolCall) },
            done: false,
          });
        }
        await out.line(
          piece('', doneFields(event.finishReason, event.usage, event.latencyMs, event.firstTokenMs)),
        );
        return;
      }
    }
  } catch (error) {
    // After the first byte the status is sent: the error is the stream's last object, as Ollama sends it.
    await out.line(lateStreamError(error, reply, secrets).ollamaBody());
  } finally {
    await iterator.return?.();
    out.end();
  }
}
