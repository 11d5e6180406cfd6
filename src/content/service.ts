/**
 * The content service: generates characters, campaigns, locations, NPCs, quests, items and encounters
 * through the prompt library and the gateway, validates every answer (quality, theme, D&D 5e rules),
 * repairs what the rules determine and regenerates (bounded) what only the model can fix, saves the result
 * in a world when asked, and publishes what happened.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { ContentConfig } from '../config/content-schema.js';
import type { WorldService } from '../narrative/worlds.js';
import { type PromptDeps, preparePrompt, promptRequest, runPrompt } from '../prompts/index.js';
import type { Store } from '../store/index.js';
import { type Brief, buildBrief, type WorldContext } from './brief.js';
import { ContentError } from './errors.js';
import type { ContentEventPublisher } from './events.js';
import type { Finding } from './findings.js';
import { contentPromptDefinitions, contentPromptName } from './prompts.js';
import { type Repair, repairMechanics, scrubText } from './repair.js';
import type { GenerateRequest } from './request.js';
import { CONTENT_SCHEMAS, type ContentType } from './schemas.js';
import { forbiddenWords, type Theme, wordPattern } from './theme.js';
import type { TextEmbedder } from './theme-check.js';
import type { ThemeService } from './themes.js';
import { type Validated, validateContent } from './validate.js';
import { entitiesOf, saveToWorld } from './world-save.js';

export interface ContentServiceOptions {
  prompts: PromptDeps;
  worlds: WorldService;
  themes: ThemeService;
  events: ContentEventPublisher;
  config: ContentConfig;
  /** The memory's embedder (theme similarity); without one, similarity is not measured. */
  embedder?: TextEmbedder | undefined;
}

export interface GenerationHooks {
  /** Streaming: each piece of the first answer's text as it arrives. */
  onDelta?: (text: string) => Promise<void> | void;
  /** Progress: an attempt started, validation found problems, a repair was made. */
  onStatus?: (status: Record<string, unknown>) => Promise<void> | void;
  signal?: AbortSignal;
  apiKeyId?: string | undefined;
  /** An API client waits on this call: over a provider's limit it gets 429 with Retry-After, never a wait. */
  client?: boolean | undefined;
}

export interface GenerationResult {
  object: 'content';
  id: string;
  type: ContentType;
  content: unknown;
  validation: {
    valid: boolean;
    findings: Finding[];
    similarity: number | null;
    repairs: Repair[];
    attempts: number;
  };
  theme: { id: string; name: string } | null;
  prompt: { name: string; version: number; variant: string | null; arm: string | null };
  call_id: string | null;
  provider: string;
  model: string;
  world_id: string | null;
  entities: Array<{ id: string; type: string; name: string; version: number }>;
}

interface Attempt {
  text: string;
  truncated: boolean;
  callId: string | null;
  provider: string;
  model: string;
  prompt: GenerationResult['prompt'];
}

export class ContentService {
  constructor(private readonly options: ContentServiceOptions) {}

  get themes(): ThemeService {
    return this.options.themes;
  }

  private get store(): Store {
    return this.options.prompts.store;
  }

  /** Syncs the content templates into the prompt library (a changed template becomes a new version). */
  async init(): Promise<void> {
    for (const definition of contentPromptDefinitions())
      await this.options.prompts.library.syncDefinition(definition);
  }

  /** Validates a document (POST /content/validate, inbound characters); publishes `content_validated`. */
  async validate(
    type: ContentType,
    document: unknown,
    options: {
      themeId?: string | undefined;
      worldId?: string | undefined;
      campaignId?: string | undefined;
      rules?: boolean | undefined;
    } = {},
  ): Promise<Validated & { theme: Theme | null }> {
    const theme = await this.options.themes.resolve(options);
    const validated = await this.check(type, document, theme, false, options.rules);
    await this.publishValidated(type, validated, theme, options.worldId ?? null, 'validate');
    return { ...validated, theme };
  }

