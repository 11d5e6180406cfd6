/**
 * Heraldry for factions and items: a shield with a field, a division (per pale, per fess, per bend,
 * quarterly, a chevron) and a charge (roundel, star, cross, lozenge, crescent), metal on colour.
 */
import type { ImageSize } from '../types.js';
import { colours, metals, type Tincture } from './palette.js';
import type { Random } from './random.js';

const SHIELD = 'M10 8 H90 V48 C90 72 70 86 50 94 C30 86 10 72 10 48 Z';

const DIVISIONS: Record<string, (fill: string) => string> = {
  plain: () => '',
  'per pale': (fill) => `<rect x="50" y="0" width="50" height="100" fill="${fill}"/>`,
  'per fess': (fill) => `<rect x="0" y="48" width="100" height="52" fill="${fill}"/>`,
  'per bend': (fill) => `<polygon points="0,0 100,100 0,100" fill="${fill}"/>`,
  quarterly: (fill) =>
    `<rect x="50" y="0" width="50" height="48" fill="${fill}"/><rect x="0" y="48" width="50" height="52" fill="${fill}"/>`,
  chevron: (fill) => `<polygon points="10,70 50,38 90,70 90,82 50,50 10,82" fill="${fill}"/>`,
};

function star(cx: number, cy: number, r: number, points: number): string {
  const out: string[] = [];
  for (let i = 0; i < points * 2; i++) {
    const radius = i % 2 === 0 ? r : r * 0.45;
    const angle = (Math.PI * i) / points - Math.PI / 2;
    out.push(`${(cx + radius * Math.cos(angle)).toFixed(2)},${(cy + radius * Math.sin(angle)).toFixed(2)}`);
  }
  return out.join(' ');
}

const CHARGES: Record<string, (fill: string, random: Random) => string> = {
  roundel: (fill) => `<circle cx="50" cy="44" r="14" fill="${fill}"/>`,
  star: (fill, random) => `<polygon points="${star(50, 44, 17, random.int(5, 8))}" fill="${fill}"/>`,
  cross: (fill) =>
    `<rect x="45" y="22" width="10" height="46" fill="${fill}"/><rect x="30" y="36" width="40" height="10" fill="${fill}"/>`,
  lozenge: (fill) => `<polygon points="50,24 64,44 50,64 36,44" fill="${fill}"/>`,
  crescent: (fill, random) =>
    `<path d="M36 44 A15 15 0 1 0 64 44 A12 12 0 1 1 36 44 Z" fill="${fill}" transform="rotate(${random.pick([0, 180])} 50 44)"/>`,
};

export function heraldrySvg(
  random: Random,
  size: ImageSize,
  tinctures: readonly Tincture[],
  detail: number,
): string {
  const colour = random.pick(colours(tinctures)).hex;
  const metal = random.pick(metals(tinctures)).hex;
  const divisionNames = Object.keys(DIVISIONS);
  const division = DIVISIONS[random.pick(divisionNames)]!;
  const charge = CHARGES[random.pick(Object.keys(CHARGES))]!;
  const onMetal = random.next() < 0.5;
  const field = onMetal ? metal : colour;
  const other = onMetal ? colour : metal;
  const side = Math.min(size.width, size.height) * 0.92;
  const x = (size.width - side) / 2;
  const y = (size.height - side) / 2;
  const backdrop = random.pick(['#2b2118', '#1d2430', '#26301f', '#301c22']);
  // High detail: a bordure and a second, smaller charge in chief.
  const extra =
    detail >= 2
      ? `<path d="${SHIELD}" fill="none" stroke="${other}" stroke-width="5" opacity="0.9"/>${charge(
          other,
          random,
        )
          .replace(/cy="44"/, 'cy="20"')
          .replace(/r="14"/, 'r="5"')}`
      : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}" viewBox="0 0 ${size.width} ${size.height}">`,
    `<rect width="100%" height="100%" fill="${backdrop}"/>`,
    `<g transform="translate(${x} ${y}) scale(${side / 100})">`,
    `<clipPath id="shield"><path d="${SHIELD}"/></clipPath>`,
    `<g clip-path="url(#shield)"><rect width="100" height="100" fill="${field}"/>${division(other)}</g>`,
    charge(onMetal ? colour : metal, random),
    extra,
    `<path d="${SHIELD}" fill="none" stroke="#111" stroke-width="2"/>`,
    '</g></svg>',
  ].join('');
}
