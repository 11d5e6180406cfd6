/**
 * What every part of the JSON generator shares: the schema type, one generation's state (the root schema,
 * the story facts, the seeded PRNG), where in the document a value goes, and reading keyword values.
 */
import type { EntityKind, Rng, StoryFacts } from '../narrator/index.js';

export type Schema = Record<string, unknown>;

/** Past this depth, optional properties and extra items are skipped so recursive schemas terminate. */
export const SOFT_DEPTH = 6;

export interface Walk {
  root: Schema;
  facts: StoryFacts;
  rng: Rng;
}

/** Where in the document a value goes: its property name, array position and depth. */
export interface Position {
  key: string;
  index: number;
  depth: number;
  /** The kind of entity the enclosing object describes, when known ("characters", entity_type). */
  kind: EntityKind | undefined;
}

export function isRecord(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function typeList(value: unknown): string[] {
  return typeof value === 'string' ? [value] : stringList(value);
}

export function limit(value: unknown, fallback: number): number {
  return typeof value === 'number' && value >= 0 ? Math.floor(value) : fallback;
}
