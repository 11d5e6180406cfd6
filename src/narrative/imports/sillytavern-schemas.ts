/**
 * The SillyTavern formats, read leniently (front ends add fields of their own; unknown fields are kept
 * for the round trip) but typed where Loremaster reads them:
 * - Character Card V2 (`spec: "chara_card_v2"`) and V3 (`"chara_card_v3"`), and V1 (the bare fields);
 * - the lorebook they embed (`character_book`), also a file of its own as `{spec: "lorebook_v3", data}`;
 * - SillyTavern's World Info file: `{entries: {"0": {uid, key, keysecondary, comment, content, constant,
 *   disable, order, position, …}}}`.
 * Cards and books from other tools write an absent part as `null` (a card's `character_book`, a book's
 * `entries`), and keys and tags as one comma-separated string: both read as SillyTavern's own would.
 */
import { z } from 'zod';

const text = z.string().catch('');
const strings = z.array(z.string()).catch([]);

/** "dragon, wyrm" → ["dragon", "wyrm"]: keys as SillyTavern's key fields take them, typed. */
export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
}

/** A key SillyTavern reads as a regular expression: `/…/flags`. */
export function isRegexKey(key: string): boolean {
  return /^\/.*\/[a-z]*$/.test(key);
}

/**
 * Keys and tags: a list, or one string of comma-separated ones (a regular expression, `/…/flags`, is
 * one key: its commas are its own). Numbers in a list read as their text; anything else in it, and a
 * value of another kind, is no key.
 */
function toKeys(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return isRegexKey(value.trim()) ? [value.trim()] : commaList(value);
  if (!Array.isArray(value)) return [];
  return value.filter((key) => typeof key === 'string' || typeof key === 'number').map(String);
}
const keys = z.preprocess(toKeys, z.array(z.string()).default([]));
const optionalKeys = z.preprocess(toKeys, z.array(z.string()).optional());

export const bookEntrySchema = z
  .object({
    keys,
    content: text.default(''),
    extensions: z.record(z.string(), z.unknown()).catch({}).default({}),
    enabled: z.boolean().catch(true).default(true),
    insertion_order: z.number().catch(100).default(100),
    case_sensitive: z.boolean().optional().catch(undefined),
    use_regex: z.boolean().optional().catch(undefined),
    constant: z.boolean().optional().catch(undefined),
    name: z.string().optional().catch(undefined),
    priority: z.number().optional().catch(undefined),
    id: z.union([z.number(), z.string()]).optional().catch(undefined),
    comment: z.string().optional().catch(undefined),
    selective: z.boolean().optional().catch(undefined),
    secondary_keys: optionalKeys,
    position: z.string().optional().catch(undefined),
  })
  .passthrough();
export type BookEntry = z.infer<typeof bookEntrySchema>;

export const characterBookSchema = z
  .object({
    name: z.string().optional().catch(undefined),
    description: z.string().optional().catch(undefined),
    scan_depth: z.number().optional().catch(undefined),
    token_budget: z.number().optional().catch(undefined),
    recursive_scanning: z.boolean().optional().catch(undefined),
    extensions: z.record(z.string(), z.unknown()).catch({}).default({}),
    entries: z.preprocess((entries) => entries ?? [], z.array(bookEntrySchema).max(100_000)),
  })
  .passthrough();
export type CharacterBook = z.infer<typeof characterBookSchema>;

export const cardDataSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: text.default(''),
    personality: text.default(''),
    scenario: text.default(''),
    first_mes: text.default(''),
    mes_example: text.default(''),
    creator_notes: text.default(''),
    system_prompt: text.default(''),
    post_history_instructions: text.default(''),
    alternate_greetings: strings.default([]),
    character_book: z.preprocess((book) => book ?? undefined, characterBookSchema.optional()),
    tags: keys,
    creator: text.default(''),
    character_version: text.default(''),
    extensions: z.record(z.string(), z.unknown()).catch({}).default({}),
    nickname: z.string().optional().catch(undefined),
  })
  .passthrough();
export type CardData = z.infer<typeof cardDataSchema>;

export const cardV2Schema = z
  .object({ spec: z.literal('chara_card_v2'), data: cardDataSchema })
  .passthrough();
export const cardV3Schema = z
  .object({ spec: z.literal('chara_card_v3'), data: cardDataSchema })
  .passthrough();
export const lorebookV3Schema = z
  .object({ spec: z.literal('lorebook_v3'), data: characterBookSchema })
  .passthrough();

export const worldInfoEntrySchema = z
  .object({
    uid: z.number().optional().catch(undefined),
    key: keys,
    keysecondary: keys,
    comment: text.default(''),
    content: text.default(''),
    constant: z.boolean().catch(false).default(false),
    disable: z.boolean().catch(false).default(false),
    order: z.number().catch(100).default(100),
    position: z.number().catch(0).default(0),
    selective: z.boolean().optional().catch(undefined),
  })
  .passthrough();
export type WorldInfoEntry = z.infer<typeof worldInfoEntrySchema>;

export const worldInfoSchema = z
  .object({
    name: z.string().optional().catch(undefined),
    entries: z.record(z.string(), worldInfoEntrySchema),
  })
  .passthrough();
export type WorldInfo = z.infer<typeof worldInfoSchema>;
