/**
 * A streamed answer's events. Types only (see index.ts).
 */
import type { FinishReason, TokenLogprob, Usage } from './results.js';

/**
 * A stream's events. Text and tool calls arrive as deltas; `choice` is the answer's index when
 * `n > 1` (0 when absent). The `done` event ends every successful stream.
 */
export type StreamEvent =
  | {
      type: 'delta';
      text: string;
      choice?: number;
      /** The log probabilities of the tokens in this delta, when asked. */
      logprobs?: TokenLogprob[];
    }
  | {
      /**
       * A piece of a tool call. The first piece of call `index` carries its `id` and `name` (and
       * maybe the first arguments); the following pieces only more `arguments` text. Concatenating
       * the `arguments` of one index gives the call's arguments.
       */
      type: 'tool-call-delta';
      /** The call's position in the answer's list of tool calls (0, 1, ...). */
      index: number;
      id?: string;
      name?: string;
      arguments: string;
      choice?: number;
    }
  | {
      /** A piece of a thinking block's text; a new block begins after a signature or a redacted block. */
      type: 'reasoning-delta';
      text: string;
      choice?: number;
    }
  | {
      /** The signature of the thinking block just streamed: it ends that block. */
      type: 'reasoning-signature';
      signature: string;
      choice?: number;
    }
  | {
      /** A whole redacted (encrypted) thinking block. */
      type: 'reasoning-redacted';
      data: string;
      choice?: number;
    }
  | {
      type: 'done';
      usage: Usage;
      /** Of the first (or only) answer. */
      finishReason: FinishReason;
      /** With `n > 1`: every answer's finish reason, by index. */
      finishReasons?: FinishReason[];
      model: string;
      provider: string;
      latencyMs: number;
      /** Time from the call to the first text or tool-call delta. */
      firstTokenMs: number | null;
    };
