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
 *   GET /sessions/{id}/turns/{number}/tasks  what the turn queued, each task's state and outcome
 *
 * The routes validate and translate; the narrative layer does the work.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
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
  type TurnRequest,
  type TurnResult,
} from '../../narrative/index.js';
import type { Store } from '../../store/index.js';
import { INT32_MAX, queryInt } from '../bounded-json.js';
import { abortOnClose } from '../call-options.js';
import { ApiError, toApiError } from '../errors.js';
import { errorSchema } from '../openapi.js';
import { SseWriter, streamOptions } from '../sse.js';
import {
  createSessionSchema,
  createWorldSchema,
  entityListSchema,
  entityParams,
  entitySchema,
  entityVersionListSchema,
  idParams,
  importedWorldSchema,
  knowledgeSchema,
  playTurnSchema,
  promotionSchema,
  sessionSchema,
  turnHeadersSchema,
  turnParams,
  turnSchema,
  turnTasksQuery,
  turnTasksSchema,
  worldListSchema,
  worldSchema,
} from './world-schemas.js';

const id = z.string().min(1).max(128);

const exportQuery = z.object({
  format: z.enum(EXPORT_FORMATS),
  session_id: id.optional(),
});

const importQuery = z.object({ name: z.string().trim().min(1).max(200).optional() });

const listQuery = z.object({
  type: z.string().max(50).optional(),
  session_id: id.optional(),
  limit: queryInt(1, 1_000).default(100),
  offset: queryInt(0, INT32_MAX).default(0),
});

export function entityView(view: EntityView) {
  return {
    id: view.id,
    object: 'entity' as const,
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
    object: 'turn' as const,
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
    lore: result.lore.map((entry) => ({
      id: entry.id,
      title: entry.title,
      kind: entry.kind,
      found_by: entry.foundBy,
      reasons: entry.reasons,
      score: entry.score,
    })),
    timings: {
      overhead_ms: round(result.timings.overheadMs),
      retrieval_ms: round(result.timings.retrievalMs),
      model_ms: round(result.timings.modelMs),
      total_ms: round(result.timings.totalMs),
    },
  };
}

const round = (ms: number) => Math.round(ms * 100) / 100;

