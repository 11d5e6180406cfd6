/**
 * The shipped templates: one YAML file per prompt in `prompts/` at the package root. A file is read,
 * validated and hashed; the hash tells the library whether the file changed since its last version.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { type PromptDefinition, promptDefinitionSchema } from './definition.js';

/** `prompts/` beside `src/` and `dist/` (this file is src/prompts/files.ts or dist/prompts/files.js). */
export const SHIPPED_PROMPTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'prompts');

export interface PromptFile {
  path: string;
  definition: PromptDefinition;
  /** sha256 of the file's bytes, first 16 hex digits. */
  hash: string;
}

export function readPromptFile(path: string): PromptFile {
  const text = readFileSync(path, 'utf8');
  const parsed = promptDefinitionSchema.safeParse(parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${basename(path)}: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
  }
  return {
    path,
    definition: parsed.data as PromptDefinition,
    hash: createHash('sha256').update(text).digest('hex').slice(0, 16),
  };
}

export function readPromptDirectory(dir: string = SHIPPED_PROMPTS_DIR): PromptFile[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml') || file.endsWith('.yml'))
    .sort()
    .map((file) => readPromptFile(join(dir, file)));
}
