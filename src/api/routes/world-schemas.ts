/**
 * Request and response schemas of the world, entity, session and turn routes (worlds.ts, live-state.ts).
 *
 * Requests: what a later step reads is checked as that step would check it, at creation. The
 * narrator's variables (prompts/narrator.yaml) take `character.name` of at most 200 characters, the
 * session's notes as strings and the state as JSON; a world or session that passed creation but not
 * the narrator could never play a turn (500 on every one). So a world's `settings.player`, `theme` and
 * `state`, and a session's `metadata.player`, `notes` and `state`, are declared and bounded here.
 *
 * Responses: the shapes the handlers write (worlds.ts's views), for the OpenAPI document.
 */
import { z } from 'zod';
import { TASK_OUTCOMES, TASK_TYPES } from '../../jobs/types.js';
import { ENTITY_TYPES, NOTE_LIMITS, STATE_BOUNDS } from '../../narrative/index.js';
import { boundedJsonObject, INT32_MAX, queryInt, SETTINGS_BOUNDS } from '../bounded-json.js';

// ---------------------------------------------------------------- requests

/** What the narrator reads of a player character (`character.name` at most 200 characters). */
const playerFields = {
  name: z.string().max(200),
  description: z.string().max(10_000),
  traits: z.array(z.string().max(500)).max(100),
};
const themeFields = { genre: z.string().max(1_000), tone: z.string().max(1_000) };

const player = z.looseObject({
  name: playerFields.name.optional(),
  description: playerFields.description.optional(),
  traits: playerFields.traits.optional(),
});
const theme = z.looseObject({ genre: themeFields.genre.optional(), tone: themeFields.tone.optional() });

/** A world's settings: theme {genre, tone, style}, state {location, time, …}, player {name, description, traits}. */
export const worldSettingsSchema = boundedJsonObject(SETTINGS_BOUNDS, {
  player: player.optional(),
  theme: theme.optional(),
  state: boundedJsonObject(STATE_BOUNDS).optional(),
});

export const createWorldSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(4_000).optional(),
    /** One shared persistent world: what happens in a session changes canon. */
    shared: z.boolean().default(false),
    settings: worldSettingsSchema.default({}),
  })
  .strict();

/** A session's metadata: notes (what the narrator is reminded of), state, player {name, description, traits}. */
export const sessionMetadataSchema = boundedJsonObject(SETTINGS_BOUNDS, {
  notes: z.array(z.string().max(NOTE_LIMITS.chars)).max(NOTE_LIMITS.count).optional(),
  state: boundedJsonObject(STATE_BOUNDS).optional(),
  player: player.optional(),
});

export const createSessionSchema = z
  .object({
    player: z.string().trim().min(1).max(200).optional(),
    metadata: sessionMetadataSchema.default({}),
  })
  .strict();

/** A JSON merge-patch (RFC 7396) of a session's state: `null` removes a key. */
export const statePatchSchema = boundedJsonObject(STATE_BOUNDS);

export const playTurnSchema = z
  .object({
    input: z.string().trim().min(1).max(4_000),
    /** `true`: the turn as server-sent events (delta, then turn, then [DONE]). */
    stream: z.boolean().default(false),
    /** A JSON merge-patch of the session's state, applied before the turn is played. */
    state: statePatchSchema.optional(),
  })
  .strict();

/**
 * `Idempotency-Key`: 1–255 printable ASCII characters (Stripe's form), not starting with a quote. The
 * IETF draft's structured string form, in double quotes, is read without its quotes, so both name the
 * same key.
 */
