/** POST /v1/embeddings: OpenAI's embeddings API, as float arrays or base64 (little-endian float32). */
import type { FastifyInstance } from 'fastify';
import type { Gateway } from '../../gateway/index.js';
import { abortOnClose, callHeaders, callOptionsFrom } from '../call-options.js';
import { parseBody } from '../errors.js';
import { embeddingRequestSchema } from './openai-schemas.js';

export function embeddingsRoute(app: FastifyInstance, gateway: Gateway): void {
  app.post('/v1/embeddings', async (request, reply) => {
    const body = parseBody(embeddingRequestSchema, request.body);
    const input = typeof body.input === 'string' ? [body.input] : body.input;
    const call = {
      ...callOptionsFrom(request, abortOnClose(reply)),
      model: body.model,
      input,
      ...(body.dimensions !== undefined && { dimensions: body.dimensions }),
    };
    const result = await gateway.embed(call);
    const base64 = body.encoding_format === 'base64';
    reply.headers(callHeaders(result.provider, call.state));
    return {
      object: 'list',
      data: result.embeddings.map((vector, index) => ({
        object: 'embedding',
        index,
        embedding: base64 ? toBase64(vector) : vector,
      })),
      model: body.model,
      provider: result.provider,
      usage: { prompt_tokens: result.usage.inputTokens, total_tokens: result.usage.inputTokens },
    };
  });
}

function toBase64(vector: number[]): string {
  const floats = Float32Array.from(vector);
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64');
}
