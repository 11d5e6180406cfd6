/** The `content` section: how hard the content service tries, and when text reads off-theme. */
import { z } from 'zod';

export const contentConfigSchema = z
  .object({
    max_attempts: z
      .number()
      .int()
      .min(1)
      .max(5)
      .default(3)
      .describe('Model answers per generation: the first, plus regenerations while validation finds errors.'),
    theme_similarity_threshold: z
      .number()
      .min(-1)
      .max(1)
      .default(0.1)
      .describe(
        "Cosine similarity to the theme (by the memory's embedder) below which content is off-theme.",
      ),
    job_max_attempts: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(3)
      .describe("Attempts of a background content job's task before it is dead-lettered."),
  })
  .strict();

export type ContentConfig = z.infer<typeof contentConfigSchema>;
