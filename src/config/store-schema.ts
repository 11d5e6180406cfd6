/**
 * Config sections for persistence: `database` (where), `retention` (how long) and
 * `conversations.context` (how much history a conversation sends to the model).
 * The PostgreSQL URL may carry a password, so it is redacted when shown and never saved.
 */
import { z } from 'zod';

/** `90d`, `12h`, `30m`, `2w`: a span of time for retention and `cleanup --older-than`. */
export const DURATION_PATTERN = /^(\d+)\s*([mhdw])$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

export function parseDuration(value: string): number {
  const match = DURATION_PATTERN.exec(value.trim());
  if (!match) throw new Error(`expected a duration such as 90d, 12h, 30m or 2w, got "${value}"`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

const duration = z.string().regex(DURATION_PATTERN, 'expected a duration such as 90d, 12h, 30m or 2w');

export const databaseConfigSchema = z
  .object({
    url: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
      .optional()
      .describe(
        'PostgreSQL connection URL (from `DATABASE_URL`); when unset, the SQLite file below is used.',
      ),
    sqlite_path: z
      .string()
      .min(1)
      .default('./data/loremaster.db')
      .describe(
        'The SQLite file (relative to the working directory) when `url` is unset; vectors and pictures are kept beside it.',
      ),
    pool_max: z.number().int().min(1).max(100).default(10).describe('Connections in the PostgreSQL pool.'),
    statement_timeout_ms: z
      .number()
      .int()
      .positive()
      .max(600_000)
      .default(30_000)
      .describe('Deadline for one PostgreSQL statement, so a stuck query cannot hold a request forever.'),
    call_log: z
      .object({
        buffer_max: z
          .number()
          .int()
          .min(1)
          .max(1_000_000)
          .default(10_000)
          .describe('Rows held in memory before the oldest are dropped (and counted).'),
        batch_size: z.number().int().min(1).max(5_000).default(500).describe('Rows written per transaction.'),
        flush_interval_ms: z
          .number()
          .int()
          .min(10)
          .max(60_000)
          .default(1_000)
          .describe('How often buffered rows are written.'),
        bodies: z
          .object({
            enabled: z
              .boolean()
              .default(true)
              .describe(
                "Keep each call's request (messages, system, model, sampling, tools, response format) and answer (text, tool calls, finish reason) in the log, so any call can be read and replayed. Off: only the numbers are kept (privacy), and no call can be replayed.",
              ),
            max_chars: z
              .number()
              .int()
              .min(256)
              .max(10_000_000)
              .default(32_768)
              .describe(
                'Longest request, answer or tool-call list kept, in characters (JSON text). A longer one is cut and ends with a "[cut by the call log …]" marker; a call whose request was cut cannot be replayed.',
              ),
          })
          .strict()
          .prefault({})
          .describe(
            'Request and answer bodies in the call log. API keys and auth headers are never part of them.',
          ),
      })
      .strict()
      .prefault({})
      .describe(
        'The call log (every model call: prompt, answer, latency, cost), written in batches off the request path.',
      ),
  })
  .strict();
export type DatabaseConfig = z.infer<typeof databaseConfigSchema>;

export const retentionConfigSchema = z
  .object({
    older_than: duration
      .default('90d')
      .describe('Data not touched for this long is archived or deleted by `loremaster cleanup`.'),
    mode: z
      .enum(['archive', 'delete'])
      .default('archive')
      .describe(
        '`archive` hides old conversations but keeps everything; `delete` removes old rows for good.',
      ),
  })
  .strict();
export type RetentionConfig = z.infer<typeof retentionConfigSchema>;

export const conversationsConfigSchema = z
  .object({
    context: z
      .object({
        budget_tokens: z
          .number()
          .int()
          .min(64)
          .max(2_000_000)
          .default(8_192)
          .describe('Tokens of history (system prompt, summary and messages) sent with each new message.'),
        strategy: z
          .enum(['summarize', 'drop'])
          .default('summarize')
          .describe(
            'When history passes the budget: summarise the oldest turns through the gateway, or drop them.',
          ),
        summary_model: z
          .string()
          .min(1)
          .default('maintenance')
          .describe('Model (a role, provider or `provider/model`) that writes summaries.'),
        keep_recent: z
          .number()
          .int()
          .min(1)
          .max(1_000)
          .default(4)
          .describe('The newest messages that are always kept verbatim.'),
      })
      .strict()
      .prefault({})
      .describe('The history a stored conversation sends with each new message.'),
  })
  .strict();
export type ConversationsConfig = z.infer<typeof conversationsConfigSchema>;

/** Replaces the password of a connection URL, for display. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = 'REDACTED';
    return parsed.toString().replace(':REDACTED@', ':[REDACTED]@');
  } catch {
    return '[REDACTED]';
  }
}

/**
 * Settings with the database URL made safe: `show` redacts its password, `save` leaves the URL out
 * (it comes from `DATABASE_URL`, and a file must never hold a secret).
 */
export function withDatabaseUrlHidden<T extends { database: DatabaseConfig }>(
  settings: T,
  mode: 'show' | 'save',
): T {
  const { url, ...rest } = settings.database;
  if (url === undefined) return settings;
  if (mode === 'save') return { ...settings, database: rest };
  return { ...settings, database: { ...rest, url: redactDatabaseUrl(url) } };
}

export const responsesConfigSchema = z
  .object({
    store: z
      .boolean()
      .default(true)
      .describe(
        "Keep the answers of `POST /v1/responses` (unless a request sends `store: false`), so `previous_response_id` continues them and `GET /v1/responses/{id}` reads them, as OpenAI's API does. Off: nothing is kept and `previous_response_id` is refused.",
      ),
    ttl: duration
      .default('30d')
      .describe('How long a stored response can be read or continued; expired ones are deleted.'),
  })
  .strict();
export type ResponsesConfig = z.infer<typeof responsesConfigSchema>;
