/** The `events` section: the stored event log, live delivery over WebSocket, and webhooks. */
import { z } from 'zod';
import { DURATION_PATTERN } from './store-schema.js';

const duration = z.string().regex(DURATION_PATTERN, 'expected a duration such as 90d, 12h, 30m or 2w');

export const eventsConfigSchema = z
  .object({
    log: z
      .object({
        /** Events older than this are deleted from the log. */
        retention: duration.default('7d'),
        /** At most this many events are kept (the oldest go first). */
        max_events: z.number().int().min(100).max(100_000_000).default(1_000_000),
        /** Events waiting to be written; past this the oldest unwritten are dropped (and counted). */
        buffer_max: z.number().int().min(10).max(1_000_000).default(20_000),
        batch_size: z.number().int().min(1).max(5_000).default(500),
        flush_interval_ms: z.number().int().min(5).max(60_000).default(250),
        /** How often retention is applied. */
        prune_interval_ms: z.number().int().min(1_000).max(86_400_000).default(60_000),
      })
      .strict()
      .prefault({}),
    /** Redis channel prefix for fan-out across instances (with REDIS_URL). */
    redis_prefix: z.string().default('loremaster:events:'),
    socket: z
      .object({
        /** A heartbeat message (and a WebSocket ping) every this many ms. */
        heartbeat_ms: z.number().int().min(50).max(300_000).default(15_000),
        /** Bytes waiting to be sent to one socket before it is closed as a slow consumer (4008). */
        max_buffered_bytes: z
          .number()
          .int()
          .min(1_024)
          .max(256 * 1024 * 1024)
          .default(1024 * 1024),
        /** Stored events replayed to a socket that resumes from a last event id. */
        max_replay: z.number().int().min(0).max(100_000).default(10_000),
      })
      .strict()
      .prefault({}),
    webhooks: z
      .object({
        /**
         * Hosts webhooks may target: exact names or `*.example.com`; `host:port` limits the port too.
         * Empty: no webhook can be created.
         */
        allowed_hosts: z.array(z.string().min(1)).default([]),
        /** Attempts before a delivery is dead-lettered (the first included). */
        max_attempts: z.number().int().min(1).max(50).default(8),
        retry_base_ms: z.number().int().min(1).max(3_600_000).default(1_000),
        retry_cap_ms: z.number().int().min(1).max(86_400_000).default(600_000),
        timeout_ms: z.number().int().min(100).max(120_000).default(10_000),
        /** How often each instance looks for deliveries that are due. */
        poll_ms: z.number().int().min(10).max(60_000).default(500),
        /** Deliveries one instance sends at once. */
        concurrency: z.number().int().min(1).max(256).default(8),
      })
      .strict()
      .prefault({}),
    inbound: z
      .object({
        /** Events one POST /llm/events may carry. */
        max_batch: z.number().int().min(1).max(1_000).default(100),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type EventsConfig = z.infer<typeof eventsConfigSchema>;
