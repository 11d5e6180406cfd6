/**
 * Character cards in PNG files: the card's JSON, UTF-8 then base64, in a tEXt chunk named `chara`
 * (Character Card V2) or `ccv3` (V3), as SillyTavern writes them. Chunks are read and written with the
 * same small libraries SillyTavern uses (png-chunks-extract / -encode, png-chunk-text), which check the
 * signature and every chunk's CRC.
 */
import { deflateSync } from 'node:zlib';
import { decode as decodeText, encode as encodeText } from 'png-chunk-text';
import encodeChunks from 'png-chunks-encode';
import extractChunks from 'png-chunks-extract';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
export const CARD_CHUNKS = ['ccv3', 'chara'] as const;
export type CardChunk = (typeof CARD_CHUNKS)[number];

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((byte, index) => bytes[index] === byte);
}

/** The card JSON texts in a PNG, by chunk name (`ccv3` preferred by callers when both are present). */
export function readCardChunks(bytes: Uint8Array): Partial<Record<CardChunk, string>> {
  const found: Partial<Record<CardChunk, string>> = {};
  for (const chunk of extractChunks(bytes)) {
    if (chunk.name !== 'tEXt') continue;
    const { keyword, text } = decodeText(chunk.data);
    const name = keyword.toLowerCase() as CardChunk;
    if (!CARD_CHUNKS.includes(name) || found[name] !== undefined) continue;
    found[name] = Buffer.from(text, 'base64').toString('utf8');
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
