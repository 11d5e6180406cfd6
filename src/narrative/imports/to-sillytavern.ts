/**
 * A world written back as SillyTavern files: a Character Card V2 or V3 (JSON, or PNG with its `chara`
 * / `ccv3` chunk) whose `character_book` holds the world's other entities, a `lorebook_v3` file, or a
 * World Info file. An entity imported from such a file is written back with the fields it came with
 * (kept in the world's settings); one made in Loremaster gets SillyTavern's defaults: its names as keys,
 * its description and note as content.
 */
import type { EntityView } from '../worlds.js';
import { CONSTANT_TAG, DISABLED_TAG } from './from-sillytavern.js';
import { plainPicture, writeCardChunks } from './png-text.js';

export const EXPORT_FORMATS = [
  'card-v2',
  'card-v3',
  'card-v2-png',
  'card-v3-png',
  'lorebook-v3',
  'world-info',
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportSource {
  world: { name: string; description: string | null; settings: Record<string, unknown> };
  entities: EntityView[];
}

export class CannotExport extends Error {}

type Saved = Record<string, unknown>;

function record(value: unknown): Saved {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Saved) : {};
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

interface Lore {
  title: string;
  keys: string[];
  secondaryKeys: string[];
  content: string;
  enabled: boolean;
  constant: boolean;
  order: number;
  /** 0 before the character's description, 1 after (SillyTavern's numbering). */
  position: number;
  saved: Saved;
}

function loreOf(entity: EntityView, saved: Saved): Lore {
  const data = entity.data;
  const content = [data.description, data.note].filter((part) => part.trim()).join('\n\n');
  const position = saved.position === 'after_char' || saved.position === 1 ? 1 : 0;
  return {
    title: typeof saved.title === 'string' && saved.title ? saved.title : entity.name,
    keys: strings(saved.keys) ?? [entity.name, ...data.aliases],
    secondaryKeys: strings(saved.secondary_keys) ?? strings(saved.keysecondary) ?? [],
    content,
    enabled: !(data.tags.includes(DISABLED_TAG) || data.attributes.enabled === false),
    constant: data.tags.includes(CONSTANT_TAG) || data.attributes.always_in_context === true,
    order: Number(saved.insertion_order ?? saved.order ?? 100) || 100,
    position,
    saved,
  };
}

/** Fields that belong to the other dialect, or that each writer sets itself. */
const BOOK_OWN = new Set([
  'keys',
  'title',
  'key',
  'keysecondary',
  'comment',
  'order',
  'disable',
  'uid',
  'position',
  'secondary_keys',
  'insertion_order',
]);

function bookEntry(lore: Lore, id: number, v3: boolean): Saved {
  const extras = Object.fromEntries(Object.entries(lore.saved).filter(([key]) => !BOOK_OWN.has(key)));
  return {
    ...extras,
    id,
    keys: lore.keys,
    secondary_keys: lore.secondaryKeys,
    comment: lore.title,
    name: typeof extras.name === 'string' ? extras.name : lore.title,
    content: lore.content,
    extensions: record(extras.extensions),
    enabled: lore.enabled,
    constant: lore.constant,
    insertion_order: lore.order,
    selective: lore.secondaryKeys.length > 0,
    position: lore.position === 1 ? 'after_char' : 'before_char',
    ...(v3 && { use_regex: extras.use_regex === true }),
  };
}

function worldInfoEntry(lore: Lore, uid: number): Saved {
  const extras = Object.fromEntries(
    Object.entries(lore.saved).filter(
      ([key]) =>
        !BOOK_OWN.has(key) &&
        !['name', 'id', 'enabled', 'extensions', 'use_regex', 'case_sensitive', 'priority'].includes(key),
    ),
  );
  return {
    selectiveLogic: 0,
    addMemo: true,
    probability: 100,
    useProbability: true,
    depth: 4,
    ...extras,
    uid,
    key: lore.keys,
    keysecondary: lore.secondaryKeys,
    comment: lore.title,
    content: lore.content,
    constant: lore.constant,
    selective: true,
    order: lore.order,
    position: lore.position,
    disable: !lore.enabled,
    displayIndex: uid,
  };
}

function book(source: ExportSource, lore: Lore[], v3: boolean): Saved {
  const saved = record(record(source.world.settings.sillytavern).book);
  return {
    ...saved,
    name: typeof saved.name === 'string' ? saved.name : source.world.name,
    ...(source.world.description &&
      saved.description === undefined && { description: source.world.description }),
    extensions: record(saved.extensions),
    entries: lore.map((entry, index) => bookEntry(entry, index, v3)),
  };
}

function cardCharacter(source: ExportSource): EntityView {
  const card = record(record(source.world.settings.sillytavern).card);
  const named =
    typeof card.name === 'string' ? source.entities.find((entity) => entity.name === card.name) : undefined;
  const character = named ?? source.entities.find((entity) => entity.type === 'character');
  if (!character) throw new CannotExport('the world has no character to put on a card');
  return character;
}

function cardData(source: ExportSource, character: EntityView, lore: Lore[], v3: boolean): Saved {
  const card = record(record(source.world.settings.sillytavern).card);
  const attribute = (key: string) => {
    const value = character.data.attributes[key];
    const kept = typeof card[key] === 'string' ? (card[key] as string) : '';
    // An attribute holds at most 2,000 characters: the card's own text when the attribute is its start.
    return typeof value === 'string' && !kept.trim().startsWith(value) ? value : kept;
  };
  return {
    creator_notes: '',
    system_prompt: '',
    post_history_instructions: '',
    alternate_greetings: [],
    mes_example: '',
    creator: '',
    character_version: '',
    extensions: {},
    ...card,
    name: character.name,
    description: character.data.description,
    personality: attribute('personality'),
    scenario: attribute('scenario') || (card.scenario === undefined ? (source.world.description ?? '') : ''),
    first_mes: attribute('first_mes'),
    tags: character.data.tags,
    ...(v3 && { group_only_greetings: strings(card.group_only_greetings) ?? [] }),
    ...(lore.length > 0 && { character_book: book(source, lore, v3) }),
  };
}

export interface Exported {
  contentType: string;
  extension: string;
  body: Buffer;
}

export function exportWorld(source: ExportSource, format: ExportFormat): Exported {
  const saved = record(record(source.world.settings.sillytavern).entries);
  const json = (value: unknown, extension = 'json'): Exported => ({
    contentType: 'application/json',
    extension,
    body: Buffer.from(`${JSON.stringify(value, null, 2)}\n`),
  });
  if (format === 'lorebook-v3' || format === 'world-info') {
    const lore = source.entities.map((entity) => loreOf(entity, record(saved[entity.name])));
    if (format === 'lorebook-v3') return json({ spec: 'lorebook_v3', data: book(source, lore, true) });
    return json({
      name: source.world.name,
      entries: Object.fromEntries(lore.map((entry, uid) => [String(uid), worldInfoEntry(entry, uid)])),
    });
  }
  const v3 = format.startsWith('card-v3');
  const character = cardCharacter(source);
  const lore = source.entities
    .filter((entity) => entity.id !== character.id)
    .map((entity) => loreOf(entity, record(saved[entity.name])));
  const data = cardData(source, character, lore, v3);
  const card = v3
    ? { spec: 'chara_card_v3', spec_version: '3.0', data }
    : { spec: 'chara_card_v2', spec_version: '2.0', data };
  if (!format.endsWith('-png')) return json(card);
  // A V3 PNG carries the V2 chunk too, for readers that only know V2 (as the V3 spec advises).
  const v2 = { spec: 'chara_card_v2', spec_version: '2.0', data: cardData(source, character, lore, false) };
  const chunks = v3
    ? { chara: JSON.stringify(v2), ccv3: JSON.stringify(card) }
    : { chara: JSON.stringify(card) };
  return { contentType: 'image/png', extension: 'png', body: writeCardChunks(plainPicture(), chunks) };
}
