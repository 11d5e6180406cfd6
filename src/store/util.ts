/** Small helpers shared by the repositories. */
import { randomUUID } from 'node:crypto';

/** Times are stored as ISO-8601 UTC text: sortable and identical on both backends. */
export function now(): string {
  return new Date().toISOString();
}

export function newId(): string {
  return randomUUID();
}

export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** Parses a JSON column; a damaged value reads as the fallback instead of failing the whole read. */
export function fromJson<T>(text: string | null | undefined, fallback: T): T {
  if (text == null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Splits `rows` into chunks of `size`, so one statement never passes the driver's parameter limit. */
export function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < rows.length; index += size) out.push(rows.slice(index, index + size));
  return out;
}

/** Opaque page cursors: base64url of a JSON tuple. */
export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string): unknown[] | undefined {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(parts) ? parts : undefined;
  } catch {
    return undefined;
  }
}
