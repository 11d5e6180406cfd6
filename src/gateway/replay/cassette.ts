/**
 * The cassette: a JSONL file, one line per call that reached the provider (each attempt of a retried
 * call is its own line). This module owns the line format (a zod schema), the reader and the writer.
 *
 * Lines are written as calls finish, so under concurrency they may be out of `seq` order; `seq` is
 * taken when a call starts, and the reader sorts by it, so a replay answers in the order the calls
 * were made.
 */
import { createWriteStream, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { finished } from 'node:stream';
import { z } from 'zod';
import { type Logger, redactSecrets } from '../../config/index.js';
import type { FinishReason } from '../../vocabulary/index.js';

export const CASSETTE_VERSION = 1;

const FINISH_REASONS = [
  'stop',
  'length',
  'content_filter',
  'tool_calls',
  'error',
  'other',
] as const satisfies readonly FinishReason[];

const usageSchema = z.object({ inputTokens: z.number(), outputTokens: z.number(), totalTokens: z.number() });

// Results and events are loose objects: a field a provider adds later is kept and replayed, not dropped.
const chatResultSchema = z.looseObject({
  text: z.string(),
  usage: usageSchema,
  finishReason: z.enum(FINISH_REASONS),
  model: z.string(),
  provider: z.string(),
  latencyMs: z.number(),
});

const doneEventSchema = z.looseObject({
  type: z.literal('done'),
  usage: usageSchema,
  finishReason: z.enum(FINISH_REASONS),
  model: z.string(),
  provider: z.string(),
  latencyMs: z.number(),
  firstTokenMs: z.number().nullable(),
});

const embedResultSchema = z.looseObject({
  embeddings: z.array(z.array(z.number())),
  usage: z.looseObject({ inputTokens: z.number() }),
  model: z.string(),
  provider: z.string(),
  latencyMs: z.number(),
});

export const recordedErrorSchema = z.object({
  /** Which class to rebuild on replay: ProviderError, GatewayError, or a plain Error. */
  source: z.enum(['provider', 'gateway', 'other']),
  code: z.string().optional(),
  message: z.string(),
  provider: z.string().optional(),
  upstreamStatus: z.number().optional(),
  retryAfterSeconds: z.number().optional(),
  retryable: z.boolean().optional(),
});
export type RecordedError = z.infer<typeof recordedErrorSchema>;

const requestSchema = z.object({
  messages: z.array(
    z.object({
      role: z.enum(['system', 'user', 'assistant', 'tool']),
      content: z.string(),
      name: z.string().optional(),
      toolCalls: z.array(z.object({ id: z.string(), name: z.string(), arguments: z.string() })).optional(),
      toolCallId: z.string().optional(),
      /** An assistant turn's thinking as the client sent it back (signatures included: they change the call). */
      reasoning: z
        .array(
          z.discriminatedUnion('type', [
            z.object({ type: z.literal('thinking'), text: z.string(), signature: z.string() }),
            z.object({ type: z.literal('redacted'), data: z.string() }),
          ]),
        )
        .optional(),
      /** Text and images in order; an image as its sha256 and what is known of it, never its bytes. */
      parts: z
        .array(
          z.discriminatedUnion('type', [
            z.object({ type: z.literal('text'), text: z.string() }),
            z.object({
              type: z.literal('image'),
              sha256: z.string(),
              mediaType: z.string().optional(),
              bytes: z.number().optional(),
              url: z.string().optional(),
              detail: z.string().optional(),
            }),
          ]),
        )
        .optional(),
    }),
  ),
  options: z.looseObject({
    system: z.string().optional(),
    temperature: z.number().optional(),
    maxTokens: z.number().optional(),
    topP: z.number().optional(),
    stop: z.array(z.string()).optional(),
    seed: z.number().optional(),
    jsonSchema: z.record(z.string(), z.unknown()).optional(),
    json: z.boolean().optional(),
  }),
  input: z.array(z.string()),
  dimensions: z.number().nullable(),
});
export type RecordedRequest = z.infer<typeof requestSchema>;

const responseSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('chat'), result: chatResultSchema }),
  z.object({
    type: z.literal('stream'),
    /** The provider and model the started stream named. */
    provider: z.string(),
    model: z.string(),
    // Text deltas as strings (the common case, compact); any other piece (a tool call's, another
    // choice's, one with logprobs) as its event object.
    deltas: z.array(
      z.union([
        z.string(),
        z.looseObject({
          type: z.enum([
            'delta',
            'tool-call-delta',
            'reasoning-delta',
            'reasoning-signature',
            'reasoning-redacted',
          ]),
        }),
      ]),
    ),
    /** Null when the stream failed mid-way (`error`) or its caller stopped reading (both null). */
    done: doneEventSchema.nullable(),
    error: recordedErrorSchema.nullable(),
  }),
  z.object({ type: z.literal('embed'), result: embedResultSchema }),
  /** The call failed before any answer (for a stream: before its first event). */
  z.object({ type: z.literal('error'), error: recordedErrorSchema }),
]);
export type RecordedResponse = z.infer<typeof responseSchema>;

