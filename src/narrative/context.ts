/**
 * What you see is what the model sees: the prompt a session's next call of a role would send, built by
 * the very function that call uses (the turn's `prepare`, the analysis's `analysisPrompt`, the
 * dialogue's `prepare`), from the same inputs (state, notes, lore, recent turns, what an NPC knows).
 * `GET /llm/context/{type}?session_id=` shows it; nothing is called and nothing is written.
 */
import type { Prepared } from '../prompts/index.js';
import type { Store } from '../store/index.js';
import type { DialogueService } from './dialogue.js';
import { NarrativeError, notFound } from './errors.js';
import type { WorldMaintenance } from './maintenance.js';
import type { TurnService } from './turns.js';

/** The prompts a session's play sends, by the names `GET /llm/context/{type}` takes (and aliases). */
const CONTEXT_TYPES = {
  narrator: 'narrator',
  turn: 'narrator',
  turn_analysis: 'turn_analysis',
  analysis: 'turn_analysis',
  dialogue_line: 'dialogue_line',
  dialogue: 'dialogue_line',
} as const;
export type SessionContextType = (typeof CONTEXT_TYPES)[keyof typeof CONTEXT_TYPES];

export interface SessionContextRequest {
  sessionId: string;
  /** narrator: the player's input; dialogue_line: what was said to the NPC. */
  input?: string | undefined;
  /** dialogue_line: the NPC who speaks. */
  characterId?: string | undefined;
  /** turn_analysis: the turn (default: the oldest not analysed yet, else the latest). */
  turnNumber?: number | undefined;
  /** Default: what the call itself uses. */
  budgetTokens?: number | undefined;
  model?: string | undefined;
}

export interface SessionContext {
  type: SessionContextType;
  prepared: Prepared;
  /** What the prompt was built from, named (lore found, the turn analysed, the facts an NPC knows). */
  inputs: Record<string, unknown>;
}

export class ContextService {
  constructor(
    private readonly deps: {
      store: Store;
      turns: TurnService;
      maintenance: WorldMaintenance;
      dialogue: DialogueService;
    },
  ) {}

  /** The prompt name a context type means, or undefined when play does not send it. */
  static typeOf(type: string): SessionContextType | undefined {
    return Object.hasOwn(CONTEXT_TYPES, type) ? CONTEXT_TYPES[type as keyof typeof CONTEXT_TYPES] : undefined;
  }

  async preview(type: SessionContextType, request: SessionContextRequest): Promise<SessionContext> {
    const options = {
      ...(request.budgetTokens !== undefined && { budgetTokens: request.budgetTokens }),
      ...(request.model && { model: request.model }),
    };
    if (type === 'narrator') {
      const input = required(request.input, 'input', 'the player input the turn would answer');
      const context = await this.deps.turns.prepare(request.sessionId, input, options);
      return {
        type,
        prepared: context.prepared,
        inputs: {
          input,
          lore: context.lore.map((result) => ({ id: result.id, title: result.title, kind: result.kind })),
          state: context.state,
          retrieval_ms: Math.round(context.retrievalMs * 100) / 100,
        },
      };
    }
    if (type === 'dialogue_line') {
      const characterId = required(request.characterId, 'character_id', 'the NPC who speaks');
      const said = required(request.input, 'input', 'what was said to the NPC');
      const context = await this.deps.dialogue.prepare(
        { sessionId: request.sessionId, characterId, said },
        options,
      );
      return {
        type,
        prepared: context.prepared,
        inputs: { speaker: context.speaker, knows: context.knows },
      };
    }
    const turnId = await this.turnToAnalyse(request.sessionId, request.turnNumber);
    const context = await this.deps.maintenance.analysisPrompt(turnId);
    if (!context) throw notFound('Turn', String(turnId));
    return {
      type,
      prepared: context.prepared,
      inputs: {
        turn: { id: context.turn.id, number: context.turn.number, analysed: context.turn.analysis !== null },
        known_entities: context.known.map(({ id, type: kind, name }) => ({ id, type: kind, name })),
      },
    };
  }

  private async turnToAnalyse(sessionId: string, number: number | undefined): Promise<number> {
    const { store } = this.deps;
    const session = await store.sessions.get(sessionId);
    if (!session) throw notFound('Session', sessionId);
    if (number !== undefined) {
      const [turn] = await store.sessions.turns(session.id, { afterNumber: number - 1, limit: 1 });
      if (!turn || turn.number !== number) throw notFound('Turn', `${session.id}#${number}`);
      return turn.id;
    }
    const [waiting] = await store.sessions.unanalysedBefore(session.id, session.turnCount + 1, 1);
    if (waiting) return waiting.id;
    const [latest] = await store.sessions.lastTurns(session.id, 1);
    if (!latest)
      throw new NarrativeError(404, 'turn_not_found', `Session ${session.id} has no turn to analyse yet`);
    return latest.id;
  }
}

function required(value: string | undefined, param: string, what: string): string {
  if (value === undefined || value.trim() === '')
    throw new NarrativeError(
      400,
      'invalid_request',
      `Invalid request: ${param} is required (${what})`,
      param,
    );
  return value;
}
