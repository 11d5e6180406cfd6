/**
 * Intentions: what the analysis role says a turn changed. `{updates: [...], creations: [...]}`.
 *
 * Model output is untrusted. It is parsed (a broken answer is repaired when it can be: code fences,
 * trailing commas, unquoted keys), validated by schema with bounds on every list and string (a list
 * over a turn's bound is clipped when planned, keeping the rest of the analysis), and then
 * planned against the world: an update names an entity of *this* world (by id or by a name), or it
 * becomes a creation when the turn's text names it, or it is dropped and reported. A creation never
 * chooses an id and never duplicates an entity that exists under that name or an alias.
 */
import { jsonrepair } from 'jsonrepair';
import { z } from 'zod';
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

export const intentionsSchema = z.object({
  updates: z
    .array(
      z.object({
        entity_id: clipped(200).pipe(z.string().min(1)),
        update_type: clipped(50).default('fact'),
        new_information: clipped(MAX_TEXT).pipe(z.string().min(1)),
        reasoning: clipped(MAX_TEXT).default(''),
      }),
    )
    // No max here: the answer is cut at 100,000 characters before parsing, which bounds the list.
    .default([]),
  creations: z
    .array(
      z.object({
        entity_type: clipped(50).default('concept'),
        name: clipped(200).pipe(z.string().min(1)),
        initial_data: z.record(z.string(), z.unknown()).default({}),
        reasoning: clipped(MAX_TEXT).default(''),
      }),
    )
    .default([]),
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

/** What the world says about a reference: an entity of this world, or nothing. */
export type Resolver = (ref: string) => Promise<{ id: string; name: string; kind: string } | undefined>;

export interface PlannedUpdate {
  entityId: string;
  entityName: string;
  updateType: string;
  newInformation: string;
  reasoning: string;
}

export interface PlannedCreation {
  entityType: EntityType;
  name: string;
  initialData: Record<string, unknown>;
  reasoning: string;
}

export interface DroppedIntention {
  kind: 'update' | 'creation';
  ref: string;
  reason: string;
}

export interface IntentionPlan {
  updates: PlannedUpdate[];
  creations: PlannedCreation[];
  dropped: DroppedIntention[];
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

/**
 * Turns validated intentions into work for this world. `turnText` is the turn's input and narration:
 * an update to an unknown entity becomes a creation only if the turn actually names it.
 */
export async function planIntentions(
  intentions: Intentions,
  resolve: Resolver,
  turnText: string,
): Promise<IntentionPlan> {
  const plan: IntentionPlan = { updates: [], creations: [], dropped: [] };
  const spoken = ` ${nameKey(turnText)} `;
  const creating = new Set<string>();
  const create = (creation: PlannedCreation) => {
    const key = nameKey(creation.name);
    if (!key || creating.has(key)) return false;
    creating.add(key);
    plan.creations.push(creation);
    return true;
  };
  const overBound = (kind: DroppedIntention['kind'], ref: string, bound: number) =>
    plan.dropped.push({ kind, ref, reason: `over the bound of ${bound} ${kind}s per turn` });
  for (const update of intentions.updates.slice(MAX_UPDATES))
    overBound('update', update.entity_id, MAX_UPDATES);
  for (const creation of intentions.creations.slice(MAX_CREATIONS))
    overBound('creation', creation.name, MAX_CREATIONS);
  for (const update of intentions.updates.slice(0, MAX_UPDATES)) {
    const entity = await resolve(update.entity_id);
    if (entity) {
      plan.updates.push({
        entityId: entity.id,
        entityName: entity.name,
        updateType: update.update_type,
        newInformation: update.new_information,
        reasoning: update.reasoning,
      });
      continue;
    }
    const name = nameFromRef(update.entity_id);
    const key = nameKey(name);
    if (key.length >= 3 && spoken.includes(` ${key} `)) {
      create({
        entityType: 'character',
        name,
        initialData: { description: update.new_information },
        reasoning: `An update to "${update.entity_id}", which the turn names but the world does not know yet.`,
      });
      continue;
    }
    plan.dropped.push({
      kind: 'update',
      ref: update.entity_id,
      reason: 'no entity of this world has that id or name, and the turn does not name it',
    });
  }
  for (const creation of intentions.creations.slice(0, MAX_CREATIONS)) {
    const existing = await resolve(creation.name);
    if (existing) {
      plan.dropped.push({
        kind: 'creation',
        ref: creation.name,
        reason: `already exists as ${existing.id} (${existing.name})`,
      });
      continue;
    }
    if (
      !create({
        entityType: normaliseEntityType(creation.entity_type),
        name: creation.name,
        initialData: creation.initial_data,
        reasoning: creation.reasoning,
      })
    )
      plan.dropped.push({ kind: 'creation', ref: creation.name, reason: 'named twice in one turn' });
  }
  return plan;
}
