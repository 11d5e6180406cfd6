/**
 * Live game state:
 *
 *   PATCH  /sessions/{id}          {state: merge-patch, notes: {add, remove}, status}
 *   DELETE /sessions/{id}          the session and its data (one transaction)
 *   PATCH  /worlds/{id}            {name, description, theme: merge-patch, settings: merge-patch}
 *   DELETE /worlds/{id}            the world, its sessions and their data (one transaction)
 *   GET    /worlds/{id}/sessions   a world's sessions, newest change first (?status=&limit=&offset=)
 *
 * The routes validate and shape; src/narrative/live-state.ts does the work.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { counts, type Narrative, NOTE_LIMITS } from '../../narrative/index.js';
import type { Removed, Store } from '../../store/index.js';
import { INT32_MAX, queryInt } from '../bounded-json.js';
import { ApiError } from '../errors.js';
import {
  idParams,
  removedSchema,
  sessionListSchema,
  sessionSchema,
  settingsPatchSchema,
  statePatchSchema,
  themePatchSchema,
  worldSchema,
} from './world-schemas.js';
import { sessionView, worldViewOf } from './worlds.js';

const note = z.string().max(NOTE_LIMITS.chars);

export const sessionPatchSchema = z
  .object({
    /** JSON merge-patch (RFC 7396) of the session's state: `null` removes a key. */
    state: statePatchSchema.optional(),
    notes: z
      .object({
        add: z.array(note).max(NOTE_LIMITS.count).optional(),
        remove: z.array(note).max(NOTE_LIMITS.count).optional(),
      })
      .strict()
      .optional(),
    status: z.enum(['active', 'ended']).optional(),
  })
  .strict();

export const worldPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(4_000).nullable().optional(),
    /** JSON merge-patch of `settings.theme` ({genre, tone, style, …}). */
    theme: themePatchSchema.nullable().optional(),
    /** JSON merge-patch of the world's settings. */
    settings: settingsPatchSchema.optional(),
  })
  .strict();

const sessionsQuery = z.object({
  status: z.enum(['active', 'ended']).optional(),
  limit: queryInt(1, 500).default(50),
  offset: queryInt(0, INT32_MAX).default(0),
});

function nothingToChange(): ApiError {
  return new ApiError(400, 'Invalid request: nothing to change', { code: 'invalid_request' });
}

function removedView(object: 'session' | 'world', id: string, removed: Removed) {
  return { object, id, deleted: true as const, removed: counts(removed) };
}

export function liveStateRoutes(app: FastifyInstance, deps: { narrative: Narrative; store: Store }): void {
  const { narrative, store } = deps;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.patch(
    '/sessions/:id',
    {
      config: { scope: 'game' },
      schema: {
        summary: "Change a session's live state (a JSON merge-patch), its notes or its status",
        tags: ['sessions'],
        params: idParams,
        body: sessionPatchSchema,
        response: { 200: sessionSchema },
      },
    },
    async (request) => {
      const body = request.body;
      if (body.state === undefined && body.notes === undefined && body.status === undefined)
        throw nothingToChange();
      const session = await narrative.live.patchSession(
        request.params.id,
        {
          ...(body.state !== undefined && { state: body.state }),
          ...(body.notes !== undefined && {
            notes: {
              ...(body.notes.add && { add: body.notes.add }),
              ...(body.notes.remove && { remove: body.notes.remove }),
            },
          }),
          ...(body.status !== undefined && { status: body.status }),
        },
        request.apiKeyId ? `api:${request.apiKeyId}` : 'api',
      );
      return sessionView(session, []);
    },
  );

  api.delete(
    '/sessions/:id',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'Remove a session and its data',
        tags: ['sessions'],
        params: idParams,
        response: { 200: removedSchema },
      },
    },
    async (request) =>
      removedView('session', request.params.id, await narrative.live.removeSession(request.params.id)),
  );

  api.patch(
    '/worlds/:id',
    {
      config: { scope: 'game' },
      schema: {
        summary: "Change a world's name, description, theme or settings (merge-patches)",
        tags: ['worlds'],
        params: idParams,
        body: worldPatchSchema,
        response: { 200: worldSchema },
      },
    },
    async (request) => {
      const body = request.body;
      if (Object.keys(body).length === 0) throw nothingToChange();
      const world = await narrative.live.patchWorld(request.params.id, {
        ...(body.name !== undefined && { name: body.name }),
        ...(body.description !== undefined && { description: body.description || null }),
        ...(body.theme !== undefined && { theme: body.theme }),
        ...(body.settings !== undefined && { settings: body.settings }),
      });
      return worldViewOf(narrative, store, world.id);
    },
  );

  api.delete(
    '/worlds/:id',
    {
      config: { scope: 'admin' },
      schema: {
        summary: 'Remove a world, its sessions and their data',
        tags: ['worlds'],
        params: idParams,
        response: { 200: removedSchema },
      },
    },
    async (request) =>
      removedView('world', request.params.id, await narrative.live.removeWorld(request.params.id)),
  );

  api.get(
    '/worlds/:id/sessions',
    {
      config: { scope: 'read' },
      schema: {
        summary: "A world's sessions, the most recently changed first",
        tags: ['worlds'],
        params: idParams,
        querystring: sessionsQuery,
        response: { 200: sessionListSchema },
      },
    },
    async (request) => {
      const query = request.query;
      const page = await narrative.live.sessionsOf(request.params.id, {
        limit: query.limit,
        offset: query.offset,
        ...(query.status && { status: query.status }),
      });
      return {
        object: 'list' as const,
        world_id: request.params.id,
        data: page.sessions.map((session) => {
          const { turns: _turns, ...view } = sessionView(session, []);
          return view;
        }),
        total: page.total,
        limit: query.limit,
        offset: query.offset,
      };
    },
  );
}
