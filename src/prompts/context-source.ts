/**
 * Gathers a game's state from the store into the standard context variables (world, character,
 * game_state, world_facts, lore, notes, recent_turns), for the context builder to fit. Where the data
 * lives until the narrative and memory layers own it:
 *
 * - world: the world's name and description; character: the entity's current version (the session's
 *   overlay first), its summary and `data.traits`;
 * - world_facts: the summaries of the world's other entities, ranked by word overlap with the input;
 * - lore: the world's `lore` context entry (`[{title, text}]`), ranked the same way (retrieval by
 *   meaning replaces this when the memory layer lands);
 * - game_state and notes: the session's `state` and `notes` context entries;
 * - recent_turns: the session's latest turns, oldest first.
 */
import type { Store } from '../store/index.js';

export interface ContextQuery {
  worldId?: string | undefined;
  sessionId?: string | undefined;
  characterId?: string | undefined;
  /** The player's input: ranks facts and lore, and fills `player_input`. */
  input?: string | undefined;
  /** Bounds on what is read (the builder then fits what was read into the budget). */
  maxEntities?: number;
  maxTurns?: number;
}

const WORD = /[\p{L}\p{N}]{3,}/gu;

function words(text: string): Set<string> {
  return new Set((text.toLowerCase().match(WORD) ?? []) as string[]);
}

function overlap(query: Set<string>, text: string): number {
  let score = 0;
  for (const word of words(text)) if (query.has(word)) score += 1;
  return score;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export async function gatherContext(store: Store, query: ContextQuery): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const queryWords = words(query.input ?? '');
  if (query.input !== undefined) out.player_input = query.input;
  const session = query.sessionId ? await store.sessions.get(query.sessionId) : undefined;
  const worldId = query.worldId ?? session?.worldId ?? undefined;
  const world = worldId ? await store.worlds.getWorld(worldId) : undefined;
  if (world) {
    out.world = { name: world.name, ...(world.description && { description: world.description }) };
    out.world_name = world.name;
    const entities = (await store.worlds.listEntities(world.id)).slice(0, query.maxEntities ?? 500);
    const facts: Array<{ text: string; score: number }> = [];
    for (const entity of entities) {
      const current = await store.worlds.current(entity.id, session?.id);
      if (!current) continue;
      if (entity.id === query.characterId) {
        const traits = asArray(current.data.traits).filter((t): t is string => typeof t === 'string');
        out.character = {
          name: current.name,
          ...(current.summary && { description: current.summary }),
          ...(traits.length > 0 && { traits }),
        };
        continue;
      }
      if (current.summary) {
        const text = `${current.name}: ${current.summary}`;
        facts.push({ text, score: overlap(queryWords, text) });
      }
    }
    out.world_facts = facts.sort((a, b) => b.score - a.score).map((fact) => fact.text);
    const lore = asArray(await store.context.get('world', world.id, 'lore'))
      .filter((entry): entry is { title: string; text: string } => {
        const e = entry as { title?: unknown; text?: unknown };
        return typeof e?.title === 'string' && typeof e.text === 'string';
      })
      .map((entry) => ({ entry, score: overlap(queryWords, `${entry.title} ${entry.text}`) }));
    out.lore = lore
      .sort((a, b) => b.score - a.score)
      .map(({ entry }) => ({ title: entry.title, text: entry.text }));
  }
  if (session) {
    const state = await store.context.get('session', session.id, 'state');
    if (state !== undefined && state !== null) out.game_state = state;
    const notes = asArray(await store.context.get('session', session.id, 'notes'));
    out.notes = notes.filter((note): note is string => typeof note === 'string');
    const maxTurns = query.maxTurns ?? 50;
    const turns = await store.sessions.turns(session.id, {
      afterNumber: Math.max(0, session.turnCount - maxTurns),
      limit: maxTurns,
    });
    out.recent_turns = turns
      .filter((turn) => turn.output !== null)
      .map((turn) => ({ input: turn.input, output: turn.output ?? '' }));
  }
  return out;
}
