/**
 * What an imported file is, from its bytes: a PNG character card (V3's `ccv3` chunk preferred over
 * V2's `chara`), a CHARX card (V3 in a ZIP archive), a JSON card (V3, V2 or V1, or the Pygmalion
 * character that came before them), a lorebook
 * (`lorebook_v3`), a SillyTavern World Info file, another front end's lorebook (NovelAI, Agnai, RisuAI, a
 * bare character book: ./other-lorebooks.ts), or a Loremaster world file (YAML or JSON). Anything else is
 * refused with one sentence saying what was expected.
 */
import { unzipSync } from 'fflate';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { type WorldFile, worldFileSchema } from '../world-file.js';
import { type Converted, entryFromBook, entryFromWorldInfo, loreWorld } from './from-sillytavern.js';
import { OTHER_LOREBOOKS, readLorebook, whichLorebook } from './other-lorebooks.js';
import { isPng, readCardChunks } from './png-text.js';
import {
  type CardData,
  cardDataSchema,
  cardV2Schema,
  cardV3Schema,
  lorebookV3Schema,
  worldInfoSchema,
} from './sillytavern-schemas.js';

export const IMPORT_FORMATS = {
  'loremaster-world': 'Loremaster world file',
  'card-v3': 'SillyTavern Character Card V3 (JSON)',
  'card-v2': 'SillyTavern Character Card V2 (JSON)',
  'card-v1': 'SillyTavern Character Card V1 (JSON)',
  'pygmalion-character': 'Pygmalion / TavernAI character (JSON: char_name, char_persona, …)',
  'card-v3-png': 'SillyTavern Character Card V3 (PNG, ccv3 chunk)',
  'card-v2-png': 'SillyTavern Character Card V2 (PNG, chara chunk)',
  'card-v3-charx': 'Character Card V3 (CHARX archive)',
  'lorebook-v3': 'Lorebook V3 (lorebook_v3)',
  'world-info': 'SillyTavern World Info',
  ...OTHER_LOREBOOKS,
} as const;
export type ImportFormat = keyof typeof IMPORT_FORMATS;

export interface DetectedFile extends Converted {
  format: ImportFormat;
  /** The format's name, for people. */
  formatName: string;
}

export class UnsupportedFile extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedFile';
  }
}

const EXPECTED =
  'expected a Loremaster world file (YAML or JSON), a SillyTavern Character Card V2/V3 (JSON, PNG or CHARX) or a Pygmalion character, a lorebook_v3 file, a SillyTavern World Info file, or a NovelAI, Agnai or RisuAI lorebook';

/** A V1 card's own fields (`char_persona` too, which some V1 cards kept from the Pygmalion format). */
const V1_FIELDS = ['description', 'personality', 'scenario', 'first_mes', 'mes_example', 'char_persona'];

/** A CHARX archive's card.json may be this large; the archive's pictures are not read. */
const MAX_CHARX_CARD = 16 * 1024 * 1024;

