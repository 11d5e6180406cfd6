/**
 * An NPC's line of dialogue (`dialogue_line`), given only what that NPC knows in the session: the facts
 * it saw, heard or was told (the witnesses of the session's recorded facts), the ones closest to what
 * was said first. Nothing else of the world reaches the prompt but the NPC's own record (who it is),
 * the listener's name and where the scene is.
 */
import type { Settings } from '../config/index.js';
import type { Gateway } from '../gateway/index.js';
import type { Memory } from '../memory/index.js';
import { type Prepared, type PromptDeps, preparePrompt, promptRequest } from '../prompts/index.js';
import type { Store } from '../store/index.js';
import type { Usage } from '../vocabulary/index.js';
import { clipText, PLAYER_LIMITS } from './creation-bounds.js';
import { NarrativeError, notFound } from './errors.js';
import { expandCardMacros, usesCardMacros } from './imports/card-macros.js';
import type { WorldService } from './worlds.js';

/** The most facts an NPC is given for one line (the context budget may fit fewer). */
const KNOWS_MAX = 12;

export interface DialogueRequest {
  sessionId: string;
  /** The NPC who speaks (an entity of type character the session sees). */
  characterId: string;
  /** What the player just said or did. */
  said: string;
}

export interface DialogueContext {
  prepared: Prepared;
  speaker: { id: string; name: string };
  /** The facts given, in the order given. */
  knows: string[];
}

export interface DialogueLine {
  text: string;
  speaker: { id: string; name: string };
  knows: string[];
  provider: string;
  model: string;
  usage: Usage;
}

export interface DialogueServiceOptions {
  store: Store;
  gateway: Gateway;
  memory: Memory;
  prompts: PromptDeps;
  settings: Settings;
  worlds: WorldService;
}

export class DialogueService {
  constructor(private readonly options: DialogueServiceOptions) {}

  /** The prompt a line sends: the one builder behind `line` and `GET /llm/context/dialogue_line`. */
  async prepare(
    request: DialogueRequest,
    options: { budgetTokens?: number; model?: string } = {},
  ): Promise<DialogueContext> {
    const { store, settings } = this.options;
    const session = await store.sessions.get(request.sessionId);
    if (!session) throw notFound('Session', request.sessionId);
    if (!session.worldId) throw new NarrativeError(409, 'session_without_world', 'The session has no world');
    const speaker = await this.options.worlds.entity(request.characterId, session.id);
    if (speaker.worldId !== session.worldId) throw notFound('Entity', request.characterId);
    if (speaker.type !== 'character')
      throw new NarrativeError(
        400,
        'invalid_request',
        `Invalid request: ${speaker.name} is a ${speaker.type}, not a character`,
        'character_id',
      );
    // The world only says whether its text holds SillyTavern placeholders: read beside the search.
    const [knows, world] = await Promise.all([
      this.knows(session.worldId, session.id, speaker.id, request.said),
      this.options.worlds.world(session.worldId),
    ]);
    const state = record(session.metadata.state);
    const player = record(session.metadata.player);
    const attributes = speaker.data.attributes;
    const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
    const listener = clipText(text(player.name) ?? session.player ?? 'the traveller', PLAYER_LIMITS.name);
    // Cards imported from SillyTavern say {{char}} (the speaker) and {{user}} (the player).
    const names = usesCardMacros(world) ? { char: speaker.name, user: listener } : undefined;
    const filled = (value: string) => (names ? expandCardMacros(value, names) : value);
    const described = text(attributes.personality) ?? text(speaker.data.description)?.slice(0, 400);
    const personality = described && filled(described);
    const situation = [text(state.location), text(state.time)].filter(Boolean).join(', ');
    const prepared = await preparePrompt(this.options.prompts, 'dialogue_line', {
      variables: {
        speaker: {
          name: speaker.name,
          ...(personality && { personality }),
          ...(text(attributes.speech_style) && { speech_style: text(attributes.speech_style) }),
          ...(text(attributes.mood) && { mood: text(attributes.mood) }),
        },
        listener,
        said: request.said,
        ...(situation && { situation }),
        knows: knows.map(filled),
      },
      model: options.model ?? 'generation',
      sessionId: session.id,
      budgetTokens: options.budgetTokens ?? settings.narrative.context_budget_tokens,
    });
    return { prepared, speaker: { id: speaker.id, name: speaker.name }, knows };
  }

  /** One line from the NPC, through the gateway. */
  async line(
    request: DialogueRequest & { signal?: AbortSignal; apiKeyId?: string; client?: boolean },
  ): Promise<DialogueLine> {
    const context = await this.prepare(request);
    const result = await this.options.gateway.complete(
      promptRequest(context.prepared, {
        ...(request.apiKeyId && { apiKeyId: request.apiKeyId }),
        ...(request.client && { client: true }),
        ...(request.signal && { signal: request.signal }),
        meta: { session_id: request.sessionId, speaker: context.speaker.id },
      }),
    );
    return {
      text: result.text.trim(),
      speaker: context.speaker,
      knows: context.knows,
      provider: result.provider,
      model: result.model,
      usage: result.usage,
    };
  }

  /**
   * What the NPC knows, closest to what was said first (a search limited to its facts), then its
   * newest other facts, up to KNOWS_MAX.
   */
  private async knows(worldId: string, sessionId: string, speakerId: string, said: string) {
    const found = await this.options.memory.search({
      worldId,
      q: said,
      k: KNOWS_MAX,
      sessionId,
      knownBy: speakerId,
      rerank: false,
      expand: false,
    });
    const out = found.results.map((result) => result.text);
    if (out.length < KNOWS_MAX) {
      const newest = await this.options.store.knowledge.knownBy(speakerId, sessionId, { limit: KNOWS_MAX });
      for (const fact of newest) if (out.length < KNOWS_MAX && !out.includes(fact.text)) out.push(fact.text);
    }
    return out;
  }
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
