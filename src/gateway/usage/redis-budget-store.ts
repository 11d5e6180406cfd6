/**
 * Budget spend shared by every instance through Redis (REDIS_URL): one hash per period start
 * (`<prefix><periodStart>`), a field per budget and API key, added to with HINCRBYFLOAT. A hash
 * expires some weeks after its period, so old periods take no memory. A failed command rejects:
 * the tracker keeps the increments and writes them at its next sync.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../../config/index.js';
import { FAILED, RedisGuard } from '../redis-guard.js';
import type { BudgetSpend, BudgetStore } from './budgets.js';

/** A month and a few days: every period (day or month) is over when its hash goes. */
const KEEP_SECONDS = 35 * 86_400;
const SEPARATOR = '\u0000';

export class RedisBudgetStore implements BudgetStore {
  private readonly prefix: string;
  private readonly guard: RedisGuard;

  constructor(redis: Redis, options: { prefix: string; logger: Logger; timeoutMs?: number }) {
    this.prefix = options.prefix;
    this.guard = new RedisGuard(redis, {
      logger: options.logger,
      failureMessage: 'Redis budgets unavailable; spend is kept and written later',
      timeoutMs: options.timeoutMs ?? 500,
    });
  }

  async add(spends: readonly BudgetSpend[]): Promise<void> {
    const result = await this.guard.run('HINCRBYFLOAT', async (redis) => {
      const pipeline = redis.pipeline();
      for (const spend of spends) {
        const key = this.prefix + spend.periodStart;
        pipeline.hincrbyfloat(key, field(spend.budget, spend.apiKeyId), spend.used);
        pipeline.expire(key, KEEP_SECONDS);
      }
      const replies = (await pipeline.exec()) ?? [];
      for (const [error] of replies) if (error) throw error;
    });
    if (result === FAILED) throw new Error('Redis did not take the budget spend');
  }

  async read(periodStarts: readonly number[]): Promise<BudgetSpend[]> {
    const out: BudgetSpend[] = [];
    for (const periodStart of periodStarts) {
      const hash = await this.guard.run('HGETALL', (redis) => redis.hgetall(this.prefix + periodStart));
      if (hash === FAILED) throw new Error('Redis did not answer with the budget spend');
      for (const [name, value] of Object.entries(hash)) {
        const at = name.indexOf(SEPARATOR);
        if (at < 0) continue;
        const key = name.slice(at + 1);
        out.push({
          budget: name.slice(0, at),
          apiKeyId: key === '' ? null : key,
          periodStart,
          used: Number(value),
        });
      }
    }
    return out;
  }
}

function field(budget: string, apiKeyId: string | null): string {
  return `${budget}${SEPARATOR}${apiKeyId ?? ''}`;
}
