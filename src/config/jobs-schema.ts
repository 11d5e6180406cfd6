/** The `jobs` section: which maintenance queue runs, and how its tasks are retried and leased. */
import { z } from 'zod';

export const JOB_QUEUE_BACKENDS = ['auto', 'table', 'pg-boss'] as const;

export const jobsSchema = z
  .object({
    queue: z
      .enum(JOB_QUEUE_BACKENDS)
      .default('auto')
      .describe('`auto`: pg-boss on PostgreSQL, the table queue on SQLite. `table` works on both.'),
    max_attempts: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(5)
      .describe('Attempts before a task is dead-lettered (its first run included).'),
    lease_ms: z
      .number()
      .int()
      .min(100)
      .max(86_400_000)
      .default(60_000)
      .describe(
        'A claimed task whose worker stops renewing its lease (died, hung) goes to another worker after this.',
      ),
    retry_base_ms: z
      .number()
      .int()
      .min(0)
      .max(3_600_000)
      .default(1_000)
      .describe('Backoff after a failure: exponential from this base…'),
    retry_cap_ms: z
      .number()
      .int()
      .min(0)
      .max(86_400_000)
      .default(60_000)
      .describe('…up to this cap (with full jitter).'),
  })
  .strict();

export type JobsConfig = z.infer<typeof jobsSchema>;
