/**
 * A turn, the Generation role: the player's input is answered at once.
 *
 * Retrieval over the world's lore and memories (as the session sees them), the session's notes, recent
 * turns, the world's theme and state go into the narrator template; the gateway answers (whole, or
 * streamed delta by delta); the answer is split into narration and the embedded panel. Only then is
 * the turn written, in one transaction with its ANALYZE_TURN task (and, every N turns of the world,
 * a SIMULATE_WORLD task). Nothing of analysis or maintenance runs before the answer is out.
 */
import type { Settings } from '../config/index.js';
import type { Publish } from '../events/hub.js';
import { type Gateway, newCallState } from '../gateway/index.js';
import type { MaintenanceQueue, NewTask } from '../jobs/types.js';
import type { Memory, RetrievalResult } from '../memory/index.js';
import { type Prepared, type PromptDeps, preparePrompt, promptRequest } from '../prompts/index.js';
import { Repositories, type Session, type Store, type World } from '../store/index.js';
import type { Usage } from '../vocabulary/index.js';
import { CachedReading } from './cached-reading.js';
import { clipDepth, clipList, clipText, NOTE_LIMITS, PLAYER_LIMITS } from './creation-bounds.js';
import { nameKey } from './entities.js';
import { NarrativeError, notFound } from './errors.js';
import { cardCharacter, expandCardMacros, usesCardMacros } from './imports/card-macros.js';
import { applyLoreFlags } from './imports/lore-flags.js';
import type { LiveStateService } from './live-state.js';
import { buildPanel, type Panel, type PanelEntity } from './panel.js';

export interface TurnRequest {
  sessionId: string;
  input: string;
  /** Called with each piece of the narrator's text as it arrives (streamed turns). */
  onDelta?: (text: string) => void;
  signal?: AbortSignal;
  apiKeyId?: string;
  /** An API client waits on this call: over a provider's limit it gets 429 with Retry-After, never a wait. */
  client?: boolean | undefined;
  /** A JSON merge-patch of the session's state, applied before the turn is played. */
  state?: unknown;
  /**
   * Written in the turn's own transaction, with the answer the turn gives (an `Idempotency-Key` bound
   * to its turn: idempotent-turns.ts). When it throws, the turn is not recorded.
   */
  bind?: TurnBinding;
}

export type TurnBinding = (repos: Repositories, result: TurnResult, text: string) => Promise<void>;

export interface TurnResult {
  turn: { id: number; number: number };
  /** The gateway's id for the narrator's call (POST /llm/feedback takes it). */
  callId: string | undefined;
  sessionId: string;
  worldId: string;
  narration: string;
  panel: Panel;
  provider: string;
  model: string;
  usage: Usage;
  /** What the narrator was given from the world. */
  /** The lore the narrator was given, with why retrieval found it and its final score. */
  lore: Array<{
    id: string;
    title: string;
    kind: string;
    foundBy: RetrievalResult['foundBy'];
    reasons: string[];
    score: number;
  }>;
  timings: {
    /** Everything but the model: retrieval, rendering, parsing, the write. */
    overheadMs: number;
    retrievalMs: number;
    modelMs: number;
    totalMs: number;
  };
}

/** What a turn sends the narrator, and what it was built from. */
export interface TurnContext {
  world: World;
  session: Session;
  state: Record<string, unknown>;
  lore: RetrievalResult[];
  prepared: Prepared;
  retrievalMs: number;
}

export interface TurnServiceOptions {
  store: Store;
  gateway: Gateway;
  memory: Memory;
  prompts: PromptDeps;
  settings: Settings;
  queue: Pick<MaintenanceQueue, 'enqueue' | 'waitingCount'>;
  onQueued?: () => void;
  /** Told of each turn played (turn.played), after it is stored. */
  publish?: Publish;
  /** Applies a turn's `state` patch (and publishes session.updated). */
  live?: Pick<LiveStateService, 'patchForTurn'>;
}

const MAX_TURN_TEXT = 20_000;
/** Turns older than this no longer count for backpressure (a dead-lettered analysis never blocks). */
const BACKLOG_WINDOW_MS = 10 * 60_000;

