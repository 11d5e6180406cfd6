/**
 * Live game state: what a game changes while it runs. A session's `state` (a JSON merge-patch, RFC
 * 7396) and its notes; a world's name, description, theme and settings; and the removal of a session
 * or a world with everything that is theirs (one transaction; their vectors then leave the index).
 *
 * `patchSession` is the one way a session's state changes, whoever asks: PATCH /sessions/{id}, a
 * turn's `state` patch, the game's inbound events. It is compare-and-swap: two patches at once both
 * land, neither overwrites the other.
 */
import type { Publish } from '../events/hub.js';
import type { Memory } from '../memory/index.js';
import type { Removed, Repositories, Session, Store, World } from '../store/index.js';
import { fromJson } from '../store/util.js';
import { NOTE_LIMITS, SETTINGS_BOUNDS } from './creation-bounds.js';
import { NarrativeError, notFound } from './errors.js';
import { checkStateBounds, isJsonObject, type JsonObject, mergePatch } from './merge-patch.js';

export interface SessionPatch {
  /** A JSON merge-patch of the session's state (`null` removes a key). */
  state?: unknown;
  notes?: { add?: readonly string[]; remove?: readonly string[] };
  /** `ended`: no more turns are played in it. */
  status?: 'active' | 'ended';
}

export interface WorldPatch {
  name?: string;
  description?: string | null;
  /** A merge-patch of `settings.theme` ({genre, tone, style, …}): what the narrator is told. */
  theme?: unknown;
  /** A merge-patch of the world's settings. */
  settings?: unknown;
}

export { NOTE_LIMITS } from './creation-bounds.js';

/** Compare-and-swap attempts before a write that keeps losing is a 409. */
const SWAP_ATTEMPTS = 20;

/**
 * Applies a patch to a session, in `repos` (the store, or a transaction of the caller's, so a game
 * event and the state change it makes commit together). The session's status is checked by the caller.
 */
export async function patchSession(
  repos: Repositories,
  sessionId: string,
  patch: SessionPatch,
): Promise<Session> {
  if (patch.state !== undefined) {
    if (!isJsonObject(patch.state))
      throw new NarrativeError(
        400,
        'invalid_request',
        'Invalid request: state: expected an object (a JSON merge-patch)',
        'state',
      );
    checkStateBounds(patch.state, 'state');
  }
  const notes = checkNotes(patch.notes);
  for (let attempt = 0; attempt < SWAP_ATTEMPTS; attempt += 1) {
    const text = await repos.liveState.sessionMetadataText(sessionId);
    if (text === undefined) throw notFound('Session', sessionId);
    const metadata = fromJson<JsonObject>(text, {});
    const next: JsonObject = { ...metadata };
    if (patch.state !== undefined) {
      const state = mergePatch(isJsonObject(metadata.state) ? metadata.state : {}, patch.state);
      checkStateBounds(state, 'state');
      next.state = state;
    }
    if (notes) next.notes = applyNotes(metadata.notes, notes);
    const swapped = await repos.liveState.swapSessionMetadata(sessionId, text, next, {
      ...(patch.status && { status: patch.status }),
    });
    if (swapped) {
      const session = await repos.sessions.get(sessionId);
      if (!session) throw notFound('Session', sessionId);
      return session;
    }
  }
  throw new NarrativeError(409, 'conflict', `Session ${sessionId} kept changing; try the patch again`);
}

/** A session's state as the narrator reads it (the world's state under the session's own). */
export function sessionState(session: Session): JsonObject {
  return isJsonObject(session.metadata.state) ? session.metadata.state : {};
}

function checkNotes(notes: SessionPatch['notes']): { add: string[]; remove: Set<string> } | undefined {
  if (!notes) return undefined;
  const add = (notes.add ?? []).map((note) => note.trim()).filter((note) => note.length > 0);
  for (const [index, note] of add.entries())
    if (note.length > NOTE_LIMITS.chars)
      throw new NarrativeError(
        400,
        'invalid_request',
        `Invalid request: notes.add[${index}] is longer than ${NOTE_LIMITS.chars} characters`,
        `notes.add[${index}]`,
      );
  return { add, remove: new Set((notes.remove ?? []).map((note) => note.trim())) };
}

function applyNotes(current: unknown, change: { add: string[]; remove: Set<string> }): string[] {
  const kept = (Array.isArray(current) ? current : [])
    .filter((note): note is string => typeof note === 'string')
    .filter((note) => !change.remove.has(note.trim()));
  // A note already there is not added twice (a game re-sending its notes changes nothing).
  for (const note of change.add) if (!kept.includes(note)) kept.push(note);
  if (kept.length > NOTE_LIMITS.count)
    throw new NarrativeError(
      400,
      'invalid_request',
      `Invalid request: notes: a session keeps at most ${NOTE_LIMITS.count} notes (it would have ${kept.length})`,
      'notes.add',
    );
  return kept;
}

export interface LiveStateOptions {
  store: Store;
  memory: Pick<Memory, 'sync'>;
  publish?: Publish;
}

/** The service behind PATCH and DELETE of sessions and worlds, and a world's list of sessions. */
export class LiveStateService {
  constructor(private readonly options: LiveStateOptions) {}

  /** PATCH /sessions/{id}: publishes `session.updated` with what changed. */
  async patchSession(sessionId: string, patch: SessionPatch, changedBy: string): Promise<Session> {
    const session = await patchSession(this.options.store, sessionId, patch);
    this.publishSession(session, patch, changedBy);
    return session;
  }

