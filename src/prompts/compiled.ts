/**
 * One prompt version ready to render: its declaration compiled to zod once, its templates parsed
 * once (the engine's cache), and `render` producing chat messages for the gateway.
 */
import type { ChatMessage, JsonSchema } from '../vocabulary/index.js';
import type { PromptBody } from './definition.js';
import type { TemplateEngine } from './engine.js';
import { TemplateError } from './engine.js';
import { type Selection, type SelectOptions, selectParts } from './select.js';
import { compileVariables, parseVariables, VariableError } from './variables.js';

export interface RenderedPrompt {
  name: string;
  version: number;
  selection: Omit<Selection, 'parts'>;
  messages: ChatMessage[];
  temperature: number | undefined;
  maxTokens: number | undefined;
  jsonSchema: JsonSchema | undefined;
  role: PromptBody['role'];
}

export class CompiledPrompt {
  private readonly schema;
  /** The stored prompt's id (set when it comes from the store), recorded with each call. */
  promptId: string | undefined;

  constructor(
    readonly name: string,
    readonly version: number,
    readonly body: PromptBody,
    private readonly engine: TemplateEngine,
  ) {
    this.schema = compileVariables(body.variables);
  }

  /** Validated variables (defaults filled in, absent optionals as null); throws naming the variable. */
  variables(values: unknown): Record<string, unknown> {
    try {
      return parseVariables(this.schema, this.body.variables, values);
    } catch (error) {
      if (error instanceof VariableError) throw new TemplateError('template_variable', error.message);
      throw error;
    }
  }

  /** Validates the variables, picks the parts (variant, environment, A/B arm) and renders them. */
  async render(values: unknown, options: SelectOptions = {}): Promise<RenderedPrompt> {
    return this.renderValidated(this.variables(values), options);
  }

  /**
   * Renders variables `variables()` has already validated (or derived from validated ones by dropping
   * list items and optional values, as the context builder does): parsing them again gives the same.
   */
  async renderValidated(
    variables: Record<string, unknown>,
    options: SelectOptions = {},
  ): Promise<RenderedPrompt> {
    const { parts, ...selection } = selectParts(this.name, this.body, options);
    const sources = parts.system === undefined ? [parts.user] : [parts.system, parts.user];
    const texts = (await this.engine.render(sources, variables)).map((text) => text.trim());
    const user = texts.pop()!;
    const messages: ChatMessage[] = [];
    if (texts[0]) messages.push({ role: 'system', content: texts[0] });
    messages.push({ role: 'user', content: user });
    return {
      name: this.name,
      version: this.version,
      selection,
      messages,
      temperature: parts.temperature,
      maxTokens: parts.max_tokens,
      jsonSchema: this.body.output === 'json' ? (this.body.json_schema as JsonSchema) : undefined,
      role: this.body.role,
    };
  }
}
