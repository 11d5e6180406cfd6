/**
 * Ollama's native API over any provider, so game mods, engine plugins and front ends built for a
 * local Ollama server (the `ollama` npm and Python clients, SillyTavern's Ollama type, Open WebUI)
 * work unchanged with Loremaster at their Ollama URL:
 *
 *   POST /api/chat, POST /api/generate   plain (`stream: false`) or newline-delimited JSON (the default)
 *   GET /api/tags, GET /api/ps           the models a client may name (roles, providers, provider/model)
 *   POST /api/show, GET /api/version
 *   POST /api/embed, /api/embeddings     in ollama-embed.ts (they need world memory's embedder)
 *   pull, push, create, copy, delete     in ollama-models.ts (Loremaster keeps no model files)
 *
 * Models are routed by name as on /v1/chat/completions (`:latest` is dropped); errors are Ollama's
 * `{error: message}` (errors.ts).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Secrets } from '../../config/index.js';
import type { CompletionRequest, Gateway } from '../../gateway/index.js';
import { abortOnClose, callHeaders, callOptionsFrom } from '../call-options.js';
import {
  chatOptions,
  generateCall,
  modelName,
  type OllamaRoute,
  routedModel,
  toMessages,
  wholeAnswer,
} from './ollama-convert.js';
import {
  ollamaChatRequestSchema,
  ollamaGenerateRequestSchema,
  ollamaShowRequestSchema,
} from './ollama-schemas.js';
import { streamAnswer } from './ollama-stream.js';

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
      return answer(reply, gateway, call, secrets, body, 'chat');
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
      return answer(reply, gateway, call, secrets, body, 'generate');
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
      const model = routedModel(gateway, request.body);
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

/** The answer whole (`stream: false`), or (Ollama's default) streamed as newline-delimited JSON. */
async function answer(
  reply: FastifyReply,
  gateway: Gateway,
  call: CompletionRequest,
  secrets: Secrets,
  body: { model: string; stream?: boolean | undefined },
  route: OllamaRoute,
) {
  if (body.stream !== false) return streamAnswer(reply, gateway, call, secrets, body.model, route);
  const result = await gateway.complete(call);
  reply.headers(callHeaders(result.provider, call.state));
  return wholeAnswer(route, body.model, result);
}
