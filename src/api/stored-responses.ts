/**
 * What `POST /v1/responses` keeps, as OpenAI's Responses API does with `store: true` (its default):
 * each answer with the conversation that led to it, so a later request continues it by
 * `previous_response_id` (the OpenAI Agents SDK, `client.responses.create` chains, Codex-style loops)
 * and `GET` / `DELETE /v1/responses/{id}` and `…/input_items` work on it.
 *
 * As OpenAI's API defines it, a continued request gets the earlier conversation (its input items and
 * output, each earlier request's included) but not the earlier `instructions`: a request's own
 * `instructions` are always its system message. Responses are kept in the store (SQLite or
 * PostgreSQL, shared by every instance), readable only by the API key that made them, until
 * `responses.ttl`; expired ones are swept out in bounded batches as new ones are written.
 *
 * `item_reference` inputs resolve from the items this process answered with recently (memory only).
 */
import { parseDuration, type ResponsesConfig } from '../config/store-schema.js';
import type { Store } from '../store/index.js';
import type { ChatMessage } from '../vocabulary/index.js';
import { ApiError } from './errors.js';
import { RecentResponseItems } from './responses-recent-items.js';
import {
  AssistantTurns,
  newId,
  type OutputItem,
  type responseObject,
  toMessages,
} from './routes/openai-responses-convert.js';
import { blockOf } from './routes/openai-responses-reasoning.js';
import type { ResponseRequest } from './routes/openai-responses-schemas.js';

/** Expired responses deleted per sweep, and the time between sweeps. */
const SWEEP_BATCH = 500;
const SWEEP_EVERY_MS = 10 * 60_000;

const NOT_KEPT =
  'Loremaster keeps no responses here (responses.store is off, or the server has no database): ' +
  'send the whole conversation in `input`';

type ResponseObject = ReturnType<typeof responseObject>;
type Item = Record<string, unknown>;

/** A request's conversation, and how to keep its answer once it is known. */
export interface PreparedResponse {
  /** What the model is sent: the request's instructions, the earlier conversation, the new input. */
  messages: ChatMessage[];
  /** Keeps the answer (unless `store: false`); resolves once a follow-up can continue it. */
  keep(output: OutputItem[], response: ResponseObject): Promise<void>;
}

