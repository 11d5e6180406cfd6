/**
 * The output items this server answered with on /v1/responses, kept in memory for a while so that an
 * `item_reference` to one of them resolves. Clients that use OpenAI's stored responses (the AI SDK's
 * OpenAI provider by default) send an earlier answer's text back as `{type: "item_reference", id}`
 * instead of the text itself. Bounded by count and age, per server process: a reference this server
 * does not know (another instance answered, it expired, or `store: false` was asked) is a 400 naming it.
 */
import { LRUCache } from 'lru-cache';
import type { OutputItem } from './routes/openai-responses-convert.js';

const MAX_ITEMS = 10_000;
const TTL_MS = 60 * 60 * 1000;

export class RecentResponseItems {
  private readonly items = new LRUCache<string, OutputItem>({ max: MAX_ITEMS, ttl: TTL_MS });

  remember(output: readonly OutputItem[]): void {
    for (const item of output) this.items.set(item.id, item);
  }

  find(id: string): OutputItem | undefined {
    return this.items.get(id);
  }
}
