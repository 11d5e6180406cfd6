/**
 * Saves generated content in a world as entities: a new entity, or a new version of the one that already
 * has the name, with connections to the places and people it mentions (linked when the world knows them).
 */
import type { EntityInput } from '../narrative/entities.js';
import { NarrativeError } from '../narrative/errors.js';
import type { ChangeContext, EntityView, WorldService } from '../narrative/worlds.js';
import type { Campaign, Character, ContentType, Encounter, Item, Location, Npc, Quest } from './schemas.js';

type Attributes = Record<string, string | number | boolean>;

function entity(
  type: EntityInput['type'],
  name: string,
  description: string,
  extra: {
    tags?: string[];
    note?: string;
    attributes?: Attributes;
    connections?: Array<{ to: string; relation: string }>;
  },
): EntityInput {
  return {
    type,
    name: name.slice(0, 200),
    aliases: [],
    tags: (extra.tags ?? []).map((tag) => tag.toLowerCase().slice(0, 64)).slice(0, 20),
    description: description.slice(0, 8_000),
    note: (extra.note ?? '').slice(0, 8_000),
    connections: (extra.connections ?? []).filter((c) => c.to.trim().length > 0).slice(0, 50),
    attributes: extra.attributes ?? {},
  };
}

const imageOf = (content: { image?: { id: string } | null }): Attributes =>
  content.image ? { image_id: content.image.id } : {};

/** The entities a piece of content becomes; the first is the content itself. */
export function entitiesOf(type: ContentType, content: unknown): EntityInput[] {
  switch (type) {
    case 'character': {
      const c = content as Character;
      return [
        entity('character', c.name, `${c.appearance}\n\n${c.backstory}`, {
          tags: ['character', c.class, c.species],
          note: `${c.personality.traits.join(', ')}. ${c.personality.ideals} ${c.personality.bonds} ${c.personality.flaws}`,
          attributes: {
            content_type: 'character',
            species: c.species,
            class: c.class,
            level: c.level,
            hit_points: c.hit_points,
            ...imageOf(c),
          },
        }),
      ];
    }
    case 'npc': {
      const n = content as Npc;
      return [
        entity('character', n.name, `${n.appearance}\n\n${n.personality}`, {
          tags: ['npc', n.occupation],
          note: `Wants: ${n.motivation} Speaks: ${n.speech}`,
          attributes: {
            content_type: 'npc',
            species: n.species,
            occupation: n.occupation,
            secret: n.secret.slice(0, 2_000),
            ...imageOf(n),
          },
          connections: n.location ? [{ to: n.location, relation: 'found at' }] : [],
        }),
      ];
    }
    case 'location': {
      const l = content as Location;
      return [
        entity('location', l.name, `${l.description}\n\n${l.atmosphere}`, {
          tags: ['location', l.kind],
          note: l.points_of_interest.map((p) => `${p.name}: ${p.description}`).join('\n'),
          attributes: { content_type: 'location', kind: l.kind, ...imageOf(l) },
          connections: l.inhabitants.map((name) => ({ to: name, relation: 'home of' })),
        }),
      ];
    }
    case 'quest': {
      const q = content as Quest;
      return [
        entity('quest', q.name, q.summary, {
          tags: ['quest'],
          note: q.objectives.map((o) => `- ${o.description}`).join('\n'),
          attributes: { content_type: 'quest', rewards: q.rewards.join('; ').slice(0, 2_000), ...imageOf(q) },
          connections: [
            { to: q.giver, relation: 'given by' },
            ...(q.location ? [{ to: q.location, relation: 'takes place at' }] : []),
          ],
        }),
      ];
    }
    case 'item': {
      const i = content as Item;
      return [
        entity('item', i.name, i.description, {
          tags: ['item', i.kind, i.rarity],
          note: i.history,
          attributes: {
            content_type: 'item',
            kind: i.kind,
            rarity: i.rarity,
            requires_attunement: i.requires_attunement,
            value_gp: i.value_gp,
            properties: i.properties.join('; ').slice(0, 2_000),
            ...imageOf(i),
          },
        }),
      ];
    }
    case 'encounter': {
      const e = content as Encounter;
      return [
        entity('event', e.name, e.summary, {
          tags: ['encounter', e.difficulty],
          note: `${e.tactics}\n\nTerrain: ${e.terrain}`,
          attributes: {
            content_type: 'encounter',
            difficulty: e.difficulty,
            party_level: e.party_level,
            creatures: e.creatures.map((c) => `${c.count} × ${c.name}`).join(', '),
            ...imageOf(e),
          },
          connections: [{ to: e.location, relation: 'happens at' }],
        }),
      ];
    }
    case 'campaign': {
      const c = content as Campaign;
      return [
        entity('concept', c.name, c.premise, {
          tags: ['campaign'],
          note: c.acts.map((act, n) => `Act ${n + 1}, ${act.title}: ${act.summary}`).join('\n'),
          attributes: { content_type: 'campaign', acts: c.acts.length, ...imageOf(c) },
          connections: [
            ...c.locations.map((l) => ({ to: l.name, relation: 'features' })),
            ...c.npcs.map((n) => ({ to: n.name, relation: 'features' })),
          ],
        }),
        ...c.locations.map((l) =>
          entity('location', l.name, l.description, {
            tags: ['location'],
            attributes: { content_type: 'location' },
            connections: [{ to: c.name, relation: 'part of campaign' }],
          }),
        ),
        ...c.npcs.map((n) =>
          entity('character', n.name, n.role, {
            tags: ['npc'],
            attributes: { content_type: 'npc' },
            connections: [{ to: c.name, relation: 'appears in' }],
          }),
        ),
      ];
    }
  }
}

/**
 * Writes each entity: created when new, else a new version of the entity of that name and kind (a name
 * another kind already has gets its kind added: "The Drowned Bell (concept)"). The content's own entity
 * goes last, so its connections find the places and people saved with it.
 */
export async function saveToWorld(
  worlds: WorldService,
  worldId: string,
  inputs: readonly EntityInput[],
  context: ChangeContext,
): Promise<EntityView[]> {
  const [main, ...rest] = inputs;
  const saved: EntityView[] = [];
  for (const input of [...rest, ...(main ? [main] : [])])
    saved.push(await upsert(worlds, worldId, input, context));
  // The content first in the answer, as in the input.
  return saved.length > 0 ? [saved.at(-1)!, ...saved.slice(0, -1)] : saved;
}

async function upsert(
  worlds: WorldService,
  worldId: string,
  input: EntityInput,
  context: ChangeContext,
): Promise<EntityView> {
  const existing = await worlds.resolve(worldId, input.name);
  if (existing && existing.kind !== input.type) {
    // The name belongs to another kind of thing (a quest named like the campaign): a campaign's premise
    // must not become a version of that quest, so this one is saved under its name and kind, as shown.
    const qualified = `${input.name} (${input.type})`;
    if (!input.name.endsWith(`(${input.type})`))
      return upsert(worlds, worldId, { ...input, name: qualified.slice(0, 200) }, context);
  }
  if (existing && existing.kind === input.type) {
    const { type: _type, ...patch } = input;
    return worlds.updateEntity(existing.id, patch, context);
  }
  try {
    return await worlds.createEntity(worldId, input, context);
  } catch (error) {
    // Another writer created it meanwhile: write a version of theirs.
    if (error instanceof NarrativeError && error.statusCode === 409) {
      const raced = await worlds.resolve(worldId, input.name);
      if (raced && raced.kind === input.type) {
        const { type: _type, ...patch } = input;
        return worlds.updateEntity(raced.id, patch, context);
      }
    }
    throw error;
  }
}
