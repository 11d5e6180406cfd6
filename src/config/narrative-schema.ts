/** The `narrative` section: how a turn is answered and how the world is kept up to date after it. */
import { z } from 'zod';

export const narrativeConfigSchema = z
  .object({
    lore_results: z
      .number()
      .int()
      .min(0)
      .max(50)
      .default(6)
      .describe('Lore and memory results retrieved for the narrator each turn.'),
    recent_turns: z
      .number()
      .int()
      .min(0)
      .max(50)
      .default(4)
      .describe('Earlier turns of the session shown to the narrator.'),
    context_budget_tokens: z
      .number()
      .int()
      .min(256)
      .max(200_000)
      .default(3_000)
      .describe("Token budget of the narrator's context (lore, notes, recent turns are fitted into it)."),
    analysis_attempts: z
      .number()
      .int()
      .min(1)
      .max(5)
      .default(2)
      .describe(
        'Calls to the analysis model per turn before its output is dead-lettered (repair is tried first).',
      ),
    simulation_every_turns: z
      .number()
      .int()
      .min(0)
      .max(10_000)
      .default(10)
      .describe('SIMULATE_WORLD runs every this many turns of a world (0: never).'),
    simulation_characters: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(5)
      .describe('Off-scene characters one simulation advances.'),
    max_unanalysed_turns: z
      .number()
      .int()
      .min(0)
      .max(1_000)
      .default(16)
      .describe(
        'Backpressure: a session with this many recent turns still waiting for their analysis makes its next turn wait for the backlog to fall (0: never), so many players at once cannot grow the maintenance queue without bound.',
      ),
    max_pending_embeddings: z
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .default(1_000)
      .describe(
        'Backpressure on memory: while this many embedding tasks wait in the queue (all sessions share the embedder), every turn waits for the backlog to fall (0: never), so many players at once cannot grow it without bound. Turns are refused with a 429 (embedding_backlog) after `backpressure_wait_ms`.',
      ),
    backpressure_wait_ms: z
      .number()
      .int()
      .min(0)
      .max(600_000)
      .default(15_000)
      .describe(
        'How long a turn waits under backpressure before it is refused with a 429 (analysis_backlog, embedding_backlog).',
      ),
    idempotency_retention_ms: z
      .number()
      .int()
      .min(60_000)
      .max(30 * 86_400_000)
      .default(86_400_000)
      .describe(
        "How long a turn's `Idempotency-Key` is kept: within it a retry with the same key is answered with the first turn's stored answer (default 24 h); after it the key is deleted and may be used again.",
      ),
    idempotency_lock_ms: z
      .number()
      .int()
      .min(10_000)
      .max(3_600_000)
      .default(300_000)
      .describe(
        "How long a turn still running holds its `Idempotency-Key` (a retry meanwhile gets a 409). Past it the first request's process is taken for dead and a retry plays the turn; a first request that then finishes is rolled back. Keep it above the longest turn (backpressure wait and model timeouts included).",
      ),
    workers_in_serve: z
      .boolean()
      .default(true)
      .describe('Background workers: run inside `loremaster serve` (else run `loremaster worker`).'),
    worker_concurrency: z.number().int().min(1).max(64).default(4).describe('Tasks one worker runs at once.'),
    worker_idle_ms: z
      .number()
      .int()
      .min(10)
      .max(60_000)
      .default(250)
      .describe(
        'How long an idle worker waits before looking for tasks again (a local enqueue wakes it at once).',
      ),
  })
  .strict();

export type NarrativeConfig = z.infer<typeof narrativeConfigSchema>;
