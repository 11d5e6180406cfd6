/**
 * Portraits for characters and NPCs: DiceBear's "Lorelei" faces (CC0 art, MIT code), seeded by the
 * prompt, on a background from the palette, framed to the requested size.
 */
import { createAvatar } from '@dicebear/core';
import * as lorelei from '@dicebear/lorelei';
import type { ImageSize } from '../types.js';
import type { Tincture } from './palette.js';
import type { Random } from './random.js';

const SKIN = ['ffdbac', 'f1c27d', 'e0ac69', 'c68642', '8d5524', '5c3a1e'];
const HAIR = ['2c1b18', '4a312c', '724133', 'a55728', 'b58143', 'd6b370', 'e8e1e1', '6a6a6a'];

export function portraitSvg(
  random: Random,
  size: ImageSize,
  tinctures: readonly Tincture[],
  detail: number,
): string {
  const background = random.pick(tinctures).hex;
  const accent = random.pick(tinctures).hex;
  const face = createAvatar(lorelei, {
    seed: random.seed(),
    size: 100,
    skinColor: [random.pick(SKIN)],
    hairColor: [random.pick(HAIR)],
    // Fewer accessories at low detail, more at high.
    glassesProbability: 5 * detail,
    earringsProbability: 10 * detail,
    frecklesProbability: 10 * detail,
    hairAccessoriesProbability: 5 * detail,
  }).toString();
  const side = Math.min(size.width, size.height) * 0.9;
  const x = (size.width - side) / 2;
  const y = (size.height - side) / 2;
  // The face is its own <svg> (its viewBox scales it), placed and sized inside the frame.
  const placed = face.replace(
    /^<svg([^>]*?) width="\d+" height="\d+"/,
    `<svg$1 x="${x}" y="${y}" width="${side}" height="${side}"`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}" viewBox="0 0 ${size.width} ${size.height}">`,
    `<rect width="100%" height="100%" fill="${background}"/>`,
    `<circle cx="${size.width / 2}" cy="${size.height / 2}" r="${side / 2}" fill="${accent}" opacity="0.35"/>`,
    placed,
    '</svg>',
  ].join('');
}
