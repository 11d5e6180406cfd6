/**
 * The offline model's game content: a character, NPC, location, quest, item, encounter or campaign built
 * from the brief the content service sends (`Brief: {...}` in the prompt). Names are made from word parts,
 * the rules numbers are the brief's, the choices (skills, spells) come from its options, and every field
 * agrees with the others (the quest giver is the NPC the hooks name, the encounter happens where it says).
 * No word the theme forbids is ever chosen; the theme's vocabulary is worked in.
 */
import type { Rng } from '../narrator/index.js';
import { itemName, personName, placeName, titleName } from './names.js';

type Brief = Record<string, unknown> & { type: string };

/** The brief of a content prompt, or undefined when the prompt is not one. */
export function readBrief(userText: string): Brief | undefined {
  const at = userText.indexOf('Brief: ');
  if (at < 0) return undefined;
  const start = at + 'Brief: '.length;
  const end = userText.indexOf('\n', start);
  try {
    const brief = JSON.parse(userText.slice(start, end < 0 ? undefined : end)) as Brief;
    return typeof brief?.type === 'string' ? brief : undefined;
  } catch {
    return undefined;
  }
}

class Writer {
  private readonly forbidden: RegExp | null;
  private readonly vocabulary: string[];
  constructor(
    readonly rng: Rng,
    brief: Brief,
  ) {
    const theme = (brief.theme ?? {}) as { never_use?: string[]; vocabulary?: string[] };
    const never = (theme.never_use ?? []).filter((w) => w.trim().length > 0);
    this.forbidden = never.length
      ? new RegExp(
          `(?<![\\p{L}\\p{N}])(?:${never.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?:e?s)?(?![\\p{L}\\p{N}])`,
          'iu',
        )
      : null;
    this.vocabulary = (theme.vocabulary ?? []).filter((w) => !this.forbidden?.test(w));
  }

  ok(text: string): boolean {
    return !this.forbidden?.test(text);
  }

  /** One of the options the theme allows (falls back to the options with forbidden words removed). */
  pick(options: readonly string[]): string {
    const allowed = options.filter((option) => this.ok(option));
    if (allowed.length > 0) return this.rng.pick(allowed);
    return this.clean(this.rng.pick(options));
  }

  clean(text: string): string {
    if (!this.forbidden) return text;
    const global = new RegExp(this.forbidden.source, 'giu');
    return text
      .replace(global, '')
      .replace(/\s{2,}/g, ' ')
      .replace(/\s+([,.;:!?])/g, '$1')
      .trim();
  }

  /** A name that passes the theme (tries a few). */
  name(make: () => string): string {
    for (let i = 0; i < 8; i += 1) {
      const name = make();
      if (this.ok(name)) return name;
    }
    return this.clean(make());
  }

  /** A sentence with one of the theme's words, when it has any. */
  flavour(): string {
    if (this.vocabulary.length === 0) return '';
    const word = this.rng.pick(this.vocabulary);
    return ` ${this.pick([`Folk here speak often of ${word}.`, `Talk of ${word} follows wherever they go.`, `Everything about it recalls ${word}.`])}`;
  }

  some<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count && pool.length > 0) out.push(pool.splice(this.rng.int(pool.length), 1)[0]!);
    return out;
  }
}

const str = (value: unknown, fallback: string) =>
  typeof value === 'string' && value.trim() ? value.trim() : fallback;
const known = (brief: Brief, key: string) => (Array.isArray(brief[key]) ? (brief[key] as string[]) : []);

export function generateContent(brief: Brief, rng: Rng): Record<string, unknown> {
  const w = new Writer(rng, brief);
  const world = str(
    brief.world,
    w.name(() => placeName(rng)),
  );
  switch (brief.type) {
    case 'character':
      return character(w, brief, world);
    case 'npc':
      return npc(w, brief, world);
    case 'location':
      return location(w, brief, world);
    case 'quest':
      return quest(w, brief, world);
    case 'item':
      return item(w, brief, world);
    case 'encounter':
      return encounter(w, brief, world);
    default:
      return campaign(w, brief, world);
  }
}