export const cassetteEntrySchema = z.object({
  v: z.literal(CASSETTE_VERSION),
  /** Order in which the calls started, from 0. */
  seq: z.number().int().min(0),
  kind: z.enum(['chat', 'stream', 'embed']),
  /** The model name as the caller sent it. */
  model: z.string(),
  /** The provider the call went to (the route's, or a failover's). */
  provider: z.string(),
  providerModel: z.string().nullable(),
  /** cassetteKey(kind, model, request). */
  key: z.string(),
  request: requestSchema,
  /** What the caller attached: game tick, seed, RNG decisions. */
  meta: z.looseObject({
    tick: z.number().optional(),
    seed: z.number().optional(),
    rng: z.array(z.unknown()).optional(),
  }),
  response: responseSchema,
  /** Milliseconds; never compared. `offsetMs` counts from the start of the recording. */
  timing: z.object({ offsetMs: z.number(), latencyMs: z.number(), firstTokenMs: z.number().nullable() }),
  /** The gateway's request id: groups the attempts of one call. */
  callId: z.string(),
  recordedAt: z.string(),
});
export type CassetteEntry = z.infer<typeof cassetteEntrySchema>;

export class CassetteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CassetteError';
  }
}

/** Reads a whole cassette, sorted by `seq`; a bad line fails with its line number. */
export function readCassette(path: string): CassetteEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CassetteError(`Cannot read cassette ${path}: ${(error as Error).message}`);
  }
  return parseCassette(text, path);
}

export function parseCassette(text: string, source: string): CassetteEntry[] {
  const entries: CassetteEntry[] = [];
  const lineOfSeq = new Map<number, number>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const where = `${source}:${i + 1}`;
    const entry = parseLine(line, where);
    const earlier = lineOfSeq.get(entry.seq);
    if (earlier !== undefined) {
      throw new CassetteError(
        `${where}: seq ${entry.seq} already appears on line ${earlier}; a cassette holds one recording`,
      );
    }
    lineOfSeq.set(entry.seq, i + 1);
    entries.push(entry);
  }
  return entries.sort((a, b) => a.seq - b.seq);
}

function parseLine(line: string, where: string): CassetteEntry {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new CassetteError(`${where}: not valid JSON (${(error as Error).message})`);
  }
  const version = (json as { v?: unknown } | null)?.v;
  if (version !== CASSETTE_VERSION) {
    throw new CassetteError(
      `${where}: cassette version ${JSON.stringify(version)} is not supported (this Loremaster reads version ${CASSETTE_VERSION})`,
    );
  }
  const parsed = cassetteEntrySchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.length > 0 ? issue.path.join('.') : '(line)';
  throw new CassetteError(`${where}: ${path}: ${issue.message}`);
}

/** Bytes waiting for the disk beyond which new entries are dropped (and counted) rather than held. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/**
 * Appends entries off the request path: `append` only queues the line; the stream writes in order,
 * batching what piled up. A failure is logged once and counted; it never reaches the caller.
 * The file is truncated when the writer opens it: one writer, one recording.
 */
export class CassetteWriter<Entry extends { seq: number } = CassetteEntry> {
  readonly path: string;
  private readonly logger: Logger;
  private readonly stream: WriteStream;
  private failed = false;
  private closing: Promise<void> | undefined;
  private warnedFull = false;
  private writtenCount = 0;
  private droppedCount = 0;

  constructor(path: string, logger: Logger) {
    this.path = path;
    this.logger = logger;
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch {
      // Opening the file below fails too, and its error handler logs the reason.
    }
    this.stream = createWriteStream(path, { flags: 'w' });
    this.stream.on('error', (error) => {
      if (!this.failed)
        this.logger.error({ err: error, cassette: path }, 'cassette write failed; recording stopped');
      this.failed = true;
    });
  }

  get written(): number {
    return this.writtenCount;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  append(entry: Entry): void {
    if (this.failed || this.closing) {
      this.droppedCount++;
      return;
    }
    let line: string;
    try {
      // A key echoed by an upstream (or sent in a message) is not written to a file someone may share.
      line = `${redactSecrets(JSON.stringify(entry))}\n`;
    } catch (error) {
      // e.g. a BigInt in the caller's meta: lose this entry, not the call.
      this.logger.error(
        { err: error, cassette: this.path, seq: entry.seq },
        'cassette entry not serialisable',
      );
      this.droppedCount++;
      return;
    }
    if (this.stream.writableLength + line.length > MAX_BUFFERED_BYTES) {
      if (!this.warnedFull)
        this.logger.warn({ cassette: this.path }, 'cassette writes fall behind; dropping entries');
      this.warnedFull = true;
      this.droppedCount++;
      return;
    }
    this.stream.write(line, (error) => {
      if (error) this.droppedCount++;
      else this.writtenCount++;
    });
  }

  /** Resolves once every queued line is on disk (or its failure logged). */
  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      finished(this.stream, () => resolve());
      this.stream.end();
    });
    return this.closing;
  }
}
