/**
 * Record and replay for the image path (`gateway.replay.mode`): pictures go to a cassette of their own
 * beside the chat cassette (`cassette.jsonl` → `cassette.images.jsonl`), one line per attempt made to a
 * provider (its pictures in base64, or its error), so a replay draws nothing and reproduces the faults
 * and failovers too. A request is found by its key (the model as asked and the normalised request; the
 * provider is left out, as in the chat cassette); the same request recorded several times is answered in
 * recorded order. Anything the cassette cannot answer fails with `replay_miss`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Logger } from '../../config/index.js';
import type { ImageRequest, ImageResult } from '../../providers/index.js';
import { sniffContentType } from '../../providers/index.js';
import { GatewayError } from '../errors.js';
import { CassetteError, CassetteWriter, recordedErrorSchema } from '../replay/cassette.js';
import { canonicalJson } from '../replay/key.js';
import { rebuildError, recordError } from '../replay/recorded-error.js';
import type { ImageTarget } from './image-route.js';

export const IMAGE_CASSETTE_VERSION = 1;

const imageSchema = z.object({
  b64: z.string(),
  contentType: z.enum(['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml']),
  revisedPrompt: z.string().optional(),
  seed: z.number().optional(),
});

const entrySchema = z.object({
  v: z.literal(IMAGE_CASSETTE_VERSION),
  seq: z.number().int().min(0),
  model: z.string(),
  provider: z.string(),
  key: z.string(),
  request: z.record(z.string(), z.unknown()),
  response: z.discriminatedUnion('type', [
    z.object({
      type: z.literal('image'),
      provider: z.string(),
      model: z.string(),
      costUsd: z.number().nullable(),
      latencyMs: z.number(),
      images: z.array(imageSchema),
    }),
    z.object({ type: z.literal('error'), error: recordedErrorSchema }),
  ]),
  recordedAt: z.string(),
});
type Entry = z.infer<typeof entrySchema>;

/** One attempt at one provider: what the failover loop calls. */
export type ImageAttempt = (target: ImageTarget, request: ImageRequest) => Promise<ImageResult>;

export interface ImageReplay {
  /** Wraps the real attempt (record), replaces it (replay), or passes it through (off). */
  wrap(attempt: ImageAttempt, model: string): ImageAttempt;
  stats(): Record<string, unknown>;
  close(): Promise<void>;
}

/** `./data/cassette.jsonl` → `./data/cassette.images.jsonl`. */
export function imageCassettePath(cassette: string): string {
  return cassette.endsWith('.jsonl') ? `${cassette.slice(0, -6)}.images.jsonl` : `${cassette}.images.jsonl`;
}

/**
 * What a request asks of the picture (the source picture by its hash): what the cassette keeps, and
 * what the image cache keys on.
 */
export function describeImageRequest(request: ImageRequest): Record<string, unknown> {
  return {
    prompt: request.prompt,
    n: request.n,
    size: request.size,
    quality: request.quality ?? null,
    style: request.style ?? null,
    negativePrompt: request.negativePrompt ?? null,
    seed: request.seed ?? null,
    subject: request.subject ?? null,
    source: request.source
      ? {
          sha256: createHash('sha256').update(request.source.bytes).digest('hex'),
          strength: request.source.strength,
        }
      : null,
  };
}

function keyOf(model: string, request: Record<string, unknown>): string {
  return createHash('sha256')
    .update(canonicalJson({ kind: 'image', model, request }))
    .digest('hex');
}

export function createImageReplay(
  mode: 'off' | 'record' | 'replay',
  cassette: string,
  logger: Logger,
): ImageReplay {
  const path = imageCassettePath(cassette);
  if (mode === 'off')
    return { wrap: (attempt) => attempt, stats: () => ({ mode: 'off' }), close: async () => {} };
  if (mode === 'record') return recorder(path, logger);
  return player(path);
}

function recorder(path: string, logger: Logger): ImageReplay {
  const writer = new CassetteWriter<Entry>(path, logger);
  let seq = 0;
  return {
    wrap: (attempt, model) => async (target, request) => {
      const normalised = describeImageRequest(request);
      const head = {
        v: IMAGE_CASSETTE_VERSION,
        seq: seq++,
        model,
        provider: target.name,
        key: keyOf(model, normalised),
        request: normalised,
      } as const;
      try {
        const result = await attempt(target, request);
        writer.append({
          ...head,
          response: {
            type: 'image',
            provider: result.provider,
            model: result.model,
            costUsd: result.costUsd ?? null,
            latencyMs: result.latencyMs,
            images: result.images.map((image) => ({
              b64: image.bytes.toString('base64'),
              contentType: image.contentType,
              ...(image.revisedPrompt !== undefined && { revisedPrompt: image.revisedPrompt }),
              ...(image.seed !== undefined && { seed: image.seed }),
            })),
          },
          recordedAt: new Date().toISOString(),
        });
        return result;
      } catch (error) {
        writer.append({
          ...head,
          response: { type: 'error', error: recordError(error) },
          recordedAt: new Date().toISOString(),
        });
        throw error;
      }
    },
    stats: () => ({
      mode: 'record',
      cassette: path,
      recorded: seq,
      written: writer.written,
      dropped: writer.dropped,
    }),
    close: () => writer.close(),
  };
}

function player(path: string): ImageReplay {
  // A recording that made no picture has no image cassette: every image call is then a miss.
  const entries = existsSync(path) ? readImageCassette(path) : [];
  const byKey = new Map<string, { entries: Entry[]; used: number }>();
  for (const entry of entries) {
    const key = keyOf(entry.model, entry.request);
    const takes = byKey.get(key);
    if (takes) takes.entries.push(entry);
    else byKey.set(key, { entries: [entry], used: 0 });
  }
  let answered = 0;
  let misses = 0;
  return {
    // The real attempt is never called: in replay mode nothing reaches a provider.
    wrap: (_attempt, model) => async (_target, request) => {
      const key = keyOf(model, describeImageRequest(request));
      const takes = byKey.get(key);
      const entry = takes?.entries[takes.used];
      if (!takes || !entry) {
        misses++;
        throw new GatewayError(
          'replay_miss',
          `Replay miss: image request for model "${model}" ${takes ? 'was answered as often as it was recorded' : 'is not in the cassette'} (${path}); key ${key}; prompt ${JSON.stringify(request.prompt.slice(0, 60))}`,
        );
      }
      takes.used++;
      answered++;
      const response = entry.response;
      if (response.type === 'error') throw rebuildError(response.error);
      return {
        provider: response.provider,
        model: response.model,
        costUsd: response.costUsd ?? undefined,
        latencyMs: response.latencyMs,
        images: response.images.map((image) => {
          const bytes = Buffer.from(image.b64, 'base64');
          return {
            bytes,
            contentType: sniffContentType(bytes) ?? image.contentType,
            ...(image.revisedPrompt !== undefined && { revisedPrompt: image.revisedPrompt }),
            ...(image.seed !== undefined && { seed: image.seed }),
          };
        }),
      };
    },
    stats: () => ({ mode: 'replay', cassette: path, entries: entries.length, answered, misses }),
    close: async () => {},
  };
}

/** Reads an image cassette; a bad line fails with its line number. */
export function readImageCassette(path: string): Entry[] {
  const out: Entry[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new CassetteError(`${path}:${index + 1}: not valid JSON (${(error as Error).message})`);
    }
    const parsed = entrySchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new CassetteError(`${path}:${index + 1}: ${issue.path.join('.') || '(line)'}: ${issue.message}`);
    }
    out.push(parsed.data);
  }
  return out.sort((a, b) => a.seq - b.seq);
}
