/**
 * Intentions: what the analysis role says a turn changed. `{updates: [...], creations: [...]}`.
 *
 * Model output is untrusted. It is parsed (a broken answer is repaired when it can be: code fences,
 * trailing commas, unquoted keys), validated by schema with bounds on every list and string (a list
 * over a turn's bound is clipped when planned, keeping the rest of the analysis), and then planned
 * against the world as the session sees it: an update names an entity (by id, name or alias), or it
 * becomes a creation when the turn's text names it, or it is dropped and reported. A creation never
 * chooses an id; one under a name or alias the world has becomes an update of that entity.
 */
import { jsonrepair } from 'jsonrepair';
import { z } from 'zod';
import { clipDepth } from './creation-bounds.js';
import { type EntityType, nameKey, normaliseEntityType } from './entities.js';

const MAX_TEXT = 2_000;
/** A turn plans at most this many of each; the rest of a longer list is dropped with its reason. */
export const MAX_UPDATES = 20;
export const MAX_CREATIONS = 10;
const clipped = (max: number) =>
  z
    .string()
    .transform((value) => value.trim().slice(0, max))
    .pipe(z.string());

/** Other names of an entity: "the ferryman" for Old Hesk. Empty ones are left out. */
const aliasList = z
  .array(z.string())
  .default([])
  .transform((names) =>
    names
      .slice(0, 10)
      .map((name) => name.trim().slice(0, 200))
      .filter((name) => name.length > 0),
  );

/** Names of characters (empty ones left out). */
const nameList = (max: number) =>
  z
    .array(z.string())
    .default([])
    .transform((names) =>
      names
        .slice(0, max)
        .map((name) => name.trim().slice(0, 200))
        .filter((name) => name.length > 0),
    );

/** A creation's initial data: an object, or (as the seed's examples write it) a sentence describing it. */
const initialData = z
  .union([z.string().transform((text) => text.trim().slice(0, MAX_TEXT)), z.record(z.string(), z.unknown())])
  .default({})
  .transform(
    (value): Record<string, unknown> =>
      typeof value === 'string'
        ? value
          ? { description: value }
          : {}
        : // Nested no deeper than a session's state; deeper parts are cut, the rest kept.
          (clipDepth(value) as Record<string, unknown>),
  );

export const intentionsSchema = z.object({
  updates: z
    .array(
      z.object({
        entity_id: clipped(200).pipe(z.string().min(1)),
        update_type: clipped(50).default('fact'),
        new_information: clipped(MAX_TEXT).pipe(z.string().min(1)),
        reasoning: clipped(MAX_TEXT).default(''),
        /** Names or epithets the turn gave this entity. */
        aliases: aliasList,
      }),
    )
    // No max here: the answer is cut at 100,000 characters before parsing, which bounds the list;
    // planning clips it to MAX_UPDATES / MAX_CREATIONS, recording the rest as dropped.
    .default([]),
  creations: z
    .array(
      z.object({
        entity_type: clipped(50).default('concept'),
        name: clipped(200).pipe(z.string().min(1)),
        aliases: aliasList,
        initial_data: initialData,
        reasoning: clipped(MAX_TEXT).default(''),
      }),
    )
    .default([]),
  /** Characters present in the scene (they saw or heard what the turn established). */
  present: nameList(20),
  /** One character telling another what they know about an entity. */
  told: z
    .array(
      z.object({
        teller: clipped(200).pipe(z.string().min(1)),
        listener: clipped(200).pipe(z.string().min(1)),
        about: clipped(200).pipe(z.string().min(1)),
      }),
    )
    .default([])
    .transform((told) => told.slice(0, 10)),
});
export type Intentions = z.infer<typeof intentionsSchema>;

export type ParsedOutput<T> = { ok: true; value: T; repaired: boolean } | { ok: false; error: string };

/**
 * Parses a model's JSON answer against `schema`: as is, then repaired (fences stripped, the outermost
 * object taken, jsonrepair). Bounded: the text is cut at `maxChars` before any work.
 */
