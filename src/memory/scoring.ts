/**
 * Memory scoring as in Generative Agents (Park et al., 2023): a memory's score for a query is
 * w_recency · recency + w_importance · importance + w_relevance · relevance, each min-max normalised
 * over the candidates to [0, 1] first, so no one signal wins by its scale.
 *
 * - recency: exponential decay per game hour since the memory was made (0.995 per hour in the paper's
 *   sandbox, where an hour of game time is a handful of turns);
 * - importance: 1 to 10, rated when the memory is written (by a model, or by `importanceHeuristic`);
 * - relevance: cosine similarity of the memory's and the query's embeddings.
 */
import { z } from 'zod';
import type { Gateway } from '../gateway/index.js';
import { cosine } from './embedders/types.js';
import { words } from './retrieval/text.js';

export const memoryScoringSchema = z
  .object({
    weights: z
      .object({
        recency: z.number().min(0).default(1),
        importance: z.number().min(0).default(1),
        relevance: z.number().min(0).default(1),
      })
      .prefault({}),
    /** Recency multiplier per game hour. */
    decay_per_hour: z.number().gt(0).max(1).default(0.995),
  })
  .strict();
export type MemoryScoring = z.infer<typeof memoryScoringSchema>;

export interface ScorableMemory {
  id: string;
  importance: number;
  gameHour: number;
  vector: ArrayLike<number>;
}

export interface ScoredMemory {
  id: string;
  score: number;
  recency: number;
  importance: number;
  relevance: number;
  /** Before normalisation: decay factor, 1–10, cosine. */
  raw: { recency: number; importance: number; relevance: number };
}

export function scoreMemories(
  memories: readonly ScorableMemory[],
  query: { vector: ArrayLike<number>; gameHour: number },
  settings: MemoryScoring = memoryScoringSchema.parse({}),
): ScoredMemory[] {
  const raw = memories.map((memory) => ({
    recency: settings.decay_per_hour ** Math.max(0, query.gameHour - memory.gameHour),
    importance: Math.min(10, Math.max(1, memory.importance)),
    relevance: cosine(memory.vector, query.vector),
  }));
  const recency = minMax(raw.map((entry) => entry.recency));
  const importance = minMax(raw.map((entry) => entry.importance));
  const relevance = minMax(raw.map((entry) => entry.relevance));
  const w = settings.weights;
  return memories
    .map((memory, index) => {
      const r = recency[index] as number;
      const i = importance[index] as number;
      const v = relevance[index] as number;
      return {
        id: memory.id,
        score: w.recency * r + w.importance * i + w.relevance * v,
        recency: r,
        importance: i,
        relevance: v,
        raw: raw[index] as ScoredMemory['raw'],
      };
    })
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

/** Scales to [0, 1]; all-equal values become 1 (they neither help nor hurt any candidate). */
export function minMax(values: readonly number[]): number[] {
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (!(max > min)) return values.map(() => 1);
  return values.map((value) => (value - min) / (max - min));
}

const GRAVE = new Set(
  `death dead die dies died kill killed killing murder murdered slain slay betray betrayed betrayal war battle
  siege attack attacked fire burned destroyed destroy curse cursed poison poisoned stolen stole theft crown king
  queen heir throne dragon god gods oath vow marriage married wedding born birth love loved secret prophecy
  treasure artifact exile exiled revenge alliance treaty rebellion plague wound wounded captured prisoner escape`.split(
    /\s+/,
  ),
);
const MUNDANE = new Set(
  `ate eat eats breakfast lunch dinner slept sleep walked walk weather rain sat looked nodded greeted chatted
  bought paid drank yawned`.split(/\s+/),
);

/**
 * Importance 1–10 without a model: mundane (eating, walking, greetings) low, grave (death, betrayal,
 * oaths, war, secrets) high, named things and exclamations nudge it up. Deterministic.
 */
export function importanceHeuristic(text: string): number {
  const tokens = words(text);
  let score = 3;
  let grave = 0;
  for (const token of tokens) {
    if (GRAVE.has(token)) grave += 1;
    if (MUNDANE.has(token)) score -= 1;
  }
  score += Math.min(5, grave * 2);
  const names = text.match(/(?<![.!?]\s)(?<!^)\b[A-Z][a-z]{2,}/g)?.length ?? 0;
  score += Math.min(2, names * 0.5);
  if (text.includes('!')) score += 1;
  return Math.round(Math.min(10, Math.max(1, score)));
}

/** Parses a model's 1–10 rating; undefined when the answer holds no such number. */
export function parseImportance(answer: string): number | undefined {
  const match = answer.match(/\b(10|[1-9])\b/);
  return match ? Number(match[1]) : undefined;
}

/**
 * Rates a memory's importance 1–10 when it is written: by a model through the gateway when one is
 * given (the Generative Agents prompt), else, or when the model fails or answers no number, by the
 * offline heuristic.
 */
export async function rateImportance(
  text: string,
  gateway?: Pick<Gateway, 'complete'>,
  model = 'maintenance',
): Promise<{ importance: number; by: 'model' | 'heuristic' }> {
  if (gateway) {
    try {
      const result = await gateway.complete({
        model,
        messages: [
          {
            role: 'user',
            content:
              'On the scale of 1 to 10, where 1 is purely mundane (e.g., brushing teeth, making bed) and 10 is ' +
              'extremely poignant (e.g., a break up, college acceptance), rate the likely poignancy of the ' +
              `following piece of memory. Answer with the number only.\nMemory: ${text}\nRating:`,
          },
        ],
        options: { temperature: 0, maxTokens: 4 },
        signal: AbortSignal.timeout(10_000),
      });
      const rating = parseImportance(result.text);
      if (rating !== undefined) return { importance: rating, by: 'model' };
    } catch {
      // The heuristic below answers instead.
    }
  }
  return { importance: importanceHeuristic(text), by: 'heuristic' };
}