const HAIR = [
  'close-cropped grey hair',
  'a braid of copper hair',
  'ink-black hair tied back with cord',
  'a shaved head marked with old tattoos',
  'wind-tangled fair hair',
];
const MARK = [
  'a scar across the chin',
  'calloused, ink-stained hands',
  'a missing fingertip',
  'eyes the colour of slate',
  'a voice roughened by smoke',
];
const ORIGIN = [
  'grew up in the mill town of',
  'was raised by river pilgrims near',
  'learned a trade in the crowded markets of',
  'was born in a toll house outside',
  'spent a hard childhood on the salt flats beyond',
];
const TURN = [
  'lost a sibling to a raid no one would avenge',
  'broke an oath to a powerful family',
  'found a letter that named the wrong heir',
  'survived a winter that emptied the village',
  'was cast out after a theft they did not commit',
];
const NOW = [
  'now walks the roads looking for the truth of it',
  'now sells their skill to whoever pays in coin and answers',
  'now keeps a ledger of every debt owed to them',
  'now serves a cause they only half believe in',
  'now wants one quiet season and never gets it',
];
const TRAITS = [
  'Patient',
  'Blunt',
  'Curious',
  'Wry',
  'Stubborn',
  'Generous',
  'Watchful',
  'Restless',
  'Soft-spoken',
  'Proud',
];
const IDEALS = [
  'Loyalty: a promise kept is worth more than gold.',
  'Knowledge: every locked door hides a lesson.',
  "Freedom: no one should wear another person's chains.",
  'Duty: the wall holds because someone stands on it.',
  'Mercy: the strong owe the weak their patience.',
];
const BONDS = [
  'They owe their life to the ferryman who pulled them from the flood.',
  'They carry a keepsake from the home they cannot return to.',
  'A younger cousin still writes to them every season.',
  'They swore to finish the work of an old teacher.',
];
const FLAWS = [
  'They trust no one who has not bled beside them.',
  'They cannot walk away from a wager.',
  'They hold a grudge long after it stops being useful.',
  'They speak before they think when angered.',
];

function character(w: Writer, brief: Brief, world: string): Record<string, unknown> {
  const species = str(brief.species, 'Human');
  const cls = str(brief.class, 'Fighter');
  const name = str(
    brief.name,
    w.name(() => personName(w.rng, species)),
  );
  const first = name.split(' ')[0]!;
  const skills = (brief.class_skills ?? { choose: 2, from: [] }) as { choose: number; from: string[] };
  const speciesSkills = (brief.species_skills ?? { fixed: [], choose: 0 }) as {
    fixed: string[];
    choose: number;
  };
  const classPicks = w.some(skills.from, skills.choose);
  const rest = [
    'Insight',
    'History',
    'Religion',
    'Persuasion',
    'Survival',
    'Medicine',
    'Perception',
    'Stealth',
    'Athletics',
  ].filter((skill) => !classPicks.includes(skill) && !speciesSkills.fixed.includes(skill));
  const extra = w.some(rest, Number(brief.background_skills ?? 2) + speciesSkills.choose);
  const cantrips = (brief.cantrips ?? { choose: 0, from: [] }) as { choose: number; from: string[] };
  const spells = (brief.spells ?? { choose: 0, from: [] }) as { choose: number; from: string[] };
  const concept = str(brief.concept, '');
  const backstory = `${first} ${w.pick(ORIGIN)} ${world}. As a young ${species.toLowerCase()} ${first} ${w.pick(TURN)}, and ${w.pick(NOW)}. ${
    concept
      ? `Those who know ${first} describe them simply: ${concept.replace(/[.!?]*$/, '')}.`
      : `Years of ${cls.toLowerCase()} training left their mark on ${first}.`
  }${w.flavour()}`;
  return {
    name,
    species,
    subrace: brief.subrace ?? null,
    class: cls,
    subclass: null,
    level: brief.level ?? 1,
    multiclass: [],
    background: w.pick(['Acolyte', 'Soldier', 'Sage', 'Folk Hero', 'Guild Artisan', 'Outlander']),
    alignment: w.pick([
      'Lawful Good',
      'Neutral Good',
      'Chaotic Good',
      'Lawful Neutral',
      'True Neutral',
      'Chaotic Neutral',
    ]),
    ability_method: brief.ability_method ?? 'standard_array',
    base_ability_scores: brief.base_ability_scores ?? null,
    ability_scores: brief.ability_scores,
    hit_points: brief.hit_points,
    proficiency_bonus: brief.proficiency_bonus,
    saving_throws: brief.saving_throws,
    skills: [...classPicks, ...speciesSkills.fixed, ...extra],
    spell_slots: brief.spell_slots ?? [],
    cantrips: w.some(cantrips.from, cantrips.choose),
    spells: w.some(spells.from, spells.choose).map((spell) => spell.replace(/ \(level \d\)$/, '')),
    equipment: (Array.isArray(brief.equipment) ? (brief.equipment as string[]) : []).slice(0, 8),
    attuned_items: [],
    appearance: w.clean(
      `${first} is a ${species.toLowerCase()} with ${w.pick(HAIR)} and ${w.pick(MARK)}, dressed for the road.`,
    ),
    backstory: w.clean(backstory),
    personality: {
      traits: w.some(TRAITS, 2),
      ideals: w.pick(IDEALS),
      bonds: w.pick(BONDS),
      flaws: w.pick(FLAWS),
    },
    image: null,
  };
}

