/**
 * An Ollama answer streamed as Ollama streams it: newline-delimited JSON, one object per piece of text
 * or thinking, tool calls whole in one object once their arguments are complete (Ollama's clients read
 * them whole), then the closing object with `done: true` and the counts.
 */
import type { FastifyReply } from 'fastify';
import type { Secrets } from '../../config/index.js';
import type { CompletionRequest, Gateway } from '../../gateway/index.js';
import { StreamAssembler } from '../../providers/index.js';
import { callHeaders } from '../call-options.js';
import { NdjsonWriter, streamOptions } from '../sse.js';
import { lateStreamError } from './late-stream-error.js';
import { doneFields, type OllamaRoute, ollamaAnswer, ollamaLogprobs } from './ollama-convert.js';

export async function streamAnswer(
  reply: FastifyReply,
  gateway: Gateway,
  call: CompletionRequest,
  secrets: Secrets,
  model: string,
  route: OllamaRoute,
): Promise<void> {
  // A failure before the first event is still an ordinary HTTP error with its status.
  const opened = await gateway.stream(call);
  const iterator = opened.events[Symbol.asyncIterator]();
  const first = await iterator.next();

  reply.hijack();
  const out = new NdjsonWriter(reply.raw, callHeaders(opened.provider, call.state), streamOptions(reply));
  // Only the tool calls are put together: text and thinking are written as they come.
  const calls = new StreamAssembler();
  try {
    for (let step = first; !step.done && !out.closed; step = await iterator.next()) {
      const event = step.value;
      if (event.type !== 'done' && (event.choice ?? 0) !== 0) continue;
      if (event.type === 'delta') {
        await out.line({
          ...ollamaAnswer(route, model, { text: event.text }),
          ...(event.logprobs && { logprobs: ollamaLogprobs(event.logprobs) }),
          done: false,
        });
      } else if (event.type === 'reasoning-delta') {
        // Ollama's `thinking` field. Signatures and redacted blocks are Anthropic's proof of its
        // thinking, which an Ollama client has no field to send back: they are not written.
        if (event.text.length > 0)
          await out.line({ ...ollamaAnswer(route, model, { text: '', thinking: event.text }), done: false });
      } else if (event.type === 'reasoning-signature' || event.type === 'reasoning-redacted') {
        // Nothing to write: see above.
      } else if (event.type === 'tool-call-delta') {
        calls.add(event);
      } else {
        const toolCalls = calls.result(event).toolCalls;
        // On /api/generate, a tool call is refused here (ollamaAnswer): the error ends the stream.
        if (toolCalls)
          await out.line({ ...ollamaAnswer(route, model, { text: '', toolCalls }), done: false });
        await out.line({
          ...ollamaAnswer(route, model, { text: '' }),
          ...doneFields(event.finishReason, event.usage, event.latencyMs, event.firstTokenMs),
        });
        return;
      }
    }
  } catch (error) {
    // After the first byte the status is sent: the error is the stream's last object, as Ollama sends it.
    await out.line(lateStreamError(error, reply, secrets).ollamaBody());
  } finally {
    await iterator.return?.();
    out.end();
  }
}
