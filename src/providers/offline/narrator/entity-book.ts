/**
 * The entity book: collects mentions of characters, places and items across texts, lets later evidence
 * reclassify them, and merges a short name into the full one ("Mira" into "Mira Thornwood").
 */
import type { EntityKind } from './story-facts.js';
import { DETERMINERS, NAME_CONNECTORS, TITLES } from './word-lists.js';

interface Entity {
  display: string;
  kind: EntityKind;
  /** How sure the kind is: a title or a place noun (3) beats a preposition (2) beats a guess (1). */
  evidence: number;
  score: number;
  order: number;
}

/** Collects mentions across texts; later evidence can reclassify, repeated mentions raise the score. */
export class EntityBook {
  private readonly entities = new Map<string, Entity>();
  private readonly excluded = new Set<string>();

  exclude(name: string): void {
    this.excluded.add(name.toLowerCase());
  }

  add(display: string, kind: EntityKind, evidence: number, weight: number): void {
    const key = stripDeterminer(display).toLowerCase();
    if (key.length === 0 || this.excluded.has(key)) return;
    const known = this.entities.get(key);
    if (!known) {
      this.entities.set(key, { display, kind, evidence, score: weight, order: this.entities.size });
      return;
    }
    known.score += weight;
    if (evidence > known.evidence) {
      known.kind = kind;
      known.evidence = evidence;
    }
    // Same key, longer display: "the Sunken Library" once any mention says "the".
    if (display.length > known.display.length) known.display = display;
  }

  list(kind: EntityKind): string[] {
    const found = [...this.entities.values()].filter((entity) => entity.kind === kind).map((e) => ({ ...e }));
    const merged = kind === 'character' ? mergeShortNames(found) : found;
    return merged.sort((a, b) => b.score - a.score || a.order - b.order).map((entity) => entity.display);
  }
}

/** "Mira" and "Mira Thornwood" are one person: the short form's mentions count for the full name. */
function mergeShortNames(characters: Entity[]): Entity[] {
  const full = characters.filter((entity) => entity.display.includes(' '));
  return characters.filter((entity) => {
    if (entity.display.includes(' ')) return true;
    const owner = full.find((other) => nameParts(other.display).includes(entity.display));
    if (!owner) return true;
    owner.score += entity.score;
    owner.order = Math.min(owner.order, entity.order);
    return false;
  });
}

/** The words a name is called by: "Captain Voss" → ["Voss"], "Mira Thornwood" → ["Mira", "Thornwood"]. */
function nameParts(name: string): string[] {
  return name
    .split(' ')
    .filter(
      (part) =>
        part.length > 1 && !TITLES.has(part.toLowerCase()) && !NAME_CONNECTORS.has(part.toLowerCase()),
    );
}

/** Whether the text already says this name, or part of it ("Mira" for "Mira Thornwood"). */
export function namedIn(text: string, name: string): boolean {
  return text.includes(name) || nameParts(name).some((part) => text.includes(part));
}

function stripDeterminer(phrase: string): string {
  const space = phrase.indexOf(' ');
  return space > 0 && DETERMINERS.has(phrase.slice(0, space).toLowerCase())
    ? phrase.slice(space + 1)
    : phrase;
}
