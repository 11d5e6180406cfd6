/**
 * The prompt library as a service: `PromptService.open` builds the library (the shipped templates
 * synced into the store, a changed file becoming a new version, and watched when asked), and the
 * service answers what the prompt API asks: the prompts, a new version, a prompt with its versions,
 * activation, a render (preview), a completion (render and call the model, logged with the version),
 * the statistics per version, variant and arm, and feedback on a call.
 */
import type { Settings } from '../config/index.js';
import type { Gateway } from '../gateway/index.js';
import type { Feedback, LlmCallRow, Prompt, PromptVersion, Store } from '../store/index.js';
import type { PromptUsageStats } from '../store/repositories/prompts.js';
import type { PromptDefinition } from './definition.js';
import { TemplateEngine } from './engine.js';
import { SHIPPED_PROMPTS_DIR } from './files.js';
import { PromptLibrary } from './library.js';
import {
  type Prepared,
  type PromptDeps,
  preparePrompt,
  type RenderRequest,
  type RunRequest,
  type RunResult,
  runPrompt,
} from './runner.js';

export interface OpenPromptsOptions {
  gateway: Gateway;
  store: Store;
  settings: Settings;
  /** `LOREMASTER_ENV`: picks a prompt's environment override. */
  environment?: string | undefined;
  /** Where the shipped YAML templates are (default: the package's `prompts/`). */
  directory?: string | undefined;
  /** Re-sync a template when its file changes. */
  watch?: boolean | undefined;
  /** A changed file the watcher could not sync (the version before it stays). */
  onWatchError?: ((error: unknown) => void) | undefined;
}

/** The variables of a render: given ones, over the version's sample variables when `sample` is set. */
export interface VariablesInput {
  variables?: Record<string, unknown> | undefined;
  /** Start from the version's sample variables (those in `variables` win). */
  sample?: boolean | undefined;
}

export type PromptRenderInput = Omit<RenderRequest, 'variables'> & VariablesInput;
export type PromptRunInput = Omit<RunRequest, 'variables'> & VariablesInput;

export interface PromptStats {
  prompt: Prompt;
  /** One row per version, provider variant and A/B arm. */
  rows: PromptUsageStats[];
}

export interface FeedbackInput {
  callId: string;
  /** 1-5; or `thumbs`. */
  rating?: number | undefined;
  /** Up counts as 5, down as 1. */
  thumbs?: 'up' | 'down' | undefined;
  comment?: string | undefined;
}

export interface CallFeedback {
  feedback: Feedback;
  /** The call it rates (with its prompt, version, variant and arm, when it ran a prompt). */
  call: LlmCallRow;
  rating: number;
}

/** Feedback named a call the call log does not have. */
export class CallNotFoundError extends Error {
  constructor(readonly callId: string) {
    super(`No call with id ${JSON.stringify(callId.slice(0, 100))}`);
    this.name = 'CallNotFoundError';
  }
}

export class PromptService {
  private constructor(
    /** What the narrative, content and generation services use to run prompts. */
    readonly deps: PromptDeps,
    private readonly stopWatching: (() => void) | undefined,
  ) {}

  static async open(options: OpenPromptsOptions): Promise<PromptService> {
    const library = new PromptLibrary(options.store, new TemplateEngine());
    const directory = options.directory ?? SHIPPED_PROMPTS_DIR;
    try {
      await library.syncFiles(directory);
    } catch (error) {
      await library.engine.close();
      throw error;
    }
    const stopWatching = options.watch
      ? library.watch(directory, { ...(options.onWatchError && { onError: options.onWatchError }) })
      : undefined;
    const deps: PromptDeps = {
      gateway: options.gateway,
      store: options.store,
      library,
      settings: options.settings,
      environment: options.environment,
    };
    return new PromptService(deps, stopWatching);
  }

  get library(): PromptLibrary {
    return this.deps.library;
  }

  /** Stops watching the files and the template engine's render threads. */
  async close(): Promise<void> {
    this.stopWatching?.();
    await this.library.engine.close();
  }

  list(): Promise<Prompt[]> {
    return this.library.list();
  }

  /** Saves a definition as a new version (creating the prompt), checked; active unless `activate: false`. */
  create(
    definition: PromptDefinition,
    options: { createdBy: string; activate?: boolean | undefined },
  ): Promise<{ prompt: Prompt; version: PromptVersion }> {
    return this.library.create(definition, {
      createdBy: options.createdBy,
      ...(options.activate !== undefined && { activate: options.activate }),
    });
  }

  /** A prompt, by id or name, with every version. */
  async withVersions(ref: string): Promise<{ prompt: Prompt; versions: PromptVersion[] }> {
    const prompt = await this.library.find(ref);
    return { prompt, versions: await this.library.versions(prompt) };
  }

  activate(ref: string, version: number): Promise<Prompt> {
    return this.library.activate(ref, version);
  }

  /** What a call would send (no model call). */
  async render(ref: string, input: PromptRenderInput): Promise<Prepared> {
    const { sample, variables, ...request } = input;
    return preparePrompt(this.deps, ref, {
      ...request,
      variables: await this.variables(ref, input.version, sample, variables),
    });
  }

  /** Renders and calls the model; the call is logged with the prompt's version, variant and arm. */
  async complete(ref: string, input: PromptRunInput): Promise<RunResult> {
    const { sample, variables, ...request } = input;
    return runPrompt(this.deps, ref, {
      ...request,
      variables: await this.variables(ref, input.version, sample, variables),
    });
  }

  /** Calls and feedback per version, provider variant and A/B arm. */
  async stats(ref: string): Promise<PromptStats> {
    const prompt = await this.library.find(ref);
    // Calls still held by the gateway or in the call log's buffer count too.
    this.deps.gateway.settle();
    await this.deps.store.callLog.flush();
    return { prompt, rows: await this.deps.store.prompts.usageStats(prompt.id) };
  }

  /** A rating on a call; it counts in the stats of the prompt version the call ran. */
  async addFeedback(input: FeedbackInput): Promise<CallFeedback> {
    const { store } = this.deps;
    let call = await store.calls.get(input.callId);
    if (!call) {
      // The call log writes in batches: a call made a moment ago may still be held or in its buffer.
      this.deps.gateway.settle();
      await store.callLog.flush();
      call = await store.calls.get(input.callId);
    }
    if (!call) throw new CallNotFoundError(input.callId);
    const rating = input.rating ?? (input.thumbs === 'up' ? 5 : 1);
    const targetId = call.id;
    const feedback = await store.transaction((tx) =>
      tx.feedback.add({
        targetType: 'call',
        targetId,
        rating,
        comment: input.comment ?? null,
        metadata: { kind: input.thumbs ? 'thumbs' : 'rating', ...(input.thumbs && { thumbs: input.thumbs }) },
      }),
    );
    return { feedback, call, rating };
  }

  private async variables(
    ref: string,
    version: number | undefined,
    sample: boolean | undefined,
    variables: Record<string, unknown> | undefined,
  ): Promise<Record<string, unknown>> {
    if (!sample) return variables ?? {};
    return { ...(await this.library.compiled(ref, version)).body.sample, ...variables };
  }
}
