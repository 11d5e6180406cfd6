/**
 * One generation, as `POST /llm/generate`, `/ws/llm/stream` and each item of `POST /llm/batch` ask
 * for it: a stored prompt by name with variables, or messages; a role or a model; and optionally a
 * world and session, whose context is added (a prompt gets the context variables it declares and was
 * not given; messages get a system message with the world and the session's state and notes).
 *
 * The gateway makes and accounts the call: the result carries the gateway's id for it (`callId`),
 * which the call log keys its row by and `POST /llm/feedback` takes.
 */
import { type CacheMode, newCallState, type Priority } from '../gateway/index.js';
import type { Session, World } from '../store/index.js';
import type { ChatMessage, FinishReason, Usage } from '../vocabulary/index.js';
import { gatherContext } from './context-source.js';
import { type PromptDeps, preparePrompt, promptRequest } from './runner.js';

export interface GenerateRequest {
  /** A stored prompt by name or id (with `variables`); or `messages`. */
  prompt?: string | undefined;
  version?: number | undefined;
  variables?: Record<string, unknown> | undefined;
  messages?: ChatMessage[] | undefined;
  /** A role, a provider, `provider/model` (default: the prompt's role, else `generation`). */
  model?: string | undefined;
  worldId?: string | undefined;
  sessionId?: string | undefined;
  temperature?: number | undefined;
  maxTokens?: number | undefined;
  jsonSchema?: Record<string, unknown> | undefined;
  priority?: Priority | undefined;
  cache?: CacheMode | undefined;
  apiKeyId?: string | undefined;
  /** An API client waits on this call: over a provider's limit it gets 429 with Retry-After, never a wait. */
  client?: boolean | undefined;
  signal?: AbortSignal | undefined;
  /** Streams: called with each piece of text as it arrives. */
  onDelta?: ((text: string) => void) | undefined;
  /** Streams: called once the upstream answered its first event (before any delta). */
  onStart?: ((started: { callId: string; provider: string }) => void) | undefined;
}

export interface GenerateResult {
  callId: string;
  text: string;
  provider: string;
  model: string;
  usage: Usage;
  finishReason: FinishReason;
  /** The prompt rendered, when one was asked for. */
  prompt: { name: string; version: number } | undefined;
  cache: 'hit' | 'miss' | 'skip' | undefined;
  /** With `jsonSchema` (or a JSON prompt): the answer parsed (the gateway checked it against the schema). */
  json?: unknown;
}

/** A request that names what does not exist (a world, a session): the caller answers 400 or 404. */
export class GenerateInputError extends Error {
  constructor(
    message: string,
    readonly param: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'GenerateInputError';
  }
}

export async function generate(deps: PromptDeps, request: GenerateRequest): Promise<GenerateResult> {
  const { world, session } = await contextOf(deps, request);
  let model = request.model;
  let messages: ChatMessage[];
  let prompt: GenerateResult['prompt'];
  let options: { temperature?: number; maxTokens?: number; jsonSchema?: Record<string, unknown> } = {};
  if (request.prompt !== undefined) {
    const compiled = await deps.library.compiled(request.prompt, request.version);
    const variables = { ...(await contextVariables(deps, compiled.body.variables, request, world, session)) };
    Object.assign(variables, request.variables ?? {});
    const prepared = await preparePrompt(deps, request.prompt, {
      variables,
      version: request.version,
      model,
      sessionId: session?.id,
    });
    model = prepared.model;
    const built = promptRequest(prepared);
    messages = built.messages;
    options = { ...built.options };
    prompt = { name: prepared.prompt.name, version: prepared.prompt.version };
  } else {
    messages = [...contextMessages(world, session), ...(request.messages ?? [])];
  }
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (request.maxTokens !== undefined) options.maxTokens = request.maxTokens;
  if (request.jsonSchema !== undefined) options.jsonSchema = request.jsonSchema;

  const state = newCallState();
  const call = {
    model: model ?? 'generation',
    messages,
    options,
    state,
    ...(options.jsonSchema !== undefined && { checkJson: true }),
    ...(request.priority && { priority: request.priority }),
    ...(request.cache && { cache: request.cache }),
    ...(request.apiKeyId && { apiKeyId: request.apiKeyId }),
    ...(request.client && { client: true }),
    ...(request.signal && { signal: request.signal }),
    ...(session && { meta: { session: session.id } }),
  };
  try {
    return await answer(deps, request, call, options.jsonSchema !== undefined, prompt);
  } catch (error) {
    // A failed call keeps its id: a batch item's error names the call the call log recorded.
    if (error instanceof Error && state.callId) Object.assign(error, { callId: state.callId });
    throw error;
  }
}

