/**
 * OpenAI's Images API (`POST {base}/images/generations`), and any server that speaks it
 * (`openai-compatible`: LocalAI, a vLLM or ComfyUI bridge...). Answers in `b64_json` or `url` are both
 * read; DALL-E 3 draws one image per request, so `n` above one is that many requests.
 */
import type { ImageProviderType } from '../../config/index.js';
import { ProviderError } from '../errors.js';
import type { GeneratedImage, ImageParam, ImageProvider, ImageRequest, ImageResult } from './types.js';
import { downloadImage, imageFromBase64, postJson } from './wire.js';

export interface OpenAiImagesOptions {
  name: string;
  kind: Extract<ImageProviderType, 'openai' | 'openai-compatible'>;
  baseUrl: string;
  apiKey: string | undefined;
  models: readonly string[];
  defaultModel: string;
  timeoutMs: number;
}

const HONOURS: ReadonlySet<ImageParam> = new Set(['quality', 'style']);

export class OpenAiImagesProvider implements ImageProvider {
  readonly name: string;
  readonly kind: OpenAiImagesOptions['kind'];
  readonly defaultModel: string;
  readonly models: readonly string[];
  readonly honours = HONOURS;

  constructor(private readonly options: OpenAiImagesOptions) {
    this.name = options.name;
    this.kind = options.kind;
    this.defaultModel = options.defaultModel;
    this.models = options.models;
  }

  async generate(request: ImageRequest): Promise<ImageResult> {
    const started = performance.now();
    const model = request.model ?? this.defaultModel;
    // DALL-E 3 takes n = 1 only: more pictures are more requests.
    const perRequest = model === 'dall-e-3' ? 1 : request.n;
    const images: GeneratedImage[] = [];
    while (images.length < request.n) {
      const n = Math.min(perRequest, request.n - images.length);
      images.push(...(await this.once(model, n, request)));
    }
    return {
      images: images.slice(0, request.n),
      provider: this.name,
      model,
      costUsd: undefined,
      latencyMs: performance.now() - started,
    };
  }

  private async once(model: string, n: number, request: ImageRequest): Promise<GeneratedImage[]> {
    const wire = { provider: this.name, timeoutMs: this.options.timeoutMs, signal: request.signal };
    const body: Record<string, unknown> = {
      model,
      prompt: request.prompt,
      n,
      size: `${request.size.width}x${request.size.height}`,
      ...(request.quality !== undefined && request.quality !== 'auto' && { quality: request.quality }),
      ...(request.style !== undefined && { style: request.style }),
      ...(request.user !== undefined && { user: request.user }),
    };
    // gpt-image-1 always answers base64 and refuses the field; DALL-E answers URLs unless asked.
    if (!model.startsWith('gpt-image')) body.response_format = 'b64_json';
    const headers: Record<string, string> = {};
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    const answer = await postJson(`${this.options.baseUrl}/images/generations`, body, headers, wire);
    const data = answer.data;
    if (!Array.isArray(data) || data.length === 0)
      throw new ProviderError('bad_response', `${this.name} answered without data`, { provider: this.name });
    const out: GeneratedImage[] = [];
    for (const item of data as Array<Record<string, unknown>>) {
      const extra = typeof item.revised_prompt === 'string' ? { revisedPrompt: item.revised_prompt } : {};
      if (typeof item.b64_json === 'string') out.push(imageFromBase64(item.b64_json, this.name, extra));
      else out.push(await downloadImage(item.url, wire, extra));
    }
    return out;
  }
}
