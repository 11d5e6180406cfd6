/**
 * llama.cpp's native embeddings, POST /embedding (and /embeddings, its other name), over the gateway's
 * embed: `content` (a text or several) → current llama-server's answer, an array with one
 * `{index, embedding}` per text, where
 * `embedding` holds the pooled vector as a one-row array (`[[…]]`; llama-server answered a bare
 * `{embedding: […]}` before it took several texts). The model is the `embedding` role unless one is
 * named, so the vectors are the ones world memory stores, exactly as on /v1/embeddings. `embd_normalize`
 * is applied here, to whatever vectors the provider gives (-1 leaves them as given).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  type LlamaEmbeddingRequest,
  llamaEmbeddingRequestSchema,
  llamaEmbeddingResponseSchema,
} from './llamacpp-schemas.js';
import { type EmbeddingsDeps, embedInputs } from './openai-embeddings.js';

/** llama.cpp's default: Euclidean (L2). */
const DEFAULT_NORMALIZE = 2;

export function llamaCppEmbeddingRoutes(app: FastifyInstance, deps: EmbeddingsDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const embed = {
    config: { scope: 'game' as const },
    schema: {
      summary:
        "llama.cpp's native embeddings; model `embedding` (the default) gives the vectors world memory stores",
      body: llamaEmbeddingRequestSchema,
      response: { 200: llamaEmbeddingResponseSchema },
    },
  };
  const handler = async (request: FastifyRequest & { body: LlamaEmbeddingRequest }, reply: FastifyReply) => {
    const body = request.body;
    const texts = body.content ?? body.input ?? [];
    const input = typeof texts === 'string' ? [texts] : texts;
    const embedded = await embedInputs(deps, request, reply, body.model || 'embedding', input, undefined);
    const norm = body.embd_normalize ?? DEFAULT_NORMALIZE;
    return embedded.vectors.map((vector, index) => ({ index, embedding: [normalized(vector, norm)] }));
  };
  api.post('/embedding', embed, handler);
  // llama-server serves its native form under both names (/v1/embeddings is OpenAI's, elsewhere).
  api.post(
    '/embeddings',
    { ...embed, schema: { ...embed.schema, summary: "/embedding under llama.cpp's other name" } },
    handler,
  );
}

/**
 * llama.cpp's `embd_normalize`: -1 none, 0 max absolute (scaled to the int16 range, as llama.cpp does),
 * 1 taxicab, 2 Euclidean, p > 2 the p-norm.
 */
export function normalized(vector: ArrayLike<number>, norm: number): number[] {
  const values = Array.from(vector);
  if (norm < 0) return values;
  let size = 0;
  if (norm === 0) {
    for (const value of values) size = Math.max(size, Math.abs(value));
    size /= 32760;
  } else {
    for (const value of values) size += Math.abs(value) ** norm;
    size **= 1 / norm;
  }
  return size > 0 ? values.map((value) => value / size) : values;
}
