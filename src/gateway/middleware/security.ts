/**
 * The outermost guard: bounded prompts (size, message count, embedding inputs) and per-API-key
 * daily quotas. Cheap checks first, so oversized calls never reach a queue or an upstream.
 */
import { formatBytes, imageByteLength } from '../../providers/index.js';
import type { ChatMessage } from '../../vocabulary/index.js';
import type { MiddlewareDeps } from '../deps.js';
import { GatewayError } from '../errors.js';
import type { GatewayCall, Handlers, Middleware } from '../types.js';

export function createSecurityMiddleware(deps: MiddlewareDeps): Middleware {
  const limits = deps.settings.gateway.security;
  const quota = new DailyQuota(limits.key_daily_requests);

  const check = (call: GatewayCall): void => {
    if (call.kind === 'embed') {
      if (call.input.length > limits.max_embedding_inputs) {
        throw new GatewayError(
          'prompt_too_large',
          `Too many inputs: ${call.input.length} (at most ${limits.max_embedding_inputs} per call)`,
        );
      }
      let chars = 0;
      for (const text of call.input) chars += text.length;
      if (chars > limits.max_prompt_chars) throw tooLarge(chars, limits.max_prompt_chars);
    } else {
      if (call.messages.length > limits.max_messages) {
        throw new GatewayError(
          'prompt_too_large',
          `Too many messages: ${call.messages.length} (at most ${limits.max_messages} per call)`,
        );
      }
      let chars = call.options.system?.length ?? 0;
      for (const message of call.messages) chars += message.content.length;
      if (chars > limits.max_prompt_chars) throw tooLarge(chars, limits.max_prompt_chars);
      checkImages(call.messages, limits);
    }
    if (call.apiKeyId !== undefined) quota.take(call.apiKeyId);
  };

  return {
    name: 'security',
    wrap: (next: Handlers): Handlers => ({
      // async: a refused call is a rejected promise, like every other failure of the chain.
      chat: async (call) => {
        check(call);
        return next.chat(call);
      },
      stream: async (call) => {
        check(call);
        return next.stream(call);
      },
      embed: async (call) => {
        check(call);
        return next.embed(call);
      },
    }),
    stats: () => ({ quota_keys: quota.size }),
  };
}

/** Images: how many in one call, and how large each inline one is (decoded bytes, counted without decoding). */
function checkImages(
  messages: readonly ChatMessage[],
  limits: { max_images: number; max_image_bytes: number },
): void {
  let count = 0;
  for (const [index, message] of messages.entries()) {
    if (message.parts === undefined) continue;
    for (const part of message.parts) {
      if (part.type !== 'image') continue;
      count++;
      if (count > limits.max_images)
        throw new GatewayError(
          'image_limit',
          limits.max_images === 0
            ? 'Images are turned off on this server (gateway.security.max_images is 0)'
            : `Too many images: more than ${limits.max_images} in one call (gateway.security.max_images)`,
        );
      const bytes = imageByteLength(part);
      if (bytes > limits.max_image_bytes)
        throw new GatewayError(
          'image_limit',
          `Image too large: ${formatBytes(bytes)} in message ${index} (at most ${formatBytes(limits.max_image_bytes)}, gateway.security.max_image_bytes)`,
        );
    }
  }
}

function tooLarge(chars: number, max: number): GatewayError {
  return new GatewayError('prompt_too_large', `Prompt too large: ${chars} characters (at most ${max})`);
}

/** Requests per API key per UTC day. In memory: one instance's view (see README). */
class DailyQuota {
  private readonly limit: number;
  private day = '';
  private readonly counts = new Map<string, number>();

  constructor(limit: number) {
    this.limit = limit;
  }

  get size(): number {
    return this.counts.size;
  }

  take(keyId: string): void {
    if (this.limit === 0) return;
    const now = new Date();
    const day = now.toISOString().slice(0, 10);
    if (day !== this.day) {
      this.day = day;
      this.counts.clear();
    }
    const used = (this.counts.get(keyId) ?? 0) + 1;
    if (used > this.limit) {
      const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
      throw new GatewayError(
        'quota_exceeded',
        `Daily quota of ${this.limit} requests for this API key is used up; it resets at 00:00 UTC`,
        { retryAfterSeconds: Math.ceil((midnight - now.getTime()) / 1000) },
      );
    }
    this.counts.set(keyId, used);
  }
}