export function parseModelJson<T>(schema: z.ZodType<T>, raw: string, maxChars = 100_000): ParsedOutput<T> {
  const text = raw.slice(0, maxChars).trim();
  let parsed: unknown;
  let repaired = false;
  try {
    parsed = JSON.parse(text);
  } catch {
    const candidate = outermostObject(stripFences(text));
    try {
      parsed = JSON.parse(jsonrepair(candidate));
      repaired = true;
    } catch (error) {
      return { ok: false, error: `not JSON: ${(error as Error).message.slice(0, 200)}` };
    }
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const at = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { ok: false, error: `invalid: ${at}${issue?.message ?? 'does not match the schema'}` };
  }
  return { ok: true, value: result.data, repaired };
}

function stripFences(text: string): string {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  return fenced?.[1] ?? text;
}

function outermostObject(text: string): string {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  return start >= 0 && end > start ? text.slice(start, end + 1) : text;
}

/** What the world says about a reference: an entity the session sees, or nothing. */
export type Resolver = (ref: string) => Promise<{ id: string; name: string; kind: string } | undefined>;

/**
 * A fact for an entity. `entity_id` is the entity's id; null when the entity is one this same turn
 * creates (`entity_name` is then its name, and the id is known once it is created).
 */
export interface PlannedUpdate {
  entity_id: string | null;
  entity_name: string;
  update_type: string;
  new_information: string;
  reasoning: string;
  /** Names the turn gave the entity, to be added to it. */
  aliases: string[];
}

export interface PlannedCreation {
  entity_type: EntityType;
  name: string;
  aliases: string[];
  initial_data: Record<string, unknown>;
  reasoning: string;
}

/** An intention not carried out as written, and why: dropped, merged into another, or redirected. */
export interface ChangedIntention {
  kind: 'update' | 'creation' | 'alias' | 'told';
  ref: string;
  outcome: 'dropped' | 'merged' | 'redirected';
  reason: string;
}

export interface IntentionPlan {
  updates: PlannedUpdate[];
  creations: PlannedCreation[];
  present: string[];
  told: Intentions['told'];
  /** Every intention dropped, merged or redirected, with its reason (stored on the turn, published). */
  changed: ChangedIntention[];
}

