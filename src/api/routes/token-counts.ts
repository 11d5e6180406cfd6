/**
 * The token-count endpoints of the open model servers, as SillyTavern's Text Completion types call
 * them to fit a chat into the context: Aphrodite's POST /v1/tokenize, text-generation-webui's POST
 * /v1/internal/encode, TabbyAPI's POST /v1/token/encode and KoboldCpp's POST /api/extra/tokencount
 * (llama.cpp's and vLLM's /tokenize are in llamacpp.ts). Each answers in its server's shape, in
 * o200k ids: Loremaster's own count, exact for OpenAI's current models and close for others.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { encodeBounded } from '../../vocabulary/tokenizer.js';
import {
  koboldTokenCountRequestSchema,
  koboldTokenCountResponseSchema,
  promptTokenizeRequestSchema,
  textEncodeRequestSchema,
  textEncodeResponseSchema,
  tokenizeResponseSchema,
} from './llamacpp-schemas.js';

export function tokenCountRoutes(app: FastifyInstance): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const config = { scope: 'game' as const };

  api.post(
    '/v1/tokenize',
    {
      config,
      schema: {
        summary: "Aphrodite's token count (vLLM's form): o200k ids",
        body: promptTokenizeRequestSchema,
        response: { 200: tokenizeResponseSchema },
      },
    },
    async (request) => {
      const tokens = encodeBounded(request.body.prompt);
      return { tokens, count: tokens.length };
    },
  );

  const textEncode = {
    config,
    schema: {
      summary: "text-generation-webui's and TabbyAPI's token ids of a text: o200k ids",
      body: textEncodeRequestSchema,
      response: { 200: textEncodeResponseSchema },
    },
  };
  const encodeText = async (request: { body: { text: string } }) => {
    const tokens = encodeBounded(request.body.text);
    return { tokens, length: tokens.length };
  };
  api.post('/v1/internal/encode', textEncode, encodeText);
  api.post('/v1/token/encode', textEncode, encodeText);

  api.post(
    '/api/extra/tokencount',
    {
      config,
      schema: {
        summary: "KoboldCpp's token count: o200k ids",
        body: koboldTokenCountRequestSchema,
        response: { 200: koboldTokenCountResponseSchema },
      },
    },
    async (request) => {
      const ids = encodeBounded(request.body.prompt);
      return { value: ids.length, ids };
    },
  );
}
