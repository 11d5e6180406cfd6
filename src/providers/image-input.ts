/**
 * Images in messages (vision input): reading a client's image reference (a data: URL or an http(s)
 * URL) into an ImagePart, and the facts every layer asks of one: its size, media type, pixel
 * dimensions (read from the header, never decoded) and a digest that stands for it in cache keys,
 * cassettes and the call log, so megabytes of base64 are never copied into a key or a stored row.
 */
import { hash } from 'node:crypto';
import type { ChatMessage, ImagePart } from '../vocabulary/index.js';

/** The media types every vision vendor Loremaster fronts accepts. */
export const IMAGE_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DATA_URL = /^data:([^;,]*)((?:;[^;,]*)*),/i;

/** An image reference as an ImagePart source, or why it is not one (a message for a 400). */
export function imageSourceFromUrl(url: string): ImagePart['source'] | { error: string } {
  if (/^data:/i.test(url)) {
    const head = DATA_URL.exec(url);
    if (!head) return { error: 'expected a data URL of the form data:<media type>;base64,<data>' };
    const mediaType = (head[1] ?? '').toLowerCase();
    if (!(head[2] ?? '').toLowerCase().split(';').includes('base64'))
      return { error: 'expected a base64 data URL (data:<media type>;base64,<data>)' };
    return base64Source(mediaType, url.slice(head[0].length));
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { error: 'expected a data: URL (base64) or an http(s) URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return { error: `expected a data: URL (base64) or an http(s) URL, not ${parsed.protocol}` };
  return { type: 'url', url };
}

/** A declared media type and base64 data as a source, checked: an image type, valid base64, image bytes. */
export function base64Source(mediaType: string, data: string): ImagePart['source'] | { error: string } {
  const type = mediaType.toLowerCase();
  if (!(IMAGE_MEDIA_TYPES as readonly string[]).includes(type))
    return {
      error: `${JSON.stringify(mediaType)} is not an image media type Loremaster accepts (${IMAGE_MEDIA_TYPES.join(', ')})`,
    };
  if (data.length === 0 || data.length % 4 !== 0 || !BASE64.test(data))
    return { error: 'the image data is not valid base64' };
  const sniffed = sniffMediaType(Buffer.from(data.slice(0, 64), 'base64'));
  if (sniffed === undefined) return { error: `the data is not a PNG, JPEG, GIF or WebP image` };
  if (sniffed !== type) return { error: `the data declares ${type} but its bytes are ${sniffed}` };
  return { type: 'base64', mediaType: type, data };
}

/**
 * Bare base64 image bytes without a declared media type (Ollama's `images`): the type is read from
 * the bytes themselves.
 */
export function sniffedBase64Source(data: string): ImagePart['source'] | { error: string } {
  if (data.length === 0 || data.length % 4 !== 0 || !BASE64.test(data))
    return { error: 'the image data is not valid base64' };
  const sniffed = sniffMediaType(Buffer.from(data.slice(0, 64), 'base64'));
  if (sniffed === undefined) return { error: 'the data is not a PNG, JPEG, GIF or WebP image' };
  return { type: 'base64', mediaType: sniffed, data };
}

/** The decoded size of a base64 image, without decoding it. */
export function imageByteLength(part: ImagePart): number {
  if (part.source.type !== 'base64') return 0;
  const data = part.source.data;
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return (data.length / 4) * 3 - padding;
}

// A megabyte of base64 is hashed once per part object, however many keys ask.
const digests = new WeakMap<ImagePart, string>();

/** SHA-256 (hex) of the image's base64 data or URL: what keys and logs hold instead of it. */
export function imageDigest(part: ImagePart): string {
  let digest = digests.get(part);
  if (digest === undefined) {
    const source = part.source;
    digest = hash('sha256', source.type === 'base64' ? source.data : source.url, 'hex');
    digests.set(part, digest);
  }
  return digest;
}

/** The image as a data: URL (OpenAI's image_url) or its own URL. */
export function imageUrl(part: ImagePart): string {
  const source = part.source;
  return source.type === 'base64' ? `data:${source.mediaType};base64,${source.data}` : source.url;
}

/** The images of a conversation, in order. */
export function imagesOf(messages: readonly ChatMessage[]): ImagePart[] {
  const images: ImagePart[] = [];
  for (const message of messages)
    if (message.parts) for (const part of message.parts) if (part.type === 'image') images.push(part);
  return images;
}

export interface ImageFacts {
  /** The media type; undefined for a URL (Loremaster does not fetch it). */
  mediaType?: string;
  bytes: number;
  width?: number;
  height?: number;
  url?: string;
  digest: string;
}

/** What can be known of an image without decoding it: for base64 data, the header's dimensions. */
export function imageFacts(part: ImagePart): ImageFacts {
  const source = part.source;
  if (source.type === 'url') return { bytes: 0, url: source.url, digest: imageDigest(part) };
  // The header of every format is near the start; a JPEG's frame header may follow its metadata.
  const head = Buffer.from(source.data.slice(0, 65_536), 'base64');
  return {
    mediaType: source.mediaType,
    bytes: imageByteLength(part),
    ...dimensions(source.mediaType, head),
    digest: imageDigest(part),
  };
}

/** "an image (image/png, 64×48, 1.2 KiB)" or "an image at https://…": how the offline model and logs say it. */
export function describeImage(part: ImagePart): string {
  const facts = imageFacts(part);
  if (facts.url !== undefined) return `an image at ${facts.url}`;
  const size = facts.width !== undefined ? `${facts.width}×${facts.height}, ` : '';
  return `an image (${facts.mediaType}, ${size}${formatBytes(facts.bytes)})`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function sniffMediaType(bytes: Buffer): string | undefined {
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.readUInt32BE(4) === 0x0d0a1a0a)
    return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.toString('latin1', 0, 6))) return 'image/gif';
  if (
    bytes.length >= 12 &&
    bytes.toString('latin1', 0, 4) === 'RIFF' &&
    bytes.toString('latin1', 8, 12) === 'WEBP'
  )
    return 'image/webp';
  return undefined;
}

function dimensions(mediaType: string, b: Buffer): { width?: number; height?: number } {
  try {
    if (mediaType === 'image/png' && b.length >= 24)
      return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
    if (mediaType === 'image/gif' && b.length >= 10)
      return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
    if (mediaType === 'image/webp' && b.length >= 30) {
      const chunk = b.toString('latin1', 12, 16);
      if (chunk === 'VP8X') return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 };
      if (chunk === 'VP8 ')
        return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
      if (chunk === 'VP8L') {
        const bits = b.readUInt32LE(21);
        return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
      }
    }
    if (mediaType === 'image/jpeg') return jpegDimensions(b);
  } catch {
    // A truncated header: the size is simply not known.
  }
  return {};
}

/** Walks a JPEG's markers to its start-of-frame (SOF0–SOF15 but DHT, JPG and DAC), bounded by the bytes given. */
function jpegDimensions(b: Buffer): { width?: number; height?: number } {
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return {};
    const marker = b[at + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7) };
    at += 2 + b.readUInt16BE(at + 2);
  }
  return {};
}
