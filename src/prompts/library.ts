/**
 * The prompt registry over the store. A prompt has immutable versions; one is active. A version holds
 * the whole definition (messages, variables, schema, provider variants, environment overrides, A/B
 * arms) as JSON in `prompt_versions.template`, and its variable declaration in `variables`.
 *
 * New versions come from the API (`create`) or from a file change (`syncFiles`, at start and, when
 * watching, on change). A file's version records `file:<name>@<hash>` as its author; a file whose
 * hash differs from its last version's becomes a new version. It is activated unless someone
 * activated a version made through the API since: an edit shipped in a file never silently replaces
 * a version a user chose.
 */
import { createHash } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { basename, join } from 'node:path';
import { LRUCache } from 'lru-cache';
import { isUniqueViolation, type Repositories, type Store } from '../store/index.js';
import type { Prompt, PromptVersion } from '../store/repositories/prompts.js';
import { CompiledPrompt } from './compiled.js';
import {
  checkDefinition,
  checkRenders,
  type PromptBody,
  type PromptDefinition,
  promptBodySchema,
  templatesOf,
} from './definition.js';
import { type TemplateEngine, TemplateError } from './engine.js';
import { type PromptFile, readPromptDirectory, readPromptFile } from './files.js';

/** Saves of one prompt that lose a race to another save before the error is the caller's. */
const SAVE_ATTEMPTS = 25;

export class PromptNotFoundError extends Error {
  constructor(readonly ref: string) {
    super(`No prompt ${JSON.stringify(ref.slice(0, 100))}`);
    this.name = 'PromptNotFoundError';
  }
}

export class VersionNotFoundError extends Error {
  constructor(ref: string, version: number) {
    super(`Prompt ${ref} has no version ${version}`);
    this.name = 'VersionNotFoundError';
  }
}

export interface SyncResult {
  name: string;
  file: string;
  /** `created`: a new prompt; `versioned`: the file changed; `unchanged`. */
  action: 'created' | 'versioned' | 'unchanged';
  version: number;
  activated: boolean;
}

const FILE_AUTHOR = /^file:(.+)@([0-9a-f]{16})$/;

export function bodyOf(version: PromptVersion): PromptBody {
  return promptBodySchema.parse(JSON.parse(version.template));
}

export class PromptLibrary {
  /** Versions are immutable, so a compiled version never goes stale. */
  private readonly compiledCache = new LRUCache<string, CompiledPrompt>({ max: 1_000 });

  constructor(
    readonly store: Store,
    readonly engine: TemplateEngine,
  ) {}

  /** By id or by name. */
  async find(ref: string): Promise<Prompt> {
    const prompt =
      ref.length <= 200
        ? ((await this.store.prompts.getByName(ref)) ?? (await this.store.prompts.get(ref)))
        : undefined;
    if (!prompt) throw new PromptNotFoundError(ref);
    return prompt;
  }

  list(): Promise<Prompt[]> {
    return this.store.prompts.list();
  }

  versions(prompt: Prompt): Promise<PromptVersion[]> {
    return this.store.prompts.versions(prompt.id);
  }

  /**
   * Saves a definition as a new version of the prompt of that name (creating the prompt first).
   * Checked before it is saved: a bad template or variable is refused, and nothing is written; a
   * version to be made active must also render its sample within the limits (`checkRenders`). Files
   * (`syncFiles`) are the operator's, checked for syntax and variables only.
   */
  async create(
    definition: PromptDefinition,
    options: { createdBy?: string; activate?: boolean } = {},
  ): Promise<{ prompt: Prompt; version: PromptVersion }> {
    const { name, ...rest } = definition;
    const body = promptBodySchema.parse(rest);
    checkDefinition(body, this.engine);
    if (options.activate ?? true) await checkRenders(body, this.engine);
    // Two requests saving the same name at once (PostgreSQL) race for the prompt's row or for the
    // next version number: the loser tries again, and gets the version after the winner's.
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.store.transaction(async (tx) => {
          const prompt =
            (await tx.prompts.getByName(name)) ??
            (await tx.prompts.create({ name, ...(body.description && { description: body.description }) }));
          return addVersionIn(tx, prompt, body, options);
        });
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= SAVE_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }

  async activate(ref: string, version: number): Promise<Prompt> {
    const prompt = await this.find(ref);
    const stored = await this.store.prompts.version(prompt.id, version);
    if (!stored) throw new VersionNotFoundError(prompt.name, version);
    await checkRenders(bodyOf(stored), this.engine);
    await this.store.prompts.activate(prompt.id, version);
    return this.find(prompt.id);
  }

  /** The active version (or the one asked for), compiled. */
  async compiled(ref: string, version?: number): Promise<CompiledPrompt> {
    const prompt = await this.find(ref);
    const number = version ?? prompt.activeVersion;
    if (number === null) throw new VersionNotFoundError(prompt.name, 0);
    const key = `${prompt.id}:${number}`;
    const cached = this.compiledCache.get(key);
    if (cached) return cached;
    const stored = await this.store.prompts.version(prompt.id, number);
    if (!stored) throw new VersionNotFoundError(prompt.name, number);
    const compiled = new CompiledPrompt(prompt.name, number, bodyOf(stored), this.engine);
    compiled.promptId = prompt.id;
    this.compiledCache.set(key, compiled);
    return compiled;
  }

