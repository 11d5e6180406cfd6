export { CompiledPrompt, type RenderedPrompt } from './compiled.js';
export {
  checkDefinition,
  type PromptBody,
  type PromptDefinition,
  promptBodySchema,
  promptDefinitionSchema,
} from './definition.js';
export { DEFAULT_LIMITS, type EngineLimits, TemplateEngine, TemplateError } from './engine.js';
export { type PromptFile, readPromptDirectory, readPromptFile, SHIPPED_PROMPTS_DIR } from './files.js';
export { type ProviderRef, type Selection, type SelectOptions, selectParts } from './select.js';
export { minimalVariables, type VariableSpec, type VariableSpecs } from './variables.js';
