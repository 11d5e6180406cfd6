/**
 * String formats (date-time, date, time, email, uri, uri-reference, uuid, hostname, ipv4, ipv6) and
 * slugs, drawn from the seed and the prompt's names, never from the clock.
 */
import type { Rng } from '../narrator/index.js';
import { entityName } from './entity-names.js';
import type { Position, Walk } from './walk.js';

/** Lowercase ASCII words joined by `separator`: "Mira Thornwood" → "mira_thornwood". */
export function slug(text: string, separator: string): string {
  let out = '';
  let pending = false;
  for (const c of text.normalize('NFKD').toLowerCase()) {
    const code = c.charCodeAt(0);
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) {
      if (pending && out.length > 0) out += separator;
      out += c;
      pending = false;
    } else if (code < 0x300 || code > 0x36f) pending = true; // combining accents vanish, others separate
  }
  return out || 'entity';
}

/** A date in 2024, from the seed (never the clock, so answers stay deterministic). */
export function dateTime(rng: Rng): string {
  const seconds = rng.int(366 * 24 * 3600);
  return new Date(Date.UTC(2024, 0, 1) + seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function uuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => rng.int(16).toString(16));
  hex[12] = '4'; // version 4
  hex[16] = (8 + rng.int(4)).toString(16); // RFC 4122 variant
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export function email(walk: Walk, at: Position): string {
  return `${slug(entityName(walk, at, 'character'), '.')}@loremaster.example`;
}

export function url(walk: Walk, at: Position): string {
  const kind = at.kind ?? 'character';
  return `https://loremaster.example/${kind}/${slug(entityName(walk, at, kind), '-')}`;
}

export function formatted(format: string, walk: Walk, at: Position): string | undefined {
  const { rng } = walk;
  switch (format) {
    case 'date-time':
      return dateTime(rng);
    case 'date':
      return dateTime(rng).slice(0, 10);
    case 'time':
      return dateTime(rng).slice(11);
    case 'email':
    case 'idn-email':
      return email(walk, at);
    case 'uri':
    case 'url':
    case 'iri':
      return url(walk, at);
    case 'uri-reference':
    case 'iri-reference':
      return new URL(url(walk, at)).pathname;
    case 'uuid':
      return uuid(rng);
    case 'hostname':
    case 'idn-hostname':
      return 'loremaster.example';
    case 'ipv4':
      return `10.${rng.int(256)}.${rng.int(256)}.${1 + rng.int(254)}`;
    case 'ipv6':
      return `2001:db8::${(1 + rng.int(0xfffe)).toString(16)}`;
    default:
      return undefined;
  }
}
