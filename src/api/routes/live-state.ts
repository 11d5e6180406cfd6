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
import { z } from 'zod';
import { counts, type Narrative } from '../../narrative/index.js';
import type { Removed, Store } from '../../store/index.js';
import { ApiError, parseBody } from '../errors.js';
import { sessionView, worldViewOf } from './worlds.js';

const note = z.string().max(10_000);

export const sessionPatchSchema = z
  .object({
    /** JSON merge-patch (RFC 7396) of the session's state: `null` removes a key. */
    state: z.record(z.string(), z.unknown()).optional(),
    notes: z
      .object({
        add: z.array(note).max(200).optional(),
        remove: z.array(note).max(200).optional(),
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
    theme: z.record(z.string(), z.unknown()).nullable().optional(),
    /** JSON merge-patch of the world's settings. */
    settings: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const sessionsQuery = z.object({
  status: z.enum(['active', 'ended']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

function nothingToChange(): ApiError {
  return new ApiError(400, 'Invalid request: nothing to change', { code: 'invalid_request' });
}

function removedView(object: string, id: string, removed: Removed) {
  return { object, id, deleted: true, removed: counts(removed) };
}

export function liveStateRoutes(app: FastifyInstance, deps: { narrative: Narrative; store: Store }): void {
  const { narrative, store } = deps;

  app.patch<{ Params: { id: string } }>('/sessions/:id', { config: { scope: 'game' } }, async (request) => {
    const body = parseBody(sessionPatchSchema, request.body ?? {});
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
  });

  app.delete<{ Params: { id: string } }>('/sessions/:id', { config: { scope: 'game' } }, async (request) =>
    removedView('session', request.params.id, await narrative.live.removeSession(request.params.id)),
  );

  app.patch<{ Params: { id: string } }>('/worlds/:id', { config: { scope: 'game' } }, async (request) => {
    const body = parseBody(worldPatchSchema, request.body ?? {});
    if (Object.keys(body).length === 0) throw nothingToChange();
    const world = await narrative.live.patchWorld(request.params.id, {
      ...(body.name !== undefined && { name: body.name }),
      ...(body.description !== undefined && { description: body.description || null }),
      ...(body.theme !== undefined && { theme: body.theme }),
      ...(body.settings !== undefined && { settings: body.settings }),
    });
    return worldViewOf(narrative, store, world.id);
  });

  app.delete<{ Params: { id: string } }>('/worlds/:id', { config: { scope: 'admin' } }, async (request) =>
    removedView('world', request.params.id, await narrative.live.removeWorld(request.params.id)),
  );

  app.get<{ Params: { id: string } }>(
    '/worlds/:id/sessions',
    { config: { scope: 'read' } },
    async (request) => {
      const query = parseBody(sessionsQuery, request.query ?? {});
      const page = await narrative.live.sessionsOf(request.params.id, {
        limit: query.limit,
        offset: query.offset,
        ...(query.status && { status: query.status }),
      });
      return {
        object: 'list',
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
