/** The `content` section: how hard the content service tries, and when text reads off-theme. */
import { z } from 'zod';

export const contentConfigSchema = z
  .object({
    /** Model answers per generation: the first, plus regenerations while validation finds errors. */
    max_attempts: z.number().int().min(1).max(5).default(3),
    /** Cosine similarity to the theme (by the memory's embedder) below which content is off-theme. */
    theme_similarity_threshold: z.number().min(-1).max(1).default(0.1),
    /** Attempts of a background content job's task before it is dead-lettered. */
    job_max_attempts: z.number().int().min(1).max(20).default(3),
  })
  .strict();

export type ContentConfig = z.infer<typeof contentConfigSchema>;
