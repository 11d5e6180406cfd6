/** The `llm` section: the generation endpoints (POST /llm/generate, /llm/batch, /ws/llm/stream). */
import { z } from 'zod';

export const llmConfigSchema = z
  .object({
    batch: z
      .object({
        /** Items one POST /llm/batch may carry (more is a 400). */
        max_items: z.number().int().min(1).max(10_000).default(100),
        /** Items of one batch asked at once (each a LOW-priority gateway call). */
        concurrency: z.number().int().min(1).max(64).default(4),
        /** Batches run at once by one process. */
        workers: z.number().int().min(1).max(16).default(1),
      })
      .strict()
      .prefault({}),
    stream: z
      .object({
        /** Generations one /ws/llm/stream socket may run at once (more is an error, not a queue). */
        max_concurrent: z.number().int().min(1).max(64).default(4),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type LlmConfig = z.infer<typeof llmConfigSchema>;
