/**
 * The offline model sees no pixels. When the newest turn carries images, it says what it received
 * (media type, dimensions read from the header, size; or the URL) and that it answers from the words
 * alone: an image is never silently ignored, and the answer stays deterministic.
 */
import type { ChatMessage, ImagePart } from '../../vocabulary/index.js';
import { describeImage, imageDigest } from '../image-input.js';

/** The images of the newest turn: every message after the last assistant message. */
function newestImages(messages: readonly ChatMessage[]): ImagePart[] {
  let start = messages.length;
  while (start > 0 && messages[start - 1]!.role !== 'assistant') start--;
  const images: ImagePart[] = [];
  for (const message of messages.slice(start))
    for (const part of message.parts ?? []) if (part.type === 'image') images.push(part);
  return images;
}

/** A sentence about the images of the newest turn, or undefined when it has none. */
export function imageNote(messages: readonly ChatMessage[]): string | undefined {
  const images = newestImages(messages);
  if (images.length === 0) return undefined;
  const described = images.map(describeImage);
  const list =
    described.length === 1
      ? described[0]!
      : `${described.length} images: ${described.slice(0, -1).join(', ')} and ${described.at(-1)}`;
  return `[The offline model cannot see images: it received ${list}, and answers from the words alone.]`;
}

/** The images' digests, for the answer's seed: another image, another answer. Empty without images. */
export function imageSeed(messages: readonly ChatMessage[]): string {
  let seed = '';
  for (const message of messages)
    for (const part of message.parts ?? []) if (part.type === 'image') seed += imageDigest(part);
  return seed;
}
