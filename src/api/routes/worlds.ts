/**
 * Worlds, entities, sessions and turns:
 *
 *   POST /worlds                         create a world            GET /worlds, GET /worlds/{id}
 *   POST /worlds/{id}/entities           create an entity          GET /worlds/{id}/entities[?type=&session_id=]
 *   GET|PATCH|DELETE /worlds/{id}/entities/{entityId}[?session_id=]  GET …/{entityId}/versions
 *   GET /worlds/{id}/entities/{entityId}/knowledge?session_id=      what a character knows
 *   POST /sessions/{id}/promote          a play-through's entities and versions made canon
 *   POST /worlds/{id}/sessions           start a play-through      GET /sessions/{id} (with its turns)
 *   POST /sessions/{id}/turns            play a turn: JSON, or SSE with {"stream": true}
 *
 * The routes validate and translate; the narrative layer does the work.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../narrative/errors.js';
import {
  CannotExport,
  EXPORT_FORMATS,
  exportWorldFile,
  importDetected,
  readImport,
  UnsupportedFile,
} from '../../narrative/imports/index.js';
import {
  type EntityView,
  entityInputSchema,
  entityPatchSchema,
  type Narrative,
  type TurnResult,
} from '../../narrative/index.js';
import type { Store } from '../../store/index.js';
import { abortOnClose } from '../call-options.js';
import { ApiError, parseBody, toApiError } from '../errors.js';
import { SseWriter } from '../sse.js';

const jsonObject = z.record(z.string(), z.unknown());

export const createWorldSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(4_000).optional(),
    /** One shared persistent world: what happens in a session changes canon. */
    shared: z.boolean().default(false),
    /** theme {genre, tone, style}, state {location, time, …}, player {name, description, traits} … */
    settings: jsonObject.default({}),
  })
  .strict();

export const createSessionSchema = z
  .object({
    player: z.string().trim().min(1).max(200).optional(),
    /** notes: string[], state: {…}, player: {name, description, traits} */
    metadata: jsonObject.default({}),
  })
  .strict();

export const playTurnSchema = z
  .object({
    input: z.string().trim().min(1).max(4_000),
    stream: z.boolean().default(false),
    /** A JSON merge-patch of the session's state, applied before the turn is played. */
    state: jsonObject.optional(),
  })
  .strict();

const exportQuery = z.object({
  format: z.enum(EXPORT_FORMATS),
  session_id: z.string().max(128).optional(),
});