const OCCUPATIONS = [
  'innkeeper',
  'ferryman',
  'toll collector',
  'herbalist',
  'smith',
  'archivist',
  'caravan master',
  'gravedigger',
];

function npc(w: Writer, brief: Brief, world: string): Record<string, unknown> {
  const species = str(brief.species, 'Human');
  const name = str(
    brief.name,
    w.name(() => personName(w.rng, species)),
  );
  const first = name.split(' ')[0]!;
  const occupation = str(brief.occupation, w.pick(OCCUPATIONS));
  const where = str(brief.location, known(brief, 'known_locations')[0] ?? w.name(() => placeName(w.rng)));
  return {
    name,
    species,
    occupation,
    appearance: w.clean(
      `${first} is a ${species.toLowerCase()} ${occupation} with ${w.pick(HAIR)} and ${w.pick(MARK)}.`,
    ),
    personality: w.clean(
      `${w.pick(TRAITS)} and ${w.pick(TRAITS).toLowerCase()}, ${first} listens more than they speak and remembers every face that passes through ${where}.${w.flavour()}`,
    ),
    motivation: w.pick([
      'To pay off a debt owed to a dangerous family.',
      'To see their child apprenticed far from here.',
      `To keep ${where} out of the war that is coming.`,
      'To learn what really happened to their predecessor.',
    ]),
    secret: w.pick([
      'They pass messages for smugglers in the empty rooms upstairs.',
      'They were once a soldier on the losing side.',
      `They know a hidden way out of ${where}.`,
      'They forged the deed to the land they live on.',
    ]),
    speech: w.pick([
      'Short sentences, and a pause before any answer.',
      'Old proverbs, often misquoted.',
      'A warm, unhurried drawl.',
      'Clipped and formal, as if reading from a ledger.',
    ]),
    location: where,
    dialogue_samples: [
      w.clean(`"Welcome to ${where}. Mind the step; it bites."`),
      w.clean(`"I've seen your kind before, and ${world} remembers them."`),
    ],
    image: null,
  };
}