/** How stale the embedding backlog a turn checks may be. */
const EMBED_BACKLOG_READ_MS = 250;

export class TurnService {
  /** EMBED_DOCUMENTS tasks waiting, over every session (the embedder is shared by all). */
  private readonly embedBacklog: CachedReading;

  constructor(private readonly options: TurnServiceOptions) {
    const limit = options.settings.narrative.max_pending_embeddings;
    this.embedBacklog = new CachedReading(
      () => options.queue.waitingCount('EMBED_DOCUMENTS', limit),
      EMBED_BACKLOG_READ_MS,
    );
  }

  async play(request: TurnRequest): Promise<TurnResult> {
    const started = performance.now();
    await this.backpressure(request.sessionId, request.signal);
    // A state patch the turn carries is applied first: the turn is built from the state it leaves.
    if (request.state !== undefined && this.options.live)
      await this.options.live.patchForTurn(request.sessionId, request.state, changer(request.apiKeyId));
    const { world, session, state, lore, prepared, retrievalMs } = await this.prepare(
      request.sessionId,
      request.input,
    );
    const callState = newCallState();
    const call = promptRequest(prepared, {
      state: callState,
      ...(request.apiKeyId && { apiKeyId: request.apiKeyId }),
      ...(request.client && { client: true }),
      ...(request.signal && { signal: request.signal }),
      meta: { session_id: session.id },
    });

    const modelStarted = performance.now();
    let text = '';
    let provider: string;
    let model: string;
    let usage: Usage;
    if (request.onDelta) {
      const stream = await this.options.gateway.stream(call);
      provider = stream.provider;
      model = stream.model;
      usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
      for await (const event of stream.events) {
        if (event.type === 'delta') {
          text += event.text;
          request.onDelta(event.text);
        } else if (event.type === 'done') usage = event.usage;
      }
    } else {
      const result = await this.options.gateway.complete(call);
      ({ text, provider, model, usage } = result);
    }
    const modelMs = performance.now() - modelStarted;

    const { narration, panel } = buildPanel(text, {
      location: stringField(state, 'location'),
      time: stringField(state, 'time'),
      objective: stringField(state, 'objective'),
      entities: namedInScene(lore, `${request.input}\n${text}`),
    });
    const answer = (turn: TurnResult['turn']): TurnResult => {
      const totalMs = performance.now() - started;
      return {
        turn,
        callId: callState.callId,
        sessionId: session.id,
        worldId: world.id,
        narration,
        panel,
        provider,
        model,
        usage,
        lore: lore.map((result) => ({
          id: result.id,
          title: result.title,
          kind: result.kind,
          foundBy: result.foundBy,
          reasons: result.reasons,
          score: result.scores.final,
        })),
        timings: { overheadMs: totalMs - modelMs, retrievalMs, modelMs, totalMs },
      };
    };
    // A bound turn's answer is built inside its transaction, so the one stored is the one sent.
    let bound: TurnResult | undefined;
    const bind = request.bind;
    const turn = await this.record(
      world,
      session,
      request.input,
      text.slice(0, MAX_TURN_TEXT),
      bind &&
        (async (repos, added) => {
          bound = answer(added);
          await bind(repos, bound, text);
        }),
    );
    const result = bound ?? answer(turn);
    this.options.publish?.(
      'turn.played',
      'narrative',
      {
        turn_id: turn.id,
        number: turn.number,
        call_id: callState.callId ?? null,
        input: request.input,
        narration,
        provider,
        model,
        usage: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens },
      },
      { worldId: world.id, sessionId: session.id },
    );
    return result;
  }

  /**
   * What a turn sends the narrator for this input, as the session stands now: retrieval over the
   * world's lore and memories as the session sees them, the session's notes and state, recent turns,
   * fitted into the context budget and rendered. The one builder behind `play` and
   * `GET /llm/context/narrator`, so what the endpoint shows is what the next turn sends.
   */
  async prepare(
    sessionId: string,
    input: string,
    options: { budgetTokens?: number; model?: string } = {},
  ): Promise<TurnContext> {
    const { store, settings } = this.options;
    const session = await store.sessions.get(sessionId);
    if (!session) throw notFound('Session', sessionId);
    if (session.status !== 'active')
      throw new NarrativeError(409, 'session_ended', `Session ${session.id} has ended`);
    if (!session.worldId) throw new NarrativeError(409, 'session_without_world', 'The session has no world');
    const config = settings.narrative;
    const retrievalStarted = performance.now();
    // Retrieval starts first: the query's embedding (model time, in the embedder's own thread for the
    // neural one) runs while the world, the recent turns and the lexical search are read here.
    const searching =
      config.lore_results > 0
        ? this.options.memory.search({
            worldId: session.worldId,
            q: input,
            k: config.lore_results,
            sessionId: session.id,
          })
        : undefined;
    searching?.catch(() => {}); // awaited below; a failure before that must not go unhandled
    const [world, retrieved, recent] = await Promise.all([
      store.worlds.getWorld(session.worldId),
      searching,
      config.recent_turns > 0
        ? store.sessions.turns(session.id, {
            afterNumber: Math.max(0, session.turnCount - config.recent_turns),
            limit: config.recent_turns,
          })
        : [],
    ]);
    if (!world) throw notFound('World', session.worldId);

    // The retriever gives a session its own version of an entity instead of canon's.
    const lore = await applyLoreFlags(
      this.options.memory,
      world,
      { q: input, sessionId: session.id },
      retrieved?.results ?? [],
    );
    const retrievalMs = performance.now() - retrievalStarted;

    const state = stateOf(world, session);
    const variables = narratorVariables(world, session, state, input, lore, recent);
    const prepared = await preparePrompt(this.options.prompts, 'narrator', {
      variables,
      model: options.model ?? 'generation',
      sessionId: session.id,
      budgetTokens: options.budgetTokens ?? config.context_budget_tokens,
    });
    return { world, session, state, lore, prepared, retrievalMs };
  }

  /**
   * Backpressure, two bounds: while the session has `max_unanalysed_turns` recent turns waiting for
   * analysis, or the queue holds `max_pending_embeddings` embedding tasks (every session's new facts and
   * versions wait for the one embedder), the turn waits for the workers to catch up (polling, bounded by
   * `backpressure_wait_ms`), then is refused with a 429 naming the backlog. Only turns of the last
   * BACKLOG_WINDOW_MS count, so a turn whose analysis was dead-lettered never holds its session back.
   */
  private async backpressure(sessionId: string, signal: AbortSignal | undefined): Promise<void> {
    const {
      max_unanalysed_turns: maxTurns,
      max_pending_embeddings: maxEmbeddings,
      backpressure_wait_ms: waitMs,
    } = this.options.settings.narrative;
    const since = () => new Date(Date.now() - BACKLOG_WINDOW_MS).toISOString();
    const deadline = performance.now() + waitMs;
    for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
      const backlog = await this.backlog(sessionId, since(), maxTurns, maxEmbeddings);
      if (!backlog) return;
      if (signal?.aborted || performance.now() >= deadline)
        throw new NarrativeError(429, backlog.code, backlog.message, null, Math.max(1, waitMs / 1_000));
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  /** The backlog that holds the turn back, or undefined when both are under their bounds (0: off). */
  private async backlog(sessionId: string, since: string, maxTurns: number, maxEmbeddings: number) {
    if (maxTurns > 0) {
      const waiting = await this.options.store.sessions.countUnanalysedSince(sessionId, since, maxTurns);
      if (waiting >= maxTurns)
        return {
          code: 'analysis_backlog',
          message: `Session ${sessionId} has ${waiting} turns waiting for analysis; try again when the world has caught up`,
        };
    }
    if (maxEmbeddings > 0) {
      const waiting = await this.embedBacklog.current();
      if (waiting >= maxEmbeddings)
        return {
          code: 'embedding_backlog',
          message: `${waiting} embedding tasks are waiting (the bound is ${maxEmbeddings}); try again when the world's memory has caught up`,
        };
    }
    return undefined;
  }

  /** The turn, its world's count, its follow-up tasks and its binding, in one transaction. */
  private async record(
    world: World,
    session: Session,
    input: string,
    output: string,
    bind?: (repos: Repositories, turn: { id: number; number: number }) => Promise<void>,
  ) {
    const every = this.options.settings.narrative.simulation_every_turns;
    const turn = await this.options.store.db.transaction().execute(async (trx) => {
      const repos = new Repositories(trx);
      const added = await repos.sessions.addTurn(session.id, { input, output });
      const worldTurn = await repos.worlds.countTurn(world.id);
      // A shared world simulates every N turns of all its sessions; a play-through, every N of its own.
      const counted = world.shared ? worldTurn : added.number;
      const tasks: NewTask[] = [
        {
          type: 'ANALYZE_TURN',
          data: { turnId: added.id },
          worldId: world.id,
          sessionId: session.id,
          turnId: added.id,
        },
      ];
      if (every > 0 && counted % every === 0)
        tasks.push({
          type: 'SIMULATE_WORLD',
          data: { worldTurn: counted, turnId: added.id },
          worldId: world.id,
          sessionId: session.id,
          turnId: added.id,
        });
      await this.options.queue.enqueue(tasks, trx);
      await bind?.(repos, { id: added.id, number: added.number });
      return added;
    });
    this.options.onQueued?.();
    return { id: turn.id, number: turn.number };
  }
}