const sessionQuery = z.object({ session_id: id.optional() });
const knowledgeQuery = z.object({ session_id: id, limit: queryInt(1, 500).default(200) });
const sessionTurnsQuery = z.object({
  /** Turns after this turn number. */
  after: queryInt(0, INT32_MAX).optional(),
  limit: queryInt(1, 500).default(100),
});
const promoteSchema = z
  .object({
    entity_ids: z.array(id).min(1).max(1_000).optional(),
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
    object: 'world' as const,
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

export function worldRoutes(
  app: FastifyInstance,
  deps: { narrative: Narrative; store: Store; importBodyLimit: number },
): void {
  const { narrative, store } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const worldView = (id: string) => worldViewOf(narrative, store, id);

  api.post(
    '/worlds',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'Create a world',
        description:
          'What the narrator later reads is checked now: `settings.player.name` at most 200 characters, ' +
          '`settings.state` a bounded JSON object, `settings.theme` genre and tone as text.',
        body: createWorldSchema,
        response: { 201: worldSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const world = await narrative.worlds.createWorld({
        name: body.name,
        ...(body.description && { description: body.description }),
        shared: body.shared,
        settings: body.settings,
      });
      return reply.code(201).send(await worldView(world.id));
    },
  );

  // A PNG or CHARX character card is posted as its bytes (image/png, application/zip); every other
  // format as JSON.
  app.addContentTypeParser(
    ['image/png', 'application/zip', 'application/x-zip-compressed', 'application/octet-stream'],
    { parseAs: 'buffer' },
    (_request, body, done) => done(null, body),
  );

  /**
   * A whole world in one file, its format detected: a Loremaster world file (worlds/demo/world.yaml as
   * JSON), a SillyTavern Character Card V2/V3 (JSON, or PNG bytes), a lorebook_v3 or World Info file.
   */
  api.post(
    '/worlds/import',
    {
      config: { scope: 'admin' },
      bodyLimit: deps.importBodyLimit,
      schema: {
        summary:
          'Import a world from one file (Loremaster world file, SillyTavern card, lorebook, World Info)',
        description:
          'The body is the file: JSON (application/json), or a PNG or CHARX character card as its bytes ' +
          '(image/png, application/zip). Its format is detected; `name` overrides the world name. ' +
          'Cards with large pictures are welcome: the body may be `server.import_body_limit_bytes` long.',
        querystring: importQuery,
        response: { 201: importedWorldSchema },
      },
    },
    async (request, reply) => {
      const name = request.query.name;
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
  api.get(
    '/worlds/:id/export',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Export a world as a SillyTavern file (card V2/V3, as JSON or PNG; lorebook; World Info)',
        params: idParams,
        querystring: exportQuery,
        response: {
          200: {
            description: 'The file, as an attachment (its JSON, or the PNG card)',
            content: {
              'application/json': { schema: z.record(z.string(), z.unknown()) },
              'image/png': { schema: z.string().describe('PNG bytes') },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const query = request.query;
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
          .send(exported.body as never);
      } catch (error) {
        if (error instanceof CannotExport)
          throw new ApiError(400, `Cannot export as ${query.format}: ${error.message}`, {
            code: 'cannot_export',
          });
        throw error;
      }
    },
  );

  api.get(
    '/worlds',
    { config: { scope: 'read' }, schema: { summary: 'List worlds', response: { 200: worldListSchema } } },
    async () => {
      const worlds = await store.worlds.listWorlds();
      return {
        object: 'list' as const,
        data: await Promise.all(worlds.map((world) => worldView(world.id))),
      };
    },
  );

  api.get(
    '/worlds/:id',
    {
      config: { scope: 'read' },
      schema: { summary: 'One world', params: idParams, response: { 200: worldSchema } },
    },
    async (request) => worldView(request.params.id),
  );

  api.post(
    '/worlds/:id/entities',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'Create an entity (character, location, item, …) in a world',
        params: idParams,
        body: entityInputSchema,
        response: { 201: entitySchema },
      },
    },
    async (request, reply) => {
      const view = await narrative.worlds.createEntity(request.params.id, request.body, {
        changedBy: changer(request.apiKeyId),
      });
      return reply.code(201).send(entityView(view));
    },
  );

  api.get(
    '/worlds/:id/entities',
    {
      config: { scope: 'read' },
      schema: {
        summary: "A world's entities (canon, or as a session sees them)",
        params: idParams,
        querystring: listQuery,
        response: { 200: entityListSchema },
      },
    },
    async (request) => {
      const query = request.query;
      const views = await narrative.worlds.entities(request.params.id, {
        ...(query.type && { type: query.type }),
        ...(query.session_id && { sessionId: query.session_id }),
        limit: query.limit,
        offset: query.offset,
      });
      return {
        object: 'list' as const,
        data: views.map(entityView),
        limit: query.limit,
        offset: query.offset,
      };
    },
  );

  api.get(
    '/worlds/:id/entities/:entityId',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'One entity (canon, or as a session sees it)',
        params: entityParams,
        querystring: sessionQuery,
        response: { 200: entitySchema },
      },
    },
    async (request) => {
      const view = await narrative.worlds.entity(request.params.entityId, request.query.session_id);
      if (view.worldId !== request.params.id) throw notFound('Entity', request.params.entityId);
      return entityView(view);
    },
  );

  api.get(
    '/worlds/:id/entities/:entityId/versions',
    {
      config: { scope: 'read' },
      schema: {
        summary: "An entity's versions, every scope's",
        params: entityParams,
        response: { 200: entityVersionListSchema },
      },
    },
    async (request) => {
      // Every scope's versions: an entity made in a session has no canon version yet.
      const entity = await store.worlds.getEntity(request.params.entityId);
      if (!entity || entity.deletedAt || entity.worldId !== request.params.id)
        throw notFound('Entity', request.params.entityId);
      const versions = await store.worlds.history(entity.id);
      return {
        object: 'list' as const,
        data: versions.map((version) => ({
          version: version.version,
          scope: version.scope,
          session_id: version.sessionId,
          name: version.name,
          note: typeof version.data.note === 'string' ? version.data.note : '',
          data: version.data,
          changed_by: version.changedBy,
          reason: version.reason,
          turn_id: version.turnId,
          created_at: version.createdAt,
        })),
      };
    },
  );

  api.patch(
    '/worlds/:id/entities/:entityId',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'Change an entity (with session_id: in that session only; canon stays)',
        params: entityParams,
        querystring: sessionQuery,
        body: entityPatchSchema,
        response: { 200: entitySchema },
      },
    },
    async (request) => {
      const query = request.query;
      const patch = request.body;
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

  api.delete(
    '/worlds/:id/entities/:entityId',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'Remove an entity (with session_id: in that session only)',
        params: entityParams,
        querystring: sessionQuery,
        response: { 204: z.null().describe('Removed') },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const current = await narrative.worlds.entity(request.params.entityId, query.session_id);
      if (current.worldId !== request.params.id) throw notFound('Entity', request.params.entityId);
      await narrative.worlds.deleteEntity(current.id, {
        sessionId: query.session_id ?? null,
        changedBy: changer(request.apiKeyId),
      });
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/worlds/:id/entities/:entityId/knowledge',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'What a character knows in a session, and how it learned it',
        params: entityParams,
        querystring: knowledgeQuery,
        response: { 200: knowledgeSchema },
      },
    },
    async (request) => {
      const query = request.query;
      const known = await narrative.worlds.knowledge(
        request.params.id,
        request.params.entityId,
        query.session_id,
        { limit: query.limit },
      );
      return {
        object: 'list' as const,
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

  api.post(
    '/sessions/:id/promote',
    {
      config: { scope: 'game' },
      schema: {
        summary: "Make a play-through's entities and versions canon",
        params: idParams,
        body: promoteSchema,
        response: { 200: promotionSchema },
      },
    },
    async (request) => {
      const body = request.body;
      const report = await narrative.worlds.promote(
        request.params.id,
        body.all ? 'all' : (body.entity_ids ?? []),
        changer(request.apiKeyId),
      );
      return {
        object: 'promotion' as const,
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

  api.post(
    '/worlds/:id/sessions',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'Start a session (a play-through) of a world',
        description:
          'What the narrator later reads is checked now: `metadata.player.name` at most 200 characters, ' +
          '`metadata.notes` as text (at most 200 of 2,000 characters), `metadata.state` a bounded JSON object.',
        params: idParams,
        body: createSessionSchema,
        response: { 201: sessionSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const session = await narrative.worlds.createSession(request.params.id, {
        ...(body.player && { player: body.player }),
        metadata: body.metadata,
      });
      return reply.code(201).send(sessionView(session, []));
    },
  );

  api.get(
    '/sessions/:id',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'A session with its turns, a page at a time',
        params: idParams,
        querystring: sessionTurnsQuery,
        response: { 200: sessionSchema },
      },
    },
    async (request) => {
      const query = request.query;
      const session = await store.sessions.get(request.params.id);
      if (!session) throw notFound('Session', request.params.id);
      const turns = await store.sessions.turns(session.id, {
        ...(query.after !== undefined && { afterNumber: query.after }),
        limit: query.limit,
      });
      return sessionView(session, turns);
    },
  );

  api.post(
    '/sessions/:id/turns',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'Play a turn: JSON, or server-sent events with "stream": true',
        description:
          'With `stream: true`: `event: delta` for each piece of narration, then `event: turn` with the ' +
          'whole turn, then `data: [DONE]`; a failure after the first byte is an `event: error`.\n\n' +
          'Retries: send an `Idempotency-Key` header (1–255 printable ASCII characters, a UUID say). The ' +
          'same key with the same request (session, input, state) within `narrative.idempotency_retention_ms` ' +
          "(24 h) is answered with the first turn's stored answer and `Idempotent-Replayed: true`: no second " +
          'turn, no model call, no second analysis. `stream` is not part of the request compared: a streamed ' +
          'replay is one `delta` with the whole text, then `turn`, then `[DONE]`. While the first request ' +
          'runs, the key answers 409 `idempotency_in_progress` with Retry-After; with another session or ' +
          'body, 422 `idempotency_key_reused`. A request that failed before its turn was recorded does not ' +
          'keep the key: its retry plays the turn.',
        params: idParams,
        headers: turnHeadersSchema,
        body: playTurnSchema,
        response: {
          201: turnSchema,
          200: {
            description: 'With `stream: true`: the turn as server-sent events (delta, turn, [DONE])',
            content: { 'text/event-stream': { schema: z.string() } },
          },
          409: errorSchema.describe(
            '`idempotency_in_progress`: a request with this Idempotency-Key is still running (see Retry-After); ' +
              '`session_ended`, `session_without_world`',
          ),
          422: errorSchema.describe(
            '`idempotency_key_reused`: this Idempotency-Key was used for another session or request body',
          ),
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const key = request.headers['idempotency-key'];
      const signal = abortOnClose(reply);
      const turn: TurnRequest = {
        sessionId: request.params.id,
        input: body.input,
        signal,
        client: true,
        ...(body.state && { state: body.state }),
        ...(request.apiKeyId && { apiKeyId: request.apiKeyId }),
      };
      if (!body.stream) {
        const { result, replayed } = await narrative.idempotentTurns.play(turn, key);
        if (replayed) reply.header('idempotent-replayed', 'true');
        if (result.callId) reply.header('x-loremaster-call-id', result.callId);
        return reply.header('x-loremaster-provider', result.provider).code(201).send(turnView(result));
      }
      return streamTurn(reply, narrative, turn, key);
    },
  );

  api.get(
    '/sessions/:id/turns/:number/tasks',
    {
      config: { scope: 'read' },
      schema: {
        summary: "The tasks a turn queued, each with its state and outcome (a skip's reason)",
        description:
          "The turn's analysis and simulation, and the tasks they queued (note rewrites, entity records, " +
          'embeddings), oldest first, at most `limit`. A completed task has an `outcome`: `done`, ' +
          '`already-done`, or `skipped` with its reason in `detail`. 404 for an unknown session or turn.',
        params: turnParams,
        querystring: turnTasksQuery,
        response: { 200: turnTasksSchema },
      },
    },
    async (request) => {
      const { id: sessionId, number } = request.params;
      const found = await narrative.turnTasks.list(sessionId, number, request.query.limit);
      return {
        object: 'list' as const,
        session_id: found.sessionId,
        turn_id: found.turn.id,
        turn_number: found.turn.number,
        data: found.tasks.map((task) => ({
          object: 'maintenance.task' as const,
          id: task.id,
          type: task.type,
          state: task.state,
          outcome: task.outcome,
          detail: task.detail,
          error: task.error,
          attempts: task.attempts,
          max_attempts: task.maxAttempts,
          created_at: task.createdAt,
          finished_at: task.finishedAt,
        })),
      };
    },
  );
}

/**
 * SSE: `event: delta` for each piece of narration as it arrives, then `event: turn` with the whole
 * turn (narration, panel, turn number), then `data: [DONE]`. An error before the first byte is a
 * plain JSON error with its status; after it, an `event: error` and the stream ends cleanly. A replay
 * of an `Idempotency-Key` is the same sequence, its text in one delta.
 */
async function streamTurn(
  reply: FastifyReply,
  narrative: Narrative,
  turn: TurnRequest,
  key: string | undefined,
): Promise<void> {
  let sse: SseWriter | undefined;
  const open = (headers?: Record<string, string>) => {
    if (!sse) {
      reply.hijack();
      sse = new SseWriter(reply.raw, headers, streamOptions(reply));
    }
    return sse;
  };
  let writes = Promise.resolve();
  try {
    const played = await narrative.idempotentTurns.play(
      {
        ...turn,
        onDelta: (text) => {
          const writer = open();
          writes = writes.then(() => writer.data(JSON.stringify({ text }), 'delta'));
        },
      },
      key,
    );
    await writes;
    // A replay played nothing, so nothing is open yet: its headers say it is one.
    if (played.replayed) {
      const writer = open({ 'idempotent-replayed': 'true' });
      if (played.text) await writer.data(JSON.stringify({ text: played.text }), 'delta');
    }
    const writer = open();
    await writer.data(JSON.stringify(turnView(played.result)), 'turn');
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
    status: 'active' | 'ended';
    metadata: Record<string, unknown>;
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
    object: 'session' as const,
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