async function answer(
  deps: PromptDeps,
  request: GenerateRequest,
  call: Parameters<PromptDeps['gateway']['complete']>[0] & { state: ReturnType<typeof newCallState> },
  json: boolean,
  prompt: GenerateResult['prompt'],
): Promise<GenerateResult> {
  const { state } = call;
  const parsed = (text: string) => (json ? { json: parseJson(text) } : {});
  if (!request.onDelta) {
    const result = await deps.gateway.complete(call);
    return {
      ...parsed(result.text),
      callId: state.callId as string,
      text: result.text,
      provider: result.provider,
      model: result.model,
      usage: result.usage,
      finishReason: result.finishReason,
      prompt,
      cache: state.cache,
    };
  }
  const stream = await deps.gateway.stream(call);
  request.onStart?.({ callId: state.callId as string, provider: stream.provider });
  let text = '';
  let usage: Usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  let finishReason: FinishReason = 'stop';
  let answeredBy = stream.model;
  for await (const event of stream.events) {
    if (event.type === 'delta') {
      text += event.text;
      request.onDelta(event.text);
    } else if (event.type === 'done') {
      usage = event.usage;
      finishReason = event.finishReason;
      answeredBy = event.model;
    }
  }
  return {
    ...parsed(text),
    callId: state.callId as string,
    text,
    provider: stream.provider,
    model: answeredBy,
    usage,
    finishReason,
    prompt,
    cache: state.cache,
  };
}

async function contextOf(
  deps: PromptDeps,
  request: Pick<GenerateRequest, 'worldId' | 'sessionId'>,
): Promise<{ world: World | undefined; session: Session | undefined }> {
  const session = request.sessionId ? await deps.store.sessions.get(request.sessionId) : undefined;
  if (request.sessionId && !session)
    throw new GenerateInputError(
      `No session with id ${request.sessionId}`,
      'session_id',
      'session_not_found',
    );
  if (session && request.worldId && session.worldId !== request.worldId)
    throw new GenerateInputError(
      'session_id belongs to another world than world_id',
      'session_id',
      'invalid_request',
    );
  const worldId = request.worldId ?? session?.worldId ?? undefined;
  const world = worldId ? await deps.store.worlds.getWorld(worldId) : undefined;
  if (worldId && !world)
    throw new GenerateInputError(`No world with id ${worldId}`, 'world_id', 'world_not_found');
  return { world, session };
}

/** The standard context variables the prompt declares, from the world and session (given ones win). */
async function contextVariables(
  deps: PromptDeps,
  declared: Record<string, unknown>,
  request: GenerateRequest,
  world: World | undefined,
  session: Session | undefined,
): Promise<Record<string, unknown>> {
  if (!world && !session) return {};
  const gathered = await gatherContext(deps.store, {
    worldId: world?.id,
    sessionId: session?.id,
    input: typeof request.variables?.player_input === 'string' ? request.variables.player_input : undefined,
  });
  if (session) {
    const state = session.metadata.state;
    if (state && typeof state === 'object' && !Array.isArray(state)) gathered.game_state = state;
    if (Array.isArray(session.metadata.notes)) gathered.notes = session.metadata.notes;
  }
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(gathered)) if (name in declared) out[name] = value;
  return out;
}

/** For messages: one system message with the world and the session's state and notes. */
function contextMessages(world: World | undefined, session: Session | undefined): ChatMessage[] {
  if (!world && !session) return [];
  const lines: string[] = [];
  if (world) {
    lines.push(`World: ${world.name}${world.description ? ` — ${world.description}` : ''}`);
    const theme = world.settings.theme;
    if (theme && typeof theme === 'object') lines.push(`Theme: ${JSON.stringify(theme)}`);
  }
  if (session) {
    const state = session.metadata.state;
    if (state && typeof state === 'object' && Object.keys(state).length > 0)
      lines.push(`Game state: ${JSON.stringify(state)}`);
    const notes = Array.isArray(session.metadata.notes)
      ? session.metadata.notes.filter((note): note is string => typeof note === 'string')
      : [];
    if (notes.length > 0) lines.push(`Notes:\n${notes.map((note) => `- ${note}`).join('\n')}`);
  }
  return [{ role: 'system', content: lines.join('\n') }];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