function location(w: Writer, brief: Brief, world: string): Record<string, unknown> {
  const name = str(
    brief.name,
    w.name(() => placeName(w.rng)),
  );
  const kind = str(brief.kind, w.pick(['village', 'ruin', 'fortress', 'market town', 'shrine']));
  const people = known(brief, 'known_characters');
  const inhabitants =
    people.length > 0
      ? w.some(people, 2)
      : [w.name(() => personName(w.rng, 'human')), w.name(() => personName(w.rng, 'dwarf'))];
  return {
    name,
    kind,
    description: w.clean(
      `${name} is a ${kind} of ${world}, built where the old road crosses the ${w.pick(['river', 'marsh', 'ridge', 'forest edge'])}. ${w.pick(['Its walls are patched with stone from older ruins.', 'Its houses lean together against the wind.', 'Its towers have not been lit in a generation.'])}${w.flavour()}`,
    ),
    atmosphere: w.pick([
      'Quiet, watchful, and smelling of woodsmoke.',
      'Loud by day and uneasy after dark.',
      'Damp and still, with bells ringing at odd hours.',
    ]),
    points_of_interest: [
      {
        name: w.name(
          () =>
            `The ${w.rng.pick(['Gilded', 'Crooked', 'Drowned', 'Copper'])} ${w.rng.pick(['Stag', 'Lantern', 'Kettle', 'Anchor'])}`,
        ),
        description: 'The only inn, and the best place to hear rumours.',
      },
      {
        name: w.name(
          () =>
            `${w.rng.pick(['Old', 'North', 'Bell'])} ${w.rng.pick(['Chapel', 'Bridge', 'Watchtower', 'Mill'])}`,
        ),
        description: w.pick([
          'Older than the town, and locked at night.',
          'Half collapsed, but someone still keeps a lamp there.',
        ]),
      },
    ],
    inhabitants,
    hooks: [
      w.clean(`${inhabitants[0]} is looking for someone to carry a sealed letter out of ${name}.`),
      'Lights have been seen in the flooded cellars.',
    ],
    image: null,
  };
}

function quest(w: Writer, brief: Brief, world: string): Record<string, unknown> {
  const giver = str(
    brief.giver,
    known(brief, 'known_characters')[0] ?? w.name(() => personName(w.rng, 'human')),
  );
  const where = str(brief.location, known(brief, 'known_locations')[0] ?? w.name(() => placeName(w.rng)));
  const name = str(
    brief.name,
    w.name(() => titleName(w.rng)),
  );
  const thing = w.pick([
    'a stolen reliquary',
    'a missing surveyor',
    'a shipment of lamp oil',
    "the mayor's signet",
  ]);
  return {
    name,
    giver,
    summary: w.clean(
      `${giver} asks the party to recover ${thing} last seen near ${where}, before word of its loss spreads through ${world}.${w.flavour()}`,
    ),
    objectives: [
      { description: `Speak with ${giver} and learn what was lost.`, optional: false },
      { description: `Search ${where} for ${thing}.`, optional: false },
      { description: 'Find out who sold the information to the thieves.', optional: true },
    ],
    rewards: [`${50 * (Number(brief.party_level ?? 1) + 1)} gold pieces`, `The gratitude of ${giver}`],
    location: where,
    complications: [w.clean(`Someone in ${where} wants ${thing} to stay lost.`)],
    image: null,
  };
}

function item(w: Writer, brief: Brief, world: string): Record<string, unknown> {
  const kind = str(brief.kind, 'wondrous item');
  const rarity = str(brief.rarity, 'uncommon');
  const magic = rarity !== 'mundane';
  const value = (brief.value_gp ?? { min: 10, max: 10 }) as { min: number; max: number };
  const attune = magic && brief.requires_attunement === true;
  const name = str(
    brief.name,
    w.name(() => itemName(w.rng, kind)),
  );
  const base = typeof brief.base_item === 'string' ? brief.base_item : null;
  return {
    name,
    kind,
    base_item: base,
    rarity,
    requires_attunement: attune,
    attunement_by: attune ? w.some(['Fighter', 'Paladin', 'Wizard', 'Cleric', 'Ranger'], 1) : [],
    description: w.clean(
      `${name} is a ${rarity} ${kind}${base ? ` made from a ${base.toLowerCase()}` : ''}, ${w.pick(['its surface etched with running script', 'cold to the touch in any weather', 'wrapped in faded blue cloth', 'marked with the sigil of a forgotten house'])}.${w.flavour()}`,
    ),
    properties: magic
      ? [
          w.pick([
            '+1 to attack and damage rolls',
            'Sheds dim light in a 10-foot radius on command',
            'Advantage on saving throws against being frightened',
          ]),
          w.pick([
            'Once per dawn, cast Shield without a slot',
            'Its wielder always knows which way is north',
            'Resistance to cold damage',
          ]),
        ]
      : ['Well made and reliable'],
    value_gp: Math.round((value.min + value.max) / 2),
    history: w.clean(
      `Made in ${world} for a warden whose name is lost, it passed through three owners before it was buried with the last.`,
    ),
    image: null,
  };
}

