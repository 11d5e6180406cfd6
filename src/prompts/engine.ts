/**
 * The template engine: Liquid, sandboxed. Templates come from users (through the API), so:
 * - no file system: partials resolve only from an empty in-memory map, so `include`, `render` and
 *   `layout` of any file fail (and `relativeReference` is off besides);
 * - bounded work: liquidjs's own DoS limits (`parseLimit` on template size, `renderLimit` on render
 *   time, `memoryLimit` on the allocations its filters and ranges make), and an output emitter that
 *   stops the render once the text passes `maxOutputChars`;
 * - no prototype walking (`ownPropertyOnly`), unknown filters and undefined variables are errors;
 * - a hard deadline: `render` runs in a worker thread that is ended when it passes `renderMs` (see
 *   render-pool.ts), because liquidjs's own time limit is only checked between template nodes.
 *   Templates that are part of the deployment (the prompt files, the definitions in code: see `trust`)
 *   render on the calling thread instead, within `inlineMs`, and in a render thread if they pass it.
 * Parsed templates are cached by source (an LRU), so a hot template is parsed once. Parsing (bounded
 * by `parseLimit`) stays on the calling thread: that is how a definition is checked before it is saved.
 */
import { CaptureTag, Context, Liquid, LiquidError, type Template, toValueSync } from 'liquidjs';
import { LRUCache } from 'lru-cache';
import { RenderPool, type RenderPoolOptions } from './render-pool.js';

export interface EngineLimits {
  /** Longest template source, in characters. */
  maxTemplateChars: number;
  /** Longest rendered text, in characters. */
  maxOutputChars: number;
  /** Render time budget: a hard deadline for `render`; liquidjs also checks it before each node. */
  renderMs: number;
  /** liquidjs's count of memory-sensitive allocations (ranges, string and array filters). */
  memory: number;
  /** Parsed templates kept. */
  cacheSize: number;
  /**
   * Render time of a trusted template on the calling thread (checked between nodes); one that takes
   * longer is rendered again in a render thread, under `renderMs`.
   */
  inlineMs: number;
}

export const DEFAULT_LIMITS: EngineLimits = {
  maxTemplateChars: 100_000,
  maxOutputChars: 200_000,
  renderMs: 250,
  memory: 10_000_000,
  cacheSize: 500,
  inlineMs: 20,
};

/** A template that cannot be parsed or rendered; `code` says why, for the API's error. */
export class TemplateError extends Error {
  readonly code: 'template_syntax' | 'template_render' | 'template_limit' | 'template_variable';
  constructor(code: TemplateError['code'], message: string) {
    super(message);
    this.name = 'TemplateError';
    this.code = code;
  }
}

class OutputLimitExceeded extends Error {}

/** A trusted render that passed `inlineMs` on the calling thread: it goes to a render thread. */
class InlineTimeExceeded extends Error {}

/** liquidjs's emitter contract: `write` appends, `buffer` is the result. This one has a ceiling. */
class BoundedEmitter {
  buffer = '';
  constructor(private readonly max: number) {}
  write(html: unknown): void {
    const text = html == null ? '' : typeof html === 'string' ? html : String(html);
    if (this.buffer.length + text.length > this.max) throw new OutputLimitExceeded();
    this.buffer += text;
  }
}

export class TemplateEngine {
  readonly limits: EngineLimits;
  private readonly liquid: Liquid;
  private readonly cache: LRUCache<string, Template[]>;
  private pool: RenderPool | undefined;
  private readonly trusted = new Set<string>();

  constructor(
    limits: Partial<EngineLimits> = {},
    private readonly poolOptions: Partial<RenderPoolOptions> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.liquid = new Liquid({
      // In-memory partials, and none: no template can read a file.
      templates: {},
      relativeReference: false,
      dynamicPartials: false,
      strictFilters: true,
      strictVariables: true,
      // `{% if x %}` and `| default` still work on an absent field under strictVariables.
      lenientIf: true,
      ownPropertyOnly: true,
      parseLimit: this.limits.maxTemplateChars,
      renderLimit: this.limits.renderMs,
      memoryLimit: this.limits.memory,
      // Prompts are text for a model, not HTML: nothing is escaped.
      outputEscape: undefined,
    });
    // Refused when the template is parsed, with a message that says why (not an ENOENT later).
    for (const tag of ['include', 'render', 'layout']) {
      this.liquid.registerTag(tag, {
        parse() {
          throw new Error(`{% ${tag} %} is not allowed: templates cannot read files`);
        },
        render() {},
      });
    }
    // `capture` renders into a buffer of its own, outside the output emitter: bound it the same way,
    // or a loop that doubles a captured string reaches V8's string limit (about a gigabyte).
    const maxCapture = this.limits.maxOutputChars;
    this.liquid.registerTag(
      'capture',
      class BoundedCapture extends CaptureTag {
        override *render(ctx: Context): Generator<unknown, void, string> {
          const emitter = new BoundedEmitter(maxCapture);
          const html = yield this.liquid.renderer.renderTemplates(this.templates, ctx, emitter);
          ctx.bottom()[this.variable] = html;
        }
      },
    );
    this.cache = new LRUCache({ max: this.limits.cacheSize });
  }

