/**
 * The `gateway` section of the config: the middleware chain's order and each middleware's settings.
 * Every field has a default, so `gateway:` may be left out entirely.
 */
import { z } from 'zod';

export const MIDDLEWARE_NAMES = [
  'security',
  'monitoring',
  'cache',
  'limiter',
  'resilience',
  'replay',
] as const;
export type MiddlewareName = (typeof MIDDLEWARE_NAMES)[number];

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().min(0);

/** Requests and tokens per minute; 0 or absent means unlimited. */
const rateSchema = z
  .object({
    rpm: nonNegativeInt.optional().describe('Requests per minute (0 or absent: unlimited).'),
    tpm: nonNegativeInt
      .optional()
      .describe('Tokens per minute, prompt and answer together (0 or absent: unlimited).'),
  })
  .strict();
export type RateConfig = z.infer<typeof rateSchema>;

const budgetSchema = z
  .object({
    scope: z
      .enum(['global', 'key'])
      .default('global')
      .describe('Applies to all calls (`global`) or to each API key separately (`key`).'),
    api_key_id: z.string().optional().describe('When set with scope `key`, applies to that key id only.'),
    period: z
      .enum(['day', 'month'])
      .describe('The span the limit applies to; it resets at the start of each day or month (UTC).'),
    unit: z
      .enum(['tokens', 'usd'])
      .describe('What is counted: tokens, or cost in US dollars (by the price table).'),
    limit: z.number().positive().describe('The most that may be spent per period, in `unit`.'),
    alert_at: z
      .array(z.number().gt(0).max(1))
      .default([0.5, 0.8, 1])
      .describe('Fractions of the limit that raise a `budget.alert` event.'),
    hard_stop: z.boolean().default(true).describe('Refuse calls (429) once the limit is reached.'),
  })
  .strict();
export type BudgetConfig = z.infer<typeof budgetSchema>;

const priceSchema = z
  .object({
    input: z.number().min(0).describe('USD per million input tokens.'),
    output: z.number().min(0).describe('USD per million output tokens.'),
  })
  .strict();
export type PriceConfig = z.infer<typeof priceSchema>;