  /** Brings the store up to date with the YAML files of `dir` (see the rule above). */
  async syncFiles(dir?: string): Promise<SyncResult[]> {
    const results: SyncResult[] = [];
    for (const file of readPromptDirectory(dir)) results.push(await this.syncFile(file.path));
    return results;
  }

  /**
   * Syncs one file. Several servers starting at once on one database race to create the same prompt
   * or version number; the loser's insert fails on a unique index, and it simply looks again (and then
   * finds the file's version there).
   */
  async syncFile(path: string): Promise<SyncResult> {
    const file = readPromptFile(path);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.syncRead(file, basename(path));
      } catch (error) {
        if (attempt >= 3 || error instanceof TemplateError) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      }
    }
  }

  /**
   * Syncs a definition shipped in code (the content service's templates) as a file of that name would
   * be: a new version only when the definition changed, active unless someone activated another.
   */
  async syncDefinition(definition: PromptDefinition): Promise<SyncResult> {
    const text = JSON.stringify(definition);
    const file: PromptFile = {
      path: `${definition.name}.json`,
      definition,
      hash: createHash('sha256').update(text).digest('hex').slice(0, 16),
    };
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.syncRead(file, file.path);
      } catch (error) {
        if (attempt >= 3 || error instanceof TemplateError) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      }
    }
  }

  /** One transaction: what it reads (the file's last version) is what it decides on. */
  private syncRead(file: PromptFile, fileName: string): Promise<SyncResult> {
    const { name, ...rest } = file.definition;
    const body = promptBodySchema.parse(rest);
    checkDefinition(body, this.engine);
    // A file or a definition in code is part of the deployment: its templates render inline.
    for (const { source } of templatesOf(body)) this.engine.trust(source);
    const author = `file:${fileName}@${file.hash}`;
    return this.store.transaction(async (tx) => {
      const existing = await tx.prompts.getByName(name);
      if (!existing) {
        // Created here, not looked up again: if another server created it meanwhile, this insert
        // fails on the unique name and the sync looks again (finding that server's version).
        const created = await tx.prompts.create({
          name,
          ...(body.description && { description: body.description }),
        });
        const { version } = await addVersionIn(tx, created, body, { createdBy: author });
        return { name, file: fileName, action: 'created', version: version.version, activated: true };
      }
      const versions = await tx.prompts.versions(existing.id);
      const last = versions.filter((v) => v.createdBy !== null && FILE_AUTHOR.test(v.createdBy)).at(-1);
      if (last?.createdBy === author) {
        return { name, file: fileName, action: 'unchanged', version: last.version, activated: false };
      }
      const active = versions.find((v) => v.version === existing.activeVersion);
      const activate = active === undefined || FILE_AUTHOR.test(active.createdBy ?? '');
      const { version } = await addVersionIn(tx, existing, body, { createdBy: author, activate });
      // Another server added a version between our read and our insert: roll back and look again.
      if (version.version !== (versions.at(-1)?.version ?? 0) + 1) throw new Error('concurrent prompt sync');
      return { name, file: fileName, action: 'versioned', version: version.version, activated: activate };
    });
  }

  /**
   * Watches `dir` and syncs a YAML file when it changes (debounced). A file that fails to parse is
   * reported through `onError` and changes nothing.
   */
  watch(
    dir: string,
    handlers: { onSync?: (r: SyncResult) => void; onError?: (e: unknown) => void } = {},
  ): () => void {
    const timers = new Map<string, NodeJS.Timeout>();
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(dir, (_event, name) => {
        if (!name || !/\.ya?ml$/.test(name)) return;
        clearTimeout(timers.get(name));
        const timer = setTimeout(() => {
          timers.delete(name);
          this.syncFile(join(dir, name)).then(handlers.onSync, handlers.onError);
        }, 200);
        timer.unref();
        timers.set(name, timer);
      });
      watcher.unref();
    } catch (error) {
      handlers.onError?.(error);
    }
    return () => {
      for (const timer of timers.values()) clearTimeout(timer);
      watcher?.close();
    };
  }
}

/** Adds a version to `prompt`, inside `tx`. */
async function addVersionIn(
  tx: Repositories,
  prompt: Prompt,
  body: PromptBody,
  options: { createdBy?: string; activate?: boolean },
): Promise<{ prompt: Prompt; version: PromptVersion }> {
  const version = await tx.prompts.addVersion(prompt.id, {
    template: JSON.stringify(body),
    variables: body.variables,
    createdBy: options.createdBy ?? 'api',
    activate: options.activate ?? true,
  });
  return { prompt: (await tx.prompts.get(prompt.id)) ?? prompt, version };
}
