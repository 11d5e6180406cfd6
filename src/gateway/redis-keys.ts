/** Deleting every key under a prefix, without blocking Redis (SCAN in batches, not KEYS). */
import type { Redis } from 'ioredis';

/** Deletes every key that starts with `prefix`; resolves with how many were deleted. */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  const keys = redis.scanStream({ match: escapeGlob(prefix) + '*', count: 500 });
  for await (const batch of keys as AsyncIterable<string[]>) {
    // UNLINK frees the memory in the background: a big cache does not stall Redis while it is cleared.
    if (batch.length > 0) deleted += await redis.unlink(...batch);
  }
  return deleted;
}

/** SCAN MATCH patterns are globs: a prefix holding `*`, `?`, `[` or `\` must match only itself. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
