/**
 * Runs a stored prompt through the gateway: picks the version (active, or asked for), the provider
 * variant for the provider the model routes to, the environment override and the session's A/B arm;
 * renders (fitting the context into a budget when asked); and calls the model, telling the gateway
 * in the call's meta that it is a run of this prompt (its id, version, variant and arm, and the
 * session): the gateway's call log records it so, and feedback on it feeds the prompt's stats.
 */
import type { Settings } from '../config/index.js';
import { type CompletionRequest, type Gateway, resolveRoute } from '../gateway/index.js';
import type { Store } from '../store/index.js';
import { newId } from '../store/util.js';
import type { ChatResult } from '../vocabulary/index.js';
import type { CompiledPrompt, RenderedPrompt } from './compiled.js';
import { type ContextResult, fitContext } from './context.js';
import type { PromptLibrary } from './library.js';
import type { ProviderRef, SelectOptions } from './select.js';

export interface PromptDeps {
  gateway: Gateway;
  store: Store;
  library: PromptLibrary;
  settings: Settings;
  /** `LOREMASTER_ENV`: picks a prompt's environment override. */
  environment: string | undefined;
}

export interface RenderRequest {
  variables: Record<string, unknown>;
  version?: number | undefined;
  /** The model the render is for (a role, provider or model): decides the provider variant. */
  model?: string | undefined;
  sessionId?: string | undefined;
  arm?: string | undefined;
  environment?: string | undefined;
  /** Fit list and object variables into this many tokens (the context builder). */
  budgetTokens?: number | undefined;
}

export interface Prepared {
  prompt: CompiledPrompt;
  model: string;
  provider: ProviderRef;
  rendered: RenderedPrompt;
  context: ContextResult['report'] | undefined;
}

export function providerFor(deps: Pick<PromptDeps, 'gateway' | 'settings'>, model: string): ProviderRef {
  const route = resolveRoute(model, deps.settings, deps.gateway.registry);
  return { name: route.provider, kind: deps.settings.providers[route.provider]?.type ?? route.provider };
}

export async function preparePrompt(
  deps: PromptDeps,
  ref: string,
  request: RenderRequest,
): Promise<Prepared> {
  const prompt = await deps.library.compiled(ref, request.version);
  const model = request.model ?? prompt.body.role;
  const provider = providerFor(deps, model);
  const select: SelectOptions = {
    provider,
    environment: request.environment ?? deps.environment,
    sessionId: request.sessionId,
    arm: request.arm,
  };
  if (request.budgetTokens !== undefined) {
    const fitted = await fitContext(prompt, request.variables, request.budgetTokens, select);
    return { prompt, model, provider, rendered: fitted.rendered, context: fitted.report };
  }
  return {
    prompt,
    model,
    provider,
    rendered: await prompt.render(request.variables, select),
    context: undefined,
  };
}

/**
 * The gateway request for a prepared prompt: its model and messages, the template's temperature, token
 * limit and JSON schema, and the prompt's name, version and arm in `meta` (with the caller's `meta`).
 */
export function promptRequest(
  prepared: Prepared,
  call: Omit<CompletionRequest, 'model' | 'messages' | 'options'> = {},
): CompletionRequest {
  const { rendered, prompt } = prepared;
  return {
    ...call,
    model: prepared.model,
    messages: rendered.messages,
    options: {
      ...(rendered.temperature !== undefined && { temperature: rendered.temperature }),
      ...(rendered.maxTokens !== undefined && { maxTokens: rendered.maxTokens }),
      ...(rendered.jsonSchema && { jsonSchema: rendered.jsonSchema }),
    },
    meta: {
      prompt: prompt.name,
      prompt_id: prompt.promptId ?? null,
      prompt_version: prompt.version,
      prompt_variant: rendered.selection.variant,
      prompt_arm: rendered.selection.arm,
      ...call.meta,
    },
  };
}

export interface RunResult extends Prepared {
  /** The gateway's id for the call: its call log row's, and what feedback names. */
  callId: string;
  result: ChatResult;
  /** JSON prompts: the parsed answer (undefined when the answer was not JSON). */
  json: unknown;
}

export interface RunRequest extends RenderRequest {
  apiKeyId?: string | undefined;
  /** An API client waits on this call: over a provider's limit it gets 429 with Retry-After, never a wait. */
  client?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

export async function runPrompt(deps: PromptDeps, ref: string, request: RunRequest): Promise<RunResult> {
  const prepared = await preparePrompt(deps, ref, request);
  const { rendered } = prepared;
  // The gateway logs the call, once, under this id, as a run of this prompt.
  const callId = newId();
  const result = await deps.gateway.complete(
    promptRequest(prepared, {
      ...(request.apiKeyId && { apiKeyId: request.apiKeyId }),
      ...(request.client && { client: true }),
      ...(request.signal && { signal: request.signal }),
      id: callId,
      meta: {
        call_type: 'prompt',
        ...(request.sessionId !== undefined && { session_id: request.sessionId }),
      },
    }),
  );
  let json: unknown;
  if (rendered.jsonSchema) {
    try {
      json = JSON.parse(result.text);
    } catch {
      json = undefined;
    }
  }
  return { ...prepared, callId, result, json };
}
