/**
 * `POST /worlds/{id}/search`: hybrid retrieval over a world's lore and memories.
 *
 *   {"q": "where is the drowned bell?", "k": 5, "filters": {"kinds": ["item"], "tags": ["eldhollow"]}}
 *   {"q": "the bell", "filters": {"session_id": "…", "known_by": "<entity id>"}}   what one NPC knows
 *
 * Every result says why it was found (lexical, vector, both; the names the query used) and its scores.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Memory } from '../../memory/index.js';
import type { Store } from '../../store/index.js';
import { ApiError } from '../errors.js';
import { idParams } from './world-schemas.js';

const tag = z.string().trim().min(1).max(64);

export const searchBodySchema = z
  .object({
    q: z.string().trim().min(1).max(2_000),
    k: z.number().int().min(1).max(100).default(10),
    filters: z
      .object({
        kinds: z.array(z.string().trim().min(1).max(64)).max(16).optional(),
        tags: z.array(tag).max(16).optional(),
        session_id: z.string().min(1).max(128).optional(),
        /** An entity id: only the facts that character saw, heard or was told in `session_id`. */
        known_by: z.string().min(1).max(128).optional(),
      })
      .strict()
      .refine((filters) => !filters.known_by || filters.session_id, {
        message: 'known_by needs session_id (what a character knows is per play-through)',
        path: ['session_id'],
      })
      .default({}),
    mode: z.enum(['hybrid', 'lexical', 'vector']).default('hybrid'),
    rerank: z.boolean().default(true),
    expand: z.boolean().default(true),
  })
  .strict();

const nullableNumber = z.number().nullable();

export const searchResultsSchema = z
  .object({
    object: z.literal('list'),
    world_id: z.string(),
    query: z.object({
      original: z.string(),
      expansion: z.array(z.string()),
      mentioned: z.array(z.string()),
    }),
    data: z.array(
      z
        .object({
          id: z.string(),
          title: z.string(),
          kind: z.string(),
          source: z.string(),
          tags: z.array(z.string()),
          text: z.string(),
          found_by: z.enum(['lexical', 'vector', 'both']),
          reasons: z.array(z.string()),
          scores: z.object({
            lexical: nullableNumber,
            lexical_rank: nullableNumber,
            vector: nullableNumber,
            vector_rank: nullableNumber,
            fused: z.number(),
            rerank: nullableNumber,
            final: z.number(),
          }),
        })
        .meta({ id: 'SearchResult' }),
    ),
    timings: z.object({ total_ms: z.number() }),
  })
  .meta({ id: 'SearchResults' });

export function searchRoutes(app: FastifyInstance, deps: { memory: Memory; store: Store }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/worlds/:id/search',
    {
      config: { scope: 'read' },
      schema: {
        summary: "Hybrid retrieval over a world's lore and memories, each result with why it was found",
        params: idParams,
        body: searchBodySchema,
        response: { 200: searchResultsSchema },
      },
    },
    async (request) => {
      const body = request.body;
      const worldId = request.params.id;
      if (
        !(await deps.store.worlds.getWorld(worldId)) &&
        (await deps.memory.sync.documents.count(worldId)) === 0
      )
        throw new ApiError(404, `World ${worldId} not found`, {
          type: 'not_found_error',
          code: 'world_not_found',
        });
      const answer = await deps.memory.search({
        worldId,
        q: body.q,
        k: body.k,
        mode: body.mode,
        rerank: body.rerank,
        expand: body.expand,
        ...(body.filters.kinds && { kinds: body.filters.kinds }),
        ...(body.filters.tags && { tags: body.filters.tags }),
        ...(body.filters.session_id && { sessionId: body.filters.session_id }),
        ...(body.filters.known_by && { knownBy: body.filters.known_by }),
      });
      return {
        object: 'list' as const,
        world_id: worldId,
        query: answer.query,
        data: answer.results.map((result) => ({
          id: result.id,
          title: result.title,
          kind: result.kind,
          source: result.source,
          tags: result.tags,
          text: result.text,
          found_by: result.foundBy,
          reasons: result.reasons,
          scores: {
            lexical: result.scores.lexical,
            lexical_rank: result.scores.lexicalRank,
            vector: result.scores.vector,
            vector_rank: result.scores.vectorRank,
            fused: result.scores.fused,
            rerank: result.scores.rerank,
            final: result.scores.final,
          },
        })),
        timings: { total_ms: answer.timings.totalMs },
      };
    },
  );
}
