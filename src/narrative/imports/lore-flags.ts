/**
 * SillyTavern's two entry switches, honoured where a turn's lore is chosen: a disabled entry is never
 * given to the narrator, and a constant ("always in context") entry always is. Only worlds imported from
 * SillyTavern files carry them (their settings hold `sillytavern`), so no other world pays the extra
 * search for constant entries.
 */
import type { Memory, RetrievalResult } from '../../memory/index.js';
import type { World } from '../../store/index.js';
import { CONSTANT_TAG, DISABLED_TAG } from './from-sillytavern.js';

/** Constant entries put before the retrieved lore, at most this many. */
const MAX_CONSTANT = 8;

export async function applyLoreFlags(
  memory: Memory,
  world: World,
  query: { q: string; sessionId: string },
  retrieved: RetrievalResult[],
): Promise<RetrievalResult[]> {
  const enabled = retrieved.filter((result) => !result.tags.includes(DISABLED_TAG));
  if (!world.settings.sillytavern) return enabled;
  const constant = await memory.search({
    worldId: world.id,
    q: query.q,
    k: MAX_CONSTANT,
    sessionId: query.sessionId,
    tags: [CONSTANT_TAG],
    rerank: false,
  });
  const seen = new Set(enabled.map((result) => result.id));
  const always = constant.results.filter(
    (result) =>
      result.tags.includes(CONSTANT_TAG) && !result.tags.includes(DISABLED_TAG) && !seen.has(result.id),
  );
  return [...always, ...enabled];
}
