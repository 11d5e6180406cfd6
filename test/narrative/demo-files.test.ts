/**
 * Checks the hand-written demo world (worlds/demo/world.yaml) and its scripted session
 * (worlds/demo/session.yaml) against the rules the importer relies on.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const DIR = fileURLToPath(new URL('../../worlds/demo/', import.meta.url));
const TYPES = ['character', 'location', 'item', 'faction', 'quest', 'concept', 'event'] as const;
const MINIMUM: Record<(typeof TYPES)[number], number> = {
  character: 10,
  location: 7,
  item: 5,
  faction: 3,
  quest: 4,
  concept: 3,
  event: 3,
};

interface Entity {
  type: string;
  name: string;
  aliases?: string[];
  tags?: string[];
  description: string;
  note?: string;
  connections?: { to: string; relation: string }[];
  attributes?: Record<string, unknown>;
}

const worldText = readFileSync(`${DIR}world.yaml`, 'utf8');
const world = parse(worldText) as {
  world: {
    name: string;
    description: string;
    shared: boolean;
    settings: {
      theme: { genre: string; tone: string; style: string };
      state: { time: string; weather: string; location: string };
      player: { name: string; description: string; traits: string[] };
    };
  };
  entities: Entity[];
};
const session = parse(readFileSync(`${DIR}session.yaml`, 'utf8')) as {
  player: string;
  turns: { input: string }[];
};

const entities = world.entities;
const playerName = world.world.settings.player.name;
const names = (e: Entity): string[] => [e.name, ...(e.aliases ?? [])];
const byName = new Map(entities.flatMap((e) => names(e).map((n) => [n.toLowerCase(), e] as const)));
const words = (text: string): string[] => text.match(/[A-Za-z][A-Za-z'-]*/g) ?? [];
const bare = (word: string): string => word.toLowerCase().replace(/'s$/, '');

/** Words of every name, alias, the player's name and the world's name, plus every capitalised word in world.yaml. */
const knownWords = new Set(
  [
    ...entities.flatMap(names),
    playerName,
    world.world.name,
    ...words(worldText).filter((w) => /^[A-Z]/.test(w)),
  ].flatMap((text) => words(text).map(bare)),
);

/** Capitalised words (two letters or more) that do not start a sentence or a quotation and are not known. */
function newProperNouns(input: string): string[] {
  const found: string[] = [];
  const re = /[A-Za-z][A-Za-z'-]*/g;
  for (let m = re.exec(input); m; m = re.exec(input)) {
    const word = m[0];
    if (!/^[A-Z][a-z]/.test(word)) continue;
    const before = input.slice(0, m.index).trimEnd();
    const sentenceStart = before === '' || /[.!?"]$/.test(before);
    if (!sentenceStart && !knownWords.has(bare(word))) found.push(word);
  }
  return found;
}

describe('demo world file', () => {
  it('has the world header fields', () => {
    const w = world.world;
    expect(w.name).toBeTruthy();
    expect(w.description).toBeTruthy();
    expect(w.shared).toBe(false);
    expect(w.settings.theme.genre && w.settings.theme.tone && w.settings.theme.style).toBeTruthy();
    expect(w.settings.state.time && w.settings.state.weather).toBeTruthy();
    expect(w.settings.player.description).toBeTruthy();
    expect(w.settings.player.traits).toHaveLength(3);
  });

  it('has 36 to 45 entities with every type at its minimum', () => {
    expect(entities.length).toBeGreaterThanOrEqual(36);
    expect(entities.length).toBeLessThanOrEqual(45);
    for (const e of entities) expect(TYPES).toContain(e.type);
    for (const type of TYPES) {
      expect(entities.filter((e) => e.type === type).length, type).toBeGreaterThanOrEqual(MINIMUM[type]);
    }
  });

  it('gives every entity a description, lowercase tags and flat attributes', () => {
    for (const e of entities) {
      expect(e.description, e.name).toBeTruthy();
      for (const tag of e.tags ?? []) expect(tag, e.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      for (const value of Object.values(e.attributes ?? {})) {
        expect(['string', 'number', 'boolean'], e.name).toContain(typeof value);
      }
    }
  });

  it('keeps names and aliases unique, case-insensitively', () => {
    const all = entities.flatMap(names).map((n) => n.toLowerCase());
    const duplicates = all.filter((n, i) => all.indexOf(n) !== i);
    expect(duplicates).toEqual([]);
  });

  it('points every connection at an entity in the file, by its exact name', () => {
    const exact = new Set(entities.map((e) => e.name));
    const dangling = entities.flatMap((e) =>
      (e.connections ?? []).filter((c) => !exact.has(c.to) || !c.relation).map((c) => `${e.name} -> ${c.to}`),
    );
    expect(dangling).toEqual([]);
  });

  it('does not make the player an entity', () => {
    expect(byName.has(playerName.toLowerCase())).toBe(false);
  });

  it('starts the player at a location entity', () => {
    expect(byName.get(world.world.settings.state.location.toLowerCase())?.type).toBe('location');
  });
});

describe('demo session file', () => {
  it('is played by the world player', () => {
    expect(session.player).toBe(playerName);
  });

  it('has exactly 50 turns, each under 300 characters', () => {
    expect(session.turns).toHaveLength(50);
    for (const turn of session.turns) {
      expect(typeof turn.input).toBe('string');
      expect(turn.input.length, turn.input).toBeLessThan(300);
    }
  });

  it('introduces new proper nouns in at least 12 turns', () => {
    const introducing = session.turns.filter((t) => newProperNouns(t.input).length > 0);
    expect(introducing.length).toBeGreaterThanOrEqual(12);
  });

  it('names an existing entity in most turns', () => {
    const mentions = (input: string): boolean => {
      const lower = input.toLowerCase();
      return [...byName.keys()].some((n) => lower.includes(n));
    };
    expect(session.turns.filter((t) => mentions(t.input)).length).toBeGreaterThan(25);
  });
});
