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
 *
 * Schema-first: each route's zod schemas validate the request (a failure is a 400 naming the field),
 * type the handler and write the OpenAPI document; its response schema documents the answer.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Theme, type ThemeService, themeInputSchema, themePatchSchema } from '../../content/index.js';

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

const idParams = z.object({ id: z.string() });

const themeSchema = z
  .object({
    object: z.literal('theme'),
    id: z.string(),
    name: z.string(),
    description: z.string(),
    tone: z.string(),
    vocabulary: z.array(z.string()),
    banned_words: z.array(z.string()),
    anachronisms: z.array(z.string()),
    style_examples: z.array(z.string()),
    art_style: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Theme' });

const attachmentSchema = z.object({
  object: z.literal('theme.attachment'),
  target: z.enum(['world', 'campaign']),
  target_id: z.string(),
  world_id: z.string().nullable(),
  theme_id: z.string().nullable(),
  previous_theme_id: z.string().nullable(),
});

const view = (theme: Theme) => ({ object: 'theme' as const, ...theme });

export function themeRoutes(app: FastifyInstance, themes: ThemeService): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/themes',
    {
      config: { scope: 'game' },
      schema: { summary: 'Create a theme', body: themeInputSchema, response: { 201: themeSchema } },
    },
    async (request, reply) => reply.code(201).send(view(await themes.create(request.body))),
  );

  api.get(
    '/themes',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'List themes',
        querystring: listSchema,
        response: { 200: z.object({ object: z.literal('list'), data: z.array(themeSchema) }) },
      },
    },
    async (request) => ({
      object: 'list' as const,
      data: (await themes.list(request.query.limit, request.query.offset)).map(view),
    }),
  );

  api.get(
    '/themes/:id',
    {
      config: { scope: 'read' },
      schema: { summary: 'One theme', params: idParams, response: { 200: themeSchema } },
    },
    async (request) => view(await themes.get(request.params.id)),
  );

  api.patch(
    '/themes/:id',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'Change a theme (worlds and campaigns wearing it get theme_changed)',
        params: idParams,
        body: themePatchSchema,
        response: { 200: themeSchema },
      },
    },
    async (request) => view(await themes.update(request.params.id, request.body)),
  );

  api.delete(
    '/themes/:id',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'Delete a theme (and detach it)',
        params: idParams,
        response: { 204: z.null().describe('Deleted') },
      },
    },
    async (request, reply) => {
      await themes.delete(request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/themes/:id/attach',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'Attach a theme to a world or a campaign',
        params: idParams,
        body: targetSchema,
        response: { 200: attachmentSchema },
      },
    },
    async (request) => {
      const body = request.body;
      const change = body.world_id
        ? await themes.attach(request.params.id, 'world', body.world_id)
        : await themes.attach(request.params.id, 'campaign', body.campaign_id!);
      return changeView(change);
    },
  );

  api.post(
    '/themes/detach',
    {
      config: { scope: 'game' },
      schema: {
        summary: 'Detach the theme of a world or a campaign',
        body: targetSchema,
        response: { 200: attachmentSchema },
      },
    },
    async (request) => {
      const body = request.body;
      const change = body.world_id
        ? await themes.detach('world', body.world_id)
        : await themes.detach('campaign', body.campaign_id!);
      return changeView(change);
    },
  );
}

function changeView(change: Awaited<ReturnType<ThemeService['attach']>>) {
  return {
    object: 'theme.attachment' as const,
    target: change.target,
    target_id: change.targetId,
    world_id: change.worldId,
    theme_id: change.theme?.id ?? null,
    previous_theme_id: change.previousThemeId,
  };
}
