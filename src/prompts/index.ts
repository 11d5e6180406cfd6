export { countTextTokens as countTokens } from '../vocabulary/tokens.js';
export { CompiledPrompt, type RenderedPrompt } from './compiled.js';
export { type ContextResult, fitContext, SECTION_PRIORITY } from './context.js';
export {
  buildContext,
  type ContextItem,
  type ContextReport,
  type ContextSection,
} from './context-builder.js';
export { type ContextQuery, gatherContext } from './context-source.js';
export {
  checkDefinition,
  checkRenders,
  type PromptBody,
  type PromptDefinition,
  promptBodySchema,
  promptDefinitionSchema,
} from './definition.js';
export { DEFAULT_LIMITS, type EngineLimits, TemplateEngine, TemplateError } from './engine.js';
export { type PromptFile, readPromptDirectory, readPromptFile, SHIPPED_PROMPTS_DIR } from './files.js';
export {
  bodyOf,
  PromptLibrary,
  PromptNotFoundError,
  type SyncResult,
  VersionNotFoundError,
} from './library.js';
export {
  type Prepared,
  type PromptDeps,
  preparePrompt,
  promptRequest,
  providerFor,
  type RenderRequest,
  type RunRequest,
  type RunResult,
  runPrompt,
} from './runner.js';
export { type ProviderRef, type Selection, type SelectOptions, selectParts } from './select.js';
export {
  type CallFeedback,
  CallNotFoundError,
  type FeedbackInput,
  type OpenPromptsOptions,
  type PromptRenderInput,
  type PromptRunInput,
  PromptService,
  type PromptStats,
  type VariablesInput,
} from './service.js';
export { minimalVariables, type VariableSpec, type VariableSpecs } from './variables.js';