  /** Applies a turn's `state` patch before the turn is played (the session must be active). */
  async patchForTurn(sessionId: string, state: unknown, changedBy: string): Promise<Session> {
    const current = await this.options.store.sessions.get(sessionId);
    if (!current) throw notFound('Session', sessionId);
    if (current.status !== 'active')
      throw new NarrativeError(409, 'session_ended', `Session ${current.id} has ended`);
    const session = await patchSession(this.options.store, sessionId, { state });
    this.publishSession(session, { state }, changedBy);
    return session;
  }

  async patchWorld(worldId: string, patch: WorldPatch): Promise<World> {
    const { store } = this.options;
    if (patch.settings !== undefined && !isJsonObject(patch.settings))
      throw new NarrativeError(
        400,
        'invalid_request',
        'Invalid request: settings: expected an object',
        'settings',
      );
    if (patch.theme !== undefined && patch.theme !== null && !isJsonObject(patch.theme))
      throw new NarrativeError(400, 'invalid_request', 'Invalid request: theme: expected an object', 'theme');
    for (let attempt = 0; attempt < SWAP_ATTEMPTS; attempt += 1) {
      const text = await store.liveState.worldSettingsText(worldId);
      if (text === undefined) throw notFound('World', worldId);
      let settings = fromJson<JsonObject>(text, {});
      if (patch.settings !== undefined) settings = mergePatch(settings, patch.settings) as JsonObject;
      if (patch.theme !== undefined) {
        const theme = mergePatch(settings.theme, patch.theme);
        if (theme === null || (isJsonObject(theme) && Object.keys(theme).length === 0)) delete settings.theme;
        else settings.theme = theme;
        if (settings.theme !== undefined) checkStateBounds(settings.theme, 'theme', SETTINGS_BOUNDS);
      }
      checkStateBounds(settings, 'settings', SETTINGS_BOUNDS);
      const swapped = await store.liveState.swapWorld(worldId, text, {
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.description !== undefined && { description: patch.description }),
        settings,
      });
      if (!swapped) continue;
      const world = await store.worlds.getWorld(worldId);
      if (!world) throw notFound('World', worldId);
      this.options.publish?.(
        'world.updated',
        'narrative',
        { world_id: world.id, changed: Object.keys(patch).sort(), name: world.name },
        { worldId: world.id },
      );
      return world;
    }
    throw new NarrativeError(409, 'conflict', `World ${worldId} kept changing; try the patch again`);
  }

  /** A world's sessions, newest change first, and how many it has. */
  async sessionsOf(
    worldId: string,
    page: { limit: number; offset: number; status?: 'active' | 'ended' },
  ): Promise<{ sessions: Session[]; total: number }> {
    const { store } = this.options;
    if (!(await store.worlds.getWorld(worldId))) throw notFound('World', worldId);
    const [ids, total] = await Promise.all([
      store.liveState.sessionIdsOf(worldId, page),
      store.liveState.countSessions(worldId, page.status),
    ]);
    const sessions = await Promise.all(ids.map((id) => store.sessions.get(id)));
    return { sessions: sessions.filter((session): session is Session => session !== undefined), total };
  }

  /** DELETE /sessions/{id}: the session and its data in one transaction, then its vectors. */
  async removeSession(sessionId: string): Promise<Removed> {
    const { store } = this.options;
    const session = await store.sessions.get(sessionId);
    if (!session) throw notFound('Session', sessionId);
    const removed = await store.transaction((tx) => tx.liveState.removeSession(sessionId));
    await this.forgetVectors(removed.documentIds);
    this.options.publish?.(
      'session.deleted',
      'narrative',
      { session_id: sessionId, removed: counts(removed) },
      { worldId: session.worldId, sessionId },
    );
    return removed;
  }

  /** DELETE /worlds/{id}: the world, its sessions and their data in one transaction, then the vectors. */
  async removeWorld(worldId: string): Promise<Removed> {
    const { store } = this.options;
    if (!(await store.worlds.getWorld(worldId))) throw notFound('World', worldId);
    const removed = await store.transaction((tx) => tx.liveState.removeWorld(worldId));
    await this.forgetVectors(removed.documentIds);
    this.options.publish?.(
      'world.deleted',
      'narrative',
      { world_id: worldId, removed: counts(removed) },
      { worldId },
    );
    return removed;
  }

  /**
   * The database no longer has these documents' embeddings: reconciling the index with it removes
   * their vectors (the database is the source of truth; a failure here is mended at the next rebuild).
   */
  private async forgetVectors(ids: readonly string[]): Promise<void> {
    for (let index = 0; index < ids.length; index += 500)
      await this.options.memory.sync.reconcile(ids.slice(index, index + 500));
  }

  private publishSession(session: Session, patch: SessionPatch, changedBy: string): void {
    this.options.publish?.(
      'session.updated',
      'narrative',
      {
        session_id: session.id,
        changed: Object.keys(patch)
          .filter((key) => patch[key as keyof SessionPatch] !== undefined)
          .sort(),
        state: sessionState(session),
        changed_by: changedBy,
      },
      { worldId: session.worldId, sessionId: session.id },
    );
  }
}

export function counts(removed: Removed) {
  return {
    sessions: removed.sessions,
    turns: removed.turns,
    entities: removed.entities,
    versions: removed.versions,
    facts: removed.facts,
    documents: removed.documents,
  };
}
