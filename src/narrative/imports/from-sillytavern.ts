/**
 * SillyTavern cards and lorebooks as a Loremaster world file: the card's character an entity, each
 * lore entry an entity of its own (searchable by its title, content and keys). A key becomes an alias
 * when it reads as a name no other entry claims, and a keyword (a tag, and the `keywords` attribute)
 * otherwise. Disabled entries stay disabled and constant entries are marked always-in-context (tags
 * and attributes of those names). What SillyTavern needs to write the file back (its own fields) is kept
 * in the world's settings under `sillytavern`.
 */
import { nameKey } from '../entities.js';
import { type WorldFile, worldFileSchema } from '../world-file.js';
import {
  type BookEntry,
  type CardData,
  type CharacterBook,
  isRegexKey,
  type WorldInfo,
} from './sillytavern-schemas.js';

export const DISABLED_TAG = 'disabled';
export const CONSTANT_TAG = 'always-in-context';
export const LORE_TAG = 'lore';

const MAX_NAME = 200;
const MAX_TEXT = 8_000;
const MAX_ATTRIBUTE = 2_000;
const MAX_TAG = 64;
const MAX_LIST = 20;

/** One lore entry, whichever file it came from. */
export interface LoreEntry {
  title: string;
  keys: string[];
  content: string;
  enabled: boolean;
  constant: boolean;
  /** The entry's other fields, as the file had them (for writing it back). */
  extras: Record<string, unknown>;
}

export interface Converted {
  file: WorldFile;
  warnings: string[];
}

export function entryFromBook(entry: BookEntry): LoreEntry {
  const { keys, content, enabled, constant, ...extras } = entry;
  return {
    title: entry.name?.trim() || entry.comment?.trim() || '',
    keys,
    content,
    enabled,
    constant: constant ?? false,
    extras,
  };
}

export function entryFromWorldInfo(entry: WorldInfo['entries'][string]): LoreEntry {
  const { key, content, disable, constant, ...extras } = entry;
  return { title: entry.comment.trim(), keys: key, content, enabled: !disable, constant, extras };
}

function clip(value: string, max: number, what: string, warnings: string[]): string {
  if (value.length <= max) return value;
  warnings.push(`${what} is ${value.length} characters; the first ${max} were kept`);
  return value.slice(0, max);
}

/** A key that reads as a name: not a regular expression, not a whole sentence. */
function nameLike(key: string): boolean {
  return key.length > 0 && key.length <= 60 && !isRegexKey(key) && !/[.!?]$/.test(key);
}

/** Builds the world file; entry names and aliases are made unique so the file always imports. */
export function loreWorld(input: {
  name: string;
  description: string;
  format: string;
  character?: CardData;
  book?: Omit<CharacterBook, 'entries'>;
  entries: LoreEntry[];
}): Converted {
  const warnings: string[] = [];
  const claimed = new Set<string>();
  const claim = (name: string) => {
    const key = nameKey(name);
    if (!key || claimed.has(key)) return false;
    claimed.add(key);
    return true;
  };
  const entities: Array<Record<string, unknown>> = [];
  const saved: Record<string, unknown> = {};

  if (input.character) {
    const card = input.character;
    claim(card.name);
    const aliases = card.nickname && claim(card.nickname) ? [card.nickname] : [];
    const attributes: Record<string, string> = {};
    for (const field of ['personality', 'scenario', 'first_mes'] as const)
      if (card[field].trim())
        attributes[field] = clip(card[field].trim(), MAX_ATTRIBUTE, `${card.name}'s ${field}`, warnings);
    entities.push({
      type: 'character',
      name: card.name,
      aliases,
      tags: card.tags
        .map((tag) => tag.trim().toLowerCase().slice(0, MAX_TAG))
        .filter(Boolean)
        .slice(0, MAX_LIST),
      description: clip(card.description.trim(), MAX_TEXT, `${card.name}'s description`, warnings),
      attributes,
    });
  }

  // Names first, so that no alias takes an entry's title from it.
  const named = input.entries.map((entry, index) => {
    const base = (entry.title || entry.keys.find((key) => key.trim()) || `Entry ${index + 1}`)
      .trim()
      .slice(0, MAX_NAME - 6);
    let name = base;
    for (let n = 2; !claim(name); n += 1) name = `${base} (${n})`;
    return { entry, name };
  });
  for (const { entry, name } of named) {
    const keys = [...new Set(entry.keys.map((key) => key.trim()).filter(Boolean))];
    const aliases: string[] = [];
    for (const key of keys)
      if (aliases.length < MAX_LIST && nameLike(key) && nameKey(key) !== nameKey(name) && claim(key))
        aliases.push(key);
    const tags = [LORE_TAG];
    if (!entry.enabled) tags.push(DISABLED_TAG);
    if (entry.constant) tags.push(CONSTANT_TAG);
    for (const key of keys)
      if (
        tags.length < MAX_LIST &&
        !aliases.includes(key) &&
        key.length <= MAX_TAG &&
        !tags.includes(key.toLowerCase())
      )
        tags.push(key.toLowerCase());
    const attributes: Record<string, string | boolean> = {
      enabled: entry.enabled,
      always_in_context: entry.constant,
    };
    if (keys.length > 0)
      attributes.keywords = clip(keys.join(', '), MAX_ATTRIBUTE, `the keys of "${name}"`, warnings);
    entities.push({
      type: 'concept',
      name,
      aliases,
      tags,
      description: clip(entry.content.trim(), MAX_TEXT, `the content of "${name}"`, warnings),
      attributes,
    });
    saved[name] = { keys: entry.keys, title: entry.title, ...entry.extras };
  }

  const { character_book: _book, ...card } = input.character ?? ({} as Partial<CardData>);
  const file = worldFileSchema.parse({
    world: {
      name: input.name.trim().slice(0, MAX_NAME) || 'Imported world',
      ...(input.description.trim() && {
        description: clip(input.description.trim(), 4_000, 'the description', warnings),
      }),
      settings: {
        sillytavern: {
          format: input.format,
          ...(input.character && { card }),
          ...(input.book && { book: input.book }),
          entries: saved,
        },
      },
    },
    entities,
  });
  return { file, warnings };
}
