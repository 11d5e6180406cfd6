/**
 * Character cards in PNG files: the card's JSON, UTF-8 then base64, in a tEXt chunk named `chara`
 * (Character Card V2) or `ccv3` (V3), as SillyTavern writes them. Chunks are read and written with the
 * same small libraries SillyTavern uses (png-chunks-extract / -encode, png-chunk-text), which check the
 * signature and every chunk's CRC. Cards written by other tools (zTXt or iTXt chunks, the `chara_card_v3`
 * keyword, JSON not in base64) are read as well; cards are always written as SillyTavern writes them.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { decode as decodeText, encode as encodeText } from 'png-chunk-text';
import encodeChunks from 'png-chunks-encode';
import extractChunks from 'png-chunks-extract';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
export const CARD_CHUNKS = ['ccv3', 'chara'] as const;
export type CardChunk = (typeof CARD_CHUNKS)[number];
/** Keywords read as a card chunk: some tools write V3 under `chara_card_v3`. */
const CHUNK_ALIASES: Record<string, CardChunk | 'naidata'> = {
  ccv3: 'ccv3',
  chara_card_v3: 'ccv3',
  chara: 'chara',
  naidata: 'naidata',
};

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((byte, index) => bytes[index] === byte);
}

/**
 * A text chunk's keyword and text. SillyTavern writes tEXt; other tools write the same keywords in
 * zTXt (deflated) or iTXt (UTF-8, maybe deflated), which are read too.
 */
function textChunk(chunk: { name: string; data: Uint8Array }): { keyword: string; text: string } | undefined {
  if (chunk.name === 'tEXt') return decodeText(chunk.data);
  const data = Buffer.from(chunk.data);
  const end = data.indexOf(0);
  if (end <= 0) return undefined;
  const keyword = data.subarray(0, end).toString('latin1');
  if (chunk.name === 'zTXt') return { keyword, text: inflate(data.subarray(end + 2)).toString('latin1') };
  if (chunk.name !== 'iTXt') return undefined;
  const compressed = data[end + 1] === 1;
  const language = data.indexOf(0, end + 3);
  const translated = language < 0 ? -1 : data.indexOf(0, language + 1);
  if (translated < 0) return undefined;
  const body = data.subarray(translated + 1);
  return { keyword, text: (compressed ? inflate(body) : body).toString('utf8') };
}

/** A compressed chunk's text, bounded: a small chunk may not inflate into gigabytes. */
const MAX_INFLATED = 32 * 1024 * 1024;
const inflate = (data: Uint8Array) => inflateSync(data, { maxOutputLength: MAX_INFLATED });

/** A chunk's card: base64 of UTF-8 JSON as the spec says, or (some tools) the JSON itself. */
function cardText(text: string): string {
  return text.trimStart().startsWith('{') ? text : Buffer.from(text, 'base64').toString('utf8');
}

/**
 * The card JSON texts in a PNG, by chunk name (`ccv3` preferred by callers when both are present), and
 * a NovelAI lorebook's `naidata`.
 */
export function readCardChunks(bytes: Uint8Array): Partial<Record<CardChunk | 'naidata', string>> {
  const found: Partial<Record<CardChunk | 'naidata', string>> = {};
  for (const chunk of extractChunks(bytes)) {
    const read = textChunk(chunk);
    if (!read) continue;
    const keyword = read.keyword.toLowerCase();
    const name = Object.hasOwn(CHUNK_ALIASES, keyword) ? CHUNK_ALIASES[keyword] : undefined;
    if (!name || found[name] !== undefined) continue;
    found[name] = cardText(read.text);
  }
  return found;
}

/**
 * The PNG with the given card chunks (JSON texts) in place of any it had, before IEND. Other chunks
 * (the picture, its colour profile) are kept as they are.
 */
export function writeCardChunks(png: Uint8Array, cards: Partial<Record<CardChunk, string>>): Buffer {
  const chunks = extractChunks(png).filter((chunk) => {
    if (chunk.name !== 'tEXt') return true;
    return !CARD_CHUNKS.includes(decodeText(chunk.data).keyword.toLowerCase() as CardChunk);
  });
  const end = chunks.findIndex((chunk) => chunk.name === 'IEND');
  const added = Object.entries(cards).map(([name, json]) =>
    encodeText(name, Buffer.from(json as string, 'utf8').toString('base64')),
  );
  chunks.splice(end < 0 ? chunks.length : end, 0, ...added);
  return Buffer.from(encodeChunks(chunks));
}

/** A plain square picture (RGB, 8 bits) for a card exported without one: a real PNG any viewer opens. */
export function plainPicture(size = 64, rgb: [number, number, number] = [58, 46, 40]): Buffer {
  const row = Buffer.alloc(1 + size * 3);
  for (let x = 0; x < size; x += 1) row.set(rgb, 1 + x * 3);
  const pixels = Buffer.concat(Array.from({ length: size }, () => row));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.from(
    encodeChunks([
      { name: 'IHDR', data: header },
      { name: 'IDAT', data: deflateSync(pixels) },
      { name: 'IEND', data: new Uint8Array(0) },
    ]),
  );
}
