/**
 * A generated world for benchmarks: N entities with unique names (made of seeded syllables, so no
 * two share a distinctive word by accident), mixed types, and one to three sentences of description
 * each; and player inputs that name them. The same seed gives the same world.
 */
import type { EntityInput, EntityType } from '../../src/narrative/index.js';

/** A small seeded PRNG (mulberry32): the same seed, the same world, every run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const ONSETS = ['b', 'br', 'c', 'd', 'dr', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'th', 'v'];
const NUCLEI = ['a', 'e', 'i', 'o', 'u', 'ae', 'ia', 'ou'];
const CODAS = ['', 'n', 'r', 'l', 's', 'th', 'nd', 'rk', 'sh', 'm'];

/** Types in rough proportion to a played world: many characters and places, fewer of the rest. */
const TYPE_MIX: Array<[EntityType, number]> = [
  ['character', 40],
  ['location', 22],
  ['item', 14],
  ['faction', 8],
  ['quest', 6],
  ['concept', 5],
  ['event', 5],
];

const PLACE_WORDS = [
  'Quay',
  'Hollow',
  'Reach',
  'Market',
  'Tower',
  'Ford',
  'Crossing',
  'Mill',
  'Gate',
  'Abbey',
];
const ITEM_WORDS = ['Lantern', 'Key', 'Blade', 'Ledger', 'Bell', 'Compass', 'Ring', 'Map', 'Chalice', 'Seal'];
const FACTION_WORDS = ['Order', 'Guild', 'Company', 'Circle', 'Brotherhood', 'League', 'Watch', 'Court'];
const QUEST_WORDS = ['Search for', 'Debt of', 'Return of', 'Oath of', 'Trial of', 'Secret of'];
const EVENT_WORDS = ['Fire', 'Flood', 'Feast', 'Siege', 'Fair', 'Eclipse', 'Wedding', 'Plague'];
const CONCEPT_WORDS = ['Law', 'Rite', 'Tongue', 'Custom', 'Creed', 'Art'];

const SENTENCES: Record<EntityType, string[]> = {
  character: [
    '{name} is a {trait} {role} who keeps to the edge of every crowd.',
    'Most nights {name} can be found near {place}, trading rumours for coin.',
    '{name} owes a debt to {faction} and has not said how it will be paid.',
    'People say {name} once carried {item} across the marshes alone.',
    '{name} speaks softly, remembers every slight, and forgives none of them.',
    'Since the last winter {name} has been looking for someone who left without a word.',
  ],
  location: [
    '{name} is a {trait} place of stone walls and narrow lanes.',
    'Travellers reach {name} by the old road that runs past {place}.',
    'The people of {name} distrust {faction} and bar their doors at dusk.',
    'A market fills {name} on the first day of each month.',
    'Under {name} run cellars older than the town above them.',
  ],
  item: [
    '{name} is a {trait} object, heavier than it looks.',
    '{name} was last seen in the hands of a stranger near {place}.',
    '{faction} would pay well to recover {name}.',
    'Whoever holds {name} is said to hear the sea at night.',
  ],
  faction: [
    '{name} is a {trait} society with members in every port.',
    '{name} meets in secret beneath {place}.',
    '{name} has quarrelled with {faction} for three generations.',
    'The sign of {name} is a knot cut into a door frame.',
  ],
  quest: [
    '{name} begins with a letter left at {place}.',
    '{name} asks the traveller to find {item} before the thaw.',
    'Those who took up {name} before did not come back.',
  ],
  concept: [
    '{name} is a {trait} custom observed across the region.',
    'Under {name}, a debt unpaid by midsummer passes to the debtor\u2019s kin.',
    '{faction} enforces {name} with more zeal than anyone asked of it.',
  ],
  event: [
    '{name} happened {years} years ago and is still spoken of in whispers.',
    'During {name} the bridge at {place} was lost.',
    '{faction} profited from {name}, and everyone knows it.',
  ],
};

const TRAITS = ['quiet', 'restless', 'wary', 'generous', 'stubborn', 'weathered', 'cunning', 'old', 'proud'];
const ROLES = ['smuggler', 'ferryman', 'healer', 'scribe', 'guard', 'innkeeper', 'cartographer', 'priest'];