export interface InputItemsPage {
  object: 'list';
  data: Item[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

export class StoredResponses {
  private readonly recent = new RecentResponseItems();
  private readonly ttlMs: number;
  private nextSweep = 0;

  constructor(
    private readonly store: Store | undefined,
    private readonly config: ResponsesConfig,
  ) {
    this.ttlMs = parseDuration(config.ttl);
  }

  private get keeping(): boolean {
    return this.store !== undefined && this.config.store;
  }

  async prepare(body: ResponseRequest, owner: string): Promise<PreparedResponse> {
    const earlier = body.previous_response_id ? await this.history(body.previous_response_id, owner) : [];
    const input = toMessages({ ...body, instructions: null }, (id) => this.recent.find(id));
    const system: ChatMessage[] = body.instructions ? [{ role: 'system', content: body.instructions }] : [];
    return {
      messages: [...system, ...earlier, ...input],
      keep: async (output, response) => {
        if (body.store === false) return;
        this.recent.remember(output);
        if (!this.keeping) return;
        const store = this.store as Store;
        const created = new Date(response.created_at * 1_000);
        await store.storedResponses.save({
          id: response.id,
          owner,
          createdAt: created.toISOString(),
          expiresAt: new Date(created.getTime() + this.ttlMs).toISOString(),
          history: [...earlier, ...input, ...outputMessages(output)],
          inputItems: inputItemsOf(body),
          response,
        });
        this.sweep(store);
      },
    };
  }

  /** The response object as it was answered; 404 when there is none for this key (or it expired). */
  async get(id: string, owner: string): Promise<ResponseObject> {
    return (await this.find(id, owner)).response as ResponseObject;
  }

  async delete(id: string, owner: string): Promise<{ id: string; object: 'response'; deleted: true }> {
    if (!this.keeping || !(await (this.store as Store).storedResponses.delete(id, owner))) throw notFound(id);
    return { id, object: 'response', deleted: true };
  }

  /** A page of a response's input items, newest first unless `order` is `asc`, after the item `after`. */
  async inputItems(
    id: string,
    owner: string,
    page: { limit: number; order: 'asc' | 'desc'; after?: string | undefined },
  ): Promise<InputItemsPage> {
    const items = (await this.find(id, owner)).inputItems as Array<Item & { id: string }>;
    const ordered = page.order === 'asc' ? items : [...items].reverse();
    let start = 0;
    if (page.after !== undefined) {
      const at = ordered.findIndex((item) => item.id === page.after);
      if (at === -1)
        throw new ApiError(400, `Invalid request: after: ${page.after} is not an input item of ${id}`, {
          param: 'after',
        });
      start = at + 1;
    }
    const data = ordered.slice(start, start + page.limit);
    return {
      object: 'list',
      data,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
      has_more: start + page.limit < ordered.length,
    };
  }

  private async find(id: string, owner: string) {
    if (!this.keeping) throw notFound(id);
    const found = await (this.store as Store).storedResponses.get(id, owner, new Date().toISOString());
    if (!found) throw notFound(id);
    return found;
  }

  /** The conversation up to and including an earlier answer, for `previous_response_id`. */
  private async history(id: string, owner: string): Promise<ChatMessage[]> {
    if (!this.keeping)
      throw new ApiError(400, `Invalid request: previous_response_id: ${NOT_KEPT}`, {
        param: 'previous_response_id',
        code: 'previous_response_not_found',
      });
    const found = await (this.store as Store).storedResponses.get(id, owner, new Date().toISOString());
    if (!found)
      throw new ApiError(
        400,
        `Invalid request: previous_response_id: no response ${id} is kept for this API key (it was never ` +
          'stored, was made with store: false, was deleted or has expired)',
        { param: 'previous_response_id', code: 'previous_response_not_found' },
      );
    return found.history as ChatMessage[];
  }

  /** Deletes expired responses now and then, a bounded batch at a time, off the request's path. */
  private sweep(store: Store): void {
    const now = Date.now();
    if (now < this.nextSweep) return;
    this.nextSweep = now + SWEEP_EVERY_MS;
    store.storedResponses.deleteExpired(new Date(now).toISOString(), SWEEP_BATCH).catch(() => {
      this.nextSweep = 0; // try again with the next response
    });
  }
}

function notFound(id: string): ApiError {
  return new ApiError(
    404,
    `No response ${id}: it was never stored for this API key, was deleted or has expired`,
    {
      type: 'invalid_request_error',
      code: 'response_not_found',
      param: 'id',
    },
  );
}

/**
 * An answer's output as the chat messages a continued conversation carries: its thinking (whole
 * blocks, signatures included) on the assistant message it led to.
 */
function outputMessages(output: readonly OutputItem[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  const turns = new AssistantTurns(out);
  for (const item of output) {
    if (item.type === 'reasoning') turns.think(blockOf(item));
    else if (item.type === 'message') turns.say(item.content.map((part) => part.text).join(''));
    else turns.call({ id: item.call_id, name: item.name, arguments: item.arguments });
  }
  return out;
}

/** A request's input as the items `…/input_items` lists, each with an id. */
function inputItemsOf(body: ResponseRequest): Item[] {
  if (typeof body.input === 'string')
    return [
      {
        id: newId('msg'),
        type: 'message',
        role: 'user',
        status: 'completed',
        content: [{ type: 'input_text', text: body.input }],
      },
    ];
  return body.input.map((item) => {
    if ('id' in item && typeof item.id === 'string') return item;
    const prefix =
      item.type === 'function_call' || item.type === 'function_call_output'
        ? 'fc'
        : item.type === 'reasoning'
          ? 'rs'
          : 'msg';
    return { id: newId(prefix), ...item };
  });
}
