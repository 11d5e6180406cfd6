/** The `llm` section: the generation endpoints (POST /llm/generate, /llm/batch, /ws/llm/stream). */
import { z } from 'zod';

export const llmConfigSchema = z
  .object({
    batch: z
      .object({
        max_items: z
          .number()
          .int()
          .min(1)
          .max(10_000)
          .default(100)
          .describe('Items one POST /llm/batch may carry (more is a 400).'),
        concurrency: z
          .number()
          .int()
          .min(1)
          .max(64)
          .default(4)
          .describe('Items of one batch asked at once (each a LOW-priority gateway call).'),
        workers: z.number().int().min(1).max(16).default(1).describe('Batches run at once by one process.'),
      })
      .strict()
      .prefault({})
      .describe('Batches (`POST /llm/batch`): many generations run in the background at LOW priority.'),
    stream: z
      .object({
        max_concurrent: z
          .number()
          .int()
          .min(1)
          .max(64)
          .default(4)
          .describe('Generations one /ws/llm/stream socket may run at once (more is an error, not a queue).'),
      })
      .strict()
      .prefault({})
      .describe('Generation over WebSocket (`/ws/llm/stream`).'),
  })
  .strict();

export type LlmConfig = z.infer<typeof llmConfigSchema>;
