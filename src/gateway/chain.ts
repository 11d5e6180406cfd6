/** Composes middlewares around the provider handlers: the first middleware is the outermost. */
import { ProviderError } from '../providers/index.js';
import type { StreamEvent } from '../vocabulary/index.js';
import type { Handlers, Middleware, StartedStream } from './types.js';

export function compose(middlewares: readonly Middleware[], terminal: Handlers): Handlers {
  let handlers = terminal;
  for (let i = middlewares.length - 1; i >= 0; i--) handlers = middlewares[i]!.wrap(handlers);
  return handlers;
}

/** The innermost handlers: call the provider the call currently points at. */
export const providerHandlers: Handlers = {
  chat: (call) =>
    call.provider.chat([...call.messages], {
      ...call.options,
      ...(call.providerModel !== undefined && { model: call.providerModel }),
      ...(call.signal && { signal: call.signal }),
    }),
  stream: (call) =>
    startStream(
      call.provider.name,
      call.providerModel ?? call.provider.defaultModel,
      call.provider.stream([...call.messages], {
        ...call.options,
        ...(call.providerModel !== undefined && { model: call.providerModel }),
        ...(call.signal && { signal: call.signal }),
      }),
    ),
  embed: (call) => {
    const model = call.providerModel ?? call.provider.defaultEmbeddingModel;
    return call.provider.embed([...call.input], {
      ...(model !== undefined && { model }),
      ...(call.dimensions !== undefined && { dimensions: call.dimensions }),
      ...(call.signal && { signal: call.signal }),
    });
  },
};

/**
 * Pulls the first event of a stream before resolving, so a failure before the first byte rejects
 * this promise (and can be retried or failed over) instead of breaking a response already begun.
 */
export async function startStream(
  provider: string,
  model: string,
  source: AsyncIterable<StreamEvent>,
): Promise<StartedStream> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) {
    throw new ProviderError('bad_response', `${provider} stream ended before its first event`, { provider });
  }
  return { provider, model, events: resume(first.value, iterator) };
}

/**
 * The stream again from its first event (already pulled). A plain iterator, not a generator: past
 * the first event it hands the source's own promises on, adding none per event. If the consumer
 * stops early (client gone), the provider is told to release its connection.
 */
function resume<T>(first: T, iterator: AsyncIterator<T>): AsyncIterable<T> {
  let pending = true;
  const step: AsyncIterator<T> = {
    next: () => {
      if (!pending) return iterator.next();
      pending = false;
      return Promise.resolve({ done: false, value: first });
    },
    // A finished source (or a generator that threw) answers `return` with its end at once.
    return: async (value?: unknown) => {
      pending = false;
      await iterator.return?.();
      return { done: true, value: value as T };
    },
  };
  return { [Symbol.asyncIterator]: () => step };
}