  /** Parses (or takes from the cache) a template; syntax errors name the line. */
  compile(source: string): Template[] {
    const cached = this.cache.get(source);
    if (cached) return cached;
    if (source.length > this.limits.maxTemplateChars) {
      throw new TemplateError(
        'template_limit',
        `template is ${source.length} characters, over the limit of ${this.limits.maxTemplateChars}`,
      );
    }
    let parsed: Template[];
    try {
      parsed = this.liquid.parse(source);
    } catch (error) {
      throw new TemplateError('template_syntax', `template syntax error: ${messageOf(error)}`);
    }
    this.cache.set(source, parsed);
    return parsed;
  }

  /** The top-level variables a template reads (for checking them against its declaration). */
  globals(source: string): string[] {
    return this.liquid.globalVariablesSync(this.compile(source));
  }

  /**
   * Marks a template as part of the deployment: a prompt file or a definition in code, which the
   * operator controls like the code itself. Trust goes by text: a version saved through the API whose
   * template is word for word a file's renders as the file's does. Trusted templates render on the
   * calling thread (see `render`). The shipped templates only interpolate and loop over the lists they
   * are given, so no single node of theirs can run long.
   */
  trust(source: string): void {
    this.trusted.add(source);
  }

  /**
   * Renders each source with `variables`; every failure is a TemplateError saying which limit or
   * variable. Templates that are not trusted render in a render thread, under a hard deadline of
   * `renderMs`. Trusted ones (see `trust`) render here, under liquidjs's limits with `inlineMs` for
   * time: a turn renders its prompt twice, and each trip to a render thread and back cost ~0.65 ms
   * (bench/turns, 10,000 entities), against ~0.1 ms for the render itself. One that passes
   * `inlineMs` (a very long list of variables) is rendered again in a render thread.
   */
  render(sources: string[], variables: Record<string, unknown>): Promise<string[]> {
    if (sources.every((source) => this.trusted.has(source))) {
      try {
        return Promise.resolve(sources.map((source) => this.renderHere(source, variables)));
      } catch (error) {
        if (!(error instanceof InlineTimeExceeded)) return Promise.reject(error);
      }
    }
    this.pool ??= new RenderPool(this.limits, this.poolOptions);
    return this.pool.render(sources, variables);
  }

  /** A trusted render on this thread, stopped after `inlineMs`. */
  private renderHere(source: string, variables: Record<string, unknown>): string {
    const templates = this.compile(source);
    try {
      return this.renderLiquid(templates, variables, this.limits.inlineMs);
    } catch (error) {
      if (isTimeLimit(error)) throw new InlineTimeExceeded();
      throw this.renderError(error);
    }
  }

  /** Stops the render threads (a new render starts them again). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }

  /** Render threads running now. */
  get renderThreads(): number {
    return this.pool?.threads ?? 0;
  }

  /**
   * Renders on this thread, with liquidjs's limits only (checked between nodes): what a render thread
   * runs. Anything else calls `render`, which a deadline can stop.
   */
  renderSync(source: string, variables: Record<string, unknown>): string {
    const templates = this.compile(source);
    try {
      return this.renderLiquid(templates, variables, this.limits.renderMs);
    } catch (error) {
      throw this.renderError(error);
    }
  }

  /** liquidjs's render of parsed templates, bounded by the output limit and `renderMs` between nodes. */
  private renderLiquid(templates: Template[], variables: Record<string, unknown>, renderMs: number): string {
    const context = new Context(
      variables,
      this.liquid.options,
      { sync: true, renderLimit: renderMs },
      { liquid: this.liquid },
    );
    const emitter = new BoundedEmitter(this.limits.maxOutputChars);
    return toValueSync(this.liquid.renderer.renderTemplates(templates, context, emitter)) as string;
  }

  cacheStats(): { size: number; max: number } {
    return { size: this.cache.size, max: this.limits.cacheSize };
  }

  private renderError(error: unknown): TemplateError {
    const root = rootCause(error);
    if (root instanceof OutputLimitExceeded) {
      return new TemplateError(
        'template_limit',
        `rendered text passed the output limit of ${this.limits.maxOutputChars} characters`,
      );
    }
    const message = messageOf(error);
    if (isTimeLimit(error)) {
      return new TemplateError(
        'template_limit',
        `render took longer than ${this.limits.renderMs} ms: stopped`,
      );
    }
    if (/memory alloc limit exceeded/.test(message)) {
      return new TemplateError('template_limit', 'render allocated past the memory limit: stopped');
    }
    if (/undefined variable/.test(message)) {
      return new TemplateError('template_variable', `template uses an undefined variable: ${message}`);
    }
    return new TemplateError('template_render', `template render error: ${message}`);
  }
}

/** liquidjs's own time limit (`renderLimit`), passed between two nodes. */
function isTimeLimit(error: unknown): boolean {
  return /template render limit exceeded/.test(messageOf(error));
}

function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 10; depth += 1) {
    const next = (current as { originalError?: unknown })?.originalError;
    if (next === undefined || next === current) break;
    current = next;
  }
  return current;
}

/** liquidjs messages end with a source excerpt over several lines; the first line says it. */
function messageOf(error: unknown): string {
  const message = error instanceof LiquidError || error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 500);
}