const CREATURES = [
  ['Goblin', 'skirmisher'],
  ['Wolf', 'flanker'],
  ['Bandit', 'ambusher'],
  ['Skeleton', 'guard'],
  ['Bugbear', 'brute'],
  ['Cultist', 'spellcaster support'],
] as const;

function encounter(w: Writer, brief: Brief, world: string): Record<string, unknown> {
  const where = str(brief.location, known(brief, 'known_locations')[0] ?? w.name(() => placeName(w.rng)));
  const difficulty = str(brief.difficulty, 'medium');
  const level = Number(brief.party_level ?? 1);
  const picks = w.some(CREATURES, 2);
  const scale = { easy: 1, medium: 2, hard: 3, deadly: 4 }[difficulty] ?? 2;
  return {
    name: str(
      brief.name,
      w.name(() => `Ambush at ${where}`),
    ),
    location: where,
    difficulty,
    party_level: level,
    summary: w.clean(
      `On the road to ${where}, the party walks into a trap laid by creatures that have been raiding travellers across ${world}.${w.flavour()}`,
    ),
    creatures: picks.map(([name, role], i) => ({ name, count: Math.max(1, scale + level - i), role })),
    tactics: `The ${picks[0]![0].toLowerCase()}s strike first from cover and fall back toward the ${picks[1]![0].toLowerCase()}s when hurt.`,
    terrain: w.pick([
      'A sunken lane between high hedges, with a fallen cart for cover.',
      'A ford with slick stones and a thicket on the far bank.',
      'A ruined waystation whose roof may collapse.',
    ]),
    rewards: [`${20 * level * scale} gold pieces in a hidden cache`],
    image: null,
  };
}

function campaign(w: Writer, brief: Brief, world: string): Record<string, unknown> {
  const name = str(
    brief.name,
    w.name(() => titleName(w.rng)),
  );
  const places = [w.name(() => placeName(w.rng)), w.name(() => placeName(w.rng))];
  const villain = w.name(() => personName(w.rng, 'tiefling'));
  const ally = known(brief, 'known_characters')[0] ?? w.name(() => personName(w.rng, 'human'));
  return {
    name,
    premise: w.clean(
      `In ${world}, ${villain} has begun buying up the old debts of every town along the river, and the towns that cannot pay are going quiet. ${ally} believes the debts were forged, and needs proof before the last bell stops ringing.${w.flavour()}`,
    ),
    acts: [
      {
        title: 'The Quiet Town',
        summary: `The party reaches ${places[0]} and finds its people gone and its ledgers burned.`,
      },
      {
        title: "The Forger's Trail",
        summary: `Clues lead to ${places[1]}, where a scribe hides from ${villain}'s agents.`,
      },
      {
        title: 'The Last Bell',
        summary: `The party confronts ${villain} before the final debt is called in.`,
      },
    ],
    locations: [
      { name: places[0]!, description: 'A river town emptied in a single night.' },
      { name: places[1]!, description: 'A walled market town where every door has a price.' },
    ],
    npcs: [
      { name: villain, role: 'The creditor behind the vanishing towns.' },
      { name: ally, role: "The party's patron, desperate for proof." },
    ],
    hooks: [
      w.clean(`${ally} offers the party a share of whatever they recover.`),
      "A debt note arrives bearing one of the party's own names.",
    ],
    image: null,
  };
}