const listQuery = z.object({
  type: z.string().max(50).optional(),
  session_id: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export function entityView(view: EntityView) {
  return {
    id: view.id,
    object: 'entity',
    world_id: view.worldId,
    type: view.type,
    name: view.name,
    aliases: view.data.aliases,
    tags: view.data.tags,
    description: view.data.description,
    note: view.data.note,
    connections: view.data.connections.map((c) => ({
      entity_id: c.entityId,
      name: c.name,
      relation: c.relation,
    })),
    attributes: view.data.attributes,
    version: view.version,
    scope: view.scope,
    session_id: view.sessionId,
    changed_by: view.changedBy,
    created_at: view.createdAt,
    updated_at: view.updatedAt,
  };
}

export function turnView(result: TurnResult) {
  return {
    object: 'turn',
    id: result.turn.id,
    number: result.turn.number,
    call_id: result.callId ?? null,
    session_id: result.sessionId,
    world_id: result.worldId,
    narration: result.narration,
    panel: result.panel,
    provider: result.provider,
    model: result.model,
    usage: {
      prompt_tokens: result.usage.inputTokens,
      completion_tokens: result.usage.outputTokens,
      total_tokens: result.usage.inputTokens + result.usage.outputTokens,
    },
    lore: result.lore,
    timings: {
      overhead_ms: round(result.timings.overheadMs),
      retrieval_ms: round(result.timings.retrievalMs),
      model_ms: round(result.timings.modelMs),
      total_ms: round(result.timings.totalMs),
    },
  };
}

const round = (ms: number) => Math.round(ms * 100) / 100;

const sessionQuery = z.object({ session_id: z.string().min(1).max(128).optional() });
const knowledgeQuery = z.object({
  session_id: z.string().min(1).max(128),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
const promoteSchema = z
  .object({
    entity_ids: z.array(z.string().min(1).max(128)).min(1).max(1_000).optional(),
    all: z.boolean().optional(),
  })
  .strict()
  .refine((body) => (body.all === true) !== (body.entity_ids !== undefined), {
    message: 'give either entity_ids or "all": true',
  });

/** A world as the API shows it (with its live entity count). */
export async function worldViewOf(narrative: Narrative, store: Store, id: string) {
  const world = await narrative.worlds.world(id);
  return {
    id: world.id,
    object: 'world',
    name: world.name,
    description: world.description,
    shared: world.shared,
    settings: world.settings,
    turn_count: world.turnCount,
    entity_count: await store.worlds.countEntities(world.id),
    created_at: world.createdAt,
    updated_at: world.updatedAt,
  };
}

export function worldRoutes(app: FastifyInstance, deps: { narrative: Narrative; store: Store }): void {
  const { narrative, store } = deps;
  const worldView = (id: string) => worldViewOf(narrative, store, id);

  app.post('/worlds', { config: { scope: 'game' } }, async (request, reply) => {
    const body = parseBody(createWorldSchema, request.body);
    const world = await narrative.worlds.createWorld({
      name: body.name,
      ...(body.description && { description: body.description }),
      shared: body.shared,
      settings: body.settings,
    });
    return reply.code(201).send(await worldView(world.id));
  });

  // A PNG character card is posted as its bytes (image/png); every other format as JSON.
  app.addContentTypeParser(
    ['image/png', 'application/octet-stream'],
    { parseAs: 'buffer' },
    (_request, body, done) => done(null, body),
  );

  /**
   * A whole world in one file, its format detected: a Loremaster world file (worlds/demo/world.yaml as
   * JSON), a SillyTavern Character Card V2/V3 (JSON, or PNG bytes), a lorebook_v3 or World Info file.
   */
  app.post<{ Querystring: { name?: string } }>(
    '/worlds/import',
    { config: { scope: 'admin' } },
    async (request, reply) => {
      const name = typeof request.query.name === 'string' ? request.query.name.slice(0, 200) : undefined;
      let detected: ReturnType<typeof readImport>;
      try {
        detected = Buffer.isBuffer(request.body)
          ? readImport({ bytes: request.body, ...(name && { name }) })
          : readImport({ document: request.body, ...(name && { name }) });
      } catch (error) {
        if (error instanceof UnsupportedFile)
          throw new ApiError(400, error.message, { code: 'invalid_world_file' });
        throw error;
      }
      const imported = await importDetected(narrative.worlds, detected);
      return reply.code(201).send({
        ...(await worldView(imported.worldId)),
        import: {
          format: imported.format,
          format_name: imported.formatName,
          entities: imported.entities,
          warnings: imported.warnings,
        },
      });
    },
  );

  /** The world as a SillyTavern file: ?format=card-v2|card-v3|card-v2-png|card-v3-png|lorebook-v3|world-info */
  app.get<{ Params: { id: string } }>(
    '/worlds/:id/export',
    { config: { scope: 'read' } },
    async (request, reply) => {
      const query = parseBody(exportQuery, request.query);
      try {
        const exported = await exportWorldFile(
          narrative.worlds,
          request.params.id,
          query.format,
          query.session_id,
        );
        return reply
          .type(exported.contentType)
          .header('content-disposition', `attachment; filename="${exported.filename}"`)
          .send(exported.body);
      } catch (error) {
        if (error instanceof CannotExport)
          throw new ApiError(400, `Cannot export as ${query.format}: ${error.message}`, {
            code: 'cannot_export',
          });
        throw error;
      }
    },
  );

  app.get('/worlds', { config: { scope: 'read' } }, async () => {
    const worlds = await store.worlds.listWorlds();
    return { object: 'list', data: await Promise.all(worlds.map((world) => worldView(world.id))) };
  });

  app.get<{ Params: { id: string } }>('/worlds/:id', { config: { scope: 'read' } }, async (request) =>
    worldView(request.params.id),
  );

  app.post<{ Params: { id: string } }>(
    '/worlds/:id/entities',
    { config: { scope: 'game' } },
    async (request, reply) => {
      const body = parseBody(entityInputSchema, request.body);
      const view = await narrative.worlds.createEntity(request.params.id, body, {
        changedBy: changer(request.apiKeyId),
      });
      return reply.code(201).send(entityView(view));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/worlds/:id/entities',
    { config: { scope: 'read' } },
    async (request) => {
      const query = parseBody(listQuery, request.query);
      const views = await narrative.worlds.entities(request.params.id, {
        ...(query.type && { type: query.type }),
        ...(query.session_id && { sessionId: query.session_id }),
        limit: query.limit,
        offset: query.offset,
      });
      return { object: 'list', data: views.map(entityView), limit: query.limit, offset: query.offset };
    },
  );

  app.get<{ Params: { id: string; entityId: string }; Querystring: { session_id?: string } }>(
    '/worlds/:id/entities/:entityId',
    { config: { scope: 'read' } },
    async (request) => {
      const query = parseBody(listQuery, request.query);
      const view = await narrative.worlds.entity(request.params.entityId, query.session_id);
      if (view.worldId !== request.params.id) throw notFound('Entity', request.params.entityId);
      return entityView(view);
    },
  );

  app.get<{ Params: { id: string; entityId: string } }>(
    '/worlds/:id/entities/:entityId/versions',
    { config: { scope: 'read' } },
    async (request) => {
      // Every scope's versions: an entity made in a session has no canon version yet.
      const entity = await store.worlds.getEntity(request.params.entityId);
      if (!entity || entity.deletedAt || entity.worldId !== request.params.id)
        throw notFound('Entity', request.params.entityId);
      const versions = await store.worlds.history(entity.id);
      return {
        object: 'list',
        data: versions.map((version) => ({
          version: version.version,
          scope: version.scope,
          session_id: version.sessionId,
          name: version.name,
          note: typeof version.data.note === 'string' ? version.data.note : '',
          changed_by: version.changedBy,
          reason: version.reason,
          turn_id: version.turnId,
          created_at: version.createdAt,
        })),
      };
    },
  );

  app.patch<{ Params: { id: string; entityId: string } }>(
    '/worlds/:id/entities/:entityId',
    { config: { scope: 'game' } },
    async (request) => {
      const query = parseBody(sessionQuery, request.query);
      const patch = parseBody(entityPatchSchema, request.body);
      if (Object.keys(patch).length === 0)
        throw new ApiError(400, 'Invalid request: nothing to change', { code: 'invalid_request' });
      const current = await narrative.worlds.entity(request.params.entityId, query.session_id);
      if (current.worldId !== request.params.id) throw notFound('Entity', request.params.entityId);
      // With session_id: a version in that session's view only; canon stays.
      return entityView(
        await narrative.worlds.updateEntity(current.id, patch, {
          changedBy: changer(request.apiKeyId),
          sessionId: query.session_id ?? null,
        }),
      );
    },
  );

  app.delete<{ Params: { id: string; entityId: string } }>(
    '/worlds/:id/entities/:entityId',
    { config: { scope: 'game' } },
    async (request, reply) => {
      const query = parseBody(sessionQuery, request.query);
      const current = await narrative.worlds.entity(request.params.entityId, query.session_id);
      if (current.worldId !== request.params.id) throw notFound('Entity', request.params.entityId);
      await narrative.worlds.deleteEntity(current.id, {
        sessionId: query.session_id ?? null,
        changedBy: changer(request.apiKeyId),
      });
      return reply.code(204).send();
    },
  );

  app.get<{ Params: { id: string; entityId: string } }>(
    '/worlds/:id/entities/:entityId/knowledge',
    { config: { scope: 'read' } },
    async (request) => {
      const query = parseBody(knowledgeQuery, request.query);
      const known = await narrative.worlds.knowledge(
        request.params.id,
        request.params.entityId,
        query.session_id,
        {
          limit: query.limit,
        },
      );
      return {
        object: 'list',
        entity: { id: known.entity.id, name: known.entity.name, type: known.entity.type },
        session_id: query.session_id,
        data: known.facts.map((fact) => ({
          about: fact.about,
          fact: fact.text,
          how: fact.how,
          turn_id: fact.turnId,
          learned_at: fact.learnedAt,
        })),
      };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/sessions/:id/promote',
    { config: { scope: 'game' } },
    async (request) => {
      const body = parseBody(promoteSchema, request.body ?? {});
      const report = await narrative.worlds.promote(
        request.params.id,
        body.all ? 'all' : (body.entity_ids ?? []),
        changer(request.apiKeyId),
      );
      return {
        object: 'promotion',
        session_id: request.params.id,
        promoted: report.promoted.map((entry) => ({ entity_id: entry.entityId, version: entry.version })),
        conflicts: report.conflicts.map((entry) => ({
          entity_id: entry.entityId,
          name: entry.name,
          held_by: entry.heldBy,
          outcome: entry.outcome,
        })),
        unchanged: report.unchanged.map((entry) => ({ entity_id: entry.entityId, reason: entry.reason })),
      };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/worlds/:id/sessions',
    { config: { scope: 'game' } },
    async (request, reply) => {
      const body = parseBody(createSessionSchema, request.body ?? {});
      const world = await narrative.worlds.world(request.params.id);
      const session = await store.sessions.create({
        worldId: world.id,
        ...(body.player && { player: body.player }),
        metadata: body.metadata,
      });
      return reply.code(201).send(sessionView(session, []));
    },
  );

  app.get<{ Params: { id: string }; Querystring: { after?: string; limit?: string } }>(
    '/sessions/:id',
    { config: { scope: 'read' } },
    async (request) => {
      const query = parseBody(
        z.object({
          after: z.coerce.number().int().min(0).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        request.query,
      );
      const session = await store.sessions.get(request.params.id);
      if (!session) throw notFound('Session', request.params.id);
      const turns = await store.sessions.turns(session.id, {
        ...(query.after !== undefined && { afterNumber: query.after }),
        limit: query.limit,
      });
      return sessionView(session, turns);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/sessions/:id/turns',
    { config: { scope: 'game' } },
    async (request, reply) => {
      const body = parseBody(playTurnSchema, request.body);
      const signal = abortOnClose(reply);
      if (!body.stream) {
        const result = await narrative.turns.play({
          sessionId: request.params.id,
          input: body.input,
          signal,
          ...(body.state && { state: body.state }),
          ...(request.apiKeyId && { apiKeyId: request.apiKeyId }),
        });
        if (result.callId) reply.header('x-loremaster-call-id', result.callId);
        return reply.header('x-loremaster-provider', result.provider).code(201).send(turnView(result));
      }
      return streamTurn(reply, narrative, request.params.id, body, signal, request.apiKeyId);
    },
  );
}

/**
 * SSE: `event: delta` for each piece of narration as it arrives, then `event: turn` with the whole
 * turn (narration, panel, turn number), then `data: [DONE]`. An error before the first byte is a
 * plain JSON error with its status; after it, an `event: error` and the stream ends cleanly.
 */
async function streamTurn(
  reply: FastifyReply,
  narrative: Narrative,
  sessionId: string,
  body: { input: string; state?: Record<string, unknown> | undefined },
  signal: AbortSignal,
  apiKeyId: string | undefined,
): Promise<void> {
  let sse: SseWriter | undefined;
  const open = () => {
    if (!sse) {
      reply.hijack();
      sse = new SseWriter(reply.raw);
    }
    return sse;
  };
  let writes = Promise.resolve();
  try {
    const result = await narrative.turns.play({
      sessionId,
      input: body.input,
      signal,
      ...(body.state && { state: body.state }),
      ...(apiKeyId && { apiKeyId }),
      onDelta: (text) => {
        const writer = open();
        writes = writes.then(() => writer.data(JSON.stringify({ text }), 'delta'));
      },
    });
    await writes;
    const writer = open();
    await writer.data(JSON.stringify(turnView(result)), 'turn');
    await writer.data('[DONE]');
    writer.end();
  } catch (error) {
    if (!sse) throw error;
    await writes.catch(() => {});
    const apiError = toApiError(error);
    await sse.data(JSON.stringify(apiError.body()), 'error');
    sse.end();
  }
}

export function sessionView(
  session: {
    id: string;
    worldId: string | null;
    player: string | null;
    status: string;
    metadata: unknown;
    turnCount: number;
    createdAt: string;
    updatedAt: string;
  },
  turns: Array<{
    id: number;
    number: number;
    input: string;
    output: string | null;
    analysis: unknown;
    createdAt: string;
  }>,
) {
  return {
    id: session.id,
    object: 'session',
    world_id: session.worldId,
    player: session.player,
    status: session.status,
    metadata: session.metadata,
    turn_count: session.turnCount,
    created_at: session.createdAt,
    updated_at: session.updatedAt,
    turns: turns.map((turn) => ({
      id: turn.id,
      number: turn.number,
      input: turn.input,
      output: turn.output,
      analysed: turn.analysis !== null,
      analysis: turn.analysis,
      created_at: turn.createdAt,
    })),
  };
}

function changer(apiKeyId: string | undefined): string {
  return apiKeyId ? `api:${apiKeyId}` : 'api';
}
