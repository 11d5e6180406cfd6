/**
 * How every route that streams server-sent events opens its stream: the gateway resolves once the
 * first event has arrived, so a failure before the first byte is still an ordinary HTTP error with
 * the right status (after retries and failover), never a broken stream. Only then is the reply taken
 * over and its headers (the provider, the call's id, cache and attempts) written.
 */
import type { FastifyReply } from 'fastify';
import type { CompletionRequest, Gateway } from '../../gateway/index.js';
import type { StreamEvent } from '../../vocabulary/index.js';
import { callHeaders } from '../call-options.js';
import { SseWriter, streamOptions } from '../sse.js';

export interface OpenedStream {
  sse: SseWriter;
  /** The provider that answers (after any failover). */
  provider: string;
  iterator: AsyncIterator<StreamEvent>;
  /** The stream's first event, already pulled. */
  first: IteratorResult<StreamEvent>;
}

export async function openSseStream(
  reply: FastifyReply,
  gateway: Gateway,
  call: CompletionRequest,
): Promise<OpenedStream> {
  const opened = await gateway.stream(call);
  const iterator = opened.events[Symbol.asyncIterator]();
  const first = await iterator.next();
  reply.hijack();
  // Events that arrive together (one upstream read) leave in one write: see SseWriter.
  const sse = new SseWriter(reply.raw, callHeaders(opened.provider, call.state), streamOptions(reply));
  return { sse, provider: opened.provider, iterator, first };
}
