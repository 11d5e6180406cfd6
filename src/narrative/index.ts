export {
  ContextService,
  type SessionContext,
  type SessionContextRequest,
  type SessionContextType,
} from './context.js';
export { type DialogueLine, type DialogueRequest, DialogueService } from './dialogue.js';
export {
  ENTITY_TYPES,
  type EntityInput,
  type EntityPatch,
  type EntityType,
  entityInputSchema,
  entityPatchSchema,
  nameKey,
} from './entities.js';
export { NarrativeError } from './errors.js';
export { IdempotentTurns, type PlayedTurn } from './idempotent-turns.js';
export { type Intentions, intentionsSchema, parseModelJson, planIntentions } from './intentions.js';
export {
  counts,
  type LiveStateOptions,
  LiveStateService,
  NOTE_LIMITS,
  patchSession,
  type SessionPatch,
  sessionState,
  type WorldPatch,
} from './live-state.js';
export { type HandlerOutcome, WorldMaintenance } from './maintenance.js';
export { checkStateBounds, mergePatch, STATE_BOUNDS, type StateBounds } from './merge-patch.js';
export { InvalidModelOutput, runJsonPrompt } from './model-json.js';
export { MAINTENANCE_TASKS, Narrative, type NarrativeOptions } from './narrative.js';
export type { Panel } from './panel.js';
export { TurnTaskService, type TurnTasks } from './turn-tasks.js';
export { type TurnRequest, type TurnResult, TurnService } from './turns.js';
export {
  checkWorldFile,
  DEMO_SESSION_FILE,
  DEMO_WORLD_FILE,
  importWorld,
  readSessionFile,
  readWorldFile,
  type SessionFile,
  type WorldFile,
} from './world-file.js';
export { derivedEntityId, type EntityView, WorldService } from './worlds.js';
