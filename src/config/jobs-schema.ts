/** The `jobs` section: which maintenance queue runs, and how its tasks are retried and leased. */
import { z } from 'zod';

export const JOB_QUEUE_BACKENDS = ['auto', 'table', 'pg-boss'] as const;

export const jobsSchema = z
  .object({
    /** `auto`: pg-boss on PostgreSQL, the table queue on SQLite. `table` works on both. */
    queue: z.enum(JOB_QUEUE_BACKENDS).default('auto'),
    /** Attempts before a task is dead-lettered (its first run included). */
    max_attempts: z.number().int().min(1).max(100).default(5),
    /** A claimed task whose worker stops renewing its lease (died, hung) goes to another worker after this. */
    lease_ms: z.number().int().min(100).max(86_400_000).default(60_000),
    /** Backoff after a failure: exponential from this base… */
    retry_base_ms: z.number().int().min(0).max(3_600_000).default(1_000),
    /** …up to this cap (with full jitter). */
    retry_cap_ms: z.number().int().min(0).max(86_400_000).default(60_000),
  })
  .strict();

export type JobsConfig = z.infer<typeof jobsSchema>;
