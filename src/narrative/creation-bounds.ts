/**
 * What a world's settings and a session's metadata may hold, checked when they are created: the same
 * bounds their later steps keep (a patch of the state, a note added, the narrator's declared
 * variables), so nothing is accepted at creation that a turn would then refuse for good. A world whose
 * `settings.player.name` was 250 characters once could never play a turn.
 *
 * And the other side, for what was stored before these checks: `clipForTemplate` gives the narrator
 * (and the dialogue) values within the templates' declared bounds, so an old world still plays.
 */
import { NarrativeError } from './errors.js';
import { checkStateBounds, isJsonObject, type JsonObject, STATE_BOUNDS } from './merge-patch.js';

/** Bounds the narrator's and the dialogue's templates declare (prompts/narrator.yaml). */
export const PLAYER_LIMITS = { name: 200, description: 10_000, traits: 100, trait: 500 };
/** How many notes a session keeps, and how long each may be (as `PATCH /sessions/{id}` keeps them). */
export const NOTE_LIMITS = { count: 200, chars: 2_000 };
/** A world's settings are larger than a session's state (lore flags, imports), still bounded. */
export const SETTINGS_BOUNDS = { ...STATE_BOUNDS, maxBytes: 512 * 1024 };

/** A world's settings at creation: bounded as a whole; its `state`, `player` and `theme` as a turn reads them. */
export function checkWorldSettings(settings: unknown): void {
  if (!isJsonObject(settings)) throw invalid('settings', 'settings: expected an object');
  checkStateBounds(settings, 'settings', SETTINGS_BOUNDS);
  if (settings.state !== undefined) checkState(settings.state, 'settings.state');
  if (settings.player !== undefined) checkPlayer(settings.player, 'settings.player');
  if (settings.theme !== undefined && !isJsonObject(settings.theme))
    throw invalid('settings.theme', 'settings.theme: expected an object ({genre, tone, style})');
  if (settings.notes !== undefined) checkNotes(settings.notes, 'settings.notes');
}

/** A session's metadata at creation: `state`, `notes` and `player` as the turn reads them. */
export function checkSessionMetadata(metadata: unknown): void {
  if (!isJsonObject(metadata)) throw invalid('metadata', 'metadata: expected an object');
  checkStateBounds(metadata, 'metadata', SETTINGS_BOUNDS);
  if (metadata.state !== undefined) checkState(metadata.state, 'metadata.state');
  if (metadata.notes !== undefined) checkNotes(metadata.notes, 'metadata.notes');
  if (metadata.player !== undefined) checkPlayer(metadata.player, 'metadata.player');
}

function checkState(state: unknown, param: string): void {
  if (!isJsonObject(state)) throw invalid(param, `${param}: expected an object`);
  checkStateBounds(state, param);
}

function checkNotes(notes: unknown, param: string): void {
  if (!Array.isArray(notes)) throw invalid(param, `${param}: expected an array of strings`);
  if (notes.length > NOTE_LIMITS.count)
    throw invalid(param, `${param}: at most ${NOTE_LIMITS.count} notes (got ${notes.length})`);
  for (const [index, note] of notes.entries()) {
    if (typeof note !== 'string') throw invalid(`${param}.${index}`, `${param}.${index}: expected a string`);
    if (note.length > NOTE_LIMITS.chars)
      throw invalid(`${param}.${index}`, `${param}.${index}: longer than ${NOTE_LIMITS.chars} characters`);
  }
}

function checkPlayer(player: unknown, param: string): void {
  if (!isJsonObject(player))
    throw invalid(param, `${param}: expected an object ({name, description, traits})`);
  const { name, description, traits } = player;
  if (name !== undefined) checkString(name, `${param}.name`, PLAYER_LIMITS.name);
  if (description !== undefined) checkString(description, `${param}.description`, PLAYER_LIMITS.description);
  if (traits === undefined) return;
  if (!Array.isArray(traits))
    throw invalid(`${param}.traits`, `${param}.traits: expected an array of strings`);
  if (traits.length > PLAYER_LIMITS.traits)
    throw invalid(
      `${param}.traits`,
      `${param}.traits: at most ${PLAYER_LIMITS.traits} traits (got ${traits.length})`,
    );
  for (const [index, trait] of traits.entries())
    checkString(trait, `${param}.traits.${index}`, PLAYER_LIMITS.trait);
}

function checkString(value: unknown, param: string, max: number): void {
  if (typeof value !== 'string') throw invalid(param, `${param}: expected a string`);
  if (value.length > max) throw invalid(param, `${param}: longer than ${max} characters (${value.length})`);
}

function invalid(param: string, message: string): NarrativeError {
  return new NarrativeError(400, 'invalid_request', `Invalid request: ${message}`, param);
}

/** A string within `max` characters (an old stored value that is longer is cut, with an ellipsis). */
export function clipText(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** The last `count` strings of a list, each within `chars` (the newest notes matter most). */
export function clipList(values: unknown, count: number, chars: number): string[] {
  if (!Array.isArray(values)) return [];
  return values
    .filter((value): value is string => typeof value === 'string')
    .slice(-count)
    .map((value) => clipText(value, chars));
}

/**
 * A JSON value with nothing below `maxDepth` levels (deeper objects and arrays become the text
 * `"…"`): an old state stored before the bounds still renders. The recursion stops at the bound, so
 * a value of any depth is safe to give it. `__proto__` keys are left out (the copy is a plain object).
 */
export function clipDepth(value: unknown, maxDepth: number = STATE_BOUNDS.maxDepth): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (maxDepth <= 0) return '…';
  if (Array.isArray(value))
    return value.slice(0, STATE_BOUNDS.maxKeys).map((item) => clipDepth(item, maxDepth - 1));
  const out: JsonObject = {};
  for (const key of Object.keys(value).slice(0, STATE_BOUNDS.maxKeys))
    if (key !== '__proto__') out[key] = clipDepth((value as JsonObject)[key], maxDepth - 1);
  return out;
}
