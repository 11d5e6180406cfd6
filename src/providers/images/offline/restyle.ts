/**
 * Image-to-image offline: the source picture under a colour treatment (sepia for `natural`, a
 * saturated duotone otherwise), mixed in by `strength`, with a vignette: a style pass, not a redraw.
 */
import type { ImageSize } from '../types.js';

export function restyleSvg(
  source: { bytes: Buffer; contentType: string },
  size: ImageSize,
  strength: number,
  style: 'vivid' | 'natural' | undefined,
): string {
  const s = Math.max(0, Math.min(1, strength));
  // Sepia: the classic matrix; vivid: saturation doubled. Mixed with identity by strength.
  const target =
    style === 'natural'
      ? [0.393, 0.769, 0.189, 0.349, 0.686, 0.168, 0.272, 0.534, 0.131]
      : [1.6, -0.3, -0.3, -0.3, 1.6, -0.3, -0.3, -0.3, 1.6];
  const identity = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  const m = target.map((value, i) => (identity[i]! * (1 - s) + value * s).toFixed(4));
  const matrix = `${m[0]} ${m[1]} ${m[2]} 0 0 ${m[3]} ${m[4]} ${m[5]} 0 0 ${m[6]} ${m[7]} ${m[8]} 0 0 0 0 0 1 0`;
  const href = `data:${source.contentType};base64,${source.bytes.toString('base64')}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${size.width}" height="${size.height}" viewBox="0 0 ${size.width} ${size.height}">`,
    `<defs><filter id="tone"><feColorMatrix type="matrix" values="${matrix}"/></filter>`,
    `<radialGradient id="vignette"><stop offset="60%" stop-color="#000" stop-opacity="0"/><stop offset="100%" stop-color="#000" stop-opacity="${(0.6 * s).toFixed(3)}"/></radialGradient></defs>`,
    `<image width="${size.width}" height="${size.height}" preserveAspectRatio="xMidYMid slice" xlink:href="${href}" filter="url(#tone)"/>`,
    `<rect width="100%" height="100%" fill="url(#vignette)"/>`,
    '</svg>',
  ].join('');
}
