/**
 * Themes.
 *
 *   POST   /themes               create a theme
 *   GET    /themes               list themes
 *   GET    /themes/{id}          one theme
 *   PATCH  /themes/{id}          change a theme (worlds and campaigns wearing it get `theme_changed`)
 *   DELETE /themes/{id}          delete a theme (and detach it)
 *   POST   /themes/{id}/attach   attach it to a world (`world_id`) or campaign (`campaign_id`)
 *   POST   /themes/detach        detach the theme of a world or campaign
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type Theme, type ThemeService, themeInputSchema, themePatchSchema } from '../../content/index.js';
import { parseBody } from '../errors.js';

const targetSchema = z
  .object({
    world_id: z.string().trim().min(1).max(200).optional(),
    campaign_id: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((body) => (body.world_id === undefined) !== (body.campaign_id === undefined), {
    message: 'give exactly one of world_id and campaign_id',
  });

const listSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const view = (theme: Theme) => ({ object: 'theme', ...theme });

export function themeRoutes(app: FastifyInstance, themes: ThemeService): void {
  app.post('/themes', { config: { scope: 'game' } }, async (request, reply) => {
    const body = parseBody(themeInputSchema, request.body ?? {});
    return reply.code(201).send(view(await themes.create(body)));
  });

  app.get('/themes', { config: { scope: 'read' } }, async (request) => {
    const query = parseBody(listSchema, request.query ?? {});
    return { object: 'list', data: (await themes.list(query.limit, query.offset)).map(view) };
  });

  app.get<{ Params: { id: string } }>('/themes/:id', { config: { scope: 'read' } }, async (request) =>
    view(await themes.get(request.params.id)),
  );

  app.patch<{ Params: { id: string } }>('/themes/:id', { config: { scope: 'game' } }, async (request) => {
    const body = parseBody(themePatchSchema, request.body ?? {});
    return view(await themes.update(request.params.id, body));
  });

  app.delete<{ Params: { id: string } }>(
    '/themes/:id',
    { config: { scope: 'game' } },
    async (request, reply) => {
      await themes.delete(request.params.id);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { id: string } }>(
    '/themes/:id/attach',
    { config: { scope: 'game' } },
    async (request) => {
      const body = parseBody(targetSchema, request.body ?? {});
      const change = body.world_id
        ? await themes.attach(request.params.id, 'world', body.world_id)
        : await themes.attach(request.params.id, 'campaign', body.campaign_id!);
      return changeView(change);
    },
  );

  app.post('/themes/detach', { config: { scope: 'game' } }, async (request) => {
    const body = parseBody(targetSchema, request.body ?? {});
    const change = body.world_id
      ? await themes.detach('world', body.world_id)
      : await themes.detach('campaign', body.campaign_id!);
    return changeView(change);
  });
}

function changeView(change: Awaited<ReturnType<ThemeService['attach']>>) {
  return {
    object: 'theme.attachment',
    target: change.target,
    target_id: change.targetId,
    world_id: change.worldId,
    theme_id: change.theme?.id ?? null,
    previous_theme_id: change.previousThemeId,
  };
}
