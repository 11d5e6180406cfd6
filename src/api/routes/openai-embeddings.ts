/**
 * POST /v1/embeddings: OpenAI's embeddings API, as float arrays or base64 (little-endian float32).
 *
 * Model `embedding` (the role) means the same vectors world memory stores: when the role runs in
 * process (the offline provider: USE lite by default, or hashing), the route uses memory's own embedder,
 * so a game's vectors and Loremaster's search agree. Every other model goes through the gateway.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Gateway } from '../../gateway/index.js';
import type { Embedder } from '../../memory/index.js';
import { countTextTokens } from '../../vocabulary/tokens.js';
import { abortOnClose, callHeaders, callOptionsFrom } from '../call-options.js';
import { ApiError } from '../errors.js';
import { embeddingRequestSchema } from './openai-schemas.js';

export interface EmbeddingsDeps {
  gateway: Gateway;
  /** The embedding role's in-process embedder (memory's), when the role does not call a vendor. */
  roleEmbedder?: Embedder | undefined;
}

const embeddingListSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(
      z.object({
        object: z.literal('embedding'),
        index: z.number().int(),
        embedding: z
          .union([z.array(z.number()), z.string()])
          .describe('floats, or with encoding_format base64 little-endian float32 bytes in base64'),
      }),
    ),
    model: z.string(),
    provider: z.string(),
    provider_model: z.string().optional(),
    usage: z.object({ prompt_tokens: z.number().int(), total_tokens: z.number().int() }),
  })
  .meta({ id: 'EmbeddingList' });

export function embeddingsRoute(app: FastifyInstance, deps: EmbeddingsDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/v1/embeddings',
    {
      config: { scope: 'game' },
      schema: {
        summary: "OpenAI's embeddings; model `embedding` gives the vectors world memory stores",
        body: embeddingRequestSchema,
        response: { 200: embeddingListSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const input = typeof body.input === 'string' ? [body.input] : body.input;
      const embedded = await embedInputs(deps, request, reply, body.model, input, body.dimensions);
      return listOf(
        embedded.vectors,
        body.encoding_format === 'base64',
        body.model,
        embedded.provider,
        embedded.tokens,
        embedded.providerModel,
      );
    },
  );
}

export interface Embedded {
  vectors: ArrayLike<number>[];
  provider: string;
  tokens: number;
  /** The in-process embedder's model, when the role's own embedder answered. */
  providerModel?: string;
}

/**
 * Embeds texts for an embeddings route (OpenAI's, Ollama's): the embedding role through world
 * memory's own embedder when it runs in process, any other model through the gateway. Sets the
 * answer's provider headers.
 */
export async function embedInputs(
  deps: EmbeddingsDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  model: string,
  input: string[],
  dimensions: number | undefined,
): Promise<Embedded> {
  const { gateway, roleEmbedder } = deps;
  if (model === 'embedding' && roleEmbedder) {
    if (dimensions !== undefined && dimensions !== roleEmbedder.dimensions) {
      throw new ApiError(
        400,
        `Invalid request: dimensions: the embedding role's model has ${roleEmbedder.dimensions} dimensions`,
        { param: 'dimensions' },
      );
    }
    const vectors = await roleEmbedder.embed(input);
    const tokens = input.reduce((sum, text) => sum + countTextTokens(text), 0);
    reply.header('x-loremaster-provider', 'offline');
    return { vectors, provider: 'offline', tokens, providerModel: roleEmbedder.model };
  }
  const call = {
    ...callOptionsFrom(request, abortOnClose(reply)),
    model,
    input,
    ...(dimensions !== undefined && { dimensions }),
  };
  const result = await gateway.embed(call);
  reply.headers(callHeaders(result.provider, call.state));
  return { vectors: result.embeddings, provider: result.provider, tokens: result.usage.inputTokens };
}

function listOf(
  vectors: ArrayLike<number>[],
  base64: boolean,
  model: string,
  provider: string,
  tokens: number,
  providerModel?: string,
) {
  return {
    object: 'list' as const,
    data: vectors.map((vector, index) => ({
      object: 'embedding' as const,
      index,
      embedding: base64 ? toBase64(vector) : Array.from(vector),
    })),
    model,
    provider,
    ...(providerModel && { provider_model: providerModel }),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

function toBase64(vector: ArrayLike<number>): string {
  const floats = Float32Array.from(vector);
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64');
}
