/**
 * Reciprocal rank fusion (Cormack et al., 2009): score(d) = Σ 1 / (k + rank_i(d)) over the lists that
 * hold d. Only ranks count, so a bm25 score and a cosine never need to share a scale; k = 60 keeps one
 * list's first place from drowning agreement between lists.
 */
export const RRF_K = 60;

export interface Fused {
  key: string;
  score: number;
  /** 1-based rank in each list that held the key. */
  ranks: Record<string, number>;
}

/** `weights` scale each list's contribution (weighted RRF); a missing weight is 1. */
export function reciprocalRankFusion(
  lists: Record<string, readonly string[]>,
  k = RRF_K,
  weights: Record<string, number> = {},
): Fused[] {
  const fused = new Map<string, Fused>();
  for (const [name, keys] of Object.entries(lists)) {
    const weight = weights[name] ?? 1;
    keys.forEach((key, index) => {
      const entry = fused.get(key) ?? { key, score: 0, ranks: {} };
      entry.score += weight / (k + index + 1);
      entry.ranks[name] = index + 1;
      fused.set(key, entry);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
}