/** Entities among the retrieved documents that the scene's text names. */
function namedInScene(lore: RetrievalResult[], text: string): PanelEntity[] {
  const spoken = ` ${nameKey(text)} `;
  const out: PanelEntity[] = [];
  for (const result of lore) {
    if (result.source !== 'entity') continue;
    const key = nameKey(result.title);
    if (key && spoken.includes(` ${key} `))
      out.push({ id: result.id.split('@')[0] as string, name: result.title, type: result.kind });
  }
  return out;
}

function stateOf(world: World, session: Session): Record<string, unknown> {
  const fromWorld = record(world.settings.state);
  const fromSession = record(session.metadata.state);
  return { ...fromWorld, ...fromSession };
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function stringField(value: Record<string, unknown>, key: string): string | undefined {
  const field = value[key];
  return typeof field === 'string' && field.length > 0 ? field : undefined;
}

function narratorVariables(
  world: World,
  session: Session,
  state: Record<string, unknown>,
  input: string,
  lore: RetrievalResult[],
  recent: Array<{ input: string; output: string | null }>,
): Record<string, unknown> {
  const theme = record(world.settings.theme);
  const player = { ...record(world.settings.player), ...record(session.metadata.player) };

  // Within the template's declared bounds, whatever was stored before the creation checks.
  const notes = clipList(session.metadata.notes, NOTE_LIMITS.count, NOTE_LIMITS.chars);
  const name = stringField(player, 'name') ?? session.player ?? 'the traveller';
  const description = stringField(player, 'description');
  const location = stringField(state, 'location');
  const tone = [theme.genre, theme.tone].filter((part) => typeof part === 'string' && part).join(', ');
  // Text imported from SillyTavern says {{char}} and {{user}}; the narrator reads the names instead.
  const names = usesCardMacros(world)
    ? { char: cardCharacter(world) ?? 'the narrator', user: clipText(name, PLAYER_LIMITS.name) }
    : undefined;
  const filled = (text: string) => (names ? expandCardMacros(text, names) : text);
  return {
    world: {
      name: world.name,
      ...(world.description && { description: filled(world.description) }),
      ...(tone && { tone }),
    },
    character: {
      name: clipText(name, PLAYER_LIMITS.name),
      ...(description && { description: clipText(description, PLAYER_LIMITS.description) }),
      ...(Array.isArray(player.traits) && {
        traits: clipList(player.traits, PLAYER_LIMITS.traits, PLAYER_LIMITS.trait),
      }),
    },
    player_input: input,
    ...(location && { location: clipText(location, PLAYER_LIMITS.description) }),
    ...(Object.keys(state).length > 0 && { game_state: clipDepth(state) }),
    lore: lore.map((result) => ({ title: result.title, text: filled(result.text.slice(0, 1_200)) })),
    notes,
    recent_turns: recent.map((turn) => ({ input: turn.input, output: (turn.output ?? '').slice(0, 1_500) })),
    panel: true,
  };
}

function changer(apiKeyId: string | undefined): string {
  return apiKeyId ? `api:${apiKeyId}` : 'api';
}
