/** The `narrative` section: how a turn is answered and how the world is kept up to date after it. */
import { z } from 'zod';

export const narrativeConfigSchema = z
  .object({
    /** Lore and memory results retrieved for the narrator each turn. */
    lore_results: z.number().int().min(0).max(50).default(6),
    /** Earlier turns of the session shown to the narrator. */
    recent_turns: z.number().int().min(0).max(50).default(4),
    /** Token budget of the narrator's context (lore, notes, recent turns are fitted into it). */
    context_budget_tokens: z.number().int().min(256).max(200_000).default(3_000),
    /** Calls to the analysis model per turn before its output is dead-lettered (repair is tried first). */
    analysis_attempts: z.number().int().min(1).max(5).default(2),
    /** SIMULATE_WORLD runs every this many turns of a world (0: never). */
    simulation_every_turns: z.number().int().min(0).max(10_000).default(10),
    /** Off-scene characters one simulation advances. */
    simulation_characters: z.number().int().min(1).max(50).default(5),
    /**
     * Backpressure: a session with this many recent turns still waiting for their analysis makes its
     * next turn wait for the backlog to fall (0: never), so many players at once cannot grow the
     * maintenance queue without bound.
     */
    max_unanalysed_turns: z.number().int().min(0).max(1_000).default(16),
    /**
     * Backpressure on memory: while this many embedding tasks wait in the queue (all sessions share the
     * embedder), every turn waits for the backlog to fall (0: never), so many players at once cannot grow
     * it without bound. Turns are refused with a 429 (embedding_backlog) after `backpressure_wait_ms`.
     */
    max_pending_embeddings: z.number().int().min(0).max(1_000_000).default(1_000),
    /** How long a turn waits under backpressure before it is refused with a 429 (analysis_backlog, embedding_backlog). */
    backpressure_wait_ms: z.number().int().min(0).max(600_000).default(15_000),
    /** Background workers: run inside `loremaster serve` (else run `loremaster worker`). */
    workers_in_serve: z.boolean().default(true),
    /** Tasks one worker runs at once. */
    worker_concurrency: z.number().int().min(1).max(64).default(4),
    /** How long an idle worker waits before looking for tasks again (a local enqueue wakes it at once). */
    worker_idle_ms: z.number().int().min(10).max(60_000).default(250),
  })
  .strict();

export type NarrativeConfig = z.infer<typeof narrativeConfigSchema>;