export interface GeneratedWorld {
  entities: EntityInput[];
  /** Names by type, for inputs that name entities. */
  byType: Map<EntityType, string[]>;
}

export function generateWorld(count: number, seed = 7): GeneratedWorld {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const usedWords = new Set<string>();
  const word = (): string => {
    for (;;) {
      const syllables = 2 + Math.floor(random() * 2);
      let out = '';
      for (let s = 0; s < syllables; s += 1)
        out += pick(ONSETS) + pick(NUCLEI) + (s === syllables - 1 ? pick(CODAS) : '');
      const capital = out.charAt(0).toUpperCase() + out.slice(1);
      if (out.length >= 4 && !usedWords.has(out)) {
        usedWords.add(out);
        return capital;
      }
    }
  };
  const total = TYPE_MIX.reduce((sum, [, weight]) => sum + weight, 0);
  const typeOf = (): EntityType => {
    let u = random() * total;
    for (const [type, weight] of TYPE_MIX) {
      u -= weight;
      if (u <= 0) return type;
    }
    return 'character';
  };
  const nameFor = (type: EntityType): string => {
    switch (type) {
      case 'character':
        return `${word()} ${word()}`;
      case 'location':
        return `${word()} ${pick(PLACE_WORDS)}`;
      case 'item':
        return `the ${pick(ITEM_WORDS)} of ${word()}`;
      case 'faction':
        return `the ${pick(FACTION_WORDS)} of ${word()}`;
      case 'quest':
        return `the ${pick(QUEST_WORDS)} ${word()}`;
      case 'event':
        return `the ${word()} ${pick(EVENT_WORDS)}`;
      default:
        return `the ${word()} ${pick(CONCEPT_WORDS)}`;
    }
  };

  const entities: EntityInput[] = [];
  const byType = new Map<EntityType, string[]>();
  const types = Array.from({ length: count }, typeOf);
  for (const type of types) {
    const name = nameFor(type);
    entities.push({
      type,
      name,
      aliases: [],
      tags: [type === 'character' ? pick(ROLES) : type],
      description: '',
      note: '',
      connections: [],
      attributes: {},
    });
    byType.set(type, [...(byType.get(type) ?? []), name]);
  }
  // Descriptions refer to other entities of the world, as real lore does.
  const any = (type: EntityType) => pick(byType.get(type) ?? ['the old road']);
  for (const entity of entities) {
    const pool = SENTENCES[entity.type];
    const sentences = 1 + Math.floor(random() * 3);
    const chosen = new Set<string>();
    while (chosen.size < Math.min(sentences, pool.length)) chosen.add(pick(pool));
    entity.description = [...chosen]
      .map((sentence) =>
        sentence
          .replaceAll('{name}', entity.name.replace(/^the /, 'The '))
          .replace('{trait}', pick(TRAITS))
          .replace('{role}', pick(ROLES))
          .replace('{place}', any('location'))
          .replace('{faction}', any('faction'))
          .replace('{item}', any('item'))
          .replace('{years}', String(5 + Math.floor(random() * 90))),
      )
      .join(' ');
  }
  return { entities, byType };
}

const INPUTS = [
  'I ask {character} what they know about {item}.',
  'I walk to {location} and look for {character}.',
  'I show {item} to {character} and watch their face.',
  'I tell {character} that {faction} is looking for them.',
  'I follow {character} through {location} at dusk.',
  'I ask around {location} about {faction}.',
  'I offer {character} coin for news of {item}.',
  'I warn {character} that {location} is no longer safe.',
];

/** Player inputs, each naming entities of the world, none repeated (no query cache hit). */
export function generateInputs(world: GeneratedWorld, count: number, seed = 11): string[] {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const seen = new Set<string>();
  const out: string[] = [];
  while (out.length < count) {
    const input = pick(INPUTS).replace(/\{(\w+)\}/g, (_, type: EntityType) =>
      pick(world.byType.get(type) ?? ['the stranger']),
    );
    if (seen.has(input)) continue;
    seen.add(input);
    out.push(input);
  }
  return out;
}