  async generate(
    type: ContentType,
    request: GenerateRequest,
    hooks: GenerationHooks = {},
  ): Promise<GenerationResult> {
    const world = request.world_id ? await this.worldContext(request.world_id) : null;
    const theme = await this.options.themes.resolve({
      themeId: request.theme_id,
      campaignId: request.campaign_id,
      worldId: request.world_id,
    });
    const seed = createHash('sha256')
      .update(JSON.stringify({ type, request: { ...request, stream: undefined, async: undefined } }))
      .digest('hex');
    const brief = buildBrief(type, request, { theme, world, seed });
    const variables = this.variables(brief, theme, world);
    const maxAttempts = this.options.config.max_attempts;
    const repairs: Repair[] = [];
    let corrections: string | undefined;
    let last: Attempt | undefined;
    let validated: Validated | undefined;
    let document: unknown;
    let attempts = 0;
    while (attempts < maxAttempts) {
      attempts += 1;
      await hooks.onStatus?.({ phase: 'generating', attempt: attempts });
      last = await this.attempt(
        type,
        request,
        { ...variables, ...(corrections && { corrections }) },
        attempts === 1 ? hooks : { ...hooks, onDelta: undefined },
      );
      document = parseJson(last.text);
      // The rules' numbers are repaired before validation (they are known); the text is the model's to fix.
      const parsed = (CONTENT_SCHEMAS[type] as z.ZodType).safeParse(document);
      if (parsed.success) {
        const repaired = repairMechanics(type, parsed.data, brief);
        document = repaired.content;
        repairs.push(...repaired.repairs);
      }
      validated = await this.check(type, document, theme, last.truncated);
      if (validated.valid) break;
      await hooks.onStatus?.({
        phase: 'invalid',
        attempt: attempts,
        errors: errorsOf(validated).slice(0, 10),
      });
      corrections = errorsOf(validated)
        .slice(0, 12)
        .map((finding) => `${finding.path}: ${finding.message} (${finding.hint})`)
        .join('; ');
    }
    // Last resort for text only the model could fix: strip the words and placeholders it kept using.
    if (validated && !validated.valid && validated.content !== undefined) {
      const scrubbed = scrubText(validated.content, theme ? forbiddenWords(theme) : [], validated.findings);
      if (scrubbed.repairs.length > 0) {
        repairs.push(...scrubbed.repairs);
        validated = await this.check(type, scrubbed.content, theme, false);
      }
    }
    const attempt = last!;
    const final = validated!;
    await this.publishValidated(type, final, theme, request.world_id ?? null, 'generate');
    if (!final.valid || final.content === undefined) {
      const errors = errorsOf(final);
      throw new ContentError(
        422,
        'content_invalid',
        `The ${type} failed validation after ${attempts} attempts: ${errors
          .slice(0, 5)
          .map((f) => `${f.path} ${f.message}`)
          .join('; ')}`,
      );
    }
    if (theme)
      await this.options.events.publish({
        type: 'theme_applied',
        worldId: request.world_id ?? null,
        sessionId: request.session_id ?? null,
        data: {
          theme_id: theme.id,
          theme_name: theme.name,
          content_type: type,
          similarity: final.similarity,
        },
      });
    const id = `cnt_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
    const entities =
      request.world_id && request.save !== false
        ? await saveToWorld(this.options.worlds, request.world_id, entitiesOf(type, final.content), {
            changedBy: `content:${type}`,
            reason: `generated ${type} ${id}`,
            sessionId: request.session_id ?? null,
          })
        : [];
    const result: GenerationResult = {
      object: 'content',
      id,
      type,
      content: final.content,
      validation: { valid: true, findings: final.findings, similarity: final.similarity, repairs, attempts },
      theme: theme ? { id: theme.id, name: theme.name } : null,
      prompt: attempt.prompt,
      call_id: attempt.callId,
      provider: attempt.provider,
      model: attempt.model,
      world_id: request.world_id ?? null,
      entities: entities.map((e) => ({ id: e.id, type: e.type, name: e.name, version: e.version })),
    };
    await this.options.events.publish({
      type: 'content_generated',
      worldId: request.world_id ?? null,
      sessionId: request.session_id ?? null,
      data: {
        id,
        content_type: type,
        name: nameOf(final.content),
        entities: result.entities,
        attempts,
        repairs: repairs.length,
      },
    });
    return result;
  }

  /**
   * Re-applies a world's or campaign's theme to the content saved there: every entity the content service
   * wrote is checked against it, and words the theme forbids are taken out in a new version.
   */
  async reapplyTheme(change: {
    worldId: string | null;
    theme: Theme | null;
  }): Promise<{ checked: number; changed: string[] }> {
    if (!change.worldId || !change.theme) return { checked: 0, changed: [] };
    const pattern = wordPattern(forbiddenWords(change.theme));
    const views = await this.options.worlds.entities(change.worldId, { limit: 1_000 });
    const ours = views.filter((view) => typeof view.data.attributes.content_type === 'string');
    const changed: string[] = [];
    for (const view of ours) {
      if (!pattern) break;
      const clean = (value: string) =>
        value
          .replace(pattern, '')
          .replace(/\s{2,}/g, ' ')
          .replace(/\s+([,.;:!?])/g, '$1')
          .trim();
      const description = clean(view.data.description);
      const note = clean(view.data.note);
      if (description === view.data.description && note === view.data.note) continue;
      await this.options.worlds.updateEntity(
        view.id,
        { description, note },
        { changedBy: 'content:theme', reason: `theme ${change.theme.name} applied` },
      );
      changed.push(view.id);
    }
    await this.options.events.publish({
      type: 'theme_applied',
      worldId: change.worldId,
      data: {
        theme_id: change.theme.id,
        theme_name: change.theme.name,
        reapplied: true,
        checked: ours.length,
        changed: changed.length,
      },
    });
    return { checked: ours.length, changed };
  }

  private async check(
    type: ContentType,
    document: unknown,
    theme: Theme | null,
    truncated: boolean,
    rules?: boolean,
  ): Promise<Validated> {
    return validateContent(type, document, {
      theme,
      embedder: this.options.embedder,
      similarityThreshold: this.options.config.theme_similarity_threshold,
      truncated,
      ...(rules !== undefined && { rules }),
    });
  }

  private variables(brief: Brief, theme: Theme | null, world: WorldContext | null): Record<string, unknown> {
    return {
      brief: JSON.stringify(brief),
      ...(world && {
        world_name: world.name,
        ...(world.description && { world_description: world.description.slice(0, 4_000) }),
      }),
      ...(theme && {
        theme_name: theme.name,
        theme_description: theme.description,
        theme_tone: theme.tone,
        theme_vocabulary: theme.vocabulary,
        theme_forbidden: forbiddenWords(theme),
        theme_examples: theme.style_examples,
      }),
    };
  }

  /** One model answer: streamed (the first attempt of a streaming request) or through runPrompt (logged with its prompt version). */
  private async attempt(
    type: ContentType,
    request: GenerateRequest,
    variables: Record<string, unknown>,
    hooks: GenerationHooks,
  ): Promise<Attempt> {
    const deps = this.options.prompts;
    const render = {
      variables,
      version: request.version,
      model: request.model,
      sessionId: request.session_id,
      arm: request.arm,
    };
    if (hooks.onDelta) {
      const prepared = await preparePrompt(deps, contentPromptName(type), render);
      const started = await deps.gateway.stream(
        promptRequest(prepared, {
          ...(hooks.signal && { signal: hooks.signal }),
          ...(hooks.apiKeyId && { apiKeyId: hooks.apiKeyId }),
          ...(hooks.client && { client: true }),
        }),
      );
      let text = '';
      let truncated = false;
      for await (const event of started.events) {
        if (event.type === 'delta' && (event.choice ?? 0) === 0) {
          text += event.text;
          await hooks.onDelta(event.text);
        } else if (event.type === 'done') truncated = event.finishReason === 'length';
      }
      return {
        text,
        truncated,
        callId: null,
        provider: started.provider,
        model: started.model,
        prompt: {
          name: prepared.prompt.name,
          version: prepared.prompt.version,
          variant: prepared.rendered.selection.variant,
          arm: prepared.rendered.selection.arm,
        },
      };
    }
    const run = await runPrompt(deps, contentPromptName(type), {
      ...render,
      ...(hooks.signal && { signal: hooks.signal }),
      ...(hooks.apiKeyId && { apiKeyId: hooks.apiKeyId }),
      ...(hooks.client && { client: true }),
    });
    return {
      text: run.result.text,
      truncated: run.result.finishReason === 'length',
      callId: run.callId,
      provider: run.result.provider,
      model: run.result.model,
      prompt: {
        name: run.prompt.name,
        version: run.prompt.version,
        variant: run.rendered.selection.variant,
        arm: run.rendered.selection.arm,
      },
    };
  }

  private async worldContext(worldId: string): Promise<WorldContext> {
    const world = await this.options.worlds.world(worldId);
    const names = async (type: string) =>
      (await this.store.worlds.listEntities(worldId, type, { limit: 20, offset: 0 })).map((e) => e.name);
    return {
      name: world.name,
      description: world.description ?? '',
      characters: await names('character'),
      locations: await names('location'),
      factions: await names('faction'),
    };
  }

  private async publishValidated(
    type: ContentType,
    validated: Validated,
    theme: Theme | null,
    worldId: string | null,
    source: string,
  ): Promise<void> {
    const count = (severity: string) => validated.findings.filter((f) => f.severity === severity).length;
    await this.options.events.publish({
      type: 'content_validated',
      worldId,
      data: {
        content_type: type,
        source,
        valid: validated.valid,
        errors: count('error'),
        warnings: count('warning'),
        theme_id: theme?.id ?? null,
        similarity: validated.similarity,
        name: nameOf(validated.content),
      },
    });
  }
}

function parseJson(text: string): unknown {
  const trimmed = text
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/```$/, '')
    .trim();
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

const errorsOf = (validated: Validated) =>
  validated.findings.filter((f) => f.severity === 'error').length > 0
    ? validated.findings.filter((f) => f.severity === 'error')
    : [
        {
          path: '$',
          severity: 'error' as const,
          category: 'schema' as const,
          code: 'not_json',
          message: 'the answer is not a JSON object',
          hint: 'answer with one JSON object',
        },
      ];

function nameOf(content: unknown): string | null {
  const name = (content as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : null;
}
