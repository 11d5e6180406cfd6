/**
 * Maps and vignettes for locations: parchment, a coastline, hills, woods, a river, the settlement's
 * mark and a compass rose, placed by the seeded stream so each place has its own map.
 */
import type { ImageSize } from '../types.js';
import type { Tincture } from './palette.js';
import type { Random } from './random.js';

function coast(random: Random, width: number, height: number): string {
  // Land bounded by a jagged line across the picture; the sea on one side.
  const points: string[] = [];
  const steps = 24;
  let y = height * (0.25 + random.next() * 0.2);
  for (let i = 0; i <= steps; i++) {
    y = Math.min(height * 0.55, Math.max(height * 0.1, y + (random.next() - 0.5) * height * 0.08));
    points.push(`${((width * i) / steps).toFixed(1)},${y.toFixed(1)}`);
  }
  return `${points.join(' ')} ${width},${height} 0,${height}`;
}

export function mapSvg(
  random: Random,
  size: ImageSize,
  tinctures: readonly Tincture[],
  detail: number,
): string {
  const { width, height } = size;
  const unit = Math.min(width, height) / 100;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" fill="#7fa3b8"/>`,
    `<polygon points="${coast(random, width, height)}" fill="#e8d9b0" stroke="#6b5435" stroke-width="${unit * 0.6}"/>`,
  ];
  const features = 6 + detail * 6;
  for (let i = 0; i < features; i++) {
    const x = random.next() * width;
    const y = height * (0.6 + random.next() * 0.38);
    const s = unit * (3 + random.next() * 4);
    if (random.next() < 0.5)
      parts.push(
        `<polygon points="${(x - s).toFixed(1)},${(y + s).toFixed(1)} ${x.toFixed(1)},${(y - s).toFixed(1)} ${(x + s).toFixed(1)},${(y + s).toFixed(1)}" fill="#a08660" stroke="#5a4630" stroke-width="${unit * 0.4}"/>`,
      );
    else
      parts.push(
        `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${(s * 0.7).toFixed(1)}" fill="#5d7a45"/>`,
      );
  }
  // A river from the hills to the sea.
  const riverX = width * (0.2 + random.next() * 0.6);
  parts.push(
    `<path d="M${riverX.toFixed(1)} ${height} C ${(riverX - width * 0.15).toFixed(1)} ${(height * 0.75).toFixed(1)}, ${(riverX + width * 0.15).toFixed(1)} ${(height * 0.6).toFixed(1)}, ${riverX.toFixed(1)} ${(height * 0.4).toFixed(1)}" fill="none" stroke="#7fa3b8" stroke-width="${unit * 1.5}"/>`,
  );
  // The place itself, in a tincture of the palette.
  const mark = random.pick(tinctures).hex;
  const mx = width * (0.3 + random.next() * 0.4);
  const my = height * (0.62 + random.next() * 0.2);
  parts.push(
    `<rect x="${(mx - unit * 3).toFixed(1)}" y="${(my - unit * 3).toFixed(1)}" width="${(unit * 6).toFixed(1)}" height="${(unit * 6).toFixed(1)}" fill="${mark}" stroke="#111" stroke-width="${unit * 0.5}"/>`,
  );
  // Compass rose in the sea.
  const cx = width * 0.85;
  const cy = height * 0.15;
  const r = unit * 7;
  parts.push(
    `<polygon points="${cx},${cy - r} ${cx + r * 0.25},${cy} ${cx},${cy + r} ${cx - r * 0.25},${cy}" fill="#2b2118"/>`,
    `<polygon points="${cx - r},${cy} ${cx},${cy - r * 0.25} ${cx + r},${cy} ${cx},${cy + r * 0.25}" fill="#6b5435"/>`,
    `<rect x="${unit}" y="${unit}" width="${width - 2 * unit}" height="${height - 2 * unit}" fill="none" stroke="#3b2f20" stroke-width="${unit * 1.2}"/>`,
    '</svg>',
  );
  return parts.join('');
}
