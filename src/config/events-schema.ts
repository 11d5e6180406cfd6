/** The `events` section: the stored event log, live delivery over WebSocket, and webhooks. */
import { z } from 'zod';
import { DURATION_PATTERN } from './store-schema.js';

const duration = z.string().regex(DURATION_PATTERN, 'expected a duration such as 90d, 12h, 30m or 2w');

export const eventsConfigSchema = z
  .object({
    log: z
      .object({
        retention: duration.default('7d').describe('Events older than this are deleted from the log.'),
        max_events: z
          .number()
          .int()
          .min(100)
          .max(100_000_000)
          .default(1_000_000)
          .describe('At most this many events are kept (the oldest go first).'),
        buffer_max: z
          .number()
          .int()
          .min(10)
          .max(1_000_000)
          .default(20_000)
          .describe(
            'Events waiting to be written; past this the oldest unwritten are dropped (and counted).',
          ),
        batch_size: z
          .number()
          .int()
          .min(1)
          .max(5_000)
          .default(500)
          .describe('Events written per transaction.'),
        flush_interval_ms: z
          .number()
          .int()
          .min(5)
          .max(60_000)
          .default(250)
          .describe('How often waiting events are written.'),
        prune_interval_ms: z
          .number()
          .int()
          .min(1_000)
          .max(86_400_000)
          .default(60_000)
          .describe('How often retention is applied.'),
      })
      .strict()
      .prefault({})
      .describe(
        'The stored event log: what `/ws/llm/events` replays to a client that resumes, bounded by age and count.',
      ),
    redis_prefix: z
      .string()
      .default('loremaster:events:')
      .describe('Redis channel prefix for fan-out across instances (with REDIS_URL).'),
    socket: z
      .object({
        heartbeat_ms: z
          .number()
          .int()
          .min(50)
          .max(300_000)
          .default(15_000)
          .describe('A heartbeat message (and a WebSocket ping) every this many ms.'),
        max_buffered_bytes: z
          .number()
          .int()
          .min(1_024)
          .max(256 * 1024 * 1024)
          .default(1024 * 1024)
          .describe('Bytes waiting to be sent to one socket before it is closed as a slow consumer (4008).'),
        max_replay: z
          .number()
          .int()
          .min(0)
          .max(100_000)
          .default(10_000)
          .describe('Stored events replayed to a socket that resumes from a last event id.'),
      })
      .strict()
      .prefault({})
      .describe('Live delivery over WebSocket (`/ws/llm/events`).'),
    webhooks: z
      .object({
        allowed_hosts: z
          .array(z.string().min(1))
          .default([])
          .describe(
            'Hosts webhooks may target: exact names or `*.example.com`; `host:port` limits the port too. Empty: no webhook can be created.',
          ),
        max_attempts: z
          .number()
          .int()
          .min(1)
          .max(50)
          .default(8)
          .describe('Attempts before a delivery is dead-lettered (the first included).'),
        retry_base_ms: z
          .number()
          .int()
          .min(1)
          .max(3_600_000)
          .default(1_000)
          .describe('First retry delay of a failed delivery; it doubles each attempt (with jitter).'),
        retry_cap_ms: z
          .number()
          .int()
          .min(1)
          .max(86_400_000)
          .default(600_000)
          .describe('Longest delay between two attempts of a delivery.'),
        timeout_ms: z
          .number()
          .int()
          .min(100)
          .max(120_000)
          .default(10_000)
          .describe('Deadline of one delivery attempt.'),
        poll_ms: z
          .number()
          .int()
          .min(10)
          .max(60_000)
          .default(500)
          .describe('How often each instance looks for deliveries that are due.'),
        concurrency: z
          .number()
          .int()
          .min(1)
          .max(256)
          .default(8)
          .describe('Deliveries one instance sends at once.'),
      })
      .strict()
      .prefault({})
      .describe('Signed webhooks: where they may go, retries and dead letters.'),
    inbound: z
      .object({
        max_batch: z
          .number()
          .int()
          .min(1)
          .max(1_000)
          .default(100)
          .describe('Events one POST /llm/events may carry.'),
      })
      .strict()
      .prefault({})
      .describe("The game's events in (`POST /llm/events`)."),
  })
  .strict();

export type EventsConfig = z.infer<typeof eventsConfigSchema>;
