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
