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
    rpm: nonNegativeInt.optional(),
    tpm: nonNegativeInt.optional(),
  })
  .strict();
export type RateConfig = z.infer<typeof rateSchema>;

const budgetSchema = z
  .object({
    /** Applies to all calls (`global`) or to each API key separately (`key`). */
    scope: z.enum(['global', 'key']).default('global'),
    /** When set with scope `key`, applies to that key id only. */
    api_key_id: z.string().optional(),
    period: z.enum(['day', 'month']),
    unit: z.enum(['tokens', 'usd']),
    limit: z.number().positive(),
    /** Fractions of the limit that raise a `budget.alert` event. */
    alert_at: z.array(z.number().gt(0).max(1)).default([0.5, 0.8, 1]),
    /** Refuse calls (429) once the limit is reached. */
    hard_stop: z.boolean().default(true),
  })
  .strict();
export type BudgetConfig = z.infer<typeof budgetSchema>;

const priceSchema = z
  .object({
    /** USD per million input tokens. */
    input: z.number().min(0),
    /** USD per million output tokens. */
    output: z.number().min(0),
  })
  .strict();
export type PriceConfig = z.infer<typeof priceSchema>;

export const gatewayConfigSchema = z
  .object({
    /** Order of the middlewares, outermost first; leave one out to turn it off. */
    chain: z.array(z.enum(MIDDLEWARE_NAMES)).default([...MIDDLEWARE_NAMES]),
    security: z
      .object({
        /** Most characters of prompt (all messages) in one call. */
        max_prompt_chars: positiveInt.default(400_000),
        max_messages: positiveInt.default(1_000),
        max_embedding_inputs: positiveInt.default(2_048),
        /** Requests per API key per day; 0 = no quota. */
        key_daily_requests: nonNegativeInt.default(0),
      })
      .strict()
      .prefault({}),
    cache: z
      .object({
        enabled: z.boolean().default(true),
        ttl_ms: positiveInt.default(3_600_000),
        max_entries: positiveInt.default(10_000),
        max_bytes: positiveInt.default(64 * 1024 * 1024),
        /** Key prefix in Redis when REDIS_URL is set. */
        redis_prefix: z.string().default('loremaster:cache:'),
      })
      .strict()
      .prefault({}),
    limits: z
      .object({
        /** Default for vendor providers (openai, anthropic, mistral); local ones are unlimited by default. */
        vendor_default: rateSchema.default({ rpm: 60 }),
        /** Per provider name, or per `provider/model`. */
        providers: z.record(z.string(), rateSchema).default({}),
        /** Each API client, unless `api_keys[keyId]` says otherwise. */
        api_key_default: rateSchema.default({}),
        api_keys: z.record(z.string(), rateSchema).default({}),
        redis_prefix: z.string().default('loremaster:rl:'),
      })
      .strict()
      .prefault({}),
    queue: z
      .object({
        /** Calls in flight to one provider at once; more wait in the queue. */
        max_concurrency: positiveInt.default(256),
        max_size: z
          .object({
            high: nonNegativeInt.default(1_000),
            medium: nonNegativeInt.default(1_000),
            low: nonNegativeInt.default(1_000),
          })
          .strict()
          .prefault({}),
        max_total: positiveInt.default(2_000),
        timeout_ms: z
          .object({
            high: positiveInt.default(30_000),
            medium: positiveInt.default(60_000),
            low: positiveInt.default(120_000),
          })
          .strict()
          .prefault({}),
        /** Share of dispatch turns per priority when all wait: LOW always gets some (no starvation). */
        weights: z
          .object({
            high: positiveInt.default(6),
            medium: positiveInt.default(3),
            low: positiveInt.default(1),
          })
          .strict()
          .prefault({}),
        /** Share one upstream call among identical calls in flight at the same time. */
        coalesce: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    resilience: z
      .object({
        /** Retries after the first attempt, per provider. */
        retries: nonNegativeInt.max(10).default(2),
        base_delay_ms: positiveInt.default(250),
        max_delay_ms: positiveInt.default(8_000),
        /** Deadline of one attempt; defaults to the provider's `timeout_ms`. */
        attempt_timeout_ms: positiveInt.optional(),
        breaker: z
          .object({
            consecutive_failures: positiveInt.default(3),
            half_open_after_ms: positiveInt.default(15_000),
          })
          .strict()
          .prefault({}),
        /** Providers tried after a role's own provider, in order. */
        failover: z
          .object({
            generation: z.array(z.string()).default([]),
            analysis: z.array(z.string()).default([]),
            maintenance: z.array(z.string()).default([]),
            embedding: z.array(z.string()).default([]),
          })
          .strict()
          .prefault({}),
        /** End every failover chain in the offline provider, so the game always gets an answer. */
        offline_fallback: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    usage: z
      .object({
        /** USD per million tokens, by `provider/model` or model id; overrides the shipped table. */
        pricing: z.record(z.string(), priceSchema).default({}),
        /**
         * The price of a paid model neither `pricing` nor the shipped table knows (a new or renamed
         * model): counted at this rather than as free, so USD budgets still hold. /health lists them.
         */
        default_price: priceSchema.default({ input: 2.5, output: 10 }),
        budgets: z.record(z.string(), budgetSchema).default({}),
        /** Key prefix of the budgets' spend in Redis when REDIS_URL is set (shared by every instance). */
        redis_prefix: z.string().default('loremaster:budget:'),
      })
      .strict()
      .prefault({}),
    replay: z
      .object({
        mode: z.enum(['off', 'record', 'replay']).default('off'),
        cassette: z.string().default('./data/cassette.jsonl'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