export const gatewayConfigSchema = z
  .object({
    chain: z
      .array(z.enum(MIDDLEWARE_NAMES))
      .default([...MIDDLEWARE_NAMES])
      .describe('Order of the middlewares, outermost first; leave one out to turn it off.'),
    security: z
      .object({
        max_prompt_chars: positiveInt
          .default(400_000)
          .describe('Most characters of prompt (all messages) in one call.'),
        max_messages: positiveInt.default(1_000).describe('Most messages in one call.'),
        max_embedding_inputs: positiveInt.default(2_048).describe('Most texts in one embedding call.'),
        max_images: nonNegativeInt
          .default(20)
          .describe('Most images (vision input) in one call, over all its messages; 0 refuses every image.'),
        max_image_bytes: positiveInt
          .default(5 * 1024 * 1024)
          .describe(
            'Largest inline image (data URL or base64 source), in decoded bytes. The request body must also fit `server.body_limit_bytes`: raise that to send large images.',
          ),
        key_daily_requests: nonNegativeInt.default(0).describe('Requests per API key per day; 0 = no quota.'),
      })
      .strict()
      .prefault({})
      .describe('Limits on what one call may carry, checked before any provider is called.'),
    cache: z
      .object({
        enabled: z
          .boolean()
          .default(true)
          .describe(
            'Answer a repeated deterministic call (temperature 0, same model and messages) from the cache.',
          ),
        ttl_ms: positiveInt.default(3_600_000).describe('How long a cached answer is kept.'),
        max_entries: positiveInt
          .default(10_000)
          .describe('Most answers kept in memory (the least recently used go first).'),
        max_bytes: positiveInt.default(64 * 1024 * 1024).describe('Most bytes of answers kept in memory.'),
        redis_prefix: z
          .string()
          .default('loremaster:cache:')
          .describe('Key prefix in Redis when REDIS_URL is set.'),
      })
      .strict()
      .prefault({})
      .describe('The response cache: in memory, or in Redis with `REDIS_URL` (shared by every instance).'),
    limits: z
      .object({
        vendor_default: rateSchema
          .default({ rpm: 60 })
          .describe(
            'Default for vendor providers (openai, anthropic, mistral); local ones are unlimited by default.',
          ),
        providers: z
          .record(z.string(), rateSchema)
          .default({})
          .describe('Per provider name, or per `provider/model`.'),
        api_key_default: rateSchema
          .default({})
          .describe('Each API client, unless `api_keys[keyId]` says otherwise.'),
        api_keys: z
          .record(z.string(), rateSchema)
          .default({})
          .describe("Per API key, by the key's limits id (`loremaster keys list` shows it)."),
        redis_prefix: z
          .string()
          .default('loremaster:rl:')
          .describe('Key prefix of the rate-limit counters in Redis when REDIS_URL is set.'),
      })
      .strict()
      .prefault({})
      .describe(
        'Rate limits (requests and tokens per minute) per provider, per model and per API key; a call over them waits in the queue or gets a 429.',
      ),
    queue: z
      .object({
        max_concurrency: positiveInt
          .default(256)
          .describe('Calls in flight to one provider at once; more wait in the queue.'),
        max_size: z
          .object({
            high: nonNegativeInt.default(1_000).describe("Waiting HIGH-priority calls (the player's turns)."),
            medium: nonNegativeInt
              .default(1_000)
              .describe('Waiting MEDIUM-priority calls (analysis, API calls).'),
            low: nonNegativeInt.default(1_000).describe('Waiting LOW-priority calls (maintenance, batches).'),
          })
          .strict()
          .prefault({})
          .describe('Calls that may wait per priority; more are refused with a 429.'),
        max_total: positiveInt.default(2_000).describe('Calls that may wait in all priorities together.'),
        timeout_ms: z
          .object({
            high: positiveInt
              .default(30_000)
              .describe('Longest wait in the queue of a HIGH-priority call before it is refused.'),
            medium: positiveInt
              .default(60_000)
              .describe('Longest wait in the queue of a MEDIUM-priority call.'),
            low: positiveInt.default(120_000).describe('Longest wait in the queue of a LOW-priority call.'),
          })
          .strict()
          .prefault({})
          .describe('How long a call may wait in the queue, per priority.'),
        weights: z
          .object({
            high: positiveInt.default(6).describe('Dispatch share of HIGH-priority calls.'),
            medium: positiveInt.default(3).describe('Dispatch share of MEDIUM-priority calls.'),
            low: positiveInt.default(1).describe('Dispatch share of LOW-priority calls.'),
          })
          .strict()
          .prefault({})
          .describe(
            'Share of dispatch turns per priority when all wait: LOW always gets some (no starvation).',
          ),
        coalesce: z
          .boolean()
          .default(true)
          .describe('Share one upstream call among identical calls in flight at the same time.'),
      })
      .strict()
      .prefault({})
      .describe('The priority queue in front of the providers: concurrency, sizes, waits and fairness.'),
    resilience: z
      .object({
        retries: nonNegativeInt.max(10).default(2).describe('Retries after the first attempt, per provider.'),
        base_delay_ms: positiveInt
          .default(250)
          .describe('First retry delay; it doubles each retry (with jitter).'),
        max_delay_ms: positiveInt.default(8_000).describe('Longest delay between retries.'),
        attempt_timeout_ms: positiveInt
          .optional()
          .describe("Deadline of one attempt; defaults to the provider's `timeout_ms`."),
        breaker: z
          .object({
            consecutive_failures: positiveInt
              .default(3)
              .describe("Failures in a row that open a provider's circuit (calls skip it and fail over)."),
            half_open_after_ms: positiveInt
              .default(15_000)
              .describe('How long a circuit stays open before one trial call is let through.'),
          })
          .strict()
          .prefault({})
          .describe('The circuit breaker of each provider.'),
        failover: z
          .object({
            generation: z
              .array(z.string())
              .default([])
              .describe("Providers tried, in order, when the generation role's own fails."),
            analysis: z
              .array(z.string())
              .default([])
              .describe("Providers tried, in order, when the analysis role's own fails."),
            maintenance: z
              .array(z.string())
              .default([])
              .describe("Providers tried, in order, when the maintenance role's own fails."),
            embedding: z
              .array(z.string())
              .default([])
              .describe(
                "Providers tried, in order, when the embedding role's own fails (their vectors must be comparable).",
              ),
          })
          .strict()
          .prefault({})
          .describe("Providers tried after a role's own provider, in order."),
        offline_fallback: z
          .boolean()
          .default(true)
          .describe('End every failover chain in the offline provider, so the game always gets an answer.'),
      })
      .strict()
      .prefault({})
      .describe('Retries with backoff, a circuit breaker per provider, and failover to other providers.'),
    usage: z
      .object({
        pricing: z
          .record(z.string(), priceSchema)
          .default({})
          .describe('USD per million tokens, by `provider/model` or model id; overrides the shipped table.'),
        default_price: priceSchema
          .default({ input: 2.5, output: 10 })
          .describe(
            'The price of a paid model neither `pricing` nor the shipped table knows (a new or renamed model): counted at this rather than as free, so USD budgets still hold. /health lists them.',
          ),
        budgets: z
          .record(z.string(), budgetSchema)
          .default({})
          .describe(
            'Spending limits by a name you choose: tokens or USD per day or month, for all calls or per API key.',
          ),
        redis_prefix: z
          .string()
          .default('loremaster:budget:')
          .describe(
            "Key prefix of the budgets' spend in Redis when REDIS_URL is set (shared by every instance).",
          ),
        after_call: z
          .object({
            quiet_ms: positiveInt
              .max(60_000)
              .default(20)
              .describe('Held work runs once no call has started or ended for this long.'),
            max_hold_ms: nonNegativeInt
              .max(60_000)
              .default(250)
              .describe('Held work runs at most this long after the first of it; 0 = never hold.'),
          })
          .strict()
          .prefault({})
          .describe(
            "Metrics, usage and the llm.* events (so the event and call logs) of a call that ends while others are in flight are held and run at the burst's first quiet moment, so streams still waiting for their first token do not wait behind them. Reads of them settle what is held first; budgets are never held.",
          ),
      })
      .strict()
      .prefault({})
      .describe('Usage accounting: prices, budgets, and when the after-call work runs.'),
    replay: z
      .object({
        mode: z
          .enum(['off', 'record', 'replay'])
          .default('off')
          .describe(
            '`record` writes every provider call to the cassette; `replay` answers calls from it (no provider called); `off` neither.',
          ),
        cassette: z
          .string()
          .default('./data/cassette.jsonl')
          .describe(
            'The recording file (JSON lines) that `record` writes and `replay` and `loremaster replay` read.',
          ),
      })
      .strict()
      .prefault({})
      .describe('Recording and replaying provider calls (the replay middleware must be in `chain`).'),
  })
  .strict();

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
