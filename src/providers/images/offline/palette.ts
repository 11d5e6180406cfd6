/**
 * Colours for the offline drawer. `vivid` (and by default) saturated heraldic tinctures, `natural` muted
 * earth tones; a colour named in the negative prompt ("no red") is left out of the palette.
 */
import type { ImageStyle } from '../types.js';

export interface Tincture {
  name: string;
  hex: string;
}

const VIVID: readonly Tincture[] = [
  { name: 'red', hex: '#c8102e' },
  { name: 'blue', hex: '#0a3d91' },
  { name: 'green', hex: '#1f7a3a' },
  { name: 'purple', hex: '#6b2c91' },
  { name: 'black', hex: '#1b1b1b' },
  { name: 'gold', hex: '#e8b923' },
  { name: 'silver', hex: '#e9eef2' },
  { name: 'orange', hex: '#e36414' },
];

const NATURAL: readonly Tincture[] = [
  { name: 'red', hex: '#8e3b2f' },
  { name: 'blue', hex: '#46607a' },
  { name: 'green', hex: '#5b6e3c' },
  { name: 'purple', hex: '#5e4b63' },
  { name: 'black', hex: '#2f2a26' },
  { name: 'gold', hex: '#b8954a' },
  { name: 'silver', hex: '#c9c3b6' },
  { name: 'brown', hex: '#7a5834' },
];

/** Metals (light) and colours (dark): the rule of tincture puts a metal on a colour or a colour on a metal. */
const METALS = new Set(['gold', 'silver']);

export function palette(style: ImageStyle | undefined, negativePrompt: string | undefined): Tincture[] {
  const base = style === 'natural' ? NATURAL : VIVID;
  const banned = new Set((negativePrompt ?? '').toLowerCase().match(/[a-z]+/g) ?? []);
  const kept = base.filter((tincture) => !banned.has(tincture.name));
  // Never an empty palette: with every colour refused, the muted browns and greys remain.
  return kept.length >= 2 ? kept : [...NATURAL.filter((t) => t.name === 'brown' || t.name === 'silver')];
}

export function metals(tinctures: readonly Tincture[]): Tincture[] {
  const out = tinctures.filter((t) => METALS.has(t.name));
  return out.length > 0 ? out : [tinctures[tinctures.length - 1]!];
}

export function colours(tinctures: readonly Tincture[]): Tincture[] {
  const out = tinctures.filter((t) => !METALS.has(t.name));
  return out.length > 0 ? out : [tinctures[0]!];
}