/** "mira_thornwood" → "Mira Thornwood": how a name-like id reads as a name. */
function nameFromRef(ref: string): string {
  return ref
    .replace(/[_-]+/g, ' ')
    .trim()
    .split(/\s+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/** What a creation turned into an update says about its entity. */
function informationOf(creation: Intentions['creations'][number]): string {
  const data = creation.initial_data;
  const text = [data.description, data.note, data.summary].find(
    (value): value is string => typeof value === 'string' && value.trim().length > 0,
  );
  return (text ?? creation.reasoning).trim().slice(0, MAX_TEXT);
}

/**
 * Turns validated intentions into work for this world, as the session sees it. Creations are planned
 * first, so an update naming a creation of the same turn (by its name or an alias) lands on it.
 * A creation under a name or alias the world already has becomes an update of that entity; an
 * update to an unknown entity becomes a creation only if the turn (`turnText`: input and narration)
 * names it. Nothing is left out without an entry in `changed`.
 */
export async function planIntentions(
  intentions: Intentions,
  resolve: Resolver,
  turnText: string,
): Promise<IntentionPlan> {
  const plan: IntentionPlan = {
    updates: [],
    creations: [],
    present: intentions.present,
    told: intentions.told,
    changed: [],
  };
  const spoken = ` ${nameKey(turnText)} `;
  /** This turn's creations by each of their names. */
  const creating = new Map<string, PlannedCreation>();
  const claim = (creation: PlannedCreation, names: readonly string[]) => {
    for (const name of names) {
      const key = nameKey(name);
      if (key && !creating.has(key)) creating.set(key, creation);
    }
  };

  const overBound = (kind: 'update' | 'creation', ref: string, bound: number) =>
    plan.changed.push({
      kind,
      ref,
      outcome: 'dropped',
      reason: `over the bound of ${bound} ${kind}s per turn`,
    });
  for (const update of intentions.updates.slice(MAX_UPDATES))
    overBound('update', update.entity_id, MAX_UPDATES);
  for (const creation of intentions.creations.slice(MAX_CREATIONS))
    overBound('creation', creation.name, MAX_CREATIONS);

  for (const creation of intentions.creations.slice(0, MAX_CREATIONS)) {
    const existing = await resolve(creation.name);
    if (existing) {
      plan.changed.push({
        kind: 'creation',
        ref: creation.name,
        outcome: 'redirected',
        reason: `"${creation.name}" already names ${existing.id} (${existing.name}): an update of it instead`,
      });
      const information = informationOf(creation);
      plan.updates.push({
        entity_id: existing.id,
        entity_name: existing.name,
        update_type: 'fact',
        new_information: information || `${existing.name} appears again.`,
        reasoning: creation.reasoning,
        aliases: creation.aliases,
      });
      continue;
    }
    const key = nameKey(creation.name);
    const twin = creating.get(key);
    if (!key) {
      plan.changed.push({
        kind: 'creation',
        ref: creation.name,
        outcome: 'dropped',
        reason: 'the name has no letters or digits',
      });
      continue;
    }
    if (twin) {
      // Named twice in one turn: one entity, with both records' names and data.
      twin.aliases = uniqueNames([...twin.aliases, ...creation.aliases], twin.name);
      twin.initial_data = { ...creation.initial_data, ...twin.initial_data };
      claim(twin, creation.aliases);
      plan.changed.push({
        kind: 'creation',
        ref: creation.name,
        outcome: 'merged',
        reason: `named twice in one turn: merged into the creation of "${twin.name}"`,
      });
      continue;
    }
    const planned: PlannedCreation = {
      entity_type: normaliseEntityType(creation.entity_type),
      name: creation.name,
      aliases: uniqueNames(creation.aliases, creation.name),
      initial_data: creation.initial_data,
      reasoning: creation.reasoning,
    };
    plan.creations.push(planned);
    claim(planned, [planned.name, ...planned.aliases]);
  }

  for (const update of intentions.updates.slice(0, MAX_UPDATES)) {
    const entity = await resolve(update.entity_id);
    const pending = entity ? undefined : creating.get(nameKey(update.entity_id));
    if (entity || pending) {
      if (pending && nameKey(pending.name) !== nameKey(update.entity_id))
        plan.changed.push({
          kind: 'update',
          ref: update.entity_id,
          outcome: 'redirected',
          reason: `an alias of "${pending.name}", which this turn creates`,
        });
      plan.updates.push({
        entity_id: entity?.id ?? null,
        entity_name: entity?.name ?? (pending as PlannedCreation).name,
        update_type: update.update_type,
        new_information: update.new_information,
        reasoning: update.reasoning,
        aliases: update.aliases,
      });
      continue;
    }
    const name = nameFromRef(update.entity_id);
    const key = nameKey(name);
    if (key.length >= 3 && spoken.includes(` ${key} `)) {
      const planned: PlannedCreation = {
        entity_type: 'character',
        name,
        aliases: uniqueNames(update.aliases, name),
        initial_data: { description: update.new_information },
        reasoning: `An update to "${update.entity_id}", which the turn names but the world does not know yet.`,
      };
      plan.creations.push(planned);
      claim(planned, [planned.name, ...planned.aliases]);
      plan.changed.push({
        kind: 'update',
        ref: update.entity_id,
        outcome: 'redirected',
        reason: 'the world has no such entity and the turn names it: a creation instead',
      });
      continue;
    }
    plan.changed.push({
      kind: 'update',
      ref: update.entity_id,
      outcome: 'dropped',
      reason: 'no entity this session sees has that id or name, and the turn does not name it',
    });
  }
  return plan;
}

/** Names without repeats (by `nameKey`) and without `own` (an entity's name is not its alias). */
function uniqueNames(names: readonly string[], own: string): string[] {
  const seen = new Set([nameKey(own)]);
  const out: string[] = [];
  for (const name of names) {
    const key = nameKey(name);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}