function issueOf(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`;
}

function card(format: ImportFormat, data: CardData): DetectedFile {
  const book = data.character_book;
  const { entries = [], ...meta } = book ?? {};
  const converted = loreWorld({
    name: data.name,
    description: data.scenario || data.description.slice(0, 4_000),
    format,
    character: data,
    ...(book && { book: meta }),
    entries: entries.map(entryFromBook),
  });
  return { format, formatName: IMPORT_FORMATS[format], ...converted };
}

/** Reads a parsed JSON or YAML document as one of the formats. */
export function detectDocument(
  document: unknown,
  fallbackName = 'Imported world',
  png?: 'v2' | 'v3',
): DetectedFile {
  if (typeof document !== 'object' || document === null || Array.isArray(document))
    throw new UnsupportedFile(`not a supported file: ${EXPECTED}`);
  const root = document as Record<string, unknown>;
  const spec = typeof root.spec === 'string' ? root.spec : undefined;
  const check = <T>(schema: z.ZodType<T>, label: string, value: unknown = document): T => {
    const result = schema.safeParse(value);
    if (!result.success) throw new UnsupportedFile(`${label}: ${issueOf(result.error)}`);
    return result.data;
  };
  if (spec === 'chara_card_v3') {
    const format = png ? 'card-v3-png' : 'card-v3';
    return card(format, check(cardV3Schema, IMPORT_FORMATS[format]).data);
  }
  if (spec === 'chara_card_v2') {
    const format = png ? 'card-v2-png' : 'card-v2';
    return card(format, check(cardV2Schema, IMPORT_FORMATS[format]).data);
  }
  if (spec === 'lorebook_v3') {
    const { entries, ...meta } = check(lorebookV3Schema, IMPORT_FORMATS['lorebook-v3']).data;
    const converted = loreWorld({
      name: meta.name || fallbackName,
      description: meta.description ?? '',
      format: 'lorebook-v3',
      book: meta,
      entries: entries.map(entryFromBook),
    });
    return { format: 'lorebook-v3', formatName: IMPORT_FORMATS['lorebook-v3'], ...converted };
  }
  if (spec !== undefined) throw new UnsupportedFile(`unsupported spec "${spec.slice(0, 50)}": ${EXPECTED}`);
  if ('world' in root && 'entities' in root) {
    const file: WorldFile = check(worldFileSchema, IMPORT_FORMATS['loremaster-world']);
    return { format: 'loremaster-world', formatName: IMPORT_FORMATS['loremaster-world'], file, warnings: [] };
  }
  const lorebook = whichLorebook(root);
  if (lorebook) {
    const read = readLorebook(lorebook, document);
    if (!read.ok) throw new UnsupportedFile(`${IMPORT_FORMATS[lorebook]}: ${issueOf(read.error)}`);
    const converted = loreWorld({
      name: read.value.name || fallbackName,
      description: read.value.description,
      format: lorebook,
      entries: read.value.entries,
    });
    return { format: lorebook, formatName: IMPORT_FORMATS[lorebook], ...converted };
  }
  if (typeof root.entries === 'object' && root.entries !== null && !Array.isArray(root.entries)) {
    const info = check(worldInfoSchema, IMPORT_FORMATS['world-info']);
    const entries = Object.values(info.entries)
      .sort((a, b) => (a.uid ?? 0) - (b.uid ?? 0))
      .map(entryFromWorldInfo);
    const converted = loreWorld({
      name: info.name || fallbackName,
      description: '',
      format: 'world-info',
      entries,
    });
    return { format: 'world-info', formatName: IMPORT_FORMATS['world-info'], ...converted };
  }
  // V1: the card's fields at the root, no spec; any one of them with the name makes a card.
  if (typeof root.name === 'string' && V1_FIELDS.some((field) => field in root))
    return card('card-v1', check(cardDataSchema, IMPORT_FORMATS['card-v1']));
  // Read after V1, as SillyTavern reads them: a file with a `name` is a V1 card.
  if (typeof root.char_name === 'string') {
    const label = IMPORT_FORMATS['pygmalion-character'];
    return card('pygmalion-character', check(cardDataSchema, label, fromPygmalion(root)));
  }
  throw new UnsupportedFile(`not a supported file: ${EXPECTED}`);
}

/**
 * The Pygmalion character (the JSON of Pygmalion's notepad and TavernAI, before Card V1) as a card's
 * fields, mapped as SillyTavern's own import maps them; it has no personality of its own.
 */
function fromPygmalion(root: Record<string, unknown>): Record<string, unknown> {
  const { char_name, char_persona, world_scenario, char_greeting, example_dialogue, ...rest } = root;
  return {
    ...rest,
    name: char_name,
    description: char_persona ?? '',
    personality: '',
    scenario: world_scenario ?? '',
    first_mes: char_greeting ?? '',
    mes_example: example_dialogue ?? '',
    creator_notes: rest.creatorcomment ?? rest.creator_notes ?? '',
  };
}

/** Reads a file's bytes as one of the formats; `name` (the file's name) names a world info file's world. */
export function detectFile(bytes: Uint8Array, name = 'Imported world'): DetectedFile {
  // "ashfall.world-info.json" → "ashfall": a World Info file names its world by its file name.
  const fallback =
    name
      .replace(/^.*[\\/]/, '')
      .replace(/\..*$/, '')
      .trim() || 'Imported world';
  if (isZip(bytes)) return detectCharx(bytes, fallback);
  if (isPng(bytes)) {
    let chunks: ReturnType<typeof readCardChunks>;
    try {
      chunks = readCardChunks(bytes);
    } catch (error) {
      throw new UnsupportedFile(`a damaged PNG file (${(error as Error).message.slice(0, 100)})`);
    }
    const which = chunks.ccv3 !== undefined ? 'v3' : chunks.chara !== undefined ? 'v2' : undefined;
    if (!which && chunks.naidata !== undefined) {
      // A NovelAI lorebook saved as a picture.
      try {
        return detectDocument(JSON.parse(chunks.naidata), fallback);
      } catch (error) {
        if (error instanceof UnsupportedFile) throw error;
        throw new UnsupportedFile('the PNG\'s "naidata" chunk is not JSON');
      }
    }
    if (!which)
      throw new UnsupportedFile('a PNG file without a character card (no "ccv3" or "chara" text chunk)');
    let document: unknown;
    try {
      document = JSON.parse((which === 'v3' ? chunks.ccv3 : chunks.chara) as string);
    } catch {
      throw new UnsupportedFile(`the PNG's "${which === 'v3' ? 'ccv3' : 'chara'}" chunk is not base64 JSON`);
    }
    const found = detectDocument(document, fallback, which);
    // A V1 card in a `chara` chunk is still a PNG card.
    return found.format === 'card-v1'
      ? { ...found, format: 'card-v2-png', formatName: IMPORT_FORMATS['card-v2-png'] }
      : found;
  }
  // A file saved by a Windows editor may start with a byte order mark, which JSON does not allow.
  const text = Buffer.from(bytes)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  if (text.includes('\u0000')) throw new UnsupportedFile(`a binary file: ${EXPECTED}`);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    try {
      document = parseYaml(text, { maxAliasCount: 100 });
    } catch {
      throw new UnsupportedFile(`neither JSON nor YAML: ${EXPECTED}`);
    }
  }
  return detectDocument(document, fallback);
}

function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
  );
}

/** A CHARX file: a ZIP archive whose `card.json` is a V3 card (its pictures, under assets/, are not read). */
function detectCharx(bytes: Uint8Array, fallback: string): DetectedFile {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => file.name === 'card.json' && file.originalSize <= MAX_CHARX_CARD,
    });
  } catch (error) {
    throw new UnsupportedFile(`a damaged ZIP file (${(error as Error).message.slice(0, 100)})`);
  }
  const json = files['card.json'];
  if (!json)
    throw new UnsupportedFile(`a ZIP file without a card.json (a CHARX card holds one): ${EXPECTED}`);
  let document: unknown;
  try {
    document = JSON.parse(
      Buffer.from(json)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    );
  } catch {
    throw new UnsupportedFile("the CHARX file's card.json is not JSON");
  }
  const found = detectDocument(document, fallback);
  if (found.format !== 'card-v3' && found.format !== 'card-v2')
    throw new UnsupportedFile(`the CHARX file's card.json is a ${found.formatName}, not a character card`);
  return { ...found, format: 'card-v3-charx', formatName: IMPORT_FORMATS['card-v3-charx'] };
}
