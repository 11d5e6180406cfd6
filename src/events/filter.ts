/**
 * Which events a subscriber wants: type patterns (`quest.completed`, `llm.*`, `*`), a world and a
 * session. Shared by the WebSocket, webhooks and GET /llm/events so all three read a filter alike.
 */
import { z } from 'zod';
import type { EventEnvelope } from './envelope.js';

/** A type, or a pattern where `*` matches any run of characters (`llm.*`, `*.completed`, `*`). */
export const typePatternSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9_.*]+$/, 'expected a type or a pattern such as llm.* (letters, digits, _ . *)');

export interface EventFilter {
  types?: readonly string[] | undefined;
  worldId?: string | null | undefined;
  sessionId?: string | null | undefined;
}

export type EventMatcher = (event: Pick<EventEnvelope, 'type' | 'world_id' | 'session_id'>) => boolean;

/** A matcher for type patterns; no patterns (or `*`) match everything. */
export function typeMatcher(patterns: readonly string[] | undefined): (type: string) => boolean {
  if (!patterns || patterns.length === 0 || patterns.includes('*')) return () => true;
  const exact = new Set(patterns.filter((pattern) => !pattern.includes('*')));
  const wild = patterns
    .filter((pattern) => pattern.includes('*'))
    .map((pattern) => new RegExp(`^${pattern.replaceAll('.', '\\.').replaceAll('*', '.*')}$`));
  return (type) => exact.has(type) || wild.some((regex) => regex.test(type));
}

export function matcherFor(filter: EventFilter): EventMatcher {
  const types = typeMatcher(filter.types);
  const { worldId, sessionId } = filter;
  return (event) =>
    types(event.type) &&
    (!worldId || event.world_id === worldId) &&
    (!sessionId || event.session_id === sessionId);
}

/** `a,b , c` → [a, b, c]; also accepts repeated query parameters. */
export function splitList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((part) => part.split(','));
  const out = parts.map((part) => part.trim()).filter(Boolean);
  return out.length > 0 ? out : undefined;
}
