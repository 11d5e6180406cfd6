/**
 * Lorebooks of other front ends, read the way SillyTavern's own World Info import reads them: each entry
 * becomes a World Info entry (keys, title, content, enabled, constant, order), so the world imports like
 * a World Info file and exports as one. The formats:
 * - NovelAI lorebook (`lorebookVersion`; entries `{text, displayName, keys, enabled, contextConfig}`);
 * - Agnai memory book (`kind: "memory"`; entries `{name, entry, keywords, weight, enabled}`);
 * - RisuAI lorebook (`type: "risu"`; `data: [{key: "a, b", secondkey, comment, content, alwaysActive,
 *   selective, insertorder, activationPercent}]`);
 * - a bare character book (a card's `character_book` saved as a file of its own: `{entries: [{keys,
 *   content, …}]}` with no `spec`).
 */
import { z } from 'zod';
import { entryFromWorldInfo, type LoreEntry } from './from-sillytavern.js';
import {
  characterBookSchema,
  commaList,
  type WorldInfoEntry,
  worldInfoEntrySchema,
} from './sillytavern-schemas.js';

const text = z.string().catch('');
const strings = z.array(z.string()).catch([]);
const MAX_ENTRIES = 100_000;

const novelAiSchema = z
  .object({
    lorebookVersion: z.unknown(),
    entries: z
      .array(
        z
          .object({
            text: text.default(''),
            displayName: text.default(''),
            keys: strings.default([]),
            enabled: z.boolean().catch(true).default(true),
            contextConfig: z
              .object({ budgetPriority: z.number().optional().catch(undefined) })
              .passthrough()
              .optional()
              .catch(undefined),
          })
          .passthrough(),
      )
      .max(MAX_ENTRIES),
  })
  .passthrough();

const agnaiSchema = z
  .object({
    kind: z.literal('memory'),
    name: text.default(''),
    description: text.default(''),
    entries: z
      .array(
        z
          .object({
            name: text.default(''),
            entry: text.default(''),
            keywords: strings.default([]),
            weight: z.number().catch(0).default(0),
            enabled: z.boolean().catch(true).default(true),
          })
          .passthrough(),
      )
      .max(MAX_ENTRIES),
  })
  .passthrough();

const risuSchema = z
  .object({
    type: z.literal('risu'),
    name: text.optional(),
    data: z
      .array(
        z
          .object({
            key: text.default(''),
            secondkey: text.default(''),
            comment: text.default(''),
            content: text.default(''),
            alwaysActive: z.boolean().catch(false).default(false),
            selective: z.boolean().catch(false).default(false),
            insertorder: z.number().catch(100).default(100),
            activationPercent: z.number().optional().catch(undefined),
          })
          .passthrough(),
      )
      .max(MAX_ENTRIES),
  })
  .passthrough();

export const OTHER_LOREBOOKS = {
  'novelai-lorebook': 'NovelAI lorebook',
  'agnai-memory-book': 'Agnai memory book',
  'risu-lorebook': 'RisuAI lorebook',
  'character-book': 'Character book (a card’s character_book as a file)',
} as const;
export type OtherLorebook = keyof typeof OTHER_LOREBOOKS;

export interface ReadLorebook {
  format: OtherLorebook;
  name: string;
  description: string;
  entries: LoreEntry[];
}

/** A World Info entry from the fields every format has, through SillyTavern's own schema. */
function worldInfo(fields: Record<string, unknown>): LoreEntry {
  return entryFromWorldInfo(worldInfoEntrySchema.parse(fields) as WorldInfoEntry);
}

/** Which of these formats the document is, by its marker field; undefined when none. */
export function whichLorebook(root: Record<string, unknown>): OtherLorebook | undefined {
  if (root.lorebookVersion !== undefined && Array.isArray(root.entries)) return 'novelai-lorebook';
  if (root.kind === 'memory' && Array.isArray(root.entries)) return 'agnai-memory-book';
  if (root.type === 'risu' && Array.isArray(root.data)) return 'risu-lorebook';
  if (
    root.spec === undefined &&
    Array.isArray(root.entries) &&
    root.entries.some((entry) => typeof entry === 'object' && entry !== null && 'content' in entry)
  )
    return 'character-book';
  return undefined;
}

/**
 * Reads the document as `format`; a zod error (the first problem) when it does not hold. The entries
 * keep SillyTavern's World Info fields, as SillyTavern's converters set them.
 */
export function readLorebook(
  format: OtherLorebook,
  document: unknown,
): { ok: true; value: ReadLorebook } | { ok: false; error: z.ZodError } {
  if (format === 'novelai-lorebook') {
    const parsed = novelAiSchema.safeParse(document);
    if (!parsed.success) return { ok: false, error: parsed.error };
    const entries = parsed.data.entries.map((entry, uid) =>
      worldInfo({
        uid,
        key: entry.keys,
        comment: entry.displayName,
        content: entry.text,
        disable: !entry.enabled,
        order: entry.contextConfig?.budgetPriority ?? 0,
      }),
    );
    return { ok: true, value: { format, name: '', description: '', entries } };
  }
  if (format === 'agnai-memory-book') {
    const parsed = agnaiSchema.safeParse(document);
    if (!parsed.success) return { ok: false, error: parsed.error };
    const entries = parsed.data.entries.map((entry, uid) =>
      worldInfo({
        uid,
        key: entry.keywords,
        comment: entry.name,
        content: entry.entry,
        disable: !entry.enabled,
        order: entry.weight,
      }),
    );
    return {
      ok: true,
      value: { format, name: parsed.data.name, description: parsed.data.description, entries },
    };
  }
  if (format === 'risu-lorebook') {
    const parsed = risuSchema.safeParse(document);
    if (!parsed.success) return { ok: false, error: parsed.error };
    const entries = parsed.data.data.map((entry, uid) =>
      worldInfo({
        uid,
        key: commaList(entry.key),
        keysecondary: commaList(entry.secondkey),
        comment: entry.comment,
        content: entry.content,
        constant: entry.alwaysActive,
        selective: entry.selective,
        order: entry.insertorder,
        probability: entry.activationPercent ?? 100,
      }),
    );
    return { ok: true, value: { format, name: parsed.data.name ?? '', description: '', entries } };
  }
  const parsed = characterBookSchema.safeParse(document);
  if (!parsed.success) return { ok: false, error: parsed.error };
  const given = (document as { entries: Array<Record<string, unknown>> }).entries;
  const entries = parsed.data.entries.map((entry, uid) =>
    // An entry under World Info's own field names (`key`, `keysecondary`, `disable`), as some tools
    // list them, reads as one: as a book entry its keys would be lost.
    'key' in given[uid]! && !('keys' in given[uid]!)
      ? worldInfo({ uid, ...given[uid] })
      : worldInfo({
          uid: typeof entry.id === 'number' ? entry.id : uid,
          key: entry.keys,
          keysecondary: entry.secondary_keys ?? [],
          comment: entry.comment ?? entry.name ?? '',
          content: entry.content,
          constant: entry.constant ?? false,
          selective: entry.selective ?? false,
          disable: !entry.enabled,
          order: entry.insertion_order,
          position: entry.position === 'after_char' ? 1 : 0,
        }),
  );
  return {
    ok: true,
    value: { format, name: parsed.data.name ?? '', description: parsed.data.description ?? '', entries },
  };
}
