/**
 * A session's state and notes changed in place: the state by a JSON merge-patch (RFC 7396), notes
 * added or removed. Compare-and-swap on the stored metadata, so two changes at once (a game event and a
 * turn's patch) both land and neither overwrites the other.
 */
import type { Session, Store } from '../store/index.js';
import { fromJson } from '../store/util.js';
import { NarrativeError, notFound } from './errors.js';
import { checkStateBounds, isJsonObject, type JsonObject, mergePatch } from './merge-patch.js';

export interface SessionStatePatch {
  /** A JSON merge-patch of the session's state (`null` removes a key). */
  state?: Record<string, unknown>;
  notes?: { add?: readonly string[]; remove?: readonly string[] };
}

/** How many notes a session keeps (the oldest go first). */
const MAX_NOTES = 200;
const SWAP_ATTEMPTS = 20;

export async function patchSessionState(
  store: Pick<Store, 'sessions'>,
  sessionId: string,
  patch: SessionStatePatch,
): Promise<Session> {
  if (patch.state !== undefined) checkStateBounds(patch.state, 'state');
  for (let attempt = 0; attempt < SWAP_ATTEMPTS; attempt += 1) {
    const text = await store.sessions.metadataText(sessionId);
    if (text === undefined) throw notFound('Session', sessionId);
    const metadata = fromJson<JsonObject>(text, {});
    const next: JsonObject = { ...metadata };
    if (patch.state !== undefined) {
      const state = mergePatch(isJsonObject(metadata.state) ? metadata.state : {}, patch.state);
      checkStateBounds(state, 'state');
      next.state = state;
    }
    if (patch.notes) next.notes = applyNotes(metadata.notes, patch.notes);
    if (await store.sessions.swapMetadata(sessionId, text, next)) {
      const session = await store.sessions.get(sessionId);
      if (!session) throw notFound('Session', sessionId);
      return session;
    }
  }
  throw new NarrativeError(409, 'conflict', `Session ${sessionId} kept changing; try again`);
}

function applyNotes(current: unknown, change: NonNullable<SessionStatePatch['notes']>): string[] {
  const remove = new Set((change.remove ?? []).map((note) => note.trim()));
  const kept = (Array.isArray(current) ? current : [])
    .filter((note): note is string => typeof note === 'string')
    .filter((note) => !remove.has(note.trim()));
  // A note already there is not added twice (a game re-sending its notes changes nothing).
  for (const note of change.add ?? []) {
    const text = note.trim();
    if (text && !kept.includes(text)) kept.push(text);
  }
  return kept.slice(-MAX_NOTES);
}
