/** The `memory` section: which model (if any) transforms queries and reranks results. */
import { z } from 'zod';

export const memoryConfigSchema = z
  .object({
    query_expansion_model: z
      .string()
      .min(1)
      .optional()
      .describe(
        'A model name as the gateway routes it (a role such as `maintenance`, or `provider/model`) that adds search terms to each query; absent: offline expansion with entity names and aliases only.',
      ),
    rerank_model: z
      .string()
      .min(1)
      .optional()
      .describe('A model that orders the fused candidates; absent: the local scorer.'),
    warm_up_embedder: z
      .boolean()
      .default(false)
      .describe(
        "Load a neural embedder's weights when the server starts (about 120 MB and 0.3 s) instead of at the first text to embed; off by default so an idle instance stays small.",
      ),
  })
  .strict();

export type MemoryConfig = z.infer<typeof memoryConfigSchema>;