export const idempotencyKeySchema = z
  .string()
  .regex(/^(?:"[\x20-\x21\x23-\x5b\x5d-\x7e]{1,255}"|[\x21\x23-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?)$/, {
    message: 'expected 1 to 255 printable ASCII characters (a UUID, say), bare or in double quotes',
  })
  .transform((key) => (key.startsWith('"') && key.endsWith('"') && key.length > 1 ? key.slice(1, -1) : key))
  .describe(
    'A key the client makes for this turn (a UUID, say): a retry with the same key and request is answered ' +
      "with the first turn's stored answer instead of playing a second turn.",
  );

/** The headers a turn reads (all others pass through untouched). */
export const turnHeadersSchema = z.looseObject({ 'idempotency-key': idempotencyKeySchema.optional() });

/** A merge-patch of `settings.theme`: what it sets is checked as a theme is, `null` removes. */
export const themePatchSchema = boundedJsonObject(SETTINGS_BOUNDS, {
  genre: themeFields.genre.nullable().optional(),
  tone: themeFields.tone.nullable().optional(),
});

/** A merge-patch of a world's settings: what it sets is checked as at creation, `null` removes. */
export const settingsPatchSchema = boundedJsonObject(SETTINGS_BOUNDS, {
  player: z
    .looseObject({
      name: playerFields.name.nullable().optional(),
      description: playerFields.description.nullable().optional(),
      traits: playerFields.traits.nullable().optional(),
    })
    .nullable()
    .optional(),
  theme: themePatchSchema.nullable().optional(),
  state: statePatchSchema.nullable().optional(),
});

export const idParams = z.object({ id: z.string().min(1).max(128) });
export const entityParams = z.object({
  id: z.string().min(1).max(128),
  entityId: z.string().min(1).max(128),
});

/** A session's turn, by its number (as GET /sessions/{id} lists them). */
export const turnParams = z.object({
  id: z.string().min(1).max(128),
  number: queryInt(1, INT32_MAX).describe("The turn's number in its session (1, 2, …)"),
});
export const turnTasksQuery = z.object({ limit: queryInt(1, 500).default(100) });

// ---------------------------------------------------------------- responses

const timestamp = z.string().describe('ISO 8601');
const jsonObject = z.record(z.string(), z.unknown());

export const worldSchema = z
  .object({
    id: z.string(),
    object: z.literal('world'),
    name: z.string(),
    description: z.string().nullable(),
    shared: z.boolean(),
    settings: jsonObject,
    turn_count: z.number().int(),
    entity_count: z.number().int(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'World' });

export const worldListSchema = z.object({ object: z.literal('list'), data: z.array(worldSchema) });

export const importedWorldSchema = worldSchema
  .extend({
    import: z.object({
      format: z.string(),
      format_name: z.string(),
      entities: z.number().int(),
      warnings: z.array(z.string()),
    }),
  })
  .meta({ id: 'ImportedWorld' });

export const entitySchema = z
  .object({
    id: z.string(),
    object: z.literal('entity'),
    world_id: z.string(),
    type: z.enum(ENTITY_TYPES),
    name: z.string(),
    aliases: z.array(z.string()),
    tags: z.array(z.string()),
    description: z.string(),
    note: z.string(),
    connections: z.array(
      z.object({ entity_id: z.string().nullable(), name: z.string(), relation: z.string() }),
    ),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    version: z.number().int(),
    scope: z.enum(['canon', 'session']),
    session_id: z.string().nullable(),
    changed_by: z.string(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Entity' });

export const entityListSchema = z.object({
  object: z.literal('list'),
  data: z.array(entitySchema),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const entityVersionListSchema = z.object({
  object: z.literal('list'),
  data: z.array(
    z
      .object({
        version: z.number().int(),
        scope: z.enum(['canon', 'session']),
        session_id: z.string().nullable(),
        name: z.string(),
        note: z.string(),
        data: jsonObject.describe(
          "The entity's fields at this version (description, note, aliases, tags, connections, attributes…)",
        ),
        changed_by: z.string(),
        reason: z.string().nullable(),
        turn_id: z.number().int().nullable(),
        created_at: timestamp,
      })
      .meta({ id: 'EntityVersion' }),
  ),
});

export const knowledgeSchema = z
  .object({
    object: z.literal('list'),
    entity: z.object({ id: z.string(), name: z.string(), type: z.string() }),
    session_id: z.string(),
    data: z.array(
      z.object({
        about: z.object({ id: z.string(), name: z.string() }),
        fact: z.string(),
        how: z.enum(['present', 'told']),
        turn_id: z.number().int().nullable(),
        learned_at: timestamp,
      }),
    ),
  })
  .meta({ id: 'EntityKnowledge' });

export const promotionSchema = z
  .object({
    object: z.literal('promotion'),
    session_id: z.string(),
    promoted: z.array(z.object({ entity_id: z.string(), version: z.number().int() })),
    conflicts: z.array(
      z.object({ entity_id: z.string(), name: z.string(), held_by: z.string(), outcome: z.string() }),
    ),
    unchanged: z.array(z.object({ entity_id: z.string(), reason: z.string() })),
  })
  .meta({ id: 'Promotion' });

const sessionFields = {
  id: z.string(),
  object: z.literal('session'),
  world_id: z.string().nullable(),
  player: z.string().nullable(),
  status: z.enum(['active', 'ended']),
  metadata: jsonObject,
  turn_count: z.number().int(),
  created_at: timestamp,
  updated_at: timestamp,
};

export const storedTurnSchema = z
  .object({
    id: z.number().int(),
    number: z.number().int(),
    input: z.string(),
    output: z.string().nullable(),
    analysed: z.boolean(),
    analysis: z.unknown().describe('What the analysis of the turn found (null until it ran)'),
    created_at: timestamp,
  })
  .meta({ id: 'StoredTurn' });

export const sessionSchema = z
  .object({ ...sessionFields, turns: z.array(storedTurnSchema) })
  .meta({ id: 'Session' });

export const sessionSummarySchema = z.object(sessionFields).meta({ id: 'SessionSummary' });

export const turnTaskSchema = z
  .object({
    object: z.literal('maintenance.task'),
    id: z.string(),
    type: z.enum(TASK_TYPES),
    state: z.enum(['pending', 'processing', 'completed', 'failed']),
    outcome: z
      .enum(TASK_OUTCOMES)
      .nullable()
      .describe(
        'How a completed task ended (done, already-done, skipped); null while it waits or runs, or failed',
      ),
    detail: z
      .string()
      .nullable()
      .describe("The handler's word on a completed task: a skip's reason (e.g. the entity was deleted)"),
    error: z.string().nullable().describe('The last failure (a task waiting for its retry keeps it)'),
    attempts: z.number().int(),
    max_attempts: z.number().int(),
    created_at: timestamp,
    finished_at: timestamp.nullable().describe('When it completed or was dead-lettered'),
  })
  .meta({ id: 'TurnTask' });

export const turnTasksSchema = z
  .object({
    object: z.literal('list'),
    session_id: z.string(),
    turn_id: z.number().int(),
    turn_number: z.number().int(),
    data: z
      .array(turnTaskSchema)
      .describe('Oldest first: the analysis and simulation, then their note, entity and embedding tasks'),
  })
  .meta({ id: 'TurnTasks' });

export const sessionListSchema = z.object({
  object: z.literal('list'),
  world_id: z.string(),
  data: z.array(sessionSummarySchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const turnSchema = z
  .object({
    object: z.literal('turn'),
    id: z.number().int(),
    number: z.number().int(),
    call_id: z.string().nullable().describe('What POST /llm/feedback takes'),
    session_id: z.string(),
    world_id: z.string(),
    narration: z.string(),
    panel: z.object({
      location: z.string().nullable(),
      time: z.string().nullable(),
      present: z.array(z.string()),
      objective: z.string().nullable(),
      actions: z.array(z.string()),
      mood: z.string().nullable(),
      visible_entities: z.array(z.object({ id: z.string(), name: z.string(), type: z.string() })),
    }),
    provider: z.string(),
    model: z.string(),
    usage: z.object({
      prompt_tokens: z.number().int(),
      completion_tokens: z.number().int(),
      total_tokens: z.number().int(),
    }),
    /** The lore the narrator was given: why retrieval found each (searches, ranks, names) and its score. */
    lore: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        kind: z.string(),
        found_by: z.enum(['lexical', 'vector', 'both']),
        reasons: z.array(z.string()),
        score: z.number(),
      }),
    ),
    timings: z.object({
      overhead_ms: z.number(),
      retrieval_ms: z.number(),
      model_ms: z.number(),
      total_ms: z.number(),
    }),
  })
  .meta({ id: 'Turn' });

export const removedSchema = z
  .object({
    object: z.enum(['session', 'world']),
    id: z.string(),
    deleted: z.literal(true),
    removed: z.object({
      sessions: z.number().int(),
      turns: z.number().int(),
      entities: z.number().int(),
      versions: z.number().int(),
      facts: z.number().int(),
      documents: z.number().int(),
    }),
  })
  .meta({ id: 'Removed' });
